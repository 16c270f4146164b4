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

export class SchedulerCache {
  private nodeInfos = new Map<string, NodeInfo>();
  /** Nodes that exist (have a Node object), in the order they were added: the search order. */
  private list: NodeInfo[] = [];
  private listIndex = new Map<string, number>();
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
    return this.list.length;
  }

  nodes(): readonly NodeInfo[] {
    return this.list;
  }

  node(name: string): NodeInfo | undefined {
    const ni = this.nodeInfos.get(name);
    return ni && this.listIndex.has(name) ? ni : undefined;
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
    this.listIndex.clear();
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
    if (!this.listIndex.has(name)) {
      this.listIndex.set(name, this.list.length);
      // Copy on write: attempt records keep the list they searched.
      this.list = [...this.list, ni];
    }
    this.version++;
  }

  removeNode(name: string): void {
    const ni = this.nodeInfos.get(name);
    if (!ni) return;
    const i = this.listIndex.get(name);
    if (i !== undefined) {
      this.countImages(ni, -1);
      this.list = this.list.filter((_, j) => j !== i);
      this.listIndex.delete(name);
      for (let j = i; j < this.list.length; j++) this.listIndex.set(this.list[j]!.name, j);
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
    const info =
      cur && cur.info.pod.spec === pod.spec && cur.info.pod.metadata.labels === pod.metadata.labels && !!cur.info.pod.metadata.deletionTimestamp === !!pod.metadata.deletionTimestamp
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
