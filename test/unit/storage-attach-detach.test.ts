import { describe, expect, it } from 'vitest';
import { storageCluster, pvc, podWithClaim, eventsOf, sources, claim, pod } from './storage-helpers.js';
import { attachmentName } from '../../src/core/storage/attach-detach.js';

const on = (node: string) => ({ nodeSelector: { 'kubernetes.io/hostname': node } });

describe('attach/detach controller and external-attacher', () => {
  it('attaches through a VolumeAttachment named like the CSI attacher, then detaches when the pod goes', () => {
    const c = storageCluster();
    c.admin.create(pvc('data'));
    c.admin.create(podWithClaim('db', 'data', on('worker-2')));
    c.advance(60_000);
    const volume = claim(c, 'data').spec.volumeName as string;
    const handle = c.api.cached('persistentvolumes', undefined, volume)!.spec.csi.volumeHandle as string;
    const name = attachmentName(handle, 'ebs.csi.aws.com', 'worker-2');
    expect(name).toMatch(/^csi-[0-9a-f]{64}$/);
    const va = c.api.cached('volumeattachments', undefined, name)!;
    expect(va.spec).toEqual({ attacher: 'ebs.csi.aws.com', nodeName: 'worker-2', source: { persistentVolumeName: volume } });
    expect(va.status.attached).toBe(true);
    expect(va.status.attachmentMetadata.devicePath).toMatch(/^\/dev\/xvd[a-z]{2}$/);
    expect(va.metadata.finalizers).toEqual(['external-attacher/ebs-csi-aws-com']);
    expect(eventsOf(c, 'Pod', 'db')).toContain(`Normal SuccessfulAttachVolume AttachVolume.Attach succeeded for volume "${volume}" `);
    expect(sources(c, 'Pod', 'db', 'SuccessfulAttachVolume')).toEqual(['attachdetach-controller']);
    expect(pod(c, 'db').status?.phase).toBe('Running');
    c.admin.delete('pods', 'shop', 'db');
    c.advance(60_000);
    expect(c.api.cached('volumeattachments', undefined, name)).toBeUndefined();
  });

  it('Multi-Attach: a ReadWriteOnce volume in use on one node is not attached to a second', () => {
    const c = storageCluster();
    c.admin.create(pvc('data'));
    c.admin.create(podWithClaim('web-1', 'data', on('worker-1')));
    c.advance(60_000);
    c.admin.create(podWithClaim('web-2', 'data', on('worker-2')));
    c.advance(125_000);
    const volume = claim(c, 'data').spec.volumeName as string;
    expect(pod(c, 'web-2').status?.phase).toBe('Pending');
    expect(eventsOf(c, 'Pod', 'web-2')).toEqual([
      'Normal Scheduled Successfully assigned shop/web-2 to worker-2',
      `Warning FailedAttachVolume Multi-Attach error for volume "${volume}" Volume is already used by pod(s) web-1`,
      'Warning FailedMount Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data], failed to process volumes=[]: context deadline exceeded',
    ]);
    expect([...c.api.cachedList('volumeattachments')].map((v) => v.spec.nodeName)).toEqual(['worker-1']);
    // The first pod goes: detach from worker-1, attach to worker-2, the second pod starts.
    c.admin.delete('pods', 'shop', 'web-1');
    c.advance(60_000);
    expect([...c.api.cachedList('volumeattachments')].map((v) => v.spec.nodeName)).toEqual(['worker-2']);
    expect(pod(c, 'web-2').status?.phase).toBe('Running');
  });

  it('a ReadWriteMany volume attaches to every node that uses it', () => {
    const c = storageCluster({ csiDrivers: ['hostpath.csi.k8s.io', 'ebs.csi.aws.com'] });
    c.admin.create(pvc('shared', { accessModes: ['ReadWriteMany'] }));
    c.admin.create(podWithClaim('a', 'shared', on('worker-1')));
    c.admin.create(podWithClaim('b', 'shared', on('worker-2')));
    c.advance(60_000);
    expect(pod(c, 'a').status?.phase).toBe('Running');
    expect(pod(c, 'b').status?.phase).toBe('Running');
    expect([...c.api.cachedList('volumeattachments')].map((v) => v.spec.nodeName).sort()).toEqual(['worker-1', 'worker-2']);
  });

  it('with the attacher down, the attach times out with the CSI attacher message', () => {
    const c = storageCluster();
    c.admin.create(pvc('data'));
    c.admin.create(podWithClaim('db', 'data', on('worker-3')));
    // Provisioned and bound, then the controller (provisioner and attacher) goes before attaching.
    for (let i = 0; i < 40 && claim(c, 'data').status?.phase !== 'Bound'; i++) c.advance(250);
    expect(claim(c, 'data').status?.phase).toBe('Bound');
    c.admin.patch('deployments', 'openshift-cluster-csi-drivers', 'aws-ebs-csi-driver-controller', { spec: { replicas: 0 } }, 'merge');
    c.advance(130_000);
    const volume = claim(c, 'data').spec.volumeName as string;
    const handle = c.api.cached('persistentvolumes', undefined, volume)!.spec.csi.volumeHandle as string;
    expect(eventsOf(c, 'Pod', 'db')).toContain(`Warning FailedAttachVolume AttachVolume.Attach failed for volume "${volume}" : timed out waiting for external-attacher of ebs.csi.aws.com CSI driver to attach volume ${handle}`);
    expect(pod(c, 'db').status?.phase).toBe('Pending');
  });
});
