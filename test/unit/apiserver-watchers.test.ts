import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/core/cluster.js';

describe('request log: watchers notified', () => {
  it('counts the watches a write reached, and only for writes', () => {
    const cluster = new Cluster({ controlPlane: 1, workers: [{ name: 'worker-1' }], seed: 1 }).start();
    const seen: string[] = [];
    const stop = cluster.api.watch({ resource: 'configmaps', namespace: 'default', token: cluster.adminToken }, (ev) => seen.push(ev.type));
    cluster.advance(1);
    cluster.admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: 'b' } });
    const write = cluster.api.log.recent().filter((r) => r.verb === 'create' && r.resource === 'configmaps').at(-1)!;
    // Our watch plus the shared informers' configmap watch (the kubelets, the controllers).
    expect(write.watchersNotified).toBeGreaterThanOrEqual(1);
    cluster.advance(1);
    expect(seen).toContain('ADDED');
    cluster.admin.get('configmaps', 'default', 'c');
    const read = cluster.api.log.recent().filter((r) => r.verb === 'get' && r.resource === 'configmaps').at(-1)!;
    expect(read.watchersNotified).toBeUndefined();
    stop();
  });
});
