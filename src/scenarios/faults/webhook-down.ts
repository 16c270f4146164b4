import { parseSelector, matches } from '../../core/api/labels.js';
import type { KObject } from '../../core/api/types.js';
import type { Cluster } from '../../core/cluster.js';
import type { Fault } from '../types.js';
import { FaultError, type FaultInjector } from './types.js';

const CONFIG_KINDS = ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'] as const;

/** The configuration named `name`, or the one holding a webhook entry named `name`. */
function findConfig(cluster: Cluster, name: string): KObject | undefined {
  for (const kind of CONFIG_KINDS) {
    const byName = cluster.api.cached(kind, undefined, name);
    if (byName) return byName;
  }
  for (const kind of CONFIG_KINDS) {
    for (const c of cluster.api.cachedList(kind)) if ((c.webhooks ?? []).some((w: { name: string }) => w.name === name)) return c;
  }
  return undefined;
}

/**
 * The webhook's server goes away: the Deployments behind its Service are scaled to zero, so
 * the API server's calls fail with "no endpoints available for service" and, under
 * failurePolicy Fail, matching requests are rejected. Scaling the server back up, or removing
 * the webhook configuration, fixes it. A webhook with no Deployment behind it refuses
 * connections instead.
 */
export const webhookDown: FaultInjector<Extract<Fault, { type: 'webhook-down' }>> = (cluster, fault) => {
  const config = findConfig(cluster, fault.name);
  if (!config) throw new FaultError(`webhook-down: no webhook configuration or webhook named "${fault.name}"`);
  let scaled = 0;
  for (const w of config.webhooks ?? []) {
    const ref = w.clientConfig?.service as { namespace: string; name: string } | undefined;
    if (!ref) continue;
    const svc = cluster.api.cached('services', ref.namespace, ref.name);
    if (!svc?.spec?.selector) continue;
    const selector = parseSelector(Object.entries(svc.spec.selector as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(','));
    for (const d of cluster.api.cachedList('deployments', ref.namespace)) {
      if (!matches(selector, d.spec?.template?.metadata?.labels ?? {}) || d.spec?.replicas === 0) continue;
      cluster.admin.patch('deployments', ref.namespace, d.metadata.name, { spec: { replicas: 0 } }, 'merge');
      scaled++;
    }
  }
  if (scaled === 0) {
    cluster.admin.patch(config.kind === 'MutatingWebhookConfiguration' ? 'mutatingwebhookconfigurations' : 'validatingwebhookconfigurations', undefined, config.metadata.name, { metadata: { annotations: { 'kubedrill.io/fail': 'refused' } } }, 'merge');
  }
};
