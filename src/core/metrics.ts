/**
 * Resource usage as metrics-server serves it (metrics.k8s.io): kubelets report their pods'
 * and node's usage here; `kubectl top` and the HPA controller read it.
 */

export interface ContainerUsage {
  name: string;
  /** CPU in millicores. */
  cpuMillis: number;
  /** Working set in bytes. */
  memoryBytes: number;
}

export interface PodUsage {
  namespace: string;
  name: string;
  node: string;
  containers: ContainerUsage[];
}

export interface NodeUsage {
  cpuMillis: number;
  memoryBytes: number;
}

export interface UsageSource {
  pods(): Iterable<PodUsage>;
  pod(namespace: string, name: string): PodUsage | undefined;
  node(): NodeUsage;
}

/** One source per kubelet; a stopped kubelet reports nothing, as metrics-server then shows. */
export class MetricsRegistry {
  private sources = new Map<string, UsageSource>();

  register(node: string, source: UsageSource): void {
    this.sources.set(node, source);
  }

  unregister(node: string): void {
    this.sources.delete(node);
  }

  nodeUsage(node: string): NodeUsage | undefined {
    return this.sources.get(node)?.node();
  }

  podUsage(namespace: string, name: string, node?: string): PodUsage | undefined {
    if (node) return this.sources.get(node)?.pod(namespace, name);
    for (const s of this.sources.values()) {
      const u = s.pod(namespace, name);
      if (u) return u;
    }
    return undefined;
  }

  *allPods(): Iterable<PodUsage> {
    for (const s of this.sources.values()) yield* s.pods();
  }
}
