/**
 * OVN-Kubernetes for the home pane and `:ovn`: the logical topology per node and, for one node,
 * its flows. The rows come from the network model (src/core/network/summary.ts) when the
 * cluster has one; until then they are derived from what the API server holds, the way
 * ovnkube-controller derives the northbound database: a logical switch per node with the node's
 * subnet, a logical switch port per pod with an IP, a gateway router per node, a load balancer
 * per service, ACLs from NetworkPolicies.
 */
import type { Cluster } from '../../core/cluster.js';
import type { KObject, Node, Pod } from '../../core/api/types.js';
import type { Renderer, Row } from './renderer.js';
import type { RowProvider } from './table-model.js';

/** What the OVN pane and view draw: summary lines and one row per node (or per flow). */
export interface OvnTable {
  summary: string[];
  columns: string[];
  rows: Row[];
  /** Which model produced it: the network model, or the API objects it is derived from. */
  from: 'network model' | 'api objects';
}

/** The network model's API, when src/core/network/summary.ts provides one (loaded lazily). */
export interface OvnModelApi {
  ovnSummary(cluster: Cluster): unknown;
  ovnFlowsTable?(cluster: Cluster, node: string): unknown;
}

let modelApi: OvnModelApi | undefined;

/** Wires the network model in (start-up loads it when the file exists). */
export function setOvnModel(api: OvnModelApi | undefined): void {
  modelApi = api;
}

export function nodeSubnet(node: Node): string {
  const ann = node.metadata.annotations?.['k8s.ovn.org/node-subnets'];
  if (ann) {
    try {
      const v = JSON.parse(ann) as { default?: string | string[] };
      return Array.isArray(v.default) ? v.default.join(',') : v.default ?? '';
    } catch {
      return '';
    }
  }
  return node.spec?.podCIDRs?.join(',') ?? node.spec?.podCIDR ?? '';
}

function ready(node: Node): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

const NODE_COLUMNS = ['NODE', 'SUBNET', 'LOGICAL SWITCH', 'PORTS', 'GATEWAY ROUTER', 'CHASSIS'];

/** The northbound topology derived from nodes, pods, services and NetworkPolicies. */
export function ovnFromApi(cluster: Cluster): OvnTable {
  const api = cluster.api;
  const ports = new Map<string, number>();
  let podPorts = 0;
  for (const o of api.cachedList('pods')) {
    const p = o as Pod;
    if (!p.spec?.nodeName || p.spec.hostNetwork || !p.status?.podIP) continue;
    ports.set(p.spec.nodeName, (ports.get(p.spec.nodeName) ?? 0) + 1);
    podPorts++;
  }
  let lbs = 0;
  for (const s of api.cachedList('services')) if (s.spec?.clusterIP && s.spec.clusterIP !== 'None') lbs++;
  let acls = 0;
  for (const np of api.cachedList('networkpolicies')) acls += Math.max(1, ((np as KObject).spec?.policyTypes ?? ['Ingress']).length);
  const rows: Row[] = [];
  for (const o of api.cachedList('nodes')) {
    const n = o as Node;
    const up = ready(n);
    rows.push({
      key: n.metadata.name,
      cells: [n.metadata.name, nodeSubnet(n) || '<none>', n.metadata.name, String(ports.get(n.metadata.name) ?? 0), `GR_${n.metadata.name}`, up ? 'up' : 'down (node NotReady)'],
      problem: up ? '' : 'node not ready: its chassis does not claim ports',
      tone: up ? 'ok' : 'error',
    });
  }
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    summary: [
      `ovn_cluster_router, join switch, ${rows.length} node switches and gateway routers`,
      `${podPorts} pod ports, ${lbs} load balancers (services), ${acls} ACL groups (NetworkPolicies)`,
    ],
    columns: NODE_COLUMNS,
    rows,
    from: 'api objects',
  };
}

/** Adapts whatever the network model returns to rows: {summary, columns, rows} or a list of objects. */
function adapt(value: unknown, keyColumn: string): OvnTable | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { summary?: unknown; lines?: unknown; columns?: unknown; rows?: unknown };
  const summary = Array.isArray(v.summary) ? v.summary.map(String) : Array.isArray(v.lines) ? v.lines.map(String) : typeof v.summary === 'string' ? [v.summary] : [];
  let columns: string[] = Array.isArray(v.columns) ? v.columns.map(String) : [];
  const raw = Array.isArray(v.rows) ? v.rows : Array.isArray(value) ? (value as unknown[]) : [];
  if (!columns.length && raw.length && typeof raw[0] === 'object' && !Array.isArray(raw[0])) columns = Object.keys(raw[0] as object).map((k) => k.toUpperCase());
  if (!columns.length) return undefined;
  const rows: Row[] = raw.map((r, i) => {
    const cells = Array.isArray(r) ? r.map((x) => String(x ?? '')) : Object.values(r as object).map((x) => String(x ?? ''));
    const k = columns.indexOf(keyColumn);
    return { key: `${k >= 0 ? cells[k] : ''}#${i}`, cells, problem: '', tone: 'ok' };
  });
  return { summary, columns, rows, from: 'network model' };
}

export function ovnTable(cluster: Cluster): OvnTable {
  if (modelApi) {
    try {
      const t = adapt(modelApi.ovnSummary(cluster), 'NODE');
      if (t) return t;
    } catch {
      // Fall back to the API objects below.
    }
  }
  return ovnFromApi(cluster);
}

/** One node's flows (the network model) or its logical switch ports (derived). */
export function ovnNodeTable(cluster: Cluster, node: string): OvnTable {
  if (modelApi?.ovnFlowsTable) {
    try {
      const t = adapt(modelApi.ovnFlowsTable(cluster, node), 'TABLE');
      if (t) return t;
    } catch {
      // Fall back below.
    }
  }
  const rows: Row[] = [];
  for (const o of cluster.api.cachedList('pods')) {
    const p = o as Pod;
    if (p.spec?.nodeName !== node || p.spec.hostNetwork || !p.status?.podIP) continue;
    const port = `${p.metadata.namespace}_${p.metadata.name}`;
    rows.push({ key: port, cells: [port, p.status.podIP, p.metadata.namespace ?? '', p.metadata.name, p.status.phase ?? ''], problem: '', tone: 'ok' });
  }
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    summary: [`logical switch ${node}: ${rows.length} pod ports (the network model's OpenFlow tables are not in this cluster)`],
    columns: ['LOGICAL SWITCH PORT', 'ADDRESS', 'NAMESPACE', 'POD', 'PHASE'],
    rows,
    from: 'api objects',
  };
}

const tableRenderer = (columns: string[]): Renderer<Row> => ({ columns, flexible: columns.slice(1).reverse(), statusColumn: -1, row: (r: Row) => r });

/** Recomputing costs a pass over every pod: at most every 10x its cost on a big cluster. */
function throttled<T>(compute: () => T, version: () => string): () => T {
  let last: { v: string; at: number; cost: number; value: T } | undefined;
  return () => {
    const v = version();
    const now = performance.now();
    if (last && (last.v === v || now - last.at < last.cost * 10)) return last.value;
    const value = compute();
    const end = performance.now();
    last = { v, at: end, cost: end - now, value };
    return value;
  };
}

function ovnVersion(cluster: Cluster): string {
  const a = cluster.api;
  return `${a.cacheVersion('nodes')}.${a.cacheVersion('pods')}.${a.cacheVersion('services')}.${a.cacheVersion('networkpolicies')}`;
}

/** `{kind:'rows', id:'ovn'}`: nodes; `{id:'ovn', arg: node}`: that node's flows or ports. */
export function ovnProvider(cluster: Cluster): RowProvider & { table(arg?: string): OvnTable } {
  const main = throttled(() => ovnTable(cluster), () => ovnVersion(cluster));
  const perNode = new Map<string, () => OvnTable>();
  const table = (arg?: string): OvnTable => {
    if (!arg) return main();
    let f = perNode.get(arg);
    if (!f) {
      if (perNode.size > 16) perNode.clear();
      perNode.set(arg, (f = throttled(() => ovnNodeTable(cluster, arg), () => ovnVersion(cluster))));
    }
    return f();
  };
  const renderers = new Map<string, Renderer<Row>>();
  return {
    table,
    version: (arg) => {
      const t = table(arg);
      return `${ovnVersion(cluster)}|${t.columns.length}`;
    },
    renderer: (arg) => {
      const cols = table(arg).columns;
      const k = cols.join('|');
      let r = renderers.get(k);
      if (!r) renderers.set(k, (r = tableRenderer(cols)));
      return r;
    },
    objects: (arg) => table(arg).rows,
    header: (arg) => {
      const t = table(arg);
      return [...t.summary, `(from the ${t.from})`];
    },
  };
}
