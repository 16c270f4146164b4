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
  /** performance.now() when built, and how long the build took. */
  builtAt: number;
  cost: number;
}

/** Builds slower than this are not repeated more often than every REBUILD_FACTOR x their cost. */
const SLOW_BUILD_MS = 50;
const REBUILD_FACTOR = 4;

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
    const start = performance.now();
    // A huge, churning list (150,000 pods) would rebuild on every frame: serve the previous
    // model a while so the rebuilds take at most 1/REBUILD_FACTOR of the time.
    if (hit && hit.cost > SLOW_BUILD_MS && start - hit.builtAt < hit.cost * REBUILD_FACTOR) return hit.model;
    const model = this.build(source, filter, sort);
    const end = performance.now();
    if (this.entries.size > 64) this.entries.clear();
    this.entries.set(key, { key, version, model, builtAt: end, cost: end - start });
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

/** Sorts by precomputed keys (decorate, sort, undecorate): 150,000 rows without Map lookups. */
function sortBy<K extends string | number>(rows: ModelRow[], keyOf: (r: ModelRow) => K, dir: 1 | -1, tie: (r: ModelRow) => string = (r) => r.row.key): void {
  const dec = rows.map((r) => ({ r, k: keyOf(r), t: tie(r) }));
  dec.sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  for (let i = 0; i < dec.length; i++) rows[i] = dec[i]!.r;
}

function sortRows(rows: ModelRow[], source: TableSource, renderer: Renderer<any>, sort?: SortSpec): void {
  const dir = sort?.desc ? -1 : 1;
  if (!sort) {
    if (source.kind === 'containers') return;
    // Events newest first, as k9s orders them; everything else by namespace/name.
    if (source.kind === 'resource' && source.plural === 'events') return sortBy(rows, (r) => -eventTime(r.obj as Event), 1, (r) => nameOf(r.obj));
    return sortBy(rows, (r) => nameOf(r.obj), 1);
  }
  switch (sort.by) {
    case 'problem':
      return sortBy(rows, (r) => TONE_RANK[r.row.tone], 1, (r) => nameOf(r.obj));
    case 'age':
      // Ascending age = newest first.
      return sortBy(rows, (r) => -createdOf(r.obj), dir);
    case 'status':
      if (renderer.statusColumn >= 0) return sortBy(rows, (r) => r.row.cells[renderer.statusColumn] ?? '', dir);
      break;
    default:
      break;
  }
  const nameCol = renderer.columns.indexOf('NAME');
  sortBy(rows, (r) => r.row.cells[nameCol] ?? r.row.key, dir);
}

const TONE_RANK: Record<Tone, number> = { error: 0, pending: 1, killed: 2, ok: 3, completed: 4 };

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
