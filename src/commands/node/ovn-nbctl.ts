/**
 * ovn-nbctl against a node's northbound database. OpenShift 4.14+ runs OVN-Kubernetes in
 * interconnect mode: each node is its own zone, so its NB holds its own logical switch (pods,
 * management port k8s-NODE), ovn_cluster_router, join, GR_NODE and ext_NODE, the
 * transit_switch with one remote port per other node, every Service's load balancer, and the
 * NetworkPolicy port groups and ACLs. Commands: show [NAME], ls-list, lr-list, lsp-list
 * SWITCH, lsp-get-up PORT, lb-list, acl-list PORT_GROUP, list Port_Group|ACL|Load_Balancer.
 */
import type { KObject } from '../../core/api/types.js';
import { podMac, uuidFor } from '../../core/network/cidr.js';
import { lspName, type OvnNetwork } from '../../core/network/model.js';
import { aclsOf, portGroupName, type AclInfo } from '../../core/network/policy.js';
import { matches } from '../../core/api/labels.js';
import type { NodeTool } from './types.js';
import { needsHost, networkOf, res } from './ovn-common.js';

interface LPort {
  name: string;
  type?: string;
  addresses?: string;
  routerPort?: string;
}

interface LRPort {
  name: string;
  mac: string;
  networks: string;
}

function switches(net: OvnNetwork, node: string): Array<{ name: string; ports: LPort[] }> {
  const cfg = net.node(node)!;
  const podPorts: LPort[] = net.podsOn(node).map((p) => ({ name: lspName(p), addresses: p.status?.podIP ? `["${podMac(p.status.podIP)} ${p.status.podIP}"]` : '["dynamic"]' }));
  const remote: LPort[] = net.nodes.filter((n) => n.name !== node).map((n) => ({ name: `tstor-${n.name}`, type: 'remote', addresses: `["${podMac(net.transitIp(n.name))} ${net.transitIp(n.name)}/16"]` }));
  return [
    { name: node, ports: [{ name: `k8s-${node}`, addresses: `["${podMac(net.mgmtIp(node))} ${net.mgmtIp(node)}"]` }, { name: `stor-${node}`, type: 'router', routerPort: `rtos-${node}` }, ...podPorts] },
    { name: 'join', ports: [{ name: `jtor-GR_${node}`, type: 'router', routerPort: `rtoj-GR_${node}` }, { name: 'jtor-ovn_cluster_router', type: 'router', routerPort: 'rtoj-ovn_cluster_router' }] },
    { name: `ext_${node}`, ports: [{ name: `br-ex_${node}`, type: 'localnet', addresses: '["unknown"]' }, { name: `etor-GR_${node}`, type: 'router', addresses: `["${hostMac(cfg.ip)}"]`, routerPort: `rtoe-GR_${node}` }] },
    { name: 'transit_switch', ports: [{ name: `tstor-${node}`, type: 'router', routerPort: `rtots-${node}` }, ...remote] },
  ];
}

/** The node NIC's MAC (br-ex takes it over). */
function hostMac(ip: string): string {
  return `fa:16:3e:${podMac(ip).slice(9)}`;
}

function routers(net: OvnNetwork, node: string): Array<{ name: string; ports: LRPort[]; nat?: string[] }> {
  const cfg = net.node(node)!;
  const gw = net.gatewayIp(node);
  const prefix = net.subnet(node).split('/')[1];
  return [
    {
      name: `GR_${node}`,
      ports: [
        { name: `rtoe-GR_${node}`, mac: hostMac(cfg.ip), networks: `["${cfg.ip}/24"]` },
        { name: `rtoj-GR_${node}`, mac: podMac(net.joinIp(node)), networks: `["${net.joinIp(node)}/16"]` },
      ],
      nat: [`    nat ${uuidFor(`nat/${node}`)}`, `        external ip: "${cfg.ip}"`, `        logical ip: "${net.ctx.info.clusterCIDR}"`, '        type: "snat"'],
    },
    {
      name: 'ovn_cluster_router',
      ports: [
        { name: 'rtoj-ovn_cluster_router', mac: '0a:58:64:40:00:01', networks: '["100.64.0.1/16"]' },
        { name: `rtos-${node}`, mac: podMac(gw), networks: `["${gw}/${prefix}"]` },
        { name: `rtots-${node}`, mac: podMac(net.transitIp(node)), networks: `["${net.transitIp(node)}/16"]` },
      ],
    },
  ];
}

function show(net: OvnNetwork, node: string, only?: string): string | undefined {
  let out = '';
  let found = !only;
  for (const s of switches(net, node)) {
    if (only && only !== s.name) continue;
    found = true;
    out += `switch ${uuidFor(`ls/${node}/${s.name}`)} (${s.name})\n`;
    for (const p of s.ports) {
      out += `    port ${p.name}\n`;
      if (p.type) out += `        type: ${p.type}\n`;
      if (p.addresses) out += `        addresses: ${p.addresses}\n`;
      if (p.routerPort) out += `        router-port: ${p.routerPort}\n`;
    }
  }
  for (const r of routers(net, node)) {
    if (only && only !== r.name) continue;
    found = true;
    out += `router ${uuidFor(`lr/${node}/${r.name}`)} (${r.name})\n`;
    for (const p of r.ports) out += `    port ${p.name}\n        mac: "${p.mac}"\n        networks: ${p.networks}\n`;
    for (const l of r.nat ?? []) out += `${l}\n`;
  }
  return found ? out : undefined;
}

function loadBalancers(net: OvnNetwork): Array<{ name: string; proto: string; vip: string; ips: string; uuid: string }> {
  const out: Array<{ name: string; proto: string; vip: string; ips: string; uuid: string }> = [];
  const svcs = [...net.services.list()].filter((s: KObject) => s.spec?.clusterIP && s.spec.clusterIP !== 'None');
  svcs.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  for (const s of svcs) {
    for (const proto of ['TCP', 'UDP']) {
      const ports = (s.spec.ports ?? []).filter((p: any) => (p.protocol ?? 'TCP') === proto);
      if (ports.length === 0) continue;
      const name = `Service_${s.metadata.namespace}/${s.metadata.name}_${proto}_cluster`;
      for (const p of ports) {
        const be = net.backends(s, p.port, proto);
        out.push({ name, proto: proto.toLowerCase(), vip: `${s.spec.clusterIP}:${p.port}`, ips: (be?.ips ?? []).map((ip) => `${ip}:${be!.targetPort}`).join(','), uuid: uuidFor(`lb/${name}`) });
      }
    }
  }
  return out;
}

/** Port groups of NetworkPolicies (and the namespaces' default-deny groups) with their local member ports. */
function portGroups(net: OvnNetwork, node: string): Array<{ name: string; extName: string; ports: string[]; acls: AclInfo[] }> {
  const out: Array<{ name: string; extName: string; ports: string[]; acls: AclInfo[] }> = [];
  const local = net.podsOn(node);
  for (const [ns, pols] of [...net.policies].sort((a, b) => a[0].localeCompare(b[0]))) {
    const nsPods = local.filter((p) => p.metadata.namespace === ns);
    for (const dir of ['Ingress', 'Egress'] as const) {
      const isolated = nsPods.filter((p) => [...pols.values()].some((pol) => (dir === 'Ingress' ? pol.ingress : pol.egress) && matches(pol.select, p.metadata.labels ?? {})));
      const any = [...pols.values()].some((pol) => (dir === 'Ingress' ? pol.ingress : pol.egress));
      if (!any) continue;
      const pg = portGroupName(ns, `${dir.toLowerCase()}DefaultDeny`);
      const portRef = dir === 'Ingress' ? 'outport' : 'inport';
      out.push({ name: pg, extName: `${ns}_${dir.toLowerCase()}DefaultDeny`, ports: isolated.map(lspName), acls: [{ name: `NP:${ns}:${dir}`, priority: 1000, direction: dir === 'Ingress' ? 'to-lport' : 'from-lport', action: 'drop', portGroup: pg, match: `${portRef} == @${pg}` }] });
    }
    for (const pol of [...pols.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({ name: portGroupName(ns, pol.name), extName: `${ns}_${pol.name}`, ports: nsPods.filter((p) => matches(pol.select, p.metadata.labels ?? {})).map(lspName), acls: aclsOf(pol) });
    }
  }
  return out;
}

function aclLine(a: AclInfo): string {
  return `${a.direction.padStart(10)} ${String(a.priority).padStart(5)} (${a.match}) ${a.action}${a.direction === 'from-lport' ? ' [after-lb]' : ''}\n`;
}

export const ovnNbctl: NodeTool = (argv, _stdin, shell) => {
  const denied = needsHost(shell, 'ovn-nbctl');
  if (denied) return denied;
  const net = networkOf(shell);
  const node = shell.node;
  const args = argv.slice(1).filter((a) => !a.startsWith('--') || a === '--version');
  const cmd = args[0];
  switch (cmd) {
    case undefined:
      return res('', 'ovn-nbctl: missing command name (use --help for help)\n', 1);
    case '--version':
      return res('ovn-nbctl 23.09.4\nOpen vSwitch Library 3.1.5\nDB Schema 7.1.0\n');
    case 'show': {
      const out = show(net, node, args[1]);
      return out === undefined ? res('', `ovn-nbctl: ${args[1]}: switch name not found\n`, 1) : res(out);
    }
    case 'ls-list':
      return res(switches(net, node).map((s) => `${uuidFor(`ls/${node}/${s.name}`)} (${s.name})\n`).join(''));
    case 'lr-list':
      return res(routers(net, node).map((r) => `${uuidFor(`lr/${node}/${r.name}`)} (${r.name})\n`).join(''));
    case 'lsp-list': {
      const s = switches(net, node).find((x) => x.name === args[1]);
      if (!s) return res('', args[1] ? `ovn-nbctl: ${args[1]}: switch name not found\n` : "ovn-nbctl: 'lsp-list' command requires at least 1 arguments\n", 1);
      return res(s.ports.map((p) => `${uuidFor(`lsp/${node}/${p.name}`)} (${p.name})\n`).join(''));
    }
    case 'lsp-get-up': {
      const p = net.podsOn(node).find((x) => lspName(x) === args[1]);
      if (!p) return res('', `ovn-nbctl: ${args[1] ?? ''}: port name not found\n`, 1);
      return res(net.bound(p) && p.status?.podIP ? 'up\n' : 'down\n');
    }
    case 'lb-list': {
      const rows = loadBalancers(net);
      // ovn-nbctl prints the name as %-20.16s: long names are cut at 16 characters.
      let out = `${'UUID'.padEnd(40)}${'LB'.padEnd(20)}${'PROTO'.padEnd(11)}${'VIP'.padEnd(21)}IPs\n`;
      for (const r of rows) out += `${r.uuid.padEnd(40)}${r.name.slice(0, 16).padEnd(20)}${r.proto.padEnd(11)}${r.vip.padEnd(21)}${r.ips}\n`;
      return res(out);
    }
    case 'acl-list': {
      const pg = portGroups(net, node).find((g) => g.name === args[1] || g.extName === args[1]);
      if (!pg) return res('', `ovn-nbctl: ${args[1] ?? ''}: port group name not found\n`, 1);
      return res(pg.acls.map(aclLine).join(''));
    }
    case 'list':
    case 'find': {
      const table = (args[1] ?? '').toLowerCase().replace(/_/g, '');
      if (table === 'portgroup') {
        return res(portGroups(net, node).map((g) => record([['_uuid', uuidFor(`pg/${g.name}`)], ['acls', `[${g.acls.map((a) => uuidFor(`acl/${a.name}`)).join(', ')}]`], ['external_ids', `{name=${g.extName}}`], ['name', g.name], ['ports', `[${g.ports.map((p) => uuidFor(`lsp/${node}/${p}`)).join(', ')}]`]])).join('\n'));
      }
      if (table === 'acl') {
        const acls = portGroups(net, node).flatMap((g) => g.acls.map((a) => ({ a, g })));
        return res(acls.map(({ a }) => record([['_uuid', uuidFor(`acl/${a.name}`)], ['action', a.action], ['direction', a.direction], ['external_ids', `{"k8s.ovn.org/name"="${a.name.split(':').slice(1, 3).join(':')}", "k8s.ovn.org/owner-type"=NetworkPolicy}`], ['match', `"${a.match}"`], ['name', `"${a.name}"`], ['options', a.direction === 'from-lport' ? '{apply-after-lb="true"}' : '{}'], ['priority', String(a.priority)]])).join('\n'));
      }
      if (table === 'loadbalancer') {
        const byName = new Map<string, Array<{ vip: string; ips: string }>>();
        const lbs = loadBalancers(net);
        for (const l of lbs) byName.set(l.name, [...(byName.get(l.name) ?? []), { vip: l.vip, ips: l.ips }]);
        return res([...byName].map(([name, vips]) => record([['_uuid', uuidFor(`lb/${name}`)], ['name', `"${name}"`], ['options', '{event="false", hairpin_snat_ip="169.254.169.5", neighbor_responder=none, reject="true", skip_snat="false"}'], ['protocol', name.includes('_UDP_') ? 'udp' : 'tcp'], ['vips', `{${vips.map((v) => `"${v.vip}"="${v.ips}"`).join(', ')}}`]])).join('\n'));
      }
      return res('', `ovn-nbctl: unknown table "${args[1] ?? ''}"\n`, 1);
    }
    default:
      return res('', `ovn-nbctl: unknown command '${cmd}'; use --help for help\n`, 1);
  }
};

function record(fields: Array<[string, string]>): string {
  return fields.map(([k, v]) => `${k.padEnd(20)}: ${v}\n`).join('');
}
