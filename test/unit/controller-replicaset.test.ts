import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { ApiError } from '../../src/core/apiserver/errors.js';
import { events, get, newCluster, pods, readyAll, settle, setPodPhase } from './controller-helpers.js';

function rs(name: string, replicas: number, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, tier: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
      ...extra,
    },
  };
}

describe('replicaset controller', () => {
  it('creates pods named after the set, owned by it, sharing the template spec', () => {
    const c = newCluster();
    c.admin.create(rs('web', 3));
    settle(c);
    const ps = pods(c, 'default', 'web-');
    expect(ps).toHaveLength(3);
    const owner = get(c, 'replicasets', 'default', 'web');
    for (const p of ps) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe('web-');
      expect(p.metadata.labels).toEqual({ app: 'web', tier: 'web' });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    expect(ps[0]!.spec.containers[0]!.image).toBe('nginx:1.25');
    const evs = events(c, 'default', 'web');
    expect(evs.filter((e) => e.startsWith('Normal SuccessfulCreate Created pod: web-'))).toHaveLength(3);
    expect(get(c, 'replicasets', 'default', 'web').status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1 });
  });

  it('does not double-create while events are in flight and counts ready/available with minReadySeconds', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(rs('api', 2, { minReadySeconds: 10 }));
    settle(c);
    settle(c, 1000);
    expect(pods(c, 'default', 'api-')).toHaveLength(2);
    readyAll(c, 'default', 'api-');
    expect(get(c, 'replicasets', 'default', 'api').status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 0 });
    settle(c, 11_000);
    expect(get(c, 'replicasets', 'default', 'api').status).toMatchObject({ availableReplicas: 2 });
  });

  it('replaces deleted and failed pods and scales down the least valuable first', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(rs('web', 3));
    settle(c);
    const [a, b] = pods(c, 'default', 'web-');
    setPodPhase(c, a!, 'Running');
    setPodPhase(c, b!, 'Failed', false);
    settle(c);
    c.admin.delete('pods', 'default', a!.metadata.name);
    settle(c);
    const active = pods(c, 'default', 'web-').filter((p) => p.status?.phase !== 'Failed');
    expect(active).toHaveLength(3);
    // Make one ready; scaling to 1 keeps the ready one.
    setPodPhase(c, active[0]!, 'Running');
    settle(c);
    c.admin.patch('replicasets', 'default', 'web', { spec: { replicas: 1 } }, 'merge');
    settle(c);
    const left = pods(c, 'default', 'web-').filter((p) => p.status?.phase !== 'Failed');
    expect(left.map((p) => p.metadata.name)).toEqual([active[0]!.metadata.name]);
    expect(events(c, 'default', 'web').filter((e) => e.includes('SuccessfulDelete'))).toHaveLength(2);
  });

  it('reports FailedCreate with the API error and a ReplicaFailure condition', () => {
    const c = newCluster();
    c.api.validating.push({
      name: 'deny-pods',
      validate: (attrs: { resource: { plural: string }; operation: string; object?: KObject }) => {
        if (attrs.resource.plural === 'pods' && attrs.operation === 'CREATE') {
          throw new ApiError(403, 'Forbidden', `pods "${attrs.object?.metadata.generateName}" is forbidden: exceeded quota: q, requested: pods=1, used: pods=0, limited: pods=0`);
        }
        return undefined;
      },
    } as never);
    c.admin.create(rs('web', 2));
    settle(c);
    const evs = events(c, 'default', 'web');
    expect(evs).toContain('Warning FailedCreate Error creating: pods "web-" is forbidden: exceeded quota: q, requested: pods=1, used: pods=0, limited: pods=0');
    const cond = get(c, 'replicasets', 'default', 'web').status.conditions[0];
    expect(cond).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
  });

  it('stops when the controller-manager is down and catches up when it returns', () => {
    const c = newCluster();
    c.controllerManager.stop();
    c.admin.create(rs('web', 2));
    settle(c, 5000);
    expect(pods(c, 'default', 'web-')).toHaveLength(0);
    c.controllerManager.start();
    settle(c);
    expect(pods(c, 'default', 'web-')).toHaveLength(2);
  });

  it('creates thousands of pods quickly in simulated time', () => {
    const c = newCluster();
    c.setEventsEnabled(false);
    c.admin.create(rs('big', 3000));
    settle(c);
    settle(c, 100);
    expect(pods(c, 'default', 'big-')).toHaveLength(3000);
    expect(get(c, 'replicasets', 'default', 'big').status.replicas).toBe(3000);
  });
});
