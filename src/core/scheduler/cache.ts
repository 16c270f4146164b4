/**
 * The scheduler cache (pkg/scheduler/backend/cache): NodeInfos built from the node and pod
 * informers and updated per watch event, never by a sweep. A pod the scheduler has just placed
 * is "assumed" on its node at once, so the next pod already sees those resources taken; the
 * watch event of the binding later confirms it. Terminal pods (Succeeded/Failed) hold nothing.
 */
import type { Node, Pod } from '../api/types.js';
import { NodeInfo } from './nodeinfo.js';
import { newPodInfo, type PodInfo } from './podinfo.js';

export interface AssignedPod {
  info: PodInfo;
  node: NodeInfo;
  assumed: boolean;
}

/** utilnode.GetZoneKey: region and zone labels; nodes without them share the "" zone. */
export function zoneKey(labels: Readonly<Record<string, string>>): string {
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

export class SchedulerCache {
  private nodeInfos = new Map<string, NodeInfo>();
  /**
   * Nodes that exist (have a Node object) in the search order of the real node tree: zones in the
   * order first seen, taking one node of each zone in turn. Replaced, never mutated, so attempt
   * records can keep the list they searched.
   */
  private list: NodeInfo[] = [];
  private listDirty = false;
  /** zone key -> its nodes in the order added. */
  private zones = new Map<string, NodeInfo[]>();
  private zoneOf = new Map<string, string>();
  private pods = new Map<string, AssignedPod>();
  /** Assigned pods by namespace: what affinity and spreading count. */
  private byNamespace = new Map<string, Map<string, AssignedPod>>();
  /** Assigned pods with required anti-affinity, cluster-wide (existing pods' anti-affinity). */
  readonly withRequiredAntiAffinity = new Set<AssignedPod>();
  /** Normalised image name -> number of nodes that have it (ImageLocality's spread). */
  readonly imageNodes = new Map<string, number>();
  /** Bumped on every change. */
  version = 0;

  get nodeCount(): number {
    return this.zoneOf.size;
  }

  nodes(): readonly NodeInfo[] {
    if (this.listDirty) this.rebuild();
    return this.list;
  }

  node(name: string): NodeInfo | undefined {
    const ni = this.nodeInfos.get(name);
    return ni && this.zoneOf.has(name) ? ni : undefined;
  }

  pod(key: string): AssignedPod | undefined {
    return this.pods.get(key);
  }

  podsInNamespace(ns: string): Iterable<AssignedPod> {
    return this.byNamespace.get(ns)?.values() ?? [];
  }

  namespaces(): Iterable<string> {
    return this.byNamespace.keys();
  }

  get podCount(): number {
    return this.pods.size;
  }

  isAssumed(key: string): boolean {
    return this.pods.get(key)?.assumed ?? false;
  }

  clear(): void {
    this.nodeInfos.clear();
    this.list = [];
    this.listDirty = false;
    this.zones.clear();
    this.zoneOf.clear();
    this.pods.clear();
    this.byNamespace.clear();
    this.withRequiredAntiAffinity.clear();
    this.imageNodes.clear();
    this.version++;
  }

  // ------------------------------------------------------------------ nodes

  setNode(node: Node): void {
    const name = node.metadata.name;
    let ni = this.nodeInfos.get(name);
    if (!ni) this.nodeInfos.set(name, (ni = new NodeInfo(name)));
    else if (ni.node) this.countImages(ni, -1);
    ni.setNode(node);
    this.countImages(ni, 1);
    const zone = zoneKey(ni.labels);
    const prev = this.zoneOf.get(name);
    if (prev !== zone) {
      if (prev !== undefined) this.leaveZone(name, prev);
      this.zoneOf.set(name, zone);
      let z = this.zones.get(zone);
      if (!z) this.zones.set(zone, (z = []));
      z.push(ni);
      this.listDirty = true;
    }
    this.version++;
  }

  private leaveZone(name: string, zone: string): void {
    const z = this.zones.get(zone);
    if (!z) return;
    const rest = z.filter((n) => n.name !== name);
    if (rest.length === 0) this.zones.delete(zone);
    else this.zones.set(zone, rest);
  }

  /** nodeTree.list(): round-robin over the zones. */
  private rebuild(): void {
    const zones = [...this.zones.values()];
    const out: NodeInfo[] = [];
    for (let i = 0; out.length < this.zoneOf.size; i++) for (const z of zones) if (i < z.length) out.push(z[i]!);
    this.list = out;
    this.listDirty = false;
  }

  removeNode(name: string): void {
    const ni = this.nodeInfos.get(name);
    if (!ni) return;
    const zone = this.zoneOf.get(name);
    if (zone !== undefined) {
      this.countImages(ni, -1);
      this.leaveZone(name, zone);
      this.zoneOf.delete(name);
      this.listDirty = true;
    }
    // Pods still bound there keep a placeholder, as the real cache does, until they go.
    if (ni.pods.size === 0) this.nodeInfos.delete(name);
    this.version++;
  }

  private countImages(ni: NodeInfo, sign: 1 | -1): void {
    for (const img of ni.images.keys()) {
      const n = (this.imageNodes.get(img) ?? 0) + sign;
      if (n <= 0) this.imageNodes.delete(img);
      else this.imageNodes.set(img, n);
    }
  }

  // ------------------------------------------------------------------- pods

  /** An assigned pod seen by the informer (add or update). */
  setPod(pod: Pod): void {
    const key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
    const nodeName = pod.spec?.nodeName;
    const phase = pod.status?.phase;
    if (!nodeName || phase === 'Succeeded' || phase === 'Failed') {
      this.removePod(key);
      return;
    }
    const cur = this.pods.get(key);
    if (cur && cur.node.name === nodeName && cur.info.pod === pod) return;
    // Reuse the computed PodInfo when only status moved (the common kubelet update).
    // So is the binding: it copies the spec with nodeName set and shares everything else.
    const info =
      cur && sameSpecButNodeName(cur.info.pod.spec, pod.spec) && cur.info.pod.metadata.labels === pod.metadata.labels && !!cur.info.pod.metadata.deletionTimestamp === !!pod.metadata.deletionTimestamp
        ? { ...cur.info, pod }
        : newPodInfo(pod);
    if (cur) this.removePod(key);
    this.place(info, nodeName, false);
  }

  removePod(key: string): AssignedPod | undefined {
    const cur = this.pods.get(key);
    if (!cur) return undefined;
    this.pods.delete(key);
    cur.node.removePod(key);
    const ns = this.byNamespace.get(cur.info.namespace);
    ns?.delete(key);
    if (ns && ns.size === 0) this.byNamespace.delete(cur.info.namespace);
    this.withRequiredAntiAffinity.delete(cur);
    if (!cur.node.node && cur.node.pods.size === 0) this.nodeInfos.delete(cur.node.name);
    this.version++;
    return cur;
  }

  /** Assume: the pod counts on the node from now on, before the binding is confirmed. */
  assume(info: PodInfo, nodeName: string): void {
    this.removePod(info.key);
    this.place(info, nodeName, true);
  }

  /** Forget an assumed pod whose binding failed. */
  forget(key: string): void {
    if (this.pods.get(key)?.assumed) this.removePod(key);
  }

  private place(info: PodInfo, nodeName: string, assumed: boolean): void {
    let ni = this.nodeInfos.get(nodeName);
    if (!ni) this.nodeInfos.set(nodeName, (ni = new NodeInfo(nodeName)));
    const ap: AssignedPod = { info, node: ni, assumed };
    this.pods.set(info.key, ap);
    ni.addPod(info);
    let ns = this.byNamespace.get(info.namespace);
    if (!ns) this.byNamespace.set(info.namespace, (ns = new Map()));
    ns.set(info.key, ap);
    if (info.requiredAntiAffinity.length > 0) this.withRequiredAntiAffinity.add(ap);
    this.version++;
  }
}

/** The same spec, or a copy that shares every member except nodeName. */
function sameSpecButNodeName(a: Pod['spec'], b: Pod['spec']): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  let n = 0;
  for (const k in rb) {
    if (k === 'nodeName') continue;
    if (ra[k] !== rb[k]) return false;
    n++;
  }
  let m = 0;
  for (const k in ra) if (k !== 'nodeName') m++;
  return n === m;
}
