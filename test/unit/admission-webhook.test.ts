import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { apiError, cluster, ns, pod } from './admission-helpers.js';

const vwc = (name: string, annotations: Record<string, string>, webhook: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: { name, annotations },
  webhooks: [
    {
      name: 'policy.example.com',
      clientConfig: { service: { namespace: 'policy', name: 'policy-webhook', path: '/validate' } },
      rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      ...webhook,
    },
  ],
});

function serveWebhook(c: ReturnType<typeof cluster>): void {
  c.admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'policy-webhook', namespace: 'policy' }, spec: { selector: { app: 'policy' }, ports: [{ port: 443, targetPort: 8443 }] } });
  c.admin.create({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'policy-webhook', namespace: 'policy' },
    subsets: [{ addresses: [{ ip: '10.244.1.7' }], ports: [{ port: 8443, protocol: 'TCP' }] }],
  });
}

describe('admission webhooks', () => {
  it('fails closed without endpoints (failurePolicy Fail) and open with Ignore', () => {
    const c = cluster();
    c.scheduler.stop();
    c.controllerManager.stop();
    ns(c, 'policy');
    ns(c, 'app');
    c.admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'policy-webhook', namespace: 'policy' }, spec: { selector: { app: 'policy' }, ports: [{ port: 443 }] } });
    c.admin.create(vwc('policy', {}));
    const err = apiError(() => c.admin.create(pod('p', 'app')));
    expect(err.code).toBe(500);
    expect(err.kubectlMessage()).toBe(
      'Error from server (InternalError): Internal error occurred: failed calling webhook "policy.example.com": failed to call webhook: Post "https://policy-webhook.policy.svc:443/validate?timeout=10s": no endpoints available for service "policy-webhook"',
    );
    // Other resources are not matched by the rules.
    c.admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'app' } });
    const cur = c.api.cached('validatingwebhookconfigurations', undefined, 'policy')!;
    c.admin.update({ ...cur, webhooks: [{ ...cur.webhooks[0], failurePolicy: 'Ignore' }] });
    expect(c.admin.create(pod('p', 'app')).metadata.name).toBe('p');
  });

  it('denies by annotation-driven policy: registries, labels', () => {
    const c = cluster();
    c.scheduler.stop();
    c.controllerManager.stop();
    ns(c, 'policy');
    ns(c, 'app');
    serveWebhook(c);
    c.admin.create(vwc('policy', { 'kubedrill.io/deny-images-from': 'docker.io', 'kubedrill.io/deny-message': 'images from docker.io are not allowed; use quay.io mirrors' }));
    const err = apiError(() => c.admin.create(pod('p', 'app')));
    expect(err.kubectlMessage()).toBe('Error from server (Forbidden): admission webhook "policy.example.com" denied the request: images from docker.io are not allowed; use quay.io mirrors');
    expect(c.admin.create(pod('q', 'app', { containers: [{ name: 'app', image: 'quay.io/nginx/nginx:1.27' }] })).metadata.name).toBe('q');
  });

  it('honours namespaceSelector and objectSelector', () => {
    const c = cluster();
    c.scheduler.stop();
    c.controllerManager.stop();
    ns(c, 'policy');
    ns(c, 'app');
    ns(c, 'prod', { env: 'prod' });
    serveWebhook(c);
    c.admin.create(vwc('policy', { 'kubedrill.io/deny-all': 'true' }, { namespaceSelector: { matchLabels: { env: 'prod' } }, objectSelector: { matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }] } }));
    expect(c.admin.create(pod('p', 'app')).metadata.name).toBe('p');
    expect(apiError(() => c.admin.create(pod('p', 'prod'))).message).toBe('admission webhook "policy.example.com" denied the request: request denied by policy');
    expect(c.admin.create(pod('s', 'prod', {}, { labels: { skip: 'yes' } })).metadata.name).toBe('s');
  });

  it('mutating webhooks patch the object; connection failures name the endpoint', () => {
    const c = cluster();
    c.scheduler.stop();
    c.controllerManager.stop();
    ns(c, 'policy');
    ns(c, 'app');
    serveWebhook(c);
    const mwc = { ...vwc('labeler', { 'kubedrill.io/add-labels': 'team=platform' }), kind: 'MutatingWebhookConfiguration' };
    c.admin.create(mwc);
    expect(c.admin.create(pod('p', 'app')).metadata.labels).toEqual({ team: 'platform' });
    c.admin.create(vwc('down', { 'kubedrill.io/fail': 'refused' }));
    expect(apiError(() => c.admin.create(pod('q', 'app'))).message).toBe(
      'Internal error occurred: failed calling webhook "policy.example.com": failed to call webhook: Post "https://policy-webhook.policy.svc:443/validate?timeout=10s": dial tcp 10.244.1.7:8443: connect: connection refused',
    );
  });

  it('uses the network layer caller when one is set', () => {
    const c = cluster();
    c.scheduler.stop();
    c.controllerManager.stop();
    ns(c, 'app');
    c.admin.create(vwc('policy', {}));
    c.api.webhookCaller = () => ({ ok: true, allowed: false, message: 'image registry not allowed' });
    expect(apiError(() => c.admin.create(pod('p', 'app'))).message).toBe('admission webhook "policy.example.com" denied the request: image registry not allowed');
  });
});
