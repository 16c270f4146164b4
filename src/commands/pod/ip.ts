/**
 * ip inside a pod: lo and eth0 (the veth end, MTU 1400 under geneve) with the pod IP, and the
 * routes OVN-Kubernetes installs: the cluster network, the join subnet and the service network
 * via the node switch's router port. Host-network pods see the node's interfaces.
 */
import { broadcast, podMac } from '../../core/network/cidr.js';
import { JOIN_CIDR } from '../../core/network/model.js';
import { runIp, ip as nodeIp, type IpIface } from '../node/ip.js';
import { res, type PodTool } from './types.js';

export const ip: PodTool = (argv, stdin, shell) => {
  const pod = shell.pod;
  if (pod.spec.hostNetwork) return nodeIp(argv, stdin, { session: shell.session, node: pod.spec.nodeName!, chroot: true });
  const net = shell.session.cluster.network.model;
  const podIp = pod.status?.podIP;
  const node = pod.spec.nodeName!;
  if (!podIp) return res('', 'ip: cannot find device "eth0"\n', 1);
  const subnet = net.subnet(node);
  const bits = subnet.split('/')[1];
  const peer = 10 + net.portKey(pod);
  const ifaces: IpIface[] = [
    { name: 'lo', flags: 'LOOPBACK,UP,LOWER_UP', mtu: 65536, state: 'UNKNOWN', link: 'link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00', inet: { cidr: '127.0.0.1/8', scope: 'host' }, inet6: '::1/128' },
    { name: `eth0@if${peer}`, flags: 'BROADCAST,MULTICAST,UP,LOWER_UP', mtu: 1400, state: 'UP', link: `link/ether ${podMac(podIp)} brd ff:ff:ff:ff:ff:ff link-netnsid 0`, inet: { cidr: `${podIp}/${bits}`, brd: broadcast(subnet), scope: 'global' }, inet6: linkLocal(podMac(podIp)) },
  ];
  const gw = net.gatewayIp(node);
  const routes = [
    `default via ${gw} dev eth0 `,
    `${net.ctx.info.clusterCIDR} via ${gw} dev eth0 `,
    `${subnet} dev eth0 proto kernel scope link src ${podIp} `,
    `${JOIN_CIDR} via ${gw} dev eth0 `,
    `${net.ctx.info.serviceCIDR} via ${gw} dev eth0 `,
  ];
  return runIp(argv, ifaces, routes);
};

/** The EUI-64 link-local address of a MAC (fe80::858:aff:fe80:605 for 0a:58:0a:80:06:05). */
function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  b[0] = b[0]! ^ 2;
  const g = [(b[0] << 8) | b[1]!, (b[2]! << 8) | 0xff, (0xfe << 8) | b[3]!, (b[4]! << 8) | b[5]!];
  return `fe80::${g.map((x) => x.toString(16)).join(':')}/64`;
}
