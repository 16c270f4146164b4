/**
 * Human-readable tables (`kubectl get`, -o wide): the columns the API server's printers
 * (pkg/printers/internalversion) produce per kind, then kubectl's table printer decorations
 * (NAMESPACE first with -A, kind/name with --show-kind, -L label columns, LABELS last),
 * written through kubectl's tab writer with headers in upper case.
 */
import { humanAge } from '../../../core/clock.js';
import type { ResourceType } from '../../../core/api/resources.js';
import type { KObject } from '../../../core/api/types.js';
import { kubectlTable } from './tabwriter.js';

export interface Column {
  /** As the server names it ("Nominated Node"); printed upper-cased. */
  name: string;
  /** 1: only with -o wide. */
  priority?: 0 | 1;
}

export interface PrintContext {
  /** The cluster clock's now, for ages. */
  now: number;
  wide: boolean;
}

/** Cells for every column (wide ones included); the renderer drops what it does not show. */
export type RowFn = (obj: any, ctx: PrintContext) => Array<string | number | boolean>;

export interface TableDef {
  columns: Column[];
  row: RowFn;
  /** Index of the name column (Format "name"); -1 when there is none shown by default. */
  nameColumn?: number;
}

const registry = new Map<string, TableDef>();

export function registerTable(plural: string, def: TableDef): void {
  registry.set(plural, def);
}

/** translateTimestampSince: "<unknown>" for a missing time. */
export function age(ts: string | undefined | null, now: number): string {
  if (!ts) return '<unknown>';
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return '<unknown>';
  return humanAge(now - t);
}

/** labels.FormatLabels: sorted k=v pairs, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** layoutContainerCells: names and images, comma separated. */
export function containerCells(containers: Array<{ name: string; image: string }> | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image).join(',')];
}

// Built-in kinds the server has no printer for get "Name, Created At" (its default table).
const CREATED_AT: TableDef = {
  columns: [{ name: 'Name' }, { name: 'Created At' }],
  row: (o: KObject) => [o.metadata.name, o.metadata.creationTimestamp ?? '<unknown>'],
};

// Custom resources without printer columns get "Name, Age".
const NAME_AGE: TableDef = {
  columns: [{ name: 'Name' }, { name: 'Age' }],
  row: (o: KObject, ctx) => [o.metadata.name, age(o.metadata.creationTimestamp, ctx.now)],
};

export function tableFor(res: ResourceType): TableDef {
  return registry.get(res.plural) ?? (res.group.endsWith('openshift.io') ? NAME_AGE : CREATED_AT);
}

export interface TableOptions {
  wide: boolean;
  /** Prefix NAMESPACE (kubectl -A on a namespaced type). */
  withNamespace: boolean;
  /** kind/name in the name column (--show-kind, several types, `all`). */
  withKind: boolean;
  noHeaders: boolean;
  showLabels: boolean;
  labelColumns: string[];
  now: number;
}

/** The kind prefix kubectl uses: "pod", "deployment.apps". */
export function kindPrefix(res: ResourceType): string {
  return res.kind.toLowerCase() + (res.group ? `.${res.group}` : '');
}

/** kubectl's cell rendering: text up to the first line break, then "...". */
function cellText(v: string | number | boolean | undefined | null): string {
  if (v === undefined || v === null) return '';
  let s = String(v);
  const br = s.search(/[\f\n\r]/);
  if (br >= 0) s = s.slice(0, br) + '...';
  return s;
}

/** Rows for one resource type, header first unless --no-headers. */
export function tableRows(res: ResourceType, objs: readonly KObject[], opts: TableOptions): string[][] {
  const def = tableFor(res);
  const ctx: PrintContext = { now: opts.now, wide: opts.wide };
  const show = def.columns.map((c) => opts.wide || !c.priority);
  const nameCol = def.nameColumn ?? def.columns.findIndex((c) => c.name === 'Name');
  const rows: string[][] = [];
  if (!opts.noHeaders) {
    const header = def.columns.filter((_, i) => show[i]).map((c) => c.name.toUpperCase());
    if (opts.withNamespace) header.unshift('NAMESPACE');
    for (const l of opts.labelColumns) header.push(l.split('/').pop()!.toUpperCase());
    if (opts.showLabels) header.push('LABELS');
    rows.push(header);
  }
  const prefix = kindPrefix(res);
  for (const obj of objs) {
    const cells = def.row(obj, ctx);
    if (opts.withKind && nameCol >= 0) cells[nameCol] = `${prefix}/${cells[nameCol]}`;
    const row = cells.filter((_, i) => show[i]).map(cellText);
    if (opts.withNamespace) row.unshift(obj.metadata.namespace ?? '');
    for (const l of opts.labelColumns) row.push(obj.metadata.labels?.[l] ?? '');
    if (opts.showLabels) row.push(formatLabels(obj.metadata.labels));
    rows.push(row);
  }
  return rows;
}

export function renderTable(res: ResourceType, objs: readonly KObject[], opts: TableOptions): string {
  return kubectlTable(tableRows(res, objs, opts));
}
