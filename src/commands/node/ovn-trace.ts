/**
 * ovn-trace [--detailed|--summary|--minimal] [DATAPATH] MICROFLOW on a node, e.g.
 *   ovn-trace worker-1 'inport == "shop_frontend-7d4b9c-abcde" && ip4.dst == 172.30.12.34 && tcp.dst == 8080'
 * The microflow needs inport (a pod of this node's zone: interconnect keeps each node's
 * logical ports in its own databases) and ip4.dst; tcp.dst/udp.dst default to TCP port 80.
 * eth.src/eth.dst/ip4.src/ip.ttl may be given and are taken from the port when left out.
 */
import { formatTrace, tracePacket } from '../../core/network/trace.js';
import { lspName } from '../../core/network/model.js';
import type { NodeTool } from './types.js';
import { needsHost, networkOf, res } from './ovn-common.js';

const USAGE = `ovn-trace: at least one of the datapath and microflow arguments is required (use --help for help)\n`;

export const ovnTrace: NodeTool = (argv, _stdin, shell) => {
  const denied = needsHost(shell, 'ovn-trace');
  if (denied) return denied;
  const net = networkOf(shell);
  let mode: 'detailed' | 'summary' | 'minimal' = 'detailed';
  const pos: string[] = [];
  for (const a of argv.slice(1)) {
    if (a === '--summary') mode = 'summary';
    else if (a === '--minimal') mode = 'minimal';
    else if (a === '--detailed') mode = 'detailed';
    else if (a === '--help' || a === '-h') return res(`ovn-trace: OVN logical network tracer\nusage: ovn-trace [OPTIONS] [DATAPATH] MICROFLOW\n\nOutput format options:\n  --detailed              table-by-table "backtrace" (default)\n  --summary               less detailed, more parseable\n  --minimal               minimum to explain externally visible behavior\n`);
    else if (!a.startsWith('--')) pos.push(a);
  }
  if (pos.length === 0) return res('', USAGE, 1);
  const microflow = pos[pos.length - 1]!;
  const datapath = pos.length > 1 ? pos[0] : undefined;
  const inport = /inport\s*==\s*"([^"]+)"/.exec(microflow)?.[1];
  const dst = /ip4\.dst\s*==\s*(\d+\.\d+\.\d+\.\d+)/.exec(microflow)?.[1];
  const l4 = /(tcp|udp)\.dst\s*==\s*(\d+)/.exec(microflow);
  if (!inport) return res('', `ovn-trace: microflow must match on inport (e.g. inport == "${'<namespace>_<pod>'}")\n`, 1);
  if (!dst) return res('', 'ovn-trace: microflow must set ip4.dst (e.g. ip4.dst == 172.30.0.10)\n', 1);
  if (datapath && datapath !== shell.node && !net.nodes.some((n) => n.name === datapath)) return res('', `ovn-trace: unknown datapath "${datapath}"\n`, 1);
  const pod = net.podsOn(shell.node).find((p) => lspName(p) === inport);
  if (!pod) {
    const elsewhere = [...net.pods.list()].find((p) => net.hasPort(p) && lspName(p) === inport);
    const hint = elsewhere ? ` (it is in ${elsewhere.spec.nodeName}'s zone: run ovn-trace on that node)` : '';
    return res('', `ovn-trace: unknown logical port "${inport}"${hint}\n`, 1);
  }
  if (!pod.status?.podIP) return res('', `ovn-trace: logical port "${inport}" has no address yet\n`, 1);
  const t = tracePacket(net, { src: pod, dstIp: dst, port: l4 ? Number(l4[2]) : 80, protocol: l4?.[1] === 'udp' ? 'UDP' : 'TCP', sport: 0, dryRun: true });
  return res(formatTrace(net, t, mode));
};
