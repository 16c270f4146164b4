/**
 * The `/` filter: a case-insensitive substring over the row's cells, `-l key=value` a label
 * selector (kubectl syntax), and a leading `!` inverts either.
 */
import { matches, parseSelector } from '../../core/api/labels.js';
import type { KObject } from '../../core/api/types.js';
import type { Row } from './renderer.js';

export type RowPredicate = (row: Row, obj: unknown) => boolean;

export interface ParsedFilter {
  test?: RowPredicate;
  /** Why the filter could not be parsed (shown as a flash); nothing is filtered then. */
  error?: string;
}

export function parseFilter(text: string): ParsedFilter {
  let t = text.trim();
  if (!t) return {};
  const invert = t.startsWith('!');
  if (invert) t = t.slice(1).trim();
  if (!t) return {};
  let test: RowPredicate;
  if (t === '-l' || t.startsWith('-l ')) {
    const expr = t.slice(2).trim();
    if (!expr) return { error: 'label selector: expected key=value after -l' };
    try {
      const sel = parseSelector(expr);
      test = (_row, obj) => matches(sel, (obj as KObject | undefined)?.metadata?.labels);
    } catch (err) {
      return { error: `label selector: ${err instanceof Error ? err.message : String(err)}` };
    }
  } else {
    const needle = t.toLowerCase();
    test = (row) => row.cells.some((c) => c.toLowerCase().includes(needle));
  }
  return { test: invert ? (row, obj) => !test(row, obj) : test };
}
