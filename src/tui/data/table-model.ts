/**
 * The model behind a table view: the objects of one source, rendered to rows (cached per object),
 * filtered and sorted.
 *
 * Resource tables are kept incrementally: one API watch per resource (a Feed, shared by every
 * table of that resource) records which keys changed; a model applies only those changes when
 * it is next drawn (coalesced: at most once a frame), so 150,000 pods are listed once and then
 * updated per change, never re-listed per frame. Few changes are inserted by binary search; many
 * are merged in one pass. A filter or sort change builds a new model. Containers and the
 * internals tables (requests, OVN, CSI) are small and rebuilt when their version moves.
 */
import type { Cluster } from '../../core/cluster.js';
import { resolveResource, type ResourceType } from '../../core/api/resources.js';
import { matches, parseSelector, type Selector } from '../../core/api/labels.js';
import type { Event, KObject, Pod } from '../../core/api/types.js';
import { parseFilter, type ParsedFilter } from './filter.js';
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
  | { kind: 'containers'; namespace: string; pod: string }
  /** Rows from a provider (API requests, OVN, CSI, scheduler); `arg` narrows it (a node). */
  | { kind: 'rows'; id: string; arg?: string };

/** `problem` (rows with problems first) is the home pods pane's order; no key binds it. */
export type SortBy = 'name' | 'age' | 'status' | 'problem';
export interface SortSpec {
  by: SortBy;
  desc: boolean;
}

export interface ModelRow {
  row: Row;
  obj: unknown;
  /** Sort key under the model's order (ties broken by row.key). */
  sk?: string | number;
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
  /** Lines shown above the table (a provider's summary). */
  header?: string[];
  /** Position of the row with this key, or -1: keeps the selection on a row that moved. */
  indexOf(key: string): number;
}

/** A source of ready-made rows for the internals views. */
export interface RowProvider {
  version(arg?: string): number | string;
  renderer(arg?: string): Renderer<any>;
  objects(arg?: string): unknown[];
  header?(arg?: string): string[];
}

function sourceKey(s: TableSource): string {
  if (s.kind === 'containers') return `c|${s.namespace}|${s.pod}`;
  if (s.kind === 'rows') return `x|${s.id}|${s.arg ?? ''}`;
  return `r|${s.plural}|${s.namespace ?? '*'}|${s.labelSelector ?? ''}|${s.nodeName ?? ''}`;
}

const createdOf = (obj: unknown): number => {
  const ts = (obj as KObject)?.metadata?.creationTimestamp;
  return ts ? Date.parse(ts) || 0 : 0;
};

const TONE_RANK: Record<Tone, number> = { error: 0, pending: 1, killed: 2, ok: 3, completed: 4 };

/** The order of a table: a sort key per row and a direction; ties by row key, ascending. */
interface Order {
  key(r: ModelRow): string | number;
  dir: 1 | -1;
}

function orderOf(source: TableSource, renderer: Renderer<any>, sort?: SortSpec): Order {
  const dir = sort?.desc ? -1 : 1;
  if (!sort) {
    if (source.kind === 'resource' && source.plural === 'events') return { key: (r) => -eventTime(r.obj as Event), dir: 1 };
    if (source.kind === 'containers' || source.kind === 'rows') return { key: () => 0, dir: 1 };
    return { key: (r) => r.row.key, dir: 1 };
  }
  switch (sort.by) {
    case 'problem':
      return { key: (r) => TONE_RANK[r.row.tone], dir: 1 };
    case 'age':
      // Ascending age = newest first.
      return { key: (r) => -createdOf(r.obj), dir };
    case 'status':
      if (renderer.statusColumn >= 0) return { key: (r) => r.row.cells[renderer.statusColumn] ?? '', dir };
      break;
    default:
      break;
  }
  const nameCol = renderer.columns.indexOf('NAME');
  return { key: (r) => (nameCol >= 0 ? r.row.cells[nameCol] ?? r.row.key : r.row.cells[0] ?? r.row.key), dir };
}

function compare(a: ModelRow, b: ModelRow, dir: 1 | -1): number {
  const x = a.sk!;
  const y = b.sk!;
  if (x < y) return -dir;
  if (x > y) return dir;
  const p = a.row.key;
  const q = b.row.key;
  return p < q ? -1 : p > q ? 1 : 0;
}

/** Index where `r` is (or would go) in rows sorted by compare. */
function lowerBound(rows: ModelRow[], r: ModelRow, dir: 1 | -1): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(rows[mid]!, r, dir) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Changes of one resource, as the API watch reports them: a bounded log of keys. */
class Feed {
  /** Sequence number of the next change; log[i] is change base + i. */
  seq = 0;
  base = 0;
  log: Array<{ key: string; obj: KObject | undefined }> = [];
  readonly cancel: () => void;
  static readonly MAX = 200_000;

  constructor(cluster: Cluster, plural: string) {
    const rev = String(cluster.etcd.store.revision);
    this.cancel = cluster.admin.watch(plural, undefined, (ev) => {
      const o = ev.object as KObject;
      const key = o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
      this.log.push({ key, obj: ev.type === 'DELETED' ? undefined : o });
      this.seq++;
      if (this.log.length > Feed.MAX) {
        const drop = this.log.length - Feed.MAX / 2;
        this.log.splice(0, drop);
        this.base += drop;
      }
    }, { resourceVersion: rev });
  }
}

interface Entry {
  mr: ModelRow;
  shown: boolean;
}

/** A resource table kept up to date from its Feed. */
class LiveModel implements TableModel {
  columns: string[];
  rows: ModelRow[] = [];
  widths: number[];
  total = 0;
  problems = 0;
  renderer: Renderer<any>;
  resource?: ResourceType;
  filterError?: string;
  private entries = new Map<string, Entry>();
  private seq = 0;
  private readonly order: Order;
  private readonly filter: ParsedFilter;
  private readonly include: (o: KObject) => boolean;

  constructor(
    private readonly cluster: Cluster,
    private readonly source: Extract<TableSource, { kind: 'resource' }>,
    private readonly feed: Feed | undefined,
    private readonly cache: RowCache<any>,
    renderer: Renderer<any>,
    filter: string,
    sort: SortSpec | undefined,
    private readonly sticky: { w: number[] },
  ) {
    this.renderer = renderer;
    this.columns = renderer.columns;
    this.widths = sticky.w;
    this.resource = resolveResource(source.plural);
    this.order = orderOf(source, renderer, sort);
    this.filter = parseFilter(filter);
    this.filterError = this.filter.error;
    const res = this.resource;
    const ns = res?.namespaced ? source.namespace : undefined;
    const selector: Selector | undefined = source.labelSelector ? safeSelector(source.labelSelector) : undefined;
    const node = source.nodeName;
    this.include = (o) =>
      (ns === undefined || o.metadata.namespace === ns) &&
      (!selector || matches(selector, o.metadata.labels)) &&
      (node === undefined || (o as Pod).spec?.nodeName === node);
    this.rebuild();
  }

  /** Everything from the server's watch cache: the first build, or after falling far behind. */
  private rebuild(): void {
    this.seq = this.feed?.seq ?? 0;
    this.entries.clear();
    this.total = 0;
    this.problems = 0;
    const rows: ModelRow[] = [];
    const res = this.resource;
    if (res) {
      const now = this.cluster.clock.now();
      for (const o of this.cluster.api.cachedList(res.plural, res.namespaced ? this.source.namespace : undefined)) {
        if (!this.include(o)) continue;
        const e = this.entry(o, now);
        this.entries.set(e.mr.row.key, e);
        if (e.shown) rows.push(e.mr);
      }
    }
    const dir = this.order.dir;
    rows.sort((a, b) => compare(a, b, dir));
    this.rows = rows;
  }

  private entry(o: KObject, now: number): Entry {
    const row = this.cache.get(o, now);
    const mr: ModelRow = { row, obj: o };
    mr.sk = this.order.key(mr);
    const shown = !this.filter.test || this.filter.test(row, o);
    this.total++;
    if (shown) {
      if (row.problem) this.problems++;
      for (let i = 0; i < row.cells.length; i++) {
        if (row.cells[i]!.length <= (this.widths[i] ?? 0)) continue;
        // A new array when a column grows: the table's layout is memoised on its identity.
        this.widths = this.widths.slice();
        this.widths[i] = row.cells[i]!.length;
        this.sticky.w = this.widths;
      }
    }
    return { mr, shown };
  }

  private drop(e: Entry): void {
    this.total--;
    if (e.shown && e.mr.row.problem) this.problems--;
  }

  /** Applies the feed's changes since the last call. */
  catchUp(): void {
    const feed = this.feed;
    if (!feed || feed.seq === this.seq) return;
    if (this.seq < feed.base) return this.rebuild();
    const latest = new Map<string, KObject | undefined>();
    for (let i = this.seq - feed.base; i < feed.log.length; i++) {
      const c = feed.log[i]!;
      latest.set(c.key, c.obj);
    }
    this.seq = feed.seq;
    if (latest.size > 20_000 && latest.size > this.entries.size / 2) return this.rebuild();
    const now = this.cluster.clock.now();
    const removed = new Set<ModelRow>();
    const added: ModelRow[] = [];
    for (const [key, obj] of latest) {
      const old = this.entries.get(key);
      if (old && old.mr.obj === obj) continue;
      if (old) {
        this.drop(old);
        this.entries.delete(key);
        if (old.shown) removed.add(old.mr);
      }
      if (obj && this.include(obj)) {
        const e = this.entry(obj, now);
        this.entries.set(key, e);
        if (e.shown) added.push(e.mr);
      }
    }
    if (removed.size === 0 && added.length === 0) return;
    const dir = this.order.dir;
    if (removed.size + added.length <= 16) {
      const rows = this.rows.slice();
      for (const r of removed) {
        const i = lowerBound(rows, r, dir);
        if (rows[i] === r) rows.splice(i, 1);
        else rows.splice(rows.indexOf(r), 1);
      }
      for (const r of added) rows.splice(lowerBound(rows, r, dir), 0, r);
      this.rows = rows;
      return;
    }
    // Many changes: one merge pass over the old rows and the sorted new ones.
    added.sort((a, b) => compare(a, b, dir));
    const out: ModelRow[] = new Array(this.rows.length - removed.size + added.length);
    let n = 0;
    let j = 0;
    for (const r of this.rows) {
      if (removed.has(r)) continue;
      while (j < added.length && compare(added[j]!, r, dir) < 0) out[n++] = added[j++]!;
      out[n++] = r;
    }
    while (j < added.length) out[n++] = added[j++]!;
    out.length = n;
    this.rows = out;
  }

  indexOf(key: string): number {
    const e = this.entries.get(key);
    if (!e || !e.shown) return -1;
    const i = lowerBound(this.rows, e.mr, this.order.dir);
    return this.rows[i] === e.mr ? i : -1;
  }
}

/** A small table rebuilt from scratch when its version changes. */
function staticModel(base: Omit<TableModel, 'indexOf'>): TableModel {
  let index: Map<string, number> | undefined;
  return {
    ...base,
    indexOf(key: string): number {
      if (!index) index = new Map(base.rows.map((r, i) => [r.row.key, i]));
      return index.get(key) ?? -1;
    },
  };
}

interface StaticEntry {
  version: string;
  model: TableModel;
}

export class TableModels {
  private live = new Map<string, LiveModel>();
  private statics = new Map<string, StaticEntry>();
  private feeds = new Map<string, Feed>();
  private sticky = new Map<string, { w: number[] }>();
  private renderers = new Map<string, { renderer: Renderer<any>; rows: RowCache<any> }>();
  private readonly providers = new Map<string, RowProvider>();

  constructor(private readonly cluster: Cluster) {}

  /** Registers the rows behind `{kind: 'rows', id}` sources. */
  provide(id: string, provider: RowProvider): void {
    this.providers.set(id, provider);
  }

  /** The version the source's rows depend on (the frame signature polls it). */
  version(source: TableSource): number | string {
    if (source.kind === 'rows') return this.providers.get(source.id)?.version(source.arg) ?? 0;
    return this.cluster.api.cacheVersion(source.kind === 'containers' ? 'pods' : source.plural);
  }

  rendererFor(source: TableSource): { renderer: Renderer<any>; rows: RowCache<any> } {
    const key =
      source.kind === 'containers' ? 'containers' : source.kind === 'rows' ? `rows|${source.id}|${source.arg ?? ''}` : `${source.plural}|${source.namespace === undefined ? 'all' : 'one'}`;
    let r = this.renderers.get(key);
    if (!r) {
      const renderer = source.kind === 'rows' ? this.providers.get(source.id)?.renderer(source.arg) ?? EMPTY_RENDERER : makeRenderer(source);
      r = { renderer, rows: new RowCache(renderer) };
      this.renderers.set(key, r);
    }
    return r;
  }

  model(source: TableSource, filter = '', sort?: SortSpec): TableModel {
    const key = `${sourceKey(source)}|${filter}|${sort ? `${sort.by}${sort.desc ? '-' : '+'}` : ''}`;
    if (source.kind === 'resource') {
      let m = this.live.get(key);
      if (m) {
        // Most recently used last: the map's order is the eviction order.
        this.live.delete(key);
        this.live.set(key, m);
        m.catchUp();
        return m;
      }
      const { renderer, rows } = this.rendererFor(source);
      const widths = this.stickyWidths(source, renderer);
      m = new LiveModel(this.cluster, source, this.feed(source.plural), rows, renderer, filter, sort, widths);
      this.live.set(key, m);
      if (this.live.size > 24) this.live.delete(this.live.keys().next().value!);
      return m;
    }
    const version = String(this.version(source));
    const hit = this.statics.get(key);
    if (hit && hit.version === version) return hit.model;
    const model = this.build(source, filter, sort);
    if (this.statics.size > 64) this.statics.clear();
    this.statics.set(key, { version, model });
    return model;
  }

  /** Stops every watch (the dashboard closed). */
  close(): void {
    for (const f of this.feeds.values()) f.cancel();
    this.feeds.clear();
    this.live.clear();
  }

  private feed(plural: string): Feed | undefined {
    const res = resolveResource(plural);
    if (!res || !(res.verbs ?? ['watch']).includes('watch')) return undefined;
    let f = this.feeds.get(res.plural);
    if (!f) {
      try {
        f = new Feed(this.cluster, res.plural);
      } catch {
        return undefined;
      }
      this.feeds.set(res.plural, f);
    }
    return f;
  }

  /** Widths shared by every model of a source, so they only grow while the view lives. */
  private stickyWidths(source: TableSource, renderer: Renderer<any>): { w: number[] } {
    const sk = sourceKey(source);
    let w = this.sticky.get(sk);
    if (!w) this.sticky.set(sk, (w = { w: renderer.columns.map((c) => c.length) }));
    return w;
  }

  private build(source: Exclude<TableSource, { kind: 'resource' }>, filter: string, sort?: SortSpec): TableModel {
    const now = this.cluster.clock.now();
    const { renderer, rows: cache } = this.rendererFor(source);
    let objs: unknown[];
    let pod: Pod | undefined;
    let header: string[] | undefined;
    if (source.kind === 'containers') {
      pod = this.cluster.api.cached('pods', source.namespace, source.pod) as Pod | undefined;
      objs = pod ? containersOf(pod) : [];
    } else {
      const p = this.providers.get(source.id);
      objs = p ? p.objects(source.arg) : [];
      header = p?.header?.(source.arg);
    }
    const parsed = parseFilter(filter);
    const rows: ModelRow[] = [];
    let problems = 0;
    const order = orderOf(source, renderer, sort);
    for (const obj of objs) {
      const row = cache.get(obj as object, now);
      if (parsed.test && !parsed.test(row, obj)) continue;
      const mr: ModelRow = { row, obj };
      mr.sk = order.key(mr);
      rows.push(mr);
      if (row.problem) problems++;
    }
    // Stable: provider order is kept among equal keys (unsorted tables keep it entirely).
    if (sort) rows.sort((a, b) => compare(a, b, order.dir));
    const sticky = this.stickyWidths(source, renderer);
    const widths = sticky.w.slice();
    for (const { row } of rows) {
      for (let i = 0; i < row.cells.length; i++) if (row.cells[i]!.length > (widths[i] ?? 0)) widths[i] = row.cells[i]!.length;
    }
    sticky.w = widths;
    return staticModel({ columns: renderer.columns, rows, widths, total: objs.length, problems, renderer, filterError: parsed.error, pod, header });
  }
}

const EMPTY_RENDERER: Renderer<Row> = { columns: ['NAME'], statusColumn: -1, row: (r: Row) => r };

function safeSelector(text: string): Selector {
  try {
    return parseSelector(text);
  } catch {
    return parseSelector('kubedrill.invalid/none=none');
  }
}

function makeRenderer(source: Extract<TableSource, { kind: 'resource' | 'containers' }>): Renderer<any> {
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
