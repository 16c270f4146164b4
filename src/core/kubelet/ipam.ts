/**
 * Pod IPs from the node's pod CIDR. OVN-Kubernetes keeps .1 for the node's router port and .2
 * for the management port (ovn-k8s-mp0), so pods start at .3; host-local/bridge CNIs upstream
 * keep .1 for the gateway and start at .2. Addresses are handed out round-robin, like
 * host-local's lastReserved, so a freed IP is not reused at once.
 */
export class PodIPAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly first: number;
  private used = new Set<number>();
  private cursor: number;

  constructor(cidr: string, firstHost: number) {
    const [ip, bits] = cidr.split('/');
    this.base = ipToInt(ip!);
    this.size = 2 ** (32 - Number(bits ?? 24));
    this.first = firstHost;
    this.cursor = firstHost;
  }

  allocate(): string | undefined {
    const last = this.size - 2; // broadcast excluded
    const span = last - this.first + 1;
    for (let i = 0; i < span; i++) {
      const off = this.first + ((this.cursor - this.first + i) % span);
      if (!this.used.has(off)) {
        this.used.add(off);
        this.cursor = off + 1 > last ? this.first : off + 1;
        return intToIp(this.base + off);
      }
    }
    return undefined;
  }

  release(ip: string | undefined): void {
    if (!ip) return;
    this.used.delete(ipToInt(ip) - this.base);
  }

  get inUse(): number {
    return this.used.size;
  }

  get prefixLength(): number {
    return 32 - Math.log2(this.size);
  }
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
