/**
 * Entry point of the simulated kubelets. Every kubelet of a cluster shares one hub: a single set
 * of informer handlers routes pod events by spec.nodeName (no per-kubelet handler sees every
 * pod), wakes pods waiting for a ConfigMap/Secret/PVC when it appears, and holds the
 * cluster-wide registry-reachability fault.
 *
 * Commands find a pod's kubelet through `kubeletRegistry.get(ctx)?.get(nodeName)` or
 * `kubeletFor(ctx, nodeName)`.
 */
import type { Component, ComponentContext, NodeConfig } from '../component.js';
import type { KObject, Pod } from '../api/types.js';
import { Kubelet, type KubeletComponent, type KubeletHubApi } from './kubelet.js';
import type { PodWorker } from './pod-worker.js';

export type { KubeletComponent, RuntimeContainer, RuntimeSandbox } from './kubelet.js';
export type { PressureCondition } from './node-status.js';
export type { LogOptions } from './logs.js';
export { connectivityRegistry, type Connectivity, type ConnectResult, type ConnectSource } from './connectivity.js';

/** Every kubelet of a cluster by node name. */
export const kubeletRegistry = new WeakMap<ComponentContext, Map<string, KubeletComponent>>();

export function kubeletFor(ctx: ComponentContext, node: string): KubeletComponent | undefined {
  return kubeletRegistry.get(ctx)?.get(node);
}

/** Marks a registry host unreachable (or reachable again) for every node of the cluster. */
export function setRegistryReachable(ctx: ComponentContext, host: string, reachable: boolean): void {
  hubFor(ctx).setRegistryReachable(host, reachable);
}

class KubeletHub implements KubeletHubApi {
  readonly kubelets = new Map<string, Kubelet>();
  private down = new Set<string>();
  private waiters = new Map<string, Set<PodWorker>>();

  constructor(ctx: ComponentContext) {
    const pods = ctx.informers.for<Pod>('pods');
    pods.addIndex('spec.nodeName', (p) => p.spec?.nodeName || undefined, (p) => p.spec?.nodeName);
    pods.on({
      add: (p) => this.route(p),
      update: (old, p) => {
        if (old.spec.nodeName && old.spec.nodeName !== p.spec.nodeName) this.kubelets.get(old.spec.nodeName)?.onPodDelete(old);
        this.route(p);
      },
      delete: (p) => {
        if (p.spec.nodeName) this.kubelets.get(p.spec.nodeName)?.onPodDelete(p);
      },
    });
    for (const kind of ['configmaps', 'secrets', 'persistentvolumeclaims', 'persistentvolumes', 'volumeattachments', 'csinodes'] as const) {
      const inf = ctx.informers.for(kind);
      const wake = (o: KObject): void => this.wake(`${kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      inf.on({ add: wake, update: (_o, n) => wake(n) });
    }
    // Informers the kubelets read from; created here so the cluster starts them with the rest.
    for (const r of ['nodes', 'services', 'endpoints', 'namespaces']) ctx.informers.for(r);
  }

  private route(p: Pod): void {
    const node = p.spec?.nodeName;
    if (node) this.kubelets.get(node)?.onPod(p);
  }

  registryReachable(host: string): boolean {
    return !this.down.has(host);
  }

  setRegistryReachable(host: string, reachable: boolean): void {
    if (reachable) this.down.delete(host);
    else this.down.add(host);
  }

  waitFor(kind: string, namespace: string | undefined, name: string, w: PodWorker): void {
    const key = `${kind}/${kind === 'persistentvolumes' || kind === 'volumeattachments' || kind === 'csinodes' ? '' : namespace ?? ''}/${name}`;
    let set = this.waiters.get(key);
    if (!set) this.waiters.set(key, (set = new Set()));
    set.add(w);
  }

  private wake(key: string): void {
    const set = this.waiters.get(key);
    if (!set) return;
    this.waiters.delete(key);
    for (const w of set) {
      if (w.gone) continue;
      w.retryAt = undefined;
      for (const c of w.all) if (c.waiting?.reason === 'CreateContainerConfigError') c.notBefore = 0;
      w.wake();
    }
  }
}

const hubs = new WeakMap<ComponentContext, KubeletHub>();

function hubFor(ctx: ComponentContext): KubeletHub {
  let hub = hubs.get(ctx);
  if (!hub) {
    hub = new KubeletHub(ctx);
    hubs.set(ctx, hub);
  }
  return hub;
}

export function createKubelet(ctx: ComponentContext, node: NodeConfig): Component {
  const hub = hubFor(ctx);
  const kubelet = new Kubelet(ctx, node, hub);
  hub.kubelets.set(node.name, kubelet);
  let reg = kubeletRegistry.get(ctx);
  if (!reg) kubeletRegistry.set(ctx, (reg = new Map()));
  reg.set(node.name, kubelet);
  return kubelet;
}
