/**
 * Output helpers that reproduce what etcdctl 3.5 prints through its Go libraries:
 * olekukonko/tablewriter v0.0.5 tables (as etcdctl configures them), dustin/go-humanize byte
 * sizes and Go's time.Duration strings.
 */

const MAX_CELL_WIDTH = 30;

/**
 * A tablewriter table: borders, upper-cased headers centred (left gap rounded down), cells
 * right-aligned (etcdctl sets ALIGN_RIGHT), cells over 30 columns wrapped at spaces.
 */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h) => Math.min(h.length, MAX_CELL_WIDTH));
  const cells = rows.map((row) =>
    row.map((cell, i) => {
      const limit = Math.max(widths[i] ?? 0, Math.min(cell.length, MAX_CELL_WIDTH));
      widths[i] = limit;
      return wrapCell(cell, limit);
    }),
  );
  // A word longer than the column widens it.
  cells.forEach((row) => row.forEach((lines, i) => lines.forEach((l) => (widths[i] = Math.max(widths[i]!, l.length)))));
  const line = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+\n';
  let out = line;
  out += '|' + header.map((h, i) => ` ${center(title(h), widths[i]!)} |`).join('') + '\n';
  out += line;
  for (const row of cells) {
    const height = Math.max(...row.map((l) => l.length));
    for (let y = 0; y < height; y++) {
      out += '|' + row.map((lines, i) => ` ${(lines[y] ?? '  ').padStart(widths[i]!)} |`).join('') + '\n';
    }
  }
  out += line;
  return out;
}

function title(h: string): string {
  return h.replace(/_/g, ' ').trim().toUpperCase();
}

function center(s: string, width: number): string {
  const gap = width - s.length;
  if (gap <= 0) return s;
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + s + ' '.repeat(gap - left);
}

/** Greedy word wrap at spaces (tablewriter's WrapString for the cases etcdctl hits). */
function wrapCell(cell: string, limit: number): string[] {
  if (cell.length <= limit) return [cell];
  const words = cell.split(' ');
  const lines: string[] = [];
  let cur: string | undefined;
  for (const w of words) {
    if (cur === undefined) cur = w;
    else if (cur.length + 1 + w.length <= limit) cur += ' ' + w;
    else {
      lines.push(cur);
      cur = w;
    }
  }
  if (cur !== undefined) lines.push(cur);
  return lines;
}

const SI_SIZES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** go-humanize Bytes(): SI units, one decimal below 10 ("2.1 MB", "17 MB", "25 kB", "0 B"). */
export function humanizeBytes(n: number): string {
  const s = Math.max(0, Math.floor(n));
  if (s < 10) return `${s} B`;
  const e = Math.floor(Math.log(s) / Math.log(1000) + 1e-12);
  const val = Math.floor((s / 1000 ** e) * 10 + 0.5) / 10;
  return `${val < 10 ? val.toFixed(1) : goRound0(val)} ${SI_SIZES[e]}`;
}

/** %.0f: Go rounds exact halves to even. */
function goRound0(v: number): string {
  const floor = Math.floor(v);
  if (v - floor === 0.5) return String(floor % 2 === 0 ? floor : floor + 1);
  return v.toFixed(0);
}

/** Go's Duration.String() for sub-second durations given in nanoseconds ("9.650238ms", "641.36µs"). */
export function goDurationNs(ns: number): string {
  const n = Math.max(0, Math.round(ns));
  if (n === 0) return '0s';
  if (n < 1000) return `${n}ns`;
  if (n < 1_000_000) return trimFraction(Math.floor(n / 1000), n % 1000, 3) + 'µs';
  if (n < 1_000_000_000) return trimFraction(Math.floor(n / 1_000_000), n % 1_000_000, 6) + 'ms';
  return trimFraction(Math.floor(n / 1_000_000_000), n % 1_000_000_000, 9) + 's';
}

function trimFraction(whole: number, frac: number, digits: number): string {
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** A stable pseudo-random number in [0, 1) from a string (FNV-1a), for latencies that must not draw from the seed. */
export function stableFraction(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}
