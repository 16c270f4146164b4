import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { deployment, get, newCluster, pods, settle } from './controller-helpers.js';

function finishTermination(c: ReturnType<typeof newCluster>): void {
  // Stand-in kubelet: terminating pods go away.
  for (let i = 0; i < 5; i++) {
    for (const p of pods(c, 'default')) if (p.metadata.deletionTimestamp) c.admin.delete('pods', 'default', p.metadata.name, { gracePeriodSeconds: 0 });
    settle(c, 1000);
  }
}

function cm(name: string, owner?: KObject, block = false): KObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: 'default',
      ...(owner ? { ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, ...(block ? { blockOwnerDeletion: true } : {}) }] } : {}),
    },
    data: {},
  };
}

describe('garbage collector', () => {
  it('deletes the dependents of a deleted owner in the background (deployment -> replicasets -> pods)', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(deployment('web', 2));
    settle(c);
    expect(pods(c, 'default', 'web-')).toHaveLength(2);
    c.admin.delete('deployments', 'default', 'web');
    settle(c);
    settle(c, 100);
    expect([...c.api.cachedList('replicasets', 'default')]).toHaveLength(0);
    expect(pods(c, 'default', 'web-')).toHaveLength(0);
  });

  it('keeps a dependent that still has another owner, dropping the dangling reference', () => {
    const c = newCluster();
    const a = c.admin.create(cm('a'));
    const b = c.admin.create(cm('b'));
    const dep = cm('dep', a);
    dep.metadata.ownerReferences!.push({ apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: b.metadata.uid! });
    c.admin.create(dep);
    settle(c);
    c.admin.delete('configmaps', 'default', 'a');
    settle(c);
    const left = get(c, 'configmaps', 'default', 'dep');
    expect(left.metadata.ownerReferences!.map((r) => r.name)).toEqual(['b']);
  });

  it('foreground deletion removes dependents first, then the owner', () => {
    const c = newCluster();
    const owner = c.admin.create(cm('owner'));
    c.admin.create(cm('child', owner, true));
    settle(c);
    c.admin.delete('configmaps', 'default', 'owner', { propagationPolicy: 'Foreground' });
    // The owner waits with its finalizer until the child is gone; the same settle finishes both.
    settle(c);
    settle(c, 10);
    expect(c.api.cached('configmaps', 'default', 'child')).toBeUndefined();
    expect(c.api.cached('configmaps', 'default', 'owner')).toBeUndefined();
  });

  it('foreground deletion of a deployment waits for terminating pods', () => {
    const c = newCluster();
    c.admin.create(deployment('web', 2));
    settle(c, 2000);
    c.controllerManager.stop();
    c.controllerManager.start();
    c.admin.delete('deployments', 'default', 'web', { propagationPolicy: 'Foreground' });
    settle(c);
    const d = c.api.cached('deployments', 'default', 'web');
    if (pods(c, 'default', 'web-').length > 0) expect(d?.metadata.finalizers).toContain('foregroundDeletion');
    finishTermination(c);
    expect(c.api.cached('deployments', 'default', 'web')).toBeUndefined();
    expect(pods(c, 'default', 'web-')).toHaveLength(0);
  });

  it('orphan deletion strips ownerReferences and leaves the dependents', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(deployment('web', 2));
    settle(c);
    const rsName = [...c.api.cachedList('replicasets', 'default')][0]!.metadata.name;
    c.admin.delete('deployments', 'default', 'web', { propagationPolicy: 'Orphan' });
    settle(c);
    expect(c.api.cached('deployments', 'default', 'web')).toBeUndefined();
    const rs = get(c, 'replicasets', 'default', rsName);
    expect(rs.metadata.ownerReferences).toBeUndefined();
    expect(pods(c, 'default', 'web-')).toHaveLength(2);
  });

  it('does nothing while the controller-manager is down', () => {
    const c = newCluster();
    const owner = c.admin.create(cm('owner'));
    c.admin.create(cm('child', owner));
    settle(c);
    c.controllerManager.stop();
    c.admin.delete('configmaps', 'default', 'owner');
    settle(c, 5000);
    expect(c.api.cached('configmaps', 'default', 'child')).toBeDefined();
    c.controllerManager.start();
    settle(c);
    expect(c.api.cached('configmaps', 'default', 'child')).toBeUndefined();
  });
});
