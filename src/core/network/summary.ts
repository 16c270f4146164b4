/**
 * Data for the dashboard's `:ovn` view and home pane: one row per node (its chassis, whether
 * ovn-controller runs, logical ports, flows, packets) and one node's br-int flows as rows.
 * Plain data; the TUI renders it.
 */
import type { Cluster } from '../cluster.js';
import { flowCount, formatFlow, nodeFlows, probePackets, serviceVips } from './flows.js';
import type { OvnNetwork } from './model.js';

export interface OvnNodeRow {
  node: string;
  /** Chassis name (the first block of its UUID, as ovn-sbctl shows it). */
  chassis: string;
  ovnController: boolean;
  /** Logical switch ports of pods on the node (bound or not). */
  lsps: number;
  /** Ports whose binding ovn-controller never claimed (no flows: traffic fails). */
  unbound: number;
  flows: number;
  packets: number;
  subnet: string;
}

export interface OvnFlowRow {
  table: number;
  priority: number;
  cookie: string;
  packets: number;
  bytes: number;
  match: string;
  actions: string;
  /** The dump-flows line, exactly as ovs-ofctl prints it. */
  line: string;
}

function model(cluster: Cluster): OvnNetwork {
  return cluster.network.model;
}

const memo = new WeakMap<Cluster, { key: string; rows: OvnNodeRow[] }>();

/**
 * One row per node. Walks every pod once (O(pods)), so it is memoised on the informer and
 * traffic versions, the ovn-controller states and the clock: views may call it every frame.
 */
export function ovnSummary(cluster: Cluster): OvnNodeRow[] {
  const net = model(cluster);
  const now = cluster.clock.now();
  let down = '';
  for (const c of net.controllers.values()) if (!c.running) down += `${c.node},`;
  const key = `${now}|${net.pods.version}|${net.services.version}|${net.traffic.version}|${down}`;
  const hit = memo.get(cluster);
  if (hit && hit.key === key) return hit.rows;
  const rows = summarise(net, now);
  memo.set(cluster, { key, rows });
  return rows;
}

function summarise(net: OvnNetwork, now: number): OvnNodeRow[] {
  const vips = serviceVips(net);
  return net.nodes.map((n) => {
    let lsps = 0;
    let unbound = 0;
    let active = 0;
    let packets = 0;
    for (const p of net.pods.byIndex('spec.nodeName', n.name)) {
      if (!net.hasPort(p)) continue;
      lsps++;
      if (!net.bound(p)) {
        unbound++;
        continue;
      }
      if (!p.status?.podIP) continue;
      active++;
      packets += probePackets(p, now).packets + net.traffic.podPackets(`${p.metadata.namespace}/${p.metadata.name}`).packets;
    }
    return {
      node: n.name,
      chassis: net.chassisId(n.name),
      ovnController: net.controllerRunning(n.name),
      lsps,
      unbound,
      flows: flowCount(net, active, vips),
      packets,
      subnet: n.podCIDR,
    };
  });
}

export function ovnFlowsTable(cluster: Cluster, node: string): OvnFlowRow[] {
  const net = model(cluster);
  if (!net.node(node)) return [];
  const now = cluster.clock.now();
  return nodeFlows(net, node).map((f) => ({ table: f.table, priority: f.priority, cookie: f.cookie, packets: f.packets, bytes: f.bytes, match: f.match, actions: f.actions, line: formatFlow(f, now) }));
}

/** Bumped when traffic moves counters (views can poll it next to the informer versions). */
export function ovnVersion(cluster: Cluster): number {
  const net = model(cluster);
  return net.traffic.version + net.pods.version + net.services.version + net.netpols.version;
}
