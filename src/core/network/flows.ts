/**
 * OpenFlow on a node's br-int, as ovn-controller would program it from the southbound
 * database: a representative subset of the real tables (0 physical-to-logical, 8-36 the logical
 * switch ingress pipeline, 39 remote output, 42-52 the egress pipeline, 65 logical-to-physical).
 * Built on demand for one node; packet counters come from kubelet probes (computed from time)
 * and from the connections the tracer has carried, so nothing is swept per tick.
 */
import type { Pod } from '../api/types.js';
import { podMac, uuidFor } from './cidr.js';
import { DP, lspName, portCreated, TRANSIT_KEY, type OvnNetwork } from './model.js';
import { aclsOf, portGroupName, type CompiledPolicy } from './policy.js';
import { matches } from '../api/labels.js';

export const OFTABLE = { physToLog: 0, ingress: 8, remoteOutput: 39, egress: 42, logToPhys: 65 } as const;

export interface Flow {
  cookie: string;
  table: number;
  priority: number;
  match: string;
  actions: string;
  packets: number;
  bytes: number;
  /** When it was installed (ms). */
  since: number;
  /** Last packet (ms), if any. */
  lastHit?: number;
}

const BYTES_PER_PACKET = 92;

/** Packets a pod's kubelet probes have caused so far (each HTTP probe ~10 packets, TCP ~6). */
export function probePackets(p: Pod, now: number): { packets: number; last?: number } {
  const start = p.status?.startTime ? Date.parse(p.status.startTime) : undefined;
  if (start === undefined || now <= start) return { packets: 0 };
  let packets = 0;
  let last: number | undefined;
  for (const c of p.spec.containers) {
    for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
      if (!probe || !(probe.httpGet || probe.tcpSocket)) continue;
      const period = (probe.periodSeconds ?? 10) * 1000;
      const first = start + (probe.initialDelaySeconds ?? 0) * 1000;
      if (now < first) continue;
      const n = Math.floor((now - first) / period) + 1;
      packets += n * (probe.httpGet ? 10 : 6);
      const l = first + (n - 1) * period;
      last = last === undefined ? l : Math.max(last, l);
    }
  }
  return { packets, last };
}

function cookie(key: string): string {
  return `0x${uuidFor(key).slice(0, 8).replace(/^0+(?=.)/, '')}`;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** Every flow of one node's br-int, in dump-flows order (by table, then priority descending). */
export function nodeFlows(net: OvnNetwork, node: string): Flow[] {
  const ctl = net.controllers.get(node);
  const now = net.ctx.clock.now();
  const boot = Math.max(net.startedAt, 0);
  const flows: Flow[] = [];
  const md = `metadata=${hex(DP.nodeSwitch)}`;
  const add = (key: string, table: number, priority: number, match: string, actions: string, packets = 0, since = boot, lastHit?: number): void => {
    flows.push({ cookie: cookie(`${node}/${key}`), table, priority, match, actions, packets, bytes: packets * BYTES_PER_PACKET, since, lastHit });
  };
  const pods = net.podsOn(node).filter((p) => net.bound(p) && p.status?.podIP);
  const per = pods.map((p) => {
    const probes = probePackets(p, now);
    const t = net.traffic.podPackets(`${p.metadata.namespace}/${p.metadata.name}`);
    return { p, packets: probes.packets + t.packets, last: probes.last, since: Math.max(portCreated(p), boot, ctl?.startedAt ?? boot) };
  });
  const total = per.reduce((a, x) => a + x.packets, 0);
  const probeTotal = per.reduce((a, x) => a + probePackets(x.p, now).packets, 0);
  const regs = (key: number): string => `load:${hex(key)}->NXM_NX_REG13[],load:0x1->NXM_NX_REG11[],load:0x3->NXM_NX_REG12[],load:${hex(DP.nodeSwitch)}->OXM_OF_METADATA[],load:${hex(key)}->NXM_NX_REG14[],resubmit(,8)`;

  // Table 0: which logical port a packet came from.
  add('mp0', 0, 100, 'in_port=2', regs(2), Math.floor(probeTotal / 2));
  for (const x of per) add(`in/${lspName(x.p)}`, 0, 100, `in_port=${net.ofport(x.p)}`, regs(net.portKey(x.p)), Math.ceil(x.packets / 2), x.since, x.last);
  for (const other of net.nodes) {
    if (other.name === node) continue;
    add(`tun/${other.name}`, 0, 100, `in_port=${net.tunnelOfport(node, other.name)}`, 'move:NXM_NX_TUN_ID[0..23]->OXM_OF_METADATA[0..23],move:NXM_NX_TUN_METADATA0[16..30]->NXM_NX_REG14[0..14],move:NXM_NX_TUN_METADATA0[0..15]->NXM_NX_REG15[0..15],resubmit(,40)');
  }
  add('t0-drop', 0, 0, '', 'drop');

  // Logical switch ingress.
  const T = (n: number): number => OFTABLE.ingress + n;
  for (const x of per) add(`psec/${lspName(x.p)}`, T(0), 50, `reg14=${hex(net.portKey(x.p))},${md},dl_src=${podMac(x.p.status!.podIP!)}`, 'resubmit(,9)', Math.ceil(x.packets / 2), x.since, x.last);
  add('psec-vlan', T(0), 100, `${md},vlan_tci=0x1000/0x1000`, 'drop');
  add('pre-acl', T(4), 100, `ip,${md}`, 'load:0x1->NXM_NX_XXREG0[96],resubmit(,13)', total);
  add('pre-lb', T(5), 100, `ip,${md}`, 'load:0x1->NXM_NX_XXREG0[98],resubmit(,14)', total);
  add('pre-stateful', T(6), 110, `ip,reg0=0x4/0x4,${md}`, `ct(table=${T(7)},zone=NXM_NX_REG13[0..15],nat)`, total);
  // One load-balancer flow per Service VIP and port (every node switch has every cluster LB).
  let group = 1;
  const services = [...net.services.list()].filter((s) => s.spec?.clusterIP && s.spec.clusterIP !== 'None').sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  for (const s of services) {
    for (const sp of (s.spec.ports ?? []) as Array<{ port: number; protocol?: string }>) {
      const proto = (sp.protocol ?? 'TCP').toLowerCase();
      const be = net.backends(s, sp.port, sp.protocol ?? 'TCP');
      const vip = `${s.spec.clusterIP}:${sp.port}`;
      const actions = be && be.ips.length ? `load:0->NXM_NX_XXREG0[97],group:${group++}` : 'controller(userdata=00.00.00.0b.00.00.00.00)';
      add(`lb/${s.metadata.namespace}/${s.metadata.name}/${proto}/${sp.port}`, T(13), 120, `ct_state=+new+trk,${proto},${md},nw_dst=${s.spec.clusterIP},tp_dst=${sp.port}`, actions, net.traffic.lbHits(node, vip));
    }
  }
  // NetworkPolicy ACLs for the local pods their port groups hold.
  const byNs = new Map<string, Pod[]>();
  for (const x of per) {
    const ns = x.p.metadata.namespace!;
    if (!net.policies.has(ns)) continue;
    byNs.set(ns, [...(byNs.get(ns) ?? []), x.p]);
  }
  const egressAcl: Flow[] = [];
  const ingressAcl: Flow[] = [];
  for (const [ns, nsPods] of byNs) {
    const pols = [...net.policiesIn(ns)].sort((a, b) => a.name.localeCompare(b.name));
    for (const dir of ['Ingress', 'Egress'] as const) {
      const isolated = nsPods.filter((p) => pols.some((pol) => (dir === 'Ingress' ? pol.ingress : pol.egress) && matches(pol.select, p.metadata.labels ?? {})));
      if (isolated.length === 0) continue;
      const table = dir === 'Ingress' ? OFTABLE.egress + 4 : T(18);
      const reg = dir === 'Ingress' ? 'reg15' : 'reg14';
      const target = dir === 'Ingress' ? ingressAcl : egressAcl;
      for (const pol of pols) {
        for (const acl of aclsOf(pol as CompiledPolicy).filter((a) => a.name.includes(`:${dir}:`))) {
          for (const p of nsPods.filter((q) => matches(pol.select, q.metadata.labels ?? {}))) {
            target.push({ cookie: cookie(`${node}/acl/${acl.name}`), table, priority: acl.priority + 1000, match: `ip,${reg}=${hex(net.portKey(p))},${md}`, actions: `load:0x1->NXM_NX_XXREG0[112],resubmit(,${table + 1})`, packets: net.traffic.aclHits(node, acl.name), bytes: net.traffic.aclHits(node, acl.name) * BYTES_PER_PACKET, since: boot });
          }
        }
      }
      const deny = `NP:${ns}:${dir}`;
      for (const p of isolated) {
        target.push({ cookie: cookie(`${node}/acl/${deny}/${portGroupName(ns, `${dir.toLowerCase()}DefaultDeny`)}`), table, priority: 2000, match: `ip,${reg}=${hex(net.portKey(p))},${md}`, actions: 'drop', packets: net.traffic.aclHits(node, deny), bytes: net.traffic.aclHits(node, deny) * BYTES_PER_PACKET, since: boot });
      }
    }
  }
  flows.push(...egressAcl);
  // L2 lookup: to a local pod, to the management port, or to the router.
  for (const x of per) add(`l2/${lspName(x.p)}`, T(27), 50, `${md},dl_dst=${podMac(x.p.status!.podIP!)}`, `load:${hex(net.portKey(x.p))}->NXM_NX_REG15[],resubmit(,37)`, Math.floor(x.packets / 2), x.since, x.last);
  add('l2-rtr', T(27), 50, `${md},dl_dst=${podMac(net.gatewayIp(node))}`, 'load:0x1->NXM_NX_REG15[],resubmit(,37)');
  // Remote output: transit-switch ports of the other nodes, through their geneve tunnels.
  for (const other of net.nodes) {
    if (other.name === node) continue;
    const k = 2 + (net.nodeIndex.get(other.name) ?? 0);
    add(`remote/${other.name}`, OFTABLE.remoteOutput, 100, `reg15=${hex(k)},metadata=${hex(TRANSIT_KEY)}`, `load:${hex(TRANSIT_KEY)}->NXM_NX_TUN_ID[0..23],set_field:${hex(k)}->tun_metadata0,move:NXM_NX_REG14[0..14]->NXM_NX_TUN_METADATA0[16..30],output:${net.tunnelOfport(node, other.name)}`);
  }
  // Logical switch egress.
  add('out-pre-acl', OFTABLE.egress + 1, 100, `ip,${md}`, 'load:0x1->NXM_NX_XXREG0[96],resubmit(,44)', total);
  flows.push(...ingressAcl);
  add('out-psec', OFTABLE.egress + 9, 0, md, 'resubmit(,52)', total);
  // Table 65: out of the logical port's interface.
  add('out/mp0', OFTABLE.logToPhys, 100, `reg15=0x2,${md}`, 'output:2', Math.floor(probeTotal / 2));
  for (const x of per) add(`out/${lspName(x.p)}`, OFTABLE.logToPhys, 100, `reg15=${hex(net.portKey(x.p))},${md}`, `output:${net.ofport(x.p)}`, Math.floor(x.packets / 2), x.since, x.last);
  flows.sort((a, b) => a.table - b.table || b.priority - a.priority);
  return flows;
}

/** Service VIP:port pairs of the cluster (one load-balancer flow each on every node). */
export function serviceVips(net: OvnNetwork): number {
  let vips = 0;
  for (const s of net.services.list()) if (s.spec?.clusterIP && s.spec.clusterIP !== 'None') vips += (s.spec.ports ?? []).length;
  return vips;
}

/** How many flows nodeFlows returns for a node with `boundPods` pods, without building them (NetworkPolicy ACL flows aside). */
export function flowCount(net: OvnNetwork, boundPods: number, vips: number): number {
  return 10 + boundPods * 4 + (net.nodes.length - 1) * 2 + vips;
}

/** One `ovs-ofctl dump-flows br-int` line. */
export function formatFlow(f: Flow, now: number): string {
  const dur = Math.max(0, now - f.since) / 1000;
  const idle = f.packets > 0 ? Math.max(0, Math.floor((now - (f.lastHit ?? now)) / 1000)) : Math.floor(dur);
  const match = f.match ? `priority=${f.priority},${f.match}` : `priority=${f.priority}`;
  return ` cookie=${f.cookie}, duration=${dur.toFixed(3)}s, table=${f.table}, n_packets=${f.packets}, n_bytes=${f.bytes}, idle_age=${idle}, ${match} actions=${f.actions}`;
}
