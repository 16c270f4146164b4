/**
 * ovs-vsctl on a node: `show`, `list-br`, `list-ports BRIDGE`, `list-ifaces BRIDGE`,
 * `--version`. br-int holds the pods' interfaces (named after their sandbox IDs), the management
 * port ovn-k8s-mp0, one geneve tunnel per remote chassis and the patch to br-ex.
 */
import { uuidFor } from '../../core/network/cidr.js';
import type { NodeTool } from './types.js';
import { ifaceOf, needsHost, networkOf, OVS_VERSION, podInterfaces, res } from './ovn-common.js';

interface Port {
  name: string;
  type?: string;
  options?: string;
  error?: string;
}

export const ovsVsctl: NodeTool = (argv, _stdin, shell) => {
  const denied = needsHost(shell, 'ovs-vsctl');
  if (denied) return denied;
  const net = networkOf(shell);
  const node = shell.node;
  const args = argv.slice(1).filter((a) => !a.startsWith('--') || a === '--version' || a === '--help');
  const ifaces = podInterfaces(shell);
  const phys = 'ens5';
  const brInt = (): Port[] => {
    const ports: Port[] = [{ name: 'br-int', type: 'internal' }, { name: 'ovn-k8s-mp0', type: 'internal' }, { name: `patch-br-int-to-br-ex_${node}`, type: 'patch', options: `{peer=patch-br-ex_${node}-to-br-int}` }];
    for (const other of net.nodes) {
      if (other.name === node) continue;
      ports.push({ name: `ovn-${net.chassisId(other.name).slice(0, 6)}-0`, type: 'geneve', options: `{csum="true", key=flow, remote_ip="${other.ip}"}` });
    }
    for (const p of net.podsOn(node)) if (p.status?.podIP) ports.push({ name: ifaceOf(ifaces, p) });
    return ports;
  };
  const brEx = (): Port[] => [
    { name: 'br-ex', type: 'internal' },
    { name: phys, type: 'system' },
    { name: `patch-br-ex_${node}-to-br-int`, type: 'patch', options: `{peer=patch-br-int-to-br-ex_${node}}` },
  ];
  const q = (s: string): string => (/^[a-zA-Z_][\w.-]*$/.test(s) && !/^\d/.test(s) ? s : `"${s}"`);
  switch (args[0]) {
    case '--version':
      return res(`ovs-vsctl (Open vSwitch) ${OVS_VERSION}\nDB Schema 8.4.0\n`);
    case undefined:
      return res('', 'ovs-vsctl: missing command name (use --help for help)\n', 1);
    case 'show': {
      let out = `${uuidFor(`ovs/${node}`)}\n`;
      for (const [br, ports, secure] of [['br-ex', brEx(), false], ['br-int', brInt(), true]] as const) {
        out += `    Bridge ${br}\n`;
        if (secure) out += '        fail_mode: secure\n        datapath_type: system\n';
        for (const p of [...ports].sort((a, b) => a.name.localeCompare(b.name))) {
          out += `        Port ${q(p.name)}\n            Interface ${q(p.name)}\n`;
          if (p.type) out += `                type: ${p.type}\n`;
          if (p.options) out += `                options: ${p.options}\n`;
          if (p.error) out += `                error: ${p.error}\n`;
        }
      }
      out += `    ovs_version: "${OVS_VERSION}"\n`;
      return res(out);
    }
    case 'list-br':
      return res('br-ex\nbr-int\n');
    case 'list-ports':
    case 'list-ifaces': {
      const br = args[1];
      if (!br) return res('', `ovs-vsctl: '${args[0]}' command requires at least 1 arguments\n`, 1);
      if (br !== 'br-int' && br !== 'br-ex') return res('', `ovs-vsctl: no bridge named ${br}\n`, 1);
      const ports = (br === 'br-int' ? brInt() : brEx()).filter((p) => p.name !== br).map((p) => p.name).sort();
      return res(ports.map((p) => `${p}\n`).join(''));
    }
    default:
      return res('', `ovs-vsctl: unknown command '${args[0]}'; use --help for help\n`, 1);
  }
};
