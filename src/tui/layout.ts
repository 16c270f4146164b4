/**
 * Screen geometry. Every frame is exactly one row shorter than the terminal: a frame as tall as
 * the terminal makes Ink clear and rewrite the whole screen on each update (ink.md: ~13 KB/s
 * instead of ~1 KB/s over SSH).
 */

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;
/** At this size and larger the home dashboard shows every pane at once. */
export const GRID_COLUMNS = 120;
export const GRID_ROWS = 40;

export interface Layout {
  columns: number;
  rows: number;
  tooSmall: boolean;
  /** Rows the frame occupies: rows - 1. */
  frameRows: number;
  headerRows: number;
  /** Rows for the current view (between the header and the crumbs + flash/prompt rows). */
  bodyRows: number;
  /** All home panes at once; otherwise one pane and a tab strip. */
  grid: boolean;
}

export function layoutFor(columns: number, rows: number): Layout {
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  const frameRows = Math.max(1, rows - 1);
  const headerRows = rows >= 30 ? 5 : 3;
  const bodyRows = Math.max(1, frameRows - headerRows - 2);
  return { columns, rows, tooSmall, frameRows, headerRows, bodyRows, grid: columns >= GRID_COLUMNS && rows >= GRID_ROWS };
}

/** Data rows a table view shows (its title and column header take two rows). */
export function tableRows(l: Layout): number {
  return Math.max(1, l.bodyRows - 2);
}

/** Lines a text view shows under its title. */
export function textRows(l: Layout): number {
  return Math.max(1, l.bodyRows - 1);
}
