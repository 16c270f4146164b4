/**
 * Address arithmetic for the cluster network: CIDRs, node subnets, pod MACs, and stable ids
 * (UUIDs, cookies) derived from names so the same cluster prints the same databases every run.
 */

export function ipToInt(ip: string): number {
  const p = ip.split('.');
  return ((Number(p[0]) << 24) >>> 0) + (Number(p[1]) << 16) + (Number(p[2]) << 8) + Number(p[3]);
}

export function intToIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export interface Cidr {
  base: number;
  bits: number;
  size: number;
}

export function parseCidr(cidr: string): Cidr {
  const [ip, bits] = cidr.split('/');
  const b = Number(bits ?? 32);
  const size = 2 ** (32 - b);
  return { base: ipToInt(ip!) - (ipToInt(ip!) % size), bits: b, size };
}

export function inCidr(ip: string | number, cidr: Cidr): boolean {
  const n = typeof ip === 'number' ? ip : ipToInt(ip);
  return n >= cidr.base && n < cidr.base + cidr.size;
}

/**
 * The i-th node subnet of the cluster network: OpenShift's clusterNetwork hostPrefix 23 hands
 * each node a /23 of 10.128.0.0/14, upstream kube-controller-manager a /24 of 10.244.0.0/16.
 * Past the end of the range a real cluster has no subnet left for the node; the simulation keeps
 * counting upwards instead so benchmark clusters of thousands of nodes still get addresses.
 */
export function nodeSubnet(clusterCIDR: string, hostPrefix: number, index: number): string {
  const c = parseCidr(clusterCIDR);
  const size = 2 ** (32 - hostPrefix);
  return `${intToIp(c.base + index * size)}/${hostPrefix}`;
}

/** OVN-Kubernetes pod MAC: 0a:58 followed by the IPv4 address bytes. */
export function podMac(ip: string): string {
  const n = ipToInt(ip);
  const b = [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return `0a:58:${b.map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
}

/** The router address of a subnet (.1) and its management port address (.2). */
export function subnetGateway(subnet: string): string {
  return intToIp(parseCidr(subnet).base + 1);
}

export function subnetMgmt(subnet: string): string {
  return intToIp(parseCidr(subnet).base + 2);
}

export function broadcast(subnet: string): string {
  const c = parseCidr(subnet);
  return intToIp(c.base + c.size - 1);
}

/** FNV-1a, 32 bits. */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** A stable UUID (version-4 shaped) for a database row named `name`. */
export function uuidFor(name: string): string {
  const a = hex8(hash32(name));
  const b = hex8(hash32(name, 0x01000193));
  const c = hex8(hash32(name, 0x9e3779b9));
  const d = hex8(hash32(name, 0x85ebca6b));
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${((parseInt(c[0]!, 16) & 3) | 8).toString(16)}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}
