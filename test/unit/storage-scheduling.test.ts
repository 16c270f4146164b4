import { describe, expect, it } from 'vitest';
import { storageCluster, pvc, pv, podWithClaim, claim, pod } from './storage-helpers.js';

describe('VolumeBinding with the storage controllers', () => {
  it('a local (no-provisioner) class without a fitting volume: the real FailedScheduling reasons; a local volume on worker-2 then binds there', () => {
    const c = storageCluster();
    c.admin.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local-storage' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' });
    c.admin.create(pvc('data', { storageClassName: 'local-storage' }));
    c.admin.create(podWithClaim('db', 'data'));
    c.advance(5000);
    expect(pod(c, 'db').status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toBe(
      "0/6 nodes are available: 3 node(s) didn't find available persistent volumes to bind, 3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/6 nodes are available: 6 Preemption is not helpful for scheduling.",
    );
    c.admin.create(pv('local-w2', { storageClassName: 'local-storage', hostPath: undefined, local: { path: '/mnt/disks/ssd1' }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['worker-2'] }] }] } } }));
    c.advance(30_000);
    expect(claim(c, 'data').spec.volumeName).toBe('local-w2');
    expect(pod(c, 'db').spec.nodeName).toBe('worker-2');
    expect(pod(c, 'db').status?.phase).toBe('Running');
  });
});
