/**
 * ovn-sbctl against a node's southbound database (interconnect: the node's zone). `show`
 * lists the local chassis with the port bindings its ovn-controller claimed (a pod missing
 * here has no flows), then the remote chassis with their transit-switch ports. Also
 * `chassis-list` (not upstream; `list Chassis` is) and `list Chassis|Port_Binding`.
 */
import { lspName } from '../../core/network/model.js';
import type { NodeTool } from './types.js';
import { needsHost, networkOf, res } from './ovn-common.js';
import { podMac } from '../../core/network/cidr.js';

export const ovnSbctl: NodeTool = (argv, _stdin, shell) => {
  const denied = needsHost(shell, 'ovn-sbctl');
  if (denied) return denied;
  const net = networkOf(shell);
  const node = shell.node;
  const args = argv.slice(1).filter((a) => !a.startsWith('--'));
  const chassis = (name: string, ip: string, ports: string[]): string =>
    `Chassis "${net.chassisId(name)}"\n    hostname: ${name}\n    Encap geneve\n        ip: "${ip}"\n        options: {csum="true"}\n${ports.map((p) => `    Port_Binding ${/^[\w.-]+$/.test(p) ? p : `"${p}"`}\n`).join('')}`;
  const localBound = (): string[] => {
    const pods = net.podsOn(node).filter((p) => net.bound(p) && p.status?.podIP).map(lspName);
    return [...pods, `k8s-${node}`, `rtoe-GR_${node}`].sort();
  };
  switch (args[0]) {
    case undefined:
      return res('', 'ovn-sbctl: missing command name (use --help for help)\n', 1);
    case 'show': {
      let out = chassis(node, net.node(node)!.ip, localBound());
      for (const n of net.nodes) if (n.name !== node) out += chassis(n.name, n.ip, [`tstor-${n.name}`]);
      return res(out);
    }
    case 'list': {
      const table = (args[1] ?? '').toLowerCase().replace(/_/g, '');
      if (table === 'chassis') {
        return res(net.nodes.map((n) => `_uuid               : ${net.chassisId(n.name)}\nencaps              : [${net.chassisId(`${n.name}/encap`)}]\nhostname            : ${n.name}\nname                : "${net.chassisId(n.name)}"\nother_config        : {ovn-bridge-mappings="physnet:br-ex", ovn-chassis-mac-mappings="", ovn-cms-options=""}\n`).join('\n'));
      }
      if (table === 'portbinding') {
        const rows = net.podsOn(node).map((p) => {
          const bound = net.bound(p) && !!p.status?.podIP;
          return `_uuid               : ${net.chassisId(`pb/${lspName(p)}`)}\nchassis             : ${bound ? net.chassisId(node) : '[]'}\nlogical_port        : ${lspName(p)}\nmac                 : ["${p.status?.podIP ? `${podMac(p.status.podIP)} ${p.status.podIP}` : 'dynamic'}"]\ntunnel_key          : ${net.portKey(p)}\ntype                : ""\nup                  : ${bound}\n`;
        });
        return res(rows.join('\n'));
      }
      return res('', `ovn-sbctl: unknown table "${args[1] ?? ''}"\n`, 1);
    }
    default:
      return res('', `ovn-sbctl: unknown command '${args[0]}'; use --help for help\n`, 1);
  }
};
