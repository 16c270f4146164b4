import { describe, expect, it } from 'vitest';
import { storageCluster, pvc, pv, podWithClaim, eventsOf, sources, claim, pod } from './storage-helpers.js';

describe('PersistentVolume controller (persistentvolume-binder)', () => {
  it('a claim with no class and no matching volume: FailedBinding, Pending; the pod has unbound immediate claims', () => {
    const c = storageCluster();
    c.admin.create(pvc('data', { storageClassName: '' }));
    c.admin.create(podWithClaim('db', 'data'));
    c.advance(20_000);
    expect(claim(c, 'data').status?.phase).toBe('Pending');
    expect(eventsOf(c, 'PersistentVolumeClaim', 'data')).toContain('Normal FailedBinding no persistent volumes available for this claim and no storage class is set');
    expect(sources(c, 'PersistentVolumeClaim', 'data', 'FailedBinding')).toEqual(['persistentvolume-controller']);
    expect(pod(c, 'db').status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toBe(
      '0/6 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/6 nodes are available: 6 Preemption is not helpful for scheduling.',
    );
  });

  it('a class that does not exist: ProvisioningFailed with the API error, repeated every sync period', () => {
    const c = storageCluster();
    c.admin.create(pvc('data', { storageClassName: 'fast' }));
    c.advance(40_000);
    const ev = [...c.api.cachedList('events', 'shop')].find((e) => e.reason === 'ProvisioningFailed')!;
    expect(`${ev.type} ${ev.message}`).toBe('Warning storageclass.storage.k8s.io "fast" not found');
    expect(ev.count).toBe(3);
    expect(claim(c, 'data').status?.phase).toBe('Pending');
  });

  it('binds a static volume that fits, the smallest first, and leaves one that does not', () => {
    const c = storageCluster();
    c.admin.create(pv('small', { capacity: { storage: '1Gi' } }));
    c.admin.create(pv('big', { capacity: { storage: '100Gi' } }));
    c.admin.create(pv('right', { capacity: { storage: '10Gi' } }));
    c.admin.create(pv('rox', { capacity: { storage: '10Gi' }, accessModes: ['ReadOnlyMany'] }));
    c.advance(1000);
    expect(c.api.cached('persistentvolumes', undefined, 'small')!.status?.phase).toBe('Available');
    c.admin.create(pvc('data', { storageClassName: '' }));
    c.advance(1000);
    const bound = claim(c, 'data');
    expect(bound.spec.volumeName).toBe('right');
    expect(bound.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } });
    expect(bound.metadata.annotations).toMatchObject({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    const vol = c.api.cached('persistentvolumes', undefined, 'right')!;
    expect(vol.status?.phase).toBe('Bound');
    expect(vol.spec.claimRef).toMatchObject({ kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data', uid: bound.metadata.uid });
    // Deleting the claim releases a Retain volume; it is not reused.
    c.admin.delete('persistentvolumeclaims', 'shop', 'data');
    c.advance(2000);
    expect(c.api.cached('persistentvolumeclaims', 'shop', 'data')).toBeUndefined();
    expect(c.api.cached('persistentvolumes', undefined, 'right')!.status?.phase).toBe('Released');
  });

  it('a volume too small or with the wrong access mode stays Available, the claim Pending', () => {
    const c = storageCluster();
    c.admin.create(pv('pv-1', { capacity: { storage: '1Gi' }, storageClassName: 'manual' }));
    c.admin.create(pv('pv-2', { capacity: { storage: '20Gi' }, accessModes: ['ReadOnlyMany'], storageClassName: 'manual' }));
    c.admin.create(pvc('data', { storageClassName: 'manual', resources: { requests: { storage: '5Gi' } } }));
    c.advance(20_000);
    expect(claim(c, 'data').status?.phase).toBe('Pending');
    expect(eventsOf(c, 'PersistentVolumeClaim', 'data')).toContain('Warning ProvisioningFailed storageclass.storage.k8s.io "manual" not found');
    expect(c.api.cached('persistentvolumes', undefined, 'pv-1')!.status?.phase).toBe('Available');
    // A fitting volume appears: the next sync binds it.
    c.admin.create(pv('pv-3', { capacity: { storage: '5Gi' }, storageClassName: 'manual' }));
    c.advance(2000);
    expect(claim(c, 'data').spec.volumeName).toBe('pv-3');
  });

  it('WaitForFirstConsumer: waits, names the pod waiting to be scheduled, then hands off to the external provisioner', () => {
    const c = storageCluster();
    c.admin.create(pvc('data'));
    c.advance(1000);
    expect(claim(c, 'data').spec.storageClassName).toBe('gp3-csi');
    expect(eventsOf(c, 'PersistentVolumeClaim', 'data')).toEqual(['Normal WaitForFirstConsumer waiting for first consumer to be created before binding']);
    c.admin.create(podWithClaim('db', 'data', { nodeSelector: { 'no-such-label': 'x' } }));
    c.advance(15_000);
    expect(eventsOf(c, 'PersistentVolumeClaim', 'data')).toContain('Normal WaitForPodScheduled waiting for pod db to be scheduled');
    c.admin.delete('pods', 'shop', 'db');
    c.admin.create(podWithClaim('db2', 'data'));
    c.advance(30_000);
    const events = eventsOf(c, 'PersistentVolumeClaim', 'data');
    expect(events).toContain(
      "Normal ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    );
    expect(claim(c, 'data').metadata.annotations).toMatchObject({ 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com', 'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com' });
    expect(claim(c, 'data').status?.phase).toBe('Bound');
  });

  it('pvc-protection: a claim in use stays Terminating until its pod is gone', () => {
    const c = storageCluster();
    c.admin.create(pvc('data'));
    c.admin.create(podWithClaim('db', 'data'));
    c.advance(60_000);
    expect(pod(c, 'db').status?.phase).toBe('Running');
    c.admin.delete('persistentvolumeclaims', 'shop', 'data');
    c.advance(5000);
    expect(claim(c, 'data').metadata.deletionTimestamp).toBeDefined();
    expect(claim(c, 'data').metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    const volume = claim(c, 'data').spec.volumeName;
    c.admin.delete('pods', 'shop', 'db');
    c.advance(60_000);
    expect(c.api.cached('persistentvolumeclaims', 'shop', 'data')).toBeUndefined();
    // Reclaim policy Delete: the provisioner deletes the Released volume.
    expect(c.api.cached('persistentvolumes', undefined, volume)).toBeUndefined();
  });
});
