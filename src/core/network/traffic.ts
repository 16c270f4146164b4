/**
 * What the simulated data plane has carried: packet counters for flows that traffic actually
 * hit (per pod, per ACL, per load-balancer VIP) and a short ring of recent packets per node for
 * tcpdump. Only connections that happen are recorded, so an idle 150,000-pod cluster costs
 * nothing here; background traffic (kubelet probes) is computed from time when asked.
 */

export interface PacketRecord {
  at: number;
  proto: 'tcp' | 'udp';
  src: string;
  sport: number;
  dst: string;
  dport: number;
  /** TCP flags as tcpdump prints them ([S], [S.], [R.], [P.]), or '' for UDP. */
  flags: string;
  length: number;
  /** What tcpdump shows for DNS: the query line. */
  info?: string;
}

const RING = 64;

export class TrafficStats {
  private pods = new Map<string, { packets: number; bytes: number }>();
  private acls = new Map<string, number>();
  private lbs = new Map<string, number>();
  private rings = new Map<string, PacketRecord[]>();
  private seq = 0;
  /** Bumped on every recorded connection: views poll it. */
  version = 0;

  podPackets(key: string): { packets: number; bytes: number } {
    return this.pods.get(key) ?? { packets: 0, bytes: 0 };
  }

  addPod(key: string, packets: number, bytes: number): void {
    const c = this.pods.get(key);
    if (c) {
      c.packets += packets;
      c.bytes += bytes;
    } else this.pods.set(key, { packets, bytes });
  }

  forgetPod(key: string): void {
    this.pods.delete(key);
  }

  aclHits(node: string, acl: string): number {
    return this.acls.get(`${node}|${acl}`) ?? 0;
  }

  hitAcl(node: string, acl: string, n = 1): void {
    const k = `${node}|${acl}`;
    this.acls.set(k, (this.acls.get(k) ?? 0) + n);
  }

  lbHits(node: string, vip: string): number {
    return this.lbs.get(`${node}|${vip}`) ?? 0;
  }

  hitLb(node: string, vip: string, n = 1): void {
    const k = `${node}|${vip}`;
    this.lbs.set(k, (this.lbs.get(k) ?? 0) + n);
  }

  /** A deterministic ephemeral source port (32768-60999, Linux's default range). */
  ephemeralPort(): number {
    this.seq = (this.seq * 1103515245 + 12345) >>> 0;
    return 32768 + (this.seq % 28232);
  }

  record(node: string, p: PacketRecord): void {
    let ring = this.rings.get(node);
    if (!ring) this.rings.set(node, (ring = []));
    ring.push(p);
    if (ring.length > RING) ring.splice(0, ring.length - RING);
    this.version++;
  }

  recent(node: string): readonly PacketRecord[] {
    return this.rings.get(node) ?? [];
  }
}
