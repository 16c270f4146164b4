/**
 * Service cluster IP and NodePort allocation, done by the service REST storage on create
 * (not an admission plugin upstream). Allocations come from the service CIDR / the 30000-32767
 * range at seeded-random offsets, skipping the static band as kube-apiserver does, and the
 * in-use sets follow etcd's own watch so deletes free addresses immediately.
 */
import type { KObject } from '../../api/types.js';
import type { SeededRandom } from '../../random.js';
import { invalid, type FieldError } from '../errors.js';

type Obj = Record<string, any>;

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

export function serviceCIDRFor(flavor: 'openshift' | 'kubernetes'): string {
  return flavor === 'openshift' ? '172.30.0.0/16' : '10.96.0.0/12';
}

function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export class ServiceAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly ips = new Map<string, string>();
  private readonly ports = new Map<number, string>();

  constructor(
    readonly cidr: string,
    private readonly random: SeededRandom,
  ) {
    const [ip, bits] = cidr.split('/');
    this.base = ipToInt(ip!)!;
    this.size = 2 ** (32 - Number(bits));
  }

  /** Follows the stored services (PUT/DELETE of the etcd key). */
  observe(key: string, before: KObject | undefined, after: KObject | undefined): void {
    if (before) {
      for (const ip of before.spec?.clusterIPs ?? [before.spec?.clusterIP]) if (ip && this.ips.get(ip) === key) this.ips.delete(ip);
      for (const p of before.spec?.ports ?? []) if (p.nodePort && this.ports.get(p.nodePort) === key) this.ports.delete(p.nodePort);
    }
    if (after) {
      for (const ip of after.spec?.clusterIPs ?? [after.spec?.clusterIP]) if (ip && ip !== 'None') this.ips.set(ip, key);
      for (const p of after.spec?.ports ?? []) if (p.nodePort) this.ports.set(p.nodePort, key);
    }
  }

  private inRange(ip: string): boolean {
    const n = ipToInt(ip);
    return n !== undefined && n > this.base && n < this.base + this.size - 1;
  }

  private nextIP(): string {
    // The lowest addresses are the static band (min(max(16, size/16), 256)) kept for fixed IPs.
    const band = Math.min(Math.max(16, Math.floor(this.size / 16)), 256);
    const first = this.base + band;
    const count = this.size - band - 1;
    for (let tries = 0; tries < 64; tries++) {
      const ip = intToIp(first + this.random.int(count));
      if (!this.ips.has(ip)) return ip;
    }
    for (let i = 1; i < this.size - 1; i++) {
      const ip = intToIp(this.base + i);
      if (!this.ips.has(ip)) return ip;
    }
    throw invalid('Service', '', [{ field: 'spec.clusterIPs', type: 'Invalid value', detail: 'range is full' }]);
  }

  private nextPort(): number {
    const band = 128;
    for (let tries = 0; tries < 64; tries++) {
      const p = NODE_PORT_MIN + band + this.random.int(NODE_PORT_MAX - NODE_PORT_MIN - band + 1);
      if (!this.ports.has(p)) return p;
    }
    for (let p = NODE_PORT_MIN; p <= NODE_PORT_MAX; p++) if (!this.ports.has(p)) return p;
    throw invalid('Service', '', [{ field: 'spec.ports', type: 'Invalid value', detail: 'range is full' }]);
  }

  /** Fills in clusterIP(s) and node ports of a new Service, or rejects taken/out-of-range ones. */
  allocate(obj: KObject): KObject {
    const s: Obj = obj.spec ?? {};
    const type = s.type ?? 'ClusterIP';
    if (type === 'ExternalName') return obj;
    const errs: FieldError[] = [];
    const out: Obj = { ...s };
    const requested: string | undefined = s.clusterIP || s.clusterIPs?.[0];
    if (requested === 'None') {
      out.clusterIP = 'None';
      out.clusterIPs = ['None'];
    } else if (requested) {
      const rendered = `[]string{${JSON.stringify(requested)}}`;
      if (!this.inRange(requested)) {
        errs.push({
          field: 'spec.clusterIPs',
          type: 'Invalid value',
          detail: `${rendered}: failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.cidr}`,
        });
      } else if (this.ips.has(requested)) {
        errs.push({ field: 'spec.clusterIPs', type: 'Invalid value', detail: `${rendered}: failed to allocate IP ${requested}: provided IP is already allocated` });
      }
      out.clusterIP = requested;
      out.clusterIPs = [requested];
    } else {
      const ip = this.nextIP();
      out.clusterIP = ip;
      out.clusterIPs = [ip];
    }
    if ((type === 'NodePort' || type === 'LoadBalancer') && Array.isArray(s.ports)) {
      const taken = new Set<number>();
      out.ports = s.ports.map((p: Obj, i: number) => {
        if (p.nodePort) {
          if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
            errs.push({ field: `spec.ports[${i}].nodePort`, type: 'Invalid value', value: p.nodePort, detail: `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}` });
          } else if (this.ports.has(p.nodePort) || taken.has(p.nodePort)) {
            errs.push({ field: `spec.ports[${i}].nodePort`, type: 'Invalid value', value: p.nodePort, detail: 'provided port is already allocated' });
          }
          taken.add(p.nodePort);
          return p;
        }
        let port = this.nextPort();
        while (taken.has(port)) port = this.nextPort();
        taken.add(port);
        return { ...p, nodePort: port };
      });
    }
    if (errs.length) throw invalid('Service', obj.metadata.name, errs);
    return { ...obj, spec: out };
  }
}
