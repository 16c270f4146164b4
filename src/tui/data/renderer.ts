/**
 * A renderer turns one object into one table row (k9s' split: data access -> renderer -> model
 * -> view). Every row carries a hidden problem column: a non-empty problem colours the row.
 */
import type { KObject } from '../../core/api/types.js';

/** Row health, mapped to colours by the theme (k9s: pending orange, error red, completed grey, killed purple). */
export type Tone = 'ok' | 'pending' | 'error' | 'completed' | 'killed';

export interface Row {
  /** Stable identity: namespace/name (or name for cluster-scoped objects). */
  key: string;
  cells: string[];
  /** k9s' hidden problem column: why this row is unhealthy, or ''. */
  problem: string;
  tone: Tone;
}

export interface Renderer<T = KObject> {
  /** Column headers, upper case. */
  columns: string[];
  /** Columns that may shrink (truncated) when the table is wider than the screen, most flexible first. */
  flexible?: string[];
  /** Columns dropped first when the screen is too narrow, in this order. */
  optional?: string[];
  /** Index of the STATUS-like column for Shift-S; -1 when none. */
  statusColumn: number;
  row(obj: T, now: number): Row;
}

export function keyOfObject(obj: KObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

/**
 * Remembers each object's row: stored objects are immutable (a write makes a new object), so a
 * row computed once stays right for filtering, sorting and widths; visible rows are recomputed
 * with the current time for their ages.
 */
export class RowCache<T extends object> {
  private cache = new WeakMap<T, Row>();

  constructor(private readonly renderer: Renderer<T>) {}

  get(obj: T, now: number): Row {
    let row = this.cache.get(obj);
    if (!row) {
      row = this.renderer.row(obj, now);
      this.cache.set(obj, row);
    }
    return row;
  }
}
