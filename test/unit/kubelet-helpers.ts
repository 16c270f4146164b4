/** Shared set-up for the kubelet tests: a small cluster and pods bound straight to a node. */
import { Cluster, type ClusterOptions } from '../../src/core/cluster.js';
import type { Container, Pod, PodSpec, ContainerStatus } from '../../src/core/api/types.js';
import { kubeletFor } from '../../src/core/kubelet/index.js';
import type { Kubelet } from '../../src/core/kubelet/kubelet.js';

export function cluster(opts: ClusterOptions = {}): Cluster {
  const c = new Cluster({ flavor: 'kubernetes', controlPlane: 1, workers: [{ name: 'worker-1' }], seed: 7, ...opts });
  keepDnsOffWorkers(c);
  c.start();
  c.advance(1);
  ensureNamespace(c, 'default');
  return c;
}

/**
 * The tests read one worker's pulls, pod IPs, usage and admission as if only their pods ran there;
 * cluster DNS (CoreDNS / dns-default) would land on it too and queue its image pull first (pulls are
 * serial per node), so pin it to the control plane before the components start.
 */
function keepDnsOffWorkers(c: Cluster): void {
  const openshift = c.info.flavor === 'openshift';
  const [resource, ns, name] = openshift ? ['daemonsets', 'openshift-dns', 'dns-default'] : ['deployments', 'kube-system', 'coredns'];
  c.admin.patch(resource, ns, name, { spec: { template: { spec: { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' } } } } }, 'merge');
}

export function ensureNamespace(c: Cluster, ns: string): void {
  if (!c.admin.tryGet('namespaces', undefined, ns)) c.admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  if (!c.admin.tryGet('serviceaccounts', ns, 'default')) c.admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
}

export function runPod(c: Cluster, name: string, spec: Partial<PodSpec> & { containers?: Container[] }, opts: { ns?: string; node?: string; labels?: Record<string, string> } = {}): Pod {
  const ns = opts.ns ?? 'default';
  ensureNamespace(c, ns);
  return c.admin.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, ...(opts.labels ? { labels: opts.labels } : {}) },
    spec: { nodeName: opts.node ?? 'worker-1', containers: [], ...spec },
  } as Pod);
}

export function getPod(c: Cluster, name: string, ns = 'default'): Pod | undefined {
  return c.api.cached('pods', ns, name) as Pod | undefined;
}

export function status(c: Cluster, name: string, container?: string, ns = 'default'): ContainerStatus {
  const p = getPod(c, name, ns)!;
  const all = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
  return (container ? all.find((s) => s.name === container) : p.status?.containerStatuses?.[0])!;
}

/** "Reason: message" of the events about an object, oldest first. */
export function events(c: Cluster, name: string, ns = 'default'): string[] {
  return c.admin
    .list('events', ns)
    .items.filter((e: any) => e.involvedObject.name === name)
    .map((e: any) => `${e.reason}: ${e.message}`);
}

export function eventCount(c: Cluster, name: string, reason: string, ns = 'default'): number {
  return c.admin
    .list('events', ns)
    .items.filter((e: any) => e.involvedObject.name === name && e.reason === reason)
    .reduce((a: number, e: any) => a + (e.count ?? 1), 0);
}

export function kubelet(c: Cluster, node = 'worker-1'): Kubelet {
  return kubeletFor(c.ctx, node) as Kubelet;
}

/** Advances in 100 ms steps until fn() is true (at most `max` ms); returns the elapsed time. */
export function until(c: Cluster, fn: () => boolean, max = 600_000): number {
  const start = c.clock.now();
  while (!fn()) {
    if (c.clock.now() - start > max) throw new Error('condition not reached');
    c.advance(100);
  }
  return c.clock.now() - start;
}
