/**
 * framework.NodeInfo: one node's object plus the aggregate of the pods the scheduler believes
 * run there (bound or assumed): requested and non-zero requested resources, pod count, used
 * host ports, pods carrying affinity terms, and the images the node reports. Kept up to date
 * incrementally by the cache; plugins only read it.
 */
import type { Node, Taint } from '../api/types.js';
import { cpuMillis, quantityValue } from '../api/quantity.js';
import { normalizedImageName, type HostPort, type PodInfo, type Resources } from './podinfo.js';

export interface Allocatable extends Resources {
  pods: number;
}

export class NodeInfo {
  node!: Node;
  labels: Readonly<Record<string, string>> = {};
  unschedulable = false;
  /** NoSchedule and NoExecute taints: the ones the filter checks. */
  filterTaints: readonly Taint[] = [];
  /** PreferNoSchedule taints: the ones scoring counts. */
  preferTaints: readonly Taint[] = [];
  allocatable: Allocatable = { cpu: 0, memory: 0, ephemeral: 0, pods: 0 };
  /** Image name (normalised) -> size in bytes. */
  images = new Map<string, number>();

  readonly requested: Resources = { cpu: 0, memory: 0, ephemeral: 0 };
  readonly nonZero = { cpu: 0, memory: 0 };
  readonly pods = new Map<string, PodInfo>();
  /** "TCP/8080" -> host IPs in use (with counts). */
  readonly usedPorts = new Map<string, Map<string, number>>();
  readonly podsWithAffinity = new Set<PodInfo>();
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();
  /** Bumped on every change (tests, the :sched view). */
  generation = 0;

  constructor(readonly name: string, node?: Node) {
    if (node) this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.labels = node.metadata.labels ?? {};
    this.unschedulable = !!node.spec?.unschedulable;
    const taints = node.spec?.taints ?? [];
    this.filterTaints = taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    this.preferTaints = taints.filter((t) => t.effect === 'PreferNoSchedule');
    const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
    const a: Allocatable = {
      cpu: alloc.cpu !== undefined ? cpuMillis(alloc.cpu) : 0,
      memory: alloc.memory !== undefined ? quantityValue(alloc.memory) : 0,
      ephemeral: alloc['ephemeral-storage'] !== undefined ? quantityValue(alloc['ephemeral-storage']) : 0,
      pods: alloc.pods !== undefined ? quantityValue(alloc.pods) : 0,
    };
    for (const [k, v] of Object.entries(alloc)) {
      if (v === undefined || k === 'cpu' || k === 'memory' || k === 'ephemeral-storage' || k === 'pods') continue;
      (a.scalar ??= {})[k] = quantityValue(v);
    }
    this.allocatable = a;
    this.images = new Map();
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) this.images.set(normalizedImageName(n), img.sizeBytes ?? 0);
    }
    this.generation++;
  }

  addPod(p: PodInfo): void {
    this.pods.set(p.key, p);
    this.apply(p, 1);
  }

  removePod(key: string): PodInfo | undefined {
    const p = this.pods.get(key);
    if (!p) return undefined;
    this.pods.delete(key);
    this.apply(p, -1);
    return p;
  }

  private apply(p: PodInfo, sign: 1 | -1): void {
    const r = p.requests;
    this.requested.cpu += sign * r.cpu;
    this.requested.memory += sign * r.memory;
    this.requested.ephemeral += sign * r.ephemeral;
    if (r.scalar) {
      const s = (this.requested.scalar ??= {});
      for (const [k, v] of Object.entries(r.scalar)) s[k] = (s[k] ?? 0) + sign * v;
    }
    this.nonZero.cpu += sign * p.nonZero.cpu;
    this.nonZero.memory += sign * p.nonZero.memory;
    for (const hp of p.hostPorts) this.port(hp, sign);
    const hasAffinity = p.requiredAffinity.length + p.requiredAntiAffinity.length + p.preferredAffinity.length + p.preferredAntiAffinity.length > 0;
    if (sign > 0) {
      if (hasAffinity) this.podsWithAffinity.add(p);
      if (p.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity.add(p);
    } else {
      this.podsWithAffinity.delete(p);
      this.podsWithRequiredAntiAffinity.delete(p);
    }
    this.generation++;
  }

  private port(hp: HostPort, sign: 1 | -1): void {
    const k = `${hp.protocol}/${hp.port}`;
    let ips = this.usedPorts.get(k);
    if (!ips) this.usedPorts.set(k, (ips = new Map()));
    const n = (ips.get(hp.ip) ?? 0) + sign;
    if (n <= 0) ips.delete(hp.ip);
    else ips.set(hp.ip, n);
    if (ips.size === 0) this.usedPorts.delete(k);
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with any IP on the same protocol/port. */
  portConflict(hp: HostPort): boolean {
    const ips = this.usedPorts.get(`${hp.protocol}/${hp.port}`);
    if (!ips) return false;
    if (hp.ip === '0.0.0.0') return ips.size > 0;
    return ips.has(hp.ip) || ips.has('0.0.0.0');
  }
}
