/**
 * ip (iproute2) on a node: `ip a|addr [show [DEV]]`, `ip r|route [show]`, `ip link`. The
 * OVN-Kubernetes layout: br-ex holds the node IP, ovn-k8s-mp0 the subnet's .2 (the
 * management port into br-int), genev_sys_6081 the tunnel; the cluster and service networks
 * are routed through them.
 */
import { broadcast, podMac } from '../../core/network/cidr.js';
import type { NodeTool } from './types.js';
import { networkOf, res } from './ovn-common.js';

export interface IpIface {
  name: string;
  flags: string;
  mtu: number;
  state: string;
  qdisc?: string;
  link: string;
  inet?: { cidr: string; brd?: string; scope: string };
  inet6?: string;
}

/** `ip addr` text for a list of interfaces (numbered from 1). */
export function formatAddr(ifaces: IpIface[], only?: string): string {
  let out = '';
  ifaces.forEach((i, n) => {
    if (only && i.name.split('@')[0] !== only) return;
    out += `${n + 1}: ${i.name}: <${i.flags}> mtu ${i.mtu} qdisc ${i.qdisc ?? 'noqueue'} state ${i.state} group default qlen 1000\n    ${i.link}\n`;
    if (i.inet) out += `    inet ${i.inet.cidr}${i.inet.brd ? ` brd ${i.inet.brd}` : ''} scope ${i.inet.scope} ${i.name.split('@')[0]}\n       valid_lft forever preferred_lft forever\n`;
    if (i.inet6) out += `    inet6 ${i.inet6} scope link \n       valid_lft forever preferred_lft forever\n`;
  });
  return out;
}

export function formatLink(ifaces: IpIface[]): string {
  return ifaces.map((i, n) => `${n + 1}: ${i.name}: <${i.flags}> mtu ${i.mtu} qdisc ${i.qdisc ?? 'noqueue'} state ${i.state} mode DEFAULT group default qlen 1000\n    ${i.link}\n`).join('');
}

/** Dispatches `ip OBJECT [show]` over ready-made interface and route lists. */
export function runIp(argv: string[], ifaces: IpIface[], routes: string[]): { stdout: string; stderr: string; exitCode: number } {
  const args = argv.slice(1).filter((a) => a !== '-4' && a !== '-d');
  const obj = args[0];
  const verb = args[1] ?? 'show';
  if (!obj) return res('', 'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | route | neigh | netns | ... }\n', 255);
  const is = (full: string): boolean => full.startsWith(obj) && obj.length >= 1;
  if (is('address') || obj === 'a') {
    if (verb !== 'show' && verb !== 'list' && verb !== 'ls') return res('', `Command "${verb}" is unknown, try "ip address help".\n`, 255);
    const dev = args[2] === 'dev' ? args[3] : args[2];
    if (dev && !ifaces.some((i) => i.name.split('@')[0] === dev)) return res('', `Device "${dev}" does not exist.\n`, 1);
    return res(formatAddr(ifaces, dev));
  }
  if (is('route') || obj === 'r') return res(routes.map((r) => `${r}\n`).join(''));
  if (is('link') || obj === 'l') return res(formatLink(ifaces));
  return res('', `Object "${obj}" is unknown, try "ip help".\n`, 255);
}

export const ip: NodeTool = (argv, _stdin, shell) => {
  const net = networkOf(shell);
  const node = net.node(shell.node)!;
  const subnet = node.podCIDR;
  const bits = subnet.split('/')[1];
  const mgmt = net.mgmtIp(node.name);
  const mac = `fa:16:3e:${podMac(node.ip).slice(9)}`;
  const ifaces: IpIface[] = [
    { name: 'lo', flags: 'LOOPBACK,UP,LOWER_UP', mtu: 65536, state: 'UNKNOWN', link: 'link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00', inet: { cidr: '127.0.0.1/8', scope: 'host' } },
    { name: 'ens5', flags: 'BROADCAST,MULTICAST,UP,LOWER_UP', mtu: 1500, state: 'UP', qdisc: 'mq master ovs-system', link: `link/ether ${mac} brd ff:ff:ff:ff:ff:ff` },
    { name: 'ovs-system', flags: 'BROADCAST,MULTICAST', mtu: 1500, state: 'DOWN', link: 'link/ether 6e:2d:1a:40:9c:11 brd ff:ff:ff:ff:ff:ff' },
    { name: 'br-ex', flags: 'BROADCAST,MULTICAST,UP,LOWER_UP', mtu: 1500, state: 'UNKNOWN', link: `link/ether ${mac} brd ff:ff:ff:ff:ff:ff`, inet: { cidr: `${node.ip}/24`, brd: node.ip.replace(/\.\d+$/, '.255'), scope: 'global dynamic noprefixroute' } },
    { name: 'br-int', flags: 'BROADCAST,MULTICAST', mtu: 1400, state: 'DOWN', link: 'link/ether 2a:8f:3c:51:b7:04 brd ff:ff:ff:ff:ff:ff' },
    { name: 'genev_sys_6081', flags: 'BROADCAST,MULTICAST,UP,LOWER_UP', mtu: 65000, state: 'UNKNOWN', qdisc: 'noqueue master ovs-system', link: 'link/ether 3e:91:0c:7a:5d:e2 brd ff:ff:ff:ff:ff:ff' },
    { name: 'ovn-k8s-mp0', flags: 'BROADCAST,MULTICAST,UP,LOWER_UP', mtu: 1400, state: 'UNKNOWN', link: `link/ether ${podMac(mgmt)} brd ff:ff:ff:ff:ff:ff`, inet: { cidr: `${mgmt}/${bits}`, brd: broadcast(subnet), scope: 'global' } },
  ];
  const gw = node.ip.replace(/\.\d+$/, '.1');
  const routes = [
    `default via ${gw} dev br-ex proto dhcp src ${node.ip} metric 48`,
    `${net.ctx.info.clusterCIDR} via ${net.gatewayIp(node.name)} dev ovn-k8s-mp0 `,
    `${node.ip.replace(/\.\d+$/, '.0')}/24 dev br-ex proto kernel scope link src ${node.ip} metric 48 `,
    `${subnet} dev ovn-k8s-mp0 proto kernel scope link src ${mgmt} `,
    '169.254.169.0/29 dev br-ex proto kernel scope link src 169.254.169.2 ',
    `169.254.169.3 via ${net.gatewayIp(node.name)} dev ovn-k8s-mp0 `,
    `${net.ctx.info.serviceCIDR} via 169.254.169.4 dev br-ex mtu 1400 `,
  ];
  return runIp(argv, ifaces, routes);
};
