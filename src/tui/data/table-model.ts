/**
 * The model behind a table view: the objects of one source, rendered to rows (cached per object),
 * filtered and sorted. Rebuilt only when the source's cache version, the filter or the sort
 * changes, so scrolling and re-renders of an unchanged table cost nothing but the visible rows.
 */
import type { Cluster } from '../../core/cluster.js';
import { resolveResource, type ResourceType } from '../../core/api/resources.js';
import { matches, parseSelector } from '../../core/api/labels.js';
import type { Event, KObject, Pod } from '../../core/api/types.js';
import { parseFilter } from './filter.js';
import { RowCache, type Renderer, type Row, type Tone } from './renderer.js';
import { podRenderer } from './render-pods.js';
import { nodeRenderer } from './render-nodes.js';
import { eventRenderer, eventTime } from './render-events.js';
import { genericRenderer } from './render-generic.js';
import { containerRenderer, containersOf, type ContainerEntry } from './render-containers.js';

export type TableSource =
  | {
      kind: 'resource';
      plural: string;
      /** undefined: all namespaces. */
      namespace?: string;
      /** Drill-down scope: pods matching a label selector (kubectl syntax) or on one node. */
      labelSelector?: string;
      nodeName?: string;
    }
  | { kind: 'containers'; namespace: string; pod: string };

/** `problem` (rows with problems first) is the home pods pane's order; no key binds it. */
export type SortBy = 'name' | 'age' | 'status' | 'problem';
export interface SortSpec {
  by: SortBy;
  desc: boolean;
}

export interface ModelRow {
  row: Row;
  obj: unknown;
}

export interface TableModel {
  columns: string[];
  rows: ModelRow[];
  /** Natural column widths over every row so far: they only grow, so scrolling never shifts columns. */
  widths: number[];
  /** Rows before the filter. */
  total: number;
  /** Rows (after the filter) with a problem. */
  problems: number;
  renderer: Renderer<any>;
  resource?: ResourceType;
  filterError?: string;
  /** The pod, for a containers source; undefined when it is gone. */
  pod?: Pod;
}

interface CacheEntry {
  key: string;
  version: number;
  model: TableModel;
}

function sourceKey(s: TableSource): string {
  return s.kind === 'containers' ? `c|${s.namespace}|${s.pod}` : `r|${s.plural}|${s.namespace ?? '*'}|${s.labelSelector ?? ''}|${s.nodeName ?? ''}`;
}

const nameOf = (obj: unknown): string => {
  const o = obj as KObject;
  return o?.metadata ? `${o.metadata.namespace ?? ''}/${o.metadata.name}` : (obj as ContainerEntry).spec?.name ?? '';
};
const createdOf = (obj: unknown): number => {
  const ts = (obj as KObject)?.metadata?.creationTimestamp;
  return ts ? Date.parse(ts) || 0 : 0;
};

export class TableModels {
  private entries = new Map<string, CacheEntry>();
  private sticky = new Map<string, number[]>();
  private renderers = new Map<string, { renderer: Renderer<any>; rows: RowCache<any> }>();

  constructor(private readonly cluster: Cluster) {}

  /** The cache version the source's rows depend on. */
  version(source: TableSource): number {
    return this.cluster.api.cacheVersion(source.kind === 'containers' ? 'pods' : source.plural);
  }

  rendererFor(source: TableSource): { renderer: Renderer<any>; rows: RowCache<any> } {
    const key = source.kind === 'containers' ? 'containers' : `${source.plural}|${source.namespace === undefined ? 'all' : 'one'}`;
    let r = this.renderers.get(key);
    if (!r) {
      const renderer = makeRenderer(source);
      r = { renderer, rows: new RowCache(renderer) };
      this.renderers.set(key, r);
    }
    return r;
  }

  model(source: TableSource, filter = '', sort?: SortSpec): TableModel {
    const key = `${sourceKey(source)}|${filter}|${sort ? `${sort.by}${sort.desc ? '-' : '+'}` : ''}`;
    const version = this.version(source);
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.model;
    const model = this.build(source, filter, sort);
    if (this.entries.size > 64) this.entries.clear();
    this.entries.set(key, { key, version, model });
    return model;
  }

  private build(source: TableSource, filter: string, sort?: SortSpec): TableModel {
    const now = this.cluster.clock.now();
    const { renderer, rows: cache } = this.rendererFor(source);
    let objs: unknown[];
    let pod: Pod | undefined;
    let resource: ResourceType | undefined;
    if (source.kind === 'containers') {
      pod = this.cluster.api.cached('pods', source.namespace, source.pod) as Pod | undefined;
      objs = pod ? containersOf(pod) : [];
    } else {
      resource = resolveResource(source.plural);
      objs = this.objects(source, resource);
    }
    const parsed = parseFilter(filter);
    const rows: ModelRow[] = [];
    let problems = 0;
    for (const obj of objs) {
      const row = cache.get(obj as object, now);
      if (parsed.test && !parsed.test(row, obj)) continue;
      rows.push({ row, obj });
      if (row.problem) problems++;
    }
    sortRows(rows, source, renderer, sort);
    const sk = sourceKey(source);
    const widths = this.sticky.get(sk)?.slice() ?? renderer.columns.map((c) => c.length);
    for (const { row } of rows) {
      for (let i = 0; i < row.cells.length; i++) if (row.cells[i]!.length > (widths[i] ?? 0)) widths[i] = row.cells[i]!.length;
    }
    this.sticky.set(sk, widths);
    return { columns: renderer.columns, rows, widths, total: objs.length, problems, renderer, resource, filterError: parsed.error, pod };
  }

  private objects(source: Extract<TableSource, { kind: 'resource' }>, res: ResourceType | undefined): unknown[] {
    if (!res) return [];
    const ns = res.namespaced ? source.namespace : undefined;
    const selector = source.labelSelector ? safeSelector(source.labelSelector) : undefined;
    const out: unknown[] = [];
    for (const o of this.cluster.api.cachedList(res.plural, ns)) {
      if (selector && !matches(selector, o.metadata.labels)) continue;
      if (source.nodeName !== undefined && (o as Pod).spec?.nodeName !== source.nodeName) continue;
      out.push(o);
    }
    return out;
  }
}

function safeSelector(text: string) {
  try {
    return parseSelector(text);
  } catch {
    return parseSelector('kubedrill.invalid/none=none');
  }
}

function makeRenderer(source: TableSource): Renderer<any> {
  if (source.kind === 'containers') return containerRenderer;
  const all = source.namespace === undefined;
  switch (source.plural) {
    case 'pods':
      return podRenderer(all);
    case 'nodes':
      return nodeRenderer();
    case 'events':
      return eventRenderer(all);
    default: {
      const res = resolveResource(source.plural);
      return res ? genericRenderer(res, all) : { columns: ['NAME'], statusColumn: -1, row: (o: KObject) => ({ key: o.metadata.name, cells: [o.metadata.name], problem: '', tone: 'ok' }) };
    }
  }
}

function sortRows(rows: ModelRow[], source: TableSource, renderer: Renderer<any>, sort?: SortSpec): void {
  const dir = sort?.desc ? -1 : 1;
  if (!sort) {
    if (source.kind === 'resource' && source.plural === 'events') {
      // Newest first; precompute the keys so a big list sorts in one pass.
      const t = new Map<ModelRow, number>(rows.map((r) => [r, eventTime(r.obj as Event)]));
      rows.sort((a, b) => t.get(b)! - t.get(a)! || cmp(nameOf(a.obj), nameOf(b.obj)));
      return;
    }
    if (source.kind === 'containers') return;
    const n = new Map<ModelRow, string>(rows.map((r) => [r, nameOf(r.obj)]));
    rows.sort((a, b) => cmp(n.get(a)!, n.get(b)!));
    return;
  }
  if (sort.by === 'problem') {
    const n = new Map<ModelRow, string>(rows.map((r) => [r, nameOf(r.obj)]));
    rows.sort((a, b) => TONE_RANK[a.row.tone] - TONE_RANK[b.row.tone] || cmp(n.get(a)!, n.get(b)!));
    return;
  }
  if (sort.by === 'age') {
    // Ascending age = newest first.
    const t = new Map<ModelRow, number>(rows.map((r) => [r, createdOf(r.obj)]));
    rows.sort((a, b) => dir * (t.get(b)! - t.get(a)!) || cmp(a.row.key, b.row.key));
    return;
  }
  if (sort.by === 'status' && renderer.statusColumn >= 0) {
    const i = renderer.statusColumn;
    rows.sort((a, b) => dir * cmp(a.row.cells[i] ?? '', b.row.cells[i] ?? '') || cmp(a.row.key, b.row.key));
    return;
  }
  const nameCol = renderer.columns.indexOf('NAME');
  rows.sort((a, b) => dir * cmp(a.row.cells[nameCol] ?? a.row.key, b.row.cells[nameCol] ?? b.row.key) || cmp(a.row.key, b.row.key));
}

const TONE_RANK: Record<Tone, number> = { error: 0, pending: 1, killed: 2, ok: 3, completed: 4 };

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
