import { describe, expect, it } from 'vitest';
import { createResourceQuotaController } from '../../src/core/controllers/resourcequota.js';
import { cluster, ns, pod, settle, startControllers } from './admission-helpers.js';

describe('resourcequota controller', () => {
  it('computes status.hard and used, and follows pod adds, deletes and completion', () => {
    const c = cluster();
    c.scheduler.stop();
    ns(c, 'q');
    const res = { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } };
    c.admin.create(pod('a', 'q', { containers: [{ name: 'app', image: 'x', resources: res }] }));
    startControllers(c, createResourceQuotaController);
    c.admin.create({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute', namespace: 'q' },
      spec: { hard: { pods: '10', 'requests.cpu': '2', 'requests.memory': '1Gi', 'limits.cpu': '4', 'limits.memory': '2Gi', services: '5' } },
    });
    settle(c);
    const status = () => c.api.cached('resourcequotas', 'q', 'compute')!.status;
    expect(status()).toEqual({
      hard: { pods: '10', 'requests.cpu': '2', 'requests.memory': '1Gi', 'limits.cpu': '4', 'limits.memory': '2Gi', services: '5' },
      used: { 'limits.cpu': '500m', 'limits.memory': '128Mi', pods: '1', 'requests.cpu': '250m', 'requests.memory': '64Mi', services: '0' },
    });
    c.admin.create(pod('b', 'q', { containers: [{ name: 'app', image: 'x', resources: res }] }));
    settle(c);
    expect(status().used).toMatchObject({ pods: '2', 'requests.cpu': '500m', 'limits.memory': '256Mi' });
    const b = c.api.cached('pods', 'q', 'b')!;
    c.admin.updateStatus({ ...b, status: { ...b.status, phase: 'Succeeded' } });
    settle(c);
    expect(status().used).toMatchObject({ pods: '1', 'requests.cpu': '250m' });
    c.admin.delete('pods', 'q', 'a');
    settle(c);
    expect(status().used).toMatchObject({ pods: '0', 'requests.cpu': '0', 'requests.memory': '0' });
  });
});
