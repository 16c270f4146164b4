import { describe, expect, it } from 'vitest';
import { createResourceQuotaController } from '../../src/core/controllers/resourcequota.js';
import { apiError, cluster, ns, pod, settle, startControllers } from './admission-helpers.js';

const quota = (name: string, namespace: string, hard: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace }, spec: { hard } });

describe('ResourceQuota admission', () => {
  it('refuses until the controller has computed the status', () => {
    const c = cluster();
    c.scheduler.stop();
    ns(c, 'q');
    c.admin.create(quota('pods', 'q', { pods: '2' }));
    expect(apiError(() => c.admin.create(pod('p', 'q'))).message).toBe('pods "p" is forbidden: status unknown for quota: pods, resources: pods');
  });

  it('charges creates at once and rejects the one over the limit', () => {
    const c = cluster();
    c.scheduler.stop();
    startControllers(c, createResourceQuotaController);
    ns(c, 'q');
    c.admin.create(quota('pod-count', 'q', { pods: '2' }));
    settle(c);
    c.admin.create(pod('a', 'q'));
    c.admin.create(pod('b', 'q'));
    // No settle: admission raised status.used itself.
    expect(c.api.cached('resourcequotas', 'q', 'pod-count')!.status.used).toEqual({ pods: '2' });
    const err = apiError(() => c.admin.create(pod('c', 'q')));
    expect(err.kubectlMessage()).toBe('Error from server (Forbidden): pods "c" is forbidden: exceeded quota: pod-count, requested: pods=1, used: pods=2, limited: pods=2');
    c.admin.delete('pods', 'q', 'a');
    settle(c);
    expect(c.api.cached('resourcequotas', 'q', 'pod-count')!.status.used).toEqual({ pods: '1' });
    expect(c.admin.create(pod('c', 'q')).metadata.name).toBe('c');
  });

  it('requires compute resources the quota tracks, naming the containers', () => {
    const c = cluster();
    c.scheduler.stop();
    startControllers(c, createResourceQuotaController);
    ns(c, 'q');
    c.admin.create(quota('compute', 'q', { 'requests.memory': '1Gi', 'limits.memory': '2Gi', 'requests.cpu': '1' }));
    settle(c);
    const err = apiError(() => c.admin.create(pod('bare', 'q', { containers: [{ name: 'app', image: 'x', resources: { requests: { cpu: '100m' } } }, { name: 'side', image: 'y' }] })));
    expect(err.message).toBe('pods "bare" is forbidden: failed quota: compute: must specify limits.memory for: app,side; requests.cpu for: side; requests.memory for: app,side');
    const res = { requests: { cpu: '600m', memory: '768Mi' }, limits: { memory: '1Gi' } };
    c.admin.create(pod('one', 'q', { containers: [{ name: 'app', image: 'x', resources: res }] }));
    const over = apiError(() => c.admin.create(pod('two', 'q', { containers: [{ name: 'app', image: 'x', resources: res }] })));
    expect(over.message).toBe('pods "two" is forbidden: exceeded quota: compute, requested: requests.cpu=600m,requests.memory=768Mi, used: requests.cpu=600m,requests.memory=768Mi, limited: requests.cpu=1,requests.memory=1Gi');
  });

  it('counts other objects', () => {
    const c = cluster();
    startControllers(c, createResourceQuotaController);
    ns(c, 'q');
    c.admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'q' } });
    c.admin.create(quota('objects', 'q', { configmaps: '2', 'count/deployments.apps': '0' }));
    settle(c);
    expect(c.api.cached('resourcequotas', 'q', 'objects')!.status).toEqual({ hard: { configmaps: '2', 'count/deployments.apps': '0' }, used: { configmaps: '1', 'count/deployments.apps': '0' } });
    c.admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two', namespace: 'q' } });
    expect(apiError(() => c.admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'three', namespace: 'q' } })).message).toBe(
      'configmaps "three" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=2, limited: configmaps=2',
    );
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'q' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } };
    expect(apiError(() => c.admin.create(dep)).message).toBe(
      'deployments.apps "web" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0',
    );
  });
});
