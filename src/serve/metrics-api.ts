/**
 * metrics.k8s.io/v1beta1, as metrics-server serves it through the aggregation layer: NodeMetrics
 * and PodMetrics from the kubelets' usage reports (cluster.metrics), for `kubectl top`. Access is
 * RBAC-checked like any resource of the group; a stopped kubelet's node and pods have no metrics.
 */
import type { Cluster } from '../core/cluster.js';
import type { UserInfo } from '../core/apiserver/authn.js';
import { ApiError } from '../core/apiserver/errors.js';
import { parseSelector, matches } from '../core/api/labels.js';
import type { ResourceType } from '../core/api/resources.js';
import { keyOf, type KObject } from '../core/api/types.js';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
const API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;
const WINDOW = '20.027s';

/** The group's resources, for discovery (not stored: the registry of stored types does not list them). */
export const METRICS_RESOURCES: ResourceType[] = [
  { kind: 'NodeMetrics', plural: 'nodes', singular: '', shortNames: [], group: METRICS_GROUP, version: METRICS_VERSION, namespaced: false, etcdPath: '', subresources: [], verbs: ['get', 'list'] },
  { kind: 'PodMetrics', plural: 'pods', singular: '', shortNames: [], group: METRICS_GROUP, version: METRICS_VERSION, namespaced: true, etcdPath: '', subresources: [], verbs: ['get', 'list'] },
];

/** Lists come back in key order (namespace/name), as the storage layer returns them. */
const byKey = (a: KObject, b: KObject): number => keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0;
const cpu = (millis: number): string => `${Math.round(millis * 1e6)}n`;
const memory = (bytes: number): string => `${Math.round(bytes / 1024)}Ki`;

function authorize(cluster: Cluster, user: UserInfo, verb: string, resource: string, namespace?: string, name?: string): void {
  const d = cluster.api.authz.authorize({ user, verb, resource, apiGroup: METRICS_GROUP, namespace, name });
  if (d.allowed) return;
  const what = name ? `${resource}.${METRICS_GROUP} "${name}"` : `${resource}.${METRICS_GROUP}`;
  throw new ApiError(403, 'Forbidden', `${what} is forbidden: ${d.reason}`, { ...(name ? { name } : {}), group: METRICS_GROUP, kind: resource });
}

function notFound(resource: string, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${resource}.${METRICS_GROUP} "${name}" not found`, { name, group: METRICS_GROUP, kind: resource });
}

/**
 * GET /apis/metrics.k8s.io/v1beta1/{nodes[/NAME] | pods | namespaces/NS/pods[/NAME]}, or
 * undefined when the path is not in the group. Times go through `stamp` (the wall-clock shift).
 */
export function metricsRequest(cluster: Cluster, user: UserInfo, path: string, q: URLSearchParams, stamp: (iso: string) => string): unknown {
  const m = /^\/apis\/metrics\.k8s\.io\/v1beta1(?:\/namespaces\/([^/]+))?\/(nodes|pods)(?:\/([^/]+))?$/.exec(path);
  if (!m) return undefined;
  const [, namespace, resource, name] = m as unknown as [string, string | undefined, 'nodes' | 'pods', string | undefined];
  if (resource === 'nodes' && namespace) return undefined;
  authorize(cluster, user, name ? 'get' : 'list', resource, namespace, name);
  const now = stamp(cluster.clock.isoNow());
  const selector = q.get('labelSelector') ? parseSelector(q.get('labelSelector')!) : undefined;
  const api = cluster.api;
  if (resource === 'nodes') {
    const nodes = name ? [api.cached('nodes', undefined, name)].filter((n) => n !== undefined) : [...api.cachedList('nodes')].sort(byKey);
    const items = [];
    for (const n of nodes) {
      if (selector && !matches(selector, n.metadata.labels ?? {})) continue;
      const u = cluster.metrics.nodeUsage(n.metadata.name);
      if (!u) continue;
      items.push({
        metadata: { name: n.metadata.name, creationTimestamp: now, ...(n.metadata.labels ? { labels: n.metadata.labels } : {}) },
        timestamp: now,
        window: WINDOW,
        usage: { cpu: cpu(u.cpuMillis), memory: memory(u.memoryBytes) },
      });
    }
    if (name) {
      if (!items[0]) throw notFound('nodes', name);
      return { kind: 'NodeMetrics', apiVersion: API_VERSION, ...items[0] };
    }
    return { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items };
  }
  const pods = name ? [api.cached('pods', namespace, name)].filter((p) => p !== undefined) : [...api.cachedList('pods', namespace)].sort(byKey);
  const items = [];
  for (const p of pods) {
    if (selector && !matches(selector, p.metadata.labels ?? {})) continue;
    const u = cluster.metrics.podUsage(p.metadata.namespace ?? '', p.metadata.name, p.spec?.nodeName);
    if (!u) continue;
    items.push({
      metadata: { name: p.metadata.name, namespace: p.metadata.namespace, creationTimestamp: now, ...(p.metadata.labels ? { labels: p.metadata.labels } : {}) },
      timestamp: now,
      window: WINDOW,
      containers: u.containers.map((c) => ({ name: c.name, usage: { cpu: cpu(c.cpuMillis), memory: memory(c.memoryBytes) } })),
    });
  }
  if (name) {
    if (!items[0]) throw notFound('pods', name);
    return { kind: 'PodMetrics', apiVersion: API_VERSION, ...items[0] };
  }
  return { kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items };
}
