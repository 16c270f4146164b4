/** Adapts ready-made rows (etcd members) to the virtual table. */
import type { ModelRow } from './table-model.js';
import type { Renderer, Row } from './renderer.js';

export function rowsTable(columns: string[], rows: Row[], flexible?: string[]): { renderer: Renderer<Row>; rows: ModelRow[]; widths: number[] } {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r.cells[i] ?? '').length)));
  return {
    renderer: { columns, flexible, statusColumn: -1, row: (r: Row) => r },
    rows: rows.map((r) => ({ row: r, obj: r })),
    widths,
  };
}
