/**
 * Fits a table's natural column widths into the screen: flexible columns shrink first, then
 * columns drop from the right; every row becomes one pre-padded line of exactly `width` chars.
 */

export interface ColumnLayout {
  /** Indexes of the columns shown, in order. */
  shown: number[];
  widths: number[];
  width: number;
}

const GAP = 2;
const MIN_FLEX = 8;
const SOFT_FLEX = 16;
const LAST_MIN = 24;

export function fitColumns(columns: string[], natural: number[], flexible: string[] | undefined, width: number, optional: string[] = []): ColumnLayout {
  let shown = columns.map((_, i) => i);
  const widths = columns.map((c, i) => Math.max(c.length, natural[i] ?? 0));
  const total = (): number => shown.reduce((s, i) => s + widths[i]!, 0) + GAP * Math.max(0, shown.length - 1);
  const flex = (flexible ?? []).map((f) => columns.indexOf(f)).filter((i) => i >= 0);
  // A flexible last column (MESSAGE) takes what is left rather than pushing the others out.
  const last = columns.length - 1;
  if (flex.includes(last)) widths[last] = Math.min(widths[last]!, Math.max(columns[last]!.length, LAST_MIN));
  // Shrink flexible columns in their listed order (least important first): first down to a
  // readable width, then, if still too wide, down to the minimum.
  const shrink = (soft: number): void => {
    for (const i of flex) {
      const over = total() - width;
      if (over <= 0) break;
      if (!shown.includes(i)) continue;
      const floor = Math.max(soft, Math.min(columns[i]!.length, 12));
      if (widths[i]! > floor) widths[i] = Math.max(floor, widths[i]! - over);
    }
  };
  shrink(SOFT_FLEX);
  // Then drop the columns a narrow screen can live without (IP before AGE).
  for (const name of optional) {
    if (total() <= width) break;
    const i = columns.indexOf(name);
    if (i >= 0) shown = shown.filter((x) => x !== i);
  }
  shrink(MIN_FLEX);
  while (total() > width && shown.length > 1) shown = shown.slice(0, -1);
  if (total() > width) widths[shown[0]!] = Math.max(1, width);
  // Give the spare room to the last column so highlighted rows span the screen.
  const spare = width - total();
  if (spare > 0 && shown.length) widths[shown[shown.length - 1]!] += spare;
  return { shown, widths, width };
}

// Cells come from user data (messages, logs): control characters would move the cursor.
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

export function fitText(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  text = text.replace(CONTROL, ' ');
  if (text.length <= width) return text.padEnd(width);
  if (width === 1) return text.slice(0, 1);
  return text.slice(0, width - 1) + ellipsis;
}

export function formatRow(cells: string[], layout: ColumnLayout, ellipsis = '…'): string {
  let out = '';
  layout.shown.forEach((i, n) => {
    if (n > 0) out += ' '.repeat(GAP);
    out += fitText(cells[i] ?? '', layout.widths[i]!, ellipsis);
  });
  return fitText(out, layout.width, ellipsis);
}
