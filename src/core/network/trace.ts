/**
 * The packet tracer: one TCP/UDP packet from a pod to an IP and port, walked through the
 * logical pipelines OVN would run it through (node switch, load balancer, ACLs, the cluster
 * router, the interconnect transit switch, the destination node's switch). `ovn-trace` prints
 * the walk; curl, nslookup and the kubelet's connection checks take its outcome.
 */
import type { Pod } from '../api/types.js';
import { hash32, inCidr, parseCidr, podMac, uuidFor } from './cidr.js';
import { evaluate, type AclInfo } from './policy.js';
import { lspName, type OvnNetwork } from './model.js';

export interface Stage {
  table: number;
  name: string;
  /** northd.c line, as ovn-trace prints the source of each logical flow. */
  line: number;
  match: string;
  priority: number;
  actions: string[];
}

export interface Pipeline {
  dir: 'ingress' | 'egress';
  dp: string;
  inport: string;
  outport?: string;
  /** The chassis whose zone runs this part (interconnect: each node has its own databases). */
  node: string;
  stages: Stage[];
  /** A `ct_next`/`ct_lb_mark` block opened before these stages. */
  ct?: string;
  tail?: string[];
}

export type Outcome =
  | { kind: 'delivered'; ip: string; port: number; node: string; pod?: Pod }
  | { kind: 'dropped'; node: string; acl: AclInfo; direction: 'Ingress' | 'Egress' }
  | { kind: 'rejected'; vip: string }
  | { kind: 'no-route'; sameSubnet: boolean }
  | { kind: 'external'; ip: string }
  | { kind: 'unbound'; node: string; pod: Pod; end: 'source' | 'destination' };

export interface TraceRequest {
  src: Pod;
  dstIp: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  /** Source port (tcpdump / trace header); a fixed one when not given. */
  sport?: number;
  /** ovn-trace: simulate only, move no counters. */
  dryRun?: boolean;
}

export interface Trace {
  req: TraceRequest;
  pipelines: Pipeline[];
  outcome: Outcome;
  /** After DNAT: the backend chosen by the load balancer. */
  backend?: { ip: string; port: number };
  /** The load balancer VIP the packet hit. */
  vip?: string;
}

const st = (table: number, name: string, line: number, match: string, priority: number, ...actions: string[]): Stage => ({ table, name, line, match, priority, actions });

export function traceUuid(s: Stage, dp: string): string {
  return uuidFor(`lflow/${dp}/${s.name}/${s.priority}/${s.match}`).slice(0, 8);
}

export function tracePacket(net: OvnNetwork, req: TraceRequest): Trace {
  const src = req.src;
  const srcNode = src.spec.nodeName!;
  const srcIp = src.status?.podIP ?? '0.0.0.0';
  const proto = req.protocol.toLowerCase();
  const pipelines: Pipeline[] = [];
  const trace: Trace = { req, pipelines, outcome: { kind: 'no-route', sameSubnet: false } };
  const inport = lspName(src);
  const ing: Pipeline = { dir: 'ingress', dp: srcNode, inport, node: srcNode, stages: [] };
  pipelines.push(ing);
  ing.stages.push(st(0, 'ls_in_check_port_sec', 8591, '1', 50, 'reg0[15] = check_in_port_sec();', 'next;'));
  ing.stages.push(st(4, 'ls_in_pre_acl', 5994, 'ip', 100, 'reg0[0] = 1;', 'next;'));
  ing.stages.push(st(5, 'ls_in_pre_lb', 6090, 'ip', 100, 'reg0[2] = 1;', 'next;'));
  ing.stages.push(st(6, 'ls_in_pre_stateful', 6212, 'reg0[2] == 1', 110, 'ct_lb_mark;'));
  const afterCt: Pipeline = { dir: 'ingress', dp: srcNode, inport, node: srcNode, stages: [], ct: 'ct_lb_mark /* default (use --ct to customize) */' };
  pipelines.push(afterCt);
  afterCt.stages.push(st(7, 'ls_in_acl_hint', 6300, '!ct.trk', 5, 'reg0[8] = 1;', 'reg0[9] = 1;', 'next;'));

  // Load balancing: a Service VIP is DNATed to one ready backend.
  let dstIp = req.dstIp;
  let dport = req.port;
  const svc = inCidr(dstIp, net.serviceCidr) ? net.serviceByIp(dstIp) : undefined;
  if (svc) {
    const be = net.backends(svc, req.port, req.protocol);
    if (be) {
      const vip = `${dstIp}:${req.port}`;
      trace.vip = vip;
      if (!req.dryRun) net.traffic.hitLb(srcNode, vip);
      const match = `ct.new && ip4.dst == ${dstIp} && ${proto}.dst == ${req.port}`;
      if (be.ips.length === 0) {
        afterCt.stages.push(st(13, 'ls_in_lb', 7040, match, 120, 'reg0[1] = 0;', `reject { /* Service_${svc.metadata.namespace}/${svc.metadata.name}_${req.protocol}_cluster has no backends */ ${proto === 'tcp' ? 'tcp_reset' : 'icmp4'} { output; }; };`));
        trace.outcome = { kind: 'rejected', vip };
        return trace;
      }
      const backends = be.ips.map((ip) => `${ip}:${be.targetPort}`).join(',');
      afterCt.stages.push(st(13, 'ls_in_lb', 7040, match, 120, 'reg0[1] = 0;', `ct_lb_mark(backends=${backends});`));
      const chosen = be.ips[hash32(`${srcIp}:${req.sport ?? 0}`) % be.ips.length]!;
      dstIp = chosen;
      dport = be.targetPort;
      trace.backend = { ip: chosen, port: dport };
      pipelines.push({ dir: 'ingress', dp: srcNode, inport, node: srcNode, stages: [], ct: `ct_lb_mark /* default (use --ct to customize) */\n/* chose backend ${chosen}:${dport} */` });
    }
  }
  const cur = (): Pipeline => pipelines[pipelines.length - 1]!;
  const dstPod = net.podByIp(dstIp);

  // Egress NetworkPolicy of the source: from-lport ACLs applied after the load balancer.
  const egress = evaluate(net.policiesIn(src.metadata.namespace!), 'Egress', src, { ip: dstIp, pod: dstPod, namespaceLabels: dstPod ? net.namespaceLabels(dstPod.metadata.namespace!) : undefined }, dport, req.protocol, dstPod);
  if (egress.acl) {
    if (!req.dryRun) net.traffic.hitAcl(srcNode, egress.acl.name);
    if (!egress.allowed) {
      cur().stages.push(st(18, 'ls_in_acl_after_lb_eval', 6518, egress.acl.match, egress.acl.priority + 1000, 'reg8[17] = 1;', 'next;'));
      cur().stages.push(st(19, 'ls_in_acl_after_lb_action', 6730, 'reg8[17] == 1', 1000, 'reg8[16] = 0;', 'reg8[17] = 0;', 'reg8[18] = 0;', `drop; /* ACL "${egress.acl.name}" */`));
      trace.outcome = { kind: 'dropped', node: srcNode, acl: egress.acl, direction: 'Egress' };
      return trace;
    }
    cur().stages.push(st(18, 'ls_in_acl_after_lb_eval', 6518, egress.acl.match, egress.acl.priority + 1000, 'reg8[16] = 1;', 'next;'));
    cur().stages.push(st(19, 'ls_in_acl_after_lb_action', 6730, 'reg8[16] == 1', 1000, 'reg8[16] = 0;', 'reg8[17] = 0;', 'reg8[18] = 0;', 'next;'));
  }
  cur().stages.push(st(20, 'ls_in_stateful', 6790, 'reg0[1] == 1 && reg0[13] == 0', 100, 'ct_commit { ct_mark.blocked = 0; };', 'next;'));

  const srcSubnet = parseCidr(net.subnet(srcNode));
  const gwMac = podMac(net.gatewayIp(srcNode));
  if (dstPod && dstPod.spec.nodeName === srcNode) {
    const dmac = podMac(dstIp);
    cur().stages.push(st(27, 'ls_in_l2_lkup', 9040, `eth.dst == ${dmac}`, 50, `outport = "${lspName(dstPod)}";`, 'output;'));
    return deliver(net, trace, srcNode, inport, dstPod, dstIp, dport, req.protocol);
  }
  if (!dstPod && inCidr(dstIp, srcSubnet)) {
    cur().stages.push(st(27, 'ls_in_l2_lkup', 9040, '1', 0, 'outport = get_fdb(eth.dst);', 'next;'));
    cur().stages.push(st(28, 'ls_in_l2_unknown', 9120, 'outport == "none"', 50, 'drop;'));
    trace.outcome = { kind: 'no-route', sameSubnet: true };
    return trace;
  }
  // To the cluster router.
  cur().stages.push(st(27, 'ls_in_l2_lkup', 9040, `eth.dst == ${gwMac}`, 50, `outport = "stor-${srcNode}";`, 'output;'));
  pipelines.push({ dir: 'egress', dp: srcNode, inport, outport: `stor-${srcNode}`, node: srcNode, stages: [st(9, 'ls_out_check_port_sec', 6012, '1', 0, 'reg0[15] = check_out_port_sec();', 'next;'), st(10, 'ls_out_apply_port_sec', 6045, '1', 0, 'output;')], tail: [`/* output to "stor-${srcNode}", type "patch" */`] });
  const lr: Pipeline = { dir: 'ingress', dp: 'ovn_cluster_router', inport: `rtos-${srcNode}`, node: srcNode, stages: [] };
  pipelines.push(lr);
  lr.stages.push(st(0, 'lr_in_admission', 11870, `eth.dst == ${gwMac} && inport == "rtos-${srcNode}" && is_chassis_resident("rtos-${srcNode}")`, 50, `xreg0[0..47] = ${gwMac};`, 'next;'));
  lr.stages.push(st(1, 'lr_in_lookup_neighbor', 11998, '1', 0, 'reg9[2] = 1;', 'next;'));
  lr.stages.push(st(2, 'lr_in_learn_neighbor', 12080, 'reg9[2] == 1', 100, 'next;'));

  const dstNode = dstPod?.spec.nodeName ?? net.nodeForIp(dstIp)?.name;
  if (dstNode && dstNode !== srcNode && inCidr(dstIp, net.clusterCidr)) {
    const tsSrc = net.transitIp(srcNode);
    const tsDst = net.transitIp(dstNode);
    lr.stages.push(st(13, 'lr_in_ip_routing', 10350, `ip4.dst == ${net.subnet(dstNode)}`, 69, 'ip.ttl--;', 'reg8[0..15] = 0;', `reg0 = ${tsDst};`, `reg1 = ${tsSrc};`, `eth.src = ${podMac(tsSrc)};`, `outport = "rtots-${srcNode}";`, 'flags.loopback = 1;', 'next;'));
    lr.stages.push(st(17, 'lr_in_arp_resolve', 12740, `outport == "rtots-${srcNode}" && reg0 == ${tsDst}`, 100, `eth.dst = ${podMac(tsDst)};`, 'next;'));
    lr.stages.push(st(21, 'lr_in_arp_request', 13420, '1', 0, 'output;'));
    pipelines.push({ dir: 'egress', dp: 'ovn_cluster_router', inport: `rtos-${srcNode}`, outport: `rtots-${srcNode}`, node: srcNode, stages: [st(5, 'lr_out_delivery', 13890, `outport == "rtots-${srcNode}"`, 100, 'output;')], tail: [`/* output to "rtots-${srcNode}", type "patch" */`] });
    pipelines.push({ dir: 'ingress', dp: 'transit_switch', inport: `tstor-${srcNode}`, node: srcNode, stages: [st(0, 'ls_in_check_port_sec', 8591, '1', 50, 'reg0[15] = check_in_port_sec();', 'next;'), st(27, 'ls_in_l2_lkup', 9040, `eth.dst == ${podMac(tsDst)}`, 50, `outport = "tstor-${dstNode}";`, 'output;')] });
    pipelines.push({ dir: 'egress', dp: 'transit_switch', inport: `tstor-${srcNode}`, outport: `tstor-${dstNode}`, node: srcNode, stages: [st(10, 'ls_out_apply_port_sec', 6045, '1', 0, 'output;')], tail: [`/* output to "tstor-${dstNode}", type "remote" */`, `/* geneve tunnel to chassis ${net.chassisId(dstNode).slice(0, 8)} (${dstNode}, ${net.node(dstNode)?.ip}); the rest runs in ${dstNode}'s zone */`] });
    // The destination node's zone.
    const lr2: Pipeline = { dir: 'ingress', dp: 'ovn_cluster_router', inport: `rtots-${dstNode}`, node: dstNode, stages: [] };
    pipelines.push(lr2);
    const dgw = net.gatewayIp(dstNode);
    lr2.stages.push(st(0, 'lr_in_admission', 11870, `eth.dst == ${podMac(tsDst)} && inport == "rtots-${dstNode}"`, 50, `xreg0[0..47] = ${podMac(tsDst)};`, 'next;'));
    if (!dstPod) {
      lr2.stages.push(st(13, 'lr_in_ip_routing', 10350, `ip4.dst == ${net.subnet(dstNode)}`, 74, 'ip.ttl--;', `reg0 = ip4.dst;`, `reg1 = ${dgw};`, `eth.src = ${podMac(dgw)};`, `outport = "rtos-${dstNode}";`, 'next;'));
      lr2.stages.push(st(17, 'lr_in_arp_resolve', 12740, '1', 0, 'get_arp(outport, reg0);', '/* No MAC binding. */', 'next;'));
      lr2.stages.push(st(21, 'lr_in_arp_request', 13420, 'eth.dst == 00:00:00:00:00:00 && ip4', 100, 'arp { eth.dst = ff:ff:ff:ff:ff:ff; arp.spa = reg1; arp.tpa = reg0; arp.op = 1; output; }; /* no logical port has this address */'));
      trace.outcome = { kind: 'no-route', sameSubnet: false };
      return trace;
    }
    lr2.stages.push(st(13, 'lr_in_ip_routing', 10350, `ip4.dst == ${net.subnet(dstNode)}`, 74, 'ip.ttl--;', `reg0 = ip4.dst;`, `reg1 = ${dgw};`, `eth.src = ${podMac(dgw)};`, `outport = "rtos-${dstNode}";`, 'next;'));
    lr2.stages.push(st(17, 'lr_in_arp_resolve', 12740, `outport == "rtos-${dstNode}" && reg0 == ${dstIp}`, 100, `eth.dst = ${podMac(dstIp)};`, 'next;'));
    pipelines.push({ dir: 'egress', dp: 'ovn_cluster_router', inport: `rtots-${dstNode}`, outport: `rtos-${dstNode}`, node: dstNode, stages: [st(5, 'lr_out_delivery', 13890, `outport == "rtos-${dstNode}"`, 100, 'output;')], tail: [`/* output to "rtos-${dstNode}", type "patch" */`] });
    pipelines.push({ dir: 'ingress', dp: dstNode, inport: `stor-${dstNode}`, node: dstNode, stages: [st(0, 'ls_in_check_port_sec', 8591, '1', 50, 'reg0[15] = check_in_port_sec();', 'next;'), st(27, 'ls_in_l2_lkup', 9040, `eth.dst == ${podMac(dstIp)}`, 50, `outport = "${lspName(dstPod)}";`, 'output;')] });
    return deliver(net, trace, dstNode, `stor-${dstNode}`, dstPod, dstIp, dport, req.protocol);
  }
  if (dstPod || inCidr(dstIp, net.clusterCidr) || inCidr(dstIp, net.serviceCidr)) {
    // In the cluster network (or a Service range address no Service holds): nothing answers.
    lr.stages.push(st(13, 'lr_in_ip_routing', 10350, `ip4.dst == ${inCidr(dstIp, net.serviceCidr) ? net.ctx.info.serviceCIDR : net.ctx.info.clusterCIDR}`, 1, 'drop;'));
    trace.outcome = { kind: 'no-route', sameSubnet: false };
    return trace;
  }
  // Anything else leaves through the node's gateway router, SNATed to the node IP.
  const joinIp = net.joinIp(srcNode);
  lr.stages.push(st(13, 'lr_in_ip_routing', 10350, `ip4.src == ${net.subnet(srcNode)}`, 1, 'ip.ttl--;', `reg0 = ${joinIp};`, 'reg1 = 100.64.0.1;', 'eth.src = 0a:58:64:40:00:01;', 'outport = "rtoj-ovn_cluster_router";', 'next;'));
  pipelines.push({ dir: 'egress', dp: 'ovn_cluster_router', inport: `rtos-${srcNode}`, outport: 'rtoj-ovn_cluster_router', node: srcNode, stages: [st(5, 'lr_out_delivery', 13890, 'outport == "rtoj-ovn_cluster_router"', 100, 'output;')], tail: ['/* output to "rtoj-ovn_cluster_router", type "patch" */'] });
  const nodeIp = net.node(srcNode)?.ip ?? '';
  pipelines.push({
    dir: 'egress',
    dp: `GR_${srcNode}`,
    inport: `rtoj-GR_${srcNode}`,
    outport: `rtoe-GR_${srcNode}`,
    node: srcNode,
    stages: [st(2, 'lr_out_snat', 13010, `ip && ip4.src == ${net.ctx.info.clusterCIDR} && outport == "rtoe-GR_${srcNode}"`, 153, `ct_snat(${nodeIp});`)],
    tail: [`/* output to "rtoe-GR_${srcNode}", type "l3gateway" */`, `/* output to "br-ex_${srcNode}", type "localnet" */`],
  });
  trace.outcome = { kind: 'external', ip: dstIp };
  return trace;
}

function deliver(net: OvnNetwork, trace: Trace, node: string, inport: string, dst: Pod, dstIp: string, dport: number, protocol: 'TCP' | 'UDP'): Trace {
  const src = trace.req.src;
  const outport = lspName(dst);
  const eg: Pipeline = { dir: 'egress', dp: node, inport, outport, node, stages: [] };
  trace.pipelines.push(eg);
  eg.stages.push(st(1, 'ls_out_pre_acl', 5994, 'ip', 100, 'reg0[0] = 1;', 'next;'));
  eg.stages.push(st(2, 'ls_out_pre_stateful', 6212, 'reg0[0] == 1', 100, 'ct_next;'));
  const ctStages: Pipeline = { dir: 'egress', dp: node, inport, outport, node, stages: [], ct: 'ct_next(ct_state=new|trk /* default (use --ct to customize) */)' };
  trace.pipelines.push(ctStages);
  // Traffic from the node itself (kubelet probes through ovn-k8s-mp0) is always allowed.
  const verdict = evaluate(net.policiesIn(dst.metadata.namespace!), 'Ingress', dst, { ip: src.status?.podIP ?? '', pod: src, namespaceLabels: net.namespaceLabels(src.metadata.namespace!) }, dport, protocol, dst);
  if (verdict.acl) {
    if (!trace.req.dryRun) net.traffic.hitAcl(node, verdict.acl.name);
    if (!verdict.allowed) {
      ctStages.stages.push(st(4, 'ls_out_acl_eval', 6518, verdict.acl.match, verdict.acl.priority + 1000, 'reg8[17] = 1;', 'next;'));
      ctStages.stages.push(st(5, 'ls_out_acl_action', 6730, 'reg8[17] == 1', 1000, 'reg8[16] = 0;', 'reg8[17] = 0;', 'reg8[18] = 0;', `drop; /* ACL "${verdict.acl.name}" */`));
      trace.outcome = { kind: 'dropped', node, acl: verdict.acl, direction: 'Ingress' };
      return trace;
    }
    ctStages.stages.push(st(4, 'ls_out_acl_eval', 6518, verdict.acl.match, verdict.acl.priority + 1000, 'reg8[16] = 1;', 'next;'));
    ctStages.stages.push(st(5, 'ls_out_acl_action', 6730, 'reg8[16] == 1', 1000, 'reg8[16] = 0;', 'reg8[17] = 0;', 'reg8[18] = 0;', 'next;'));
  }
  ctStages.stages.push(st(8, 'ls_out_stateful', 6790, 'reg0[1] == 1 && reg0[13] == 0', 100, 'ct_commit { ct_mark.blocked = 0; };', 'next;'));
  ctStages.stages.push(st(9, 'ls_out_check_port_sec', 6012, '1', 0, 'reg0[15] = check_out_port_sec();', 'next;'));
  ctStages.stages.push(st(10, 'ls_out_apply_port_sec', 6045, '1', 0, 'output;'));
  ctStages.tail = [`/* output to "${outport}", type "" */`];
  if (!net.bound(src)) trace.outcome = { kind: 'unbound', node: src.spec.nodeName!, pod: src, end: 'source' };
  else if (!net.bound(dst)) trace.outcome = { kind: 'unbound', node, pod: dst, end: 'destination' };
  else trace.outcome = { kind: 'delivered', ip: dstIp, port: dport, node, pod: dst };
  return trace;
}

/** The ovn-trace microflow header line (`# tcp,reg14=0x5,...`). */
export function flowHeader(net: OvnNetwork, t: Trace): string {
  const src = t.req.src;
  const sip = src.status?.podIP ?? '0.0.0.0';
  const proto = t.req.protocol.toLowerCase();
  const dmac = net.podByIp(t.req.dstIp)?.spec.nodeName === src.spec.nodeName ? podMac(t.req.dstIp) : podMac(net.gatewayIp(src.spec.nodeName!));
  return `# ${proto},reg14=0x${net.portKey(src).toString(16)},vlan_tci=0x0000,dl_src=${podMac(sip)},dl_dst=${dmac},nw_src=${sip},nw_dst=${t.req.dstIp},nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no,tp_src=${t.req.sport ?? 0},tp_dst=${t.req.port}${proto === 'tcp' ? ',tcp_flags=0' : ''}`;
}

/** ovn-trace --detailed text. */
export function formatTrace(net: OvnNetwork, t: Trace, mode: 'detailed' | 'summary' | 'minimal' = 'detailed'): string {
  const lines: string[] = [flowHeader(net, t)];
  if (mode === 'minimal') {
    lines.push(minimalTail(t));
    return lines.join('\n') + '\n';
  }
  if (mode === 'summary') {
    let depth = 0;
    let last = '';
    for (const p of t.pipelines) {
      const title = titleOf(p);
      if (p.ct) continue;
      if (title !== last) {
        lines.push(`${'    '.repeat(depth)}${title} {`);
        depth++;
        last = title;
      }
    }
    lines.push(`${'    '.repeat(depth)}${minimalTail(t)}`);
    while (depth > 0) lines.push(`${'    '.repeat(--depth)}};`);
    return lines.join('\n') + '\n';
  }
  lines.push('');
  let zone = t.req.src.spec.nodeName!;
  for (const p of t.pipelines) {
    if (p.node !== zone) {
      zone = p.node;
      lines.push(`/* ----- ${zone} zone (its own northbound/southbound databases) ----- */`, '');
    }
    const title = p.ct ?? titleOf(p);
    for (const l of title.split('\n')) lines.push(l);
    lines.push('-'.repeat(title.split('\n')[0]!.length));
    for (const s of p.stages) {
      lines.push(`${String(s.table).padStart(2)}. ${s.name} (northd.c:${s.line}): ${s.match}, priority ${s.priority}, uuid ${traceUuid(s, p.dp)}`);
      for (const a of s.actions) lines.push(`    ${a}`);
    }
    for (const tl of p.tail ?? []) lines.push(`    ${tl}`);
    lines.push('');
  }
  return lines.join('\n');
}

function titleOf(p: Pipeline): string {
  return p.dir === 'ingress' ? `ingress(dp="${p.dp}", inport="${p.inport}")` : `egress(dp="${p.dp}", inport="${p.inport}", outport="${p.outport}")`;
}

function minimalTail(t: Trace): string {
  const o = t.outcome;
  if (o.kind === 'delivered' || o.kind === 'unbound') return `output("${lspName(o.pod ?? t.req.src)}");`;
  if (o.kind === 'external') return `output("br-ex_${t.req.src.spec.nodeName}");`;
  if (o.kind === 'rejected') return 'reject;';
  return 'drop;';
}
