/**
 * ovs-ofctl on a node: `dump-flows BRIDGE [table=N] [cookie=C]`, `show BRIDGE`. br-int carries
 * the flows ovn-controller programmed (src/core/network/flows.ts); br-ex only NORMAL switching.
 */
import { formatFlow, nodeFlows } from '../../core/network/flows.js';
import type { NodeTool } from './types.js';
import { needsHost, networkOf, res } from './ovn-common.js';

export const ovsOfctl: NodeTool = (argv, _stdin, shell) => {
  const denied = needsHost(shell, 'ovs-ofctl');
  if (denied) return denied;
  const args: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-O' || a === '--protocols') i++;
    else if (!a.startsWith('-')) args.push(a);
  }
  const net = networkOf(shell);
  const now = shell.session.cluster.clock.now();
  const [cmd, bridge, ...filters] = args;
  if (!cmd) return res('', 'ovs-ofctl: missing command name; use --help for help\n', 1);
  if (cmd !== 'dump-flows' && cmd !== 'show') return res('', `ovs-ofctl: unknown command '${cmd}'; use --help for help\n`, 1);
  if (!bridge) return res('', `ovs-ofctl: '${cmd}' command requires at least 1 arguments\n`, 1);
  if (bridge !== 'br-int' && bridge !== 'br-ex') return res('', `ovs-ofctl: ${bridge} is not a bridge or a socket\n`, 1);
  if (cmd === 'show') {
    return res(`OFPT_FEATURES_REPLY (xid=0x2): dpid:0000${net.chassisId(shell.node).replace(/-/g, '').slice(0, 12)}\nn_tables:254, n_buffers:0\ncapabilities: FLOW_STATS TABLE_STATS PORT_STATS QUEUE_STATS ARP_MATCH_IP\nactions: output enqueue set_vlan_vid set_vlan_pcp strip_vlan mod_dl_src mod_dl_dst mod_nw_src mod_nw_dst mod_nw_tos mod_tp_src mod_tp_dst\nOFPT_GET_CONFIG_REPLY (xid=0x4): frags=normal miss_send_len=0\n`);
  }
  if (bridge === 'br-ex') {
    const d = Math.max(0, now - net.startedAt) / 1000;
    return res(` cookie=0x0, duration=${d.toFixed(3)}s, table=0, n_packets=0, n_bytes=0, idle_age=${Math.floor(d)}, priority=0 actions=NORMAL\n`);
  }
  let flows = nodeFlows(net, shell.node);
  for (const f of filters) {
    const m = /^(table|cookie|priority)=(\S+)$/.exec(f);
    if (!m) return res('', `ovs-ofctl: ${f}: unknown field or bad match syntax\n`, 1);
    if (m[1] === 'table') flows = flows.filter((x) => x.table === Number(m[2]));
    else if (m[1] === 'priority') flows = flows.filter((x) => x.priority === Number(m[2]));
    else flows = flows.filter((x) => x.cookie === m[2]!.split('/')[0]);
  }
  return res(flows.map((f) => formatFlow(f, now) + '\n').join(''));
};
