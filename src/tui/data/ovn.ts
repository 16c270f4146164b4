/**
 * OVN-Kubernetes for the home pane and `:ovn`: per node its chassis, ovn-controller, logical
 * ports, flows and packets, and for one node its br-int flows, from the network model
 * (src/core/network/summary.ts). A cluster without one gets the topology derived from what the
 * API server holds, as ovnkube-controller derives the northbound database: a logical switch per
 * node with its subnet, a port per pod with an IP, a gateway router per node.
 */
import type { Cluster } from '../../core/cluster.js';
import type { KObject, Node, Pod } from '../../core/api/types.js';
import type { Renderer, Row } from './renderer.js';
import type { RowProvider } from './table-model.js';
import { ovnFlowsTable, ovnSummary, ovnVersion as modelVersion } from '../../core/network/summary.js';

/** What the OVN pane and view draw: summary lines and one row per node (or per flow). */
export interface OvnTable {
  summary: string[];
  columns: string[];
  rows: Row[];
  /** Which model produced it: the network model, or the API objects it is derived from. */
  from: 'network model' | 'api objects';
}

const MODEL_COLUMNS = ['NODE', 'CHASSIS', 'OVN-CONTROLLER', 'SUBNET', 'PORTS', 'UNBOUND', 'FLOWS', 'PACKETS'];

/** Per node from the network model: its chassis, ovn-controller, logical ports, flows, packets. */
export function ovnFromModel(cluster: Cluster): OvnTable {
  const nodes = ovnSummary(cluster);
  let ports = 0;
  let unbound = 0;
  let flows = 0;
  let packets = 0;
  const rows: Row[] = nodes.map((n) => {
    ports += n.lsps;
    unbound += n.unbound;
    flows += n.flows;
    packets += n.packets;
    const problem = !n.ovnController ? 'ovn-controller is not running: no flows for new ports' : n.unbound ? `${n.unbound} logical port(s) not bound by ovn-controller` : '';
    return {
      key: n.node,
      cells: [n.node, n.chassis, n.ovnController ? 'running' : 'stopped', n.subnet, String(n.lsps), String(n.unbound), String(n.flows), String(n.packets)],
      problem,
      tone: problem ? 'error' : 'ok',
    };
  });
  let lbs = 0;
  for (const s of cluster.api.cachedList('services')) if (s.spec?.clusterIP && s.spec.clusterIP !== 'None') lbs++;
  let policies = 0;
  for (const _ of cluster.api.cachedList('networkpolicies')) policies++;
  return {
    summary: [
      `${ports} ports (${unbound} unbound), ${flows} flows, ${packets} packets`,
      `ovn_cluster_router + join switch; ${rows.length} node switches, gateway routers and chassis; ${lbs} service load balancers; ${policies} NetworkPolicies as ACLs`,
    ],
    columns: MODEL_COLUMNS,
    rows,
    from: 'network model',
  };
}

/** One node's br-int flows, as `ovs-ofctl dump-flows br-int` lists them. */
export function flowsFromModel(cluster: Cluster, node: string): OvnTable {
  const flows = ovnFlowsTable(cluster, node);
  const rows: Row[] = flows.map((f, i) => ({
    key: `${i}`,
    cells: [String(f.table), String(f.priority), String(f.packets), String(f.bytes), f.match || '(any)', f.actions],
    problem: '',
    tone: f.actions === 'drop' && f.packets > 0 ? 'pending' : 'ok',
  }));
  return {
    summary: [`br-int on ${node}: ${rows.length} flows (ovs-ofctl dump-flows br-int; counters move with traffic)`],
    columns: ['TABLE', 'PRIORITY', 'PACKETS', 'BYTES', 'MATCH', 'ACTIONS'],
    rows,
    from: 'network model',
  };
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

/** The network model's view; the API objects' if the cluster has no network model. */
export function ovnTable(cluster: Cluster): OvnTable {
  try {
    return ovnFromModel(cluster);
  } catch {
    return ovnFromApi(cluster);
  }
}

/** One node's flows (the network model) or its logical switch ports (derived). */
export function ovnNodeTable(cluster: Cluster, node: string): OvnTable {
  try {
    return flowsFromModel(cluster, node);
  } catch {
    // Derived below.
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
  let model = 0;
  try {
    model = modelVersion(cluster);
  } catch {
    // No network model: the API versions alone.
  }
  return `${a.cacheVersion('nodes')}.${a.cacheVersion('pods')}.${model}.${Math.floor(cluster.clock.now() / 5000)}`;
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
