import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { createNamespaceController } from '../../src/core/controllers/namespace.js';
import { cluster, ns, settle, startControllers } from './admission-helpers.js';

describe('namespace controller', () => {
  it('empties a terminating namespace, then finalizes it', () => {
    const c = cluster();
    c.scheduler.stop();
    startControllers(c, createNamespaceController);
    ns(c, 'gone');
    c.admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'gone' } });
    c.admin.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'gone' }, spec: { containers: [{ name: 'a', image: 'nginx' }] } });
    c.admin.delete('namespaces', undefined, 'gone');
    expect(c.api.cached('namespaces', undefined, 'gone')!.status.phase).toBe('Terminating');
    settle(c);
    expect(c.api.cached('namespaces', undefined, 'gone')).toBeUndefined();
    expect([...c.api.cachedList('configmaps', 'gone')]).toEqual([]);
  });

  it('waits for finalizers and says so in its conditions', () => {
    const c = cluster();
    c.scheduler.stop();
    startControllers(c, createNamespaceController);
    ns(c, 'stuck');
    c.admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'stuck', finalizers: ['example.com/hold'] } });
    c.admin.delete('namespaces', undefined, 'stuck');
    settle(c);
    const n = c.api.cached('namespaces', undefined, 'stuck')!;
    const cond = (t: string) => n.status.conditions.find((x: KObject) => x.type === t);
    expect(cond('NamespaceContentRemaining')).toMatchObject({ status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: configmaps has 1 resource instances' });
    expect(cond('NamespaceFinalizersRemaining')).toMatchObject({ status: 'True', reason: 'SomeFinalizersRemain', message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances' });
    expect(cond('NamespaceDeletionDiscoveryFailure')).toMatchObject({ status: 'False', reason: 'ResourcesDiscovered' });
    const held = c.api.cached('configmaps', 'stuck', 'held')!;
    c.admin.update({ ...held, metadata: { ...held.metadata, finalizers: [] } });
    settle(c, 6_000);
    expect(c.api.cached('namespaces', undefined, 'stuck')).toBeUndefined();
  });
});
