import { describe, expect, it } from 'vitest';
import { storageCluster, pvc, podWithClaim, eventsOf, sources, claim, pod } from './storage-helpers.js';

describe('external-provisioner (csi-provisioner sidecar)', () => {
  it('provisions a WaitForFirstConsumer claim on the chosen node: events, PV fields, binding', () => {
    const c = storageCluster({ workers: [{ name: 'worker-1', zone: 'us-east-1a' }, { name: 'worker-2', zone: 'us-east-1b' }] });
    c.admin.create(pvc('data', { resources: { requests: { storage: '1500Mi' } } }));
    c.admin.create(podWithClaim('db', 'data'));
    c.advance(30_000);
    const pvcObj = claim(c, 'data');
    const name = `pvc-${pvcObj.metadata.uid}`;
    const node = pod(c, 'db').spec.nodeName!;
    expect(pvcObj.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(node);
    expect(eventsOf(c, 'PersistentVolumeClaim', 'data').slice(-3)).toEqual([
      "Normal ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      'Normal Provisioning External provisioner is provisioning volume for claim "shop/data"',
      `Normal ProvisioningSucceeded Successfully provisioned volume ${name}`,
    ]);
    // The event source names the driver and the leader controller pod.
    expect(sources(c, 'PersistentVolumeClaim', 'data', 'ProvisioningSucceeded')[0]).toMatch(/^ebs\.csi\.aws\.com_aws-ebs-csi-driver-controller-[a-z0-9]+-[a-z0-9]{5}_[0-9a-f-]{36}$/);
    const vol = c.api.cached('persistentvolumes', undefined, name)!;
    expect(vol.metadata.annotations?.['pv.kubernetes.io/provisioned-by']).toBe('ebs.csi.aws.com');
    expect(vol.spec.capacity).toEqual({ storage: '2Gi' });
    expect(vol.spec.csi).toMatchObject({ driver: 'ebs.csi.aws.com', fsType: 'ext4' });
    expect(vol.spec.csi.volumeHandle).toMatch(/^vol-0[0-9a-f]{16}$/);
    expect(vol.spec.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(vol.spec.storageClassName).toBe('gp3-csi');
    const zone = node === 'worker-1' ? 'us-east-1a' : 'us-east-1b';
    expect(vol.spec.nodeAffinity).toEqual({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }] } });
    expect(vol.status?.phase).toBe('Bound');
    expect(claim(c, 'data').status?.phase).toBe('Bound');
    expect(pod(c, 'db').status?.phase).toBe('Running');
  });

  it('does nothing while no controller pod runs, and catches up when the Deployment is scaled back', () => {
    const c = storageCluster();
    c.admin.patch('deployments', 'openshift-cluster-csi-drivers', 'aws-ebs-csi-driver-controller', { spec: { replicas: 0 } }, 'merge');
    c.advance(40_000);
    c.admin.create(pvc('data'));
    c.admin.create(podWithClaim('db', 'data'));
    c.advance(120_000);
    expect(claim(c, 'data').status?.phase).toBe('Pending');
    const ext = [...c.api.cachedList('events', 'shop')].find((e) => e.reason === 'ExternalProvisioning')!;
    expect(ext.count).toBeGreaterThanOrEqual(7);
    expect(eventsOf(c, 'PersistentVolumeClaim', 'data').some((e) => e.includes('Provisioning External'))).toBe(false);
    c.admin.patch('deployments', 'openshift-cluster-csi-drivers', 'aws-ebs-csi-driver-controller', { spec: { replicas: 2 } }, 'merge');
    c.advance(60_000);
    expect(claim(c, 'data').status?.phase).toBe('Bound');
    expect(pod(c, 'db').status?.phase).toBe('Running');
  });

  it('hostpath driver, Immediate class: provisions at once on a schedulable node and pins the volume there', () => {
    const c = storageCluster({ csiDrivers: ['hostpath.csi.k8s.io'] });
    c.admin.create(pvc('scratch', { storageClassName: 'csi-hostpath-sc', resources: { requests: { storage: '300Mi' } } }));
    c.advance(5000);
    const bound = claim(c, 'scratch');
    expect(bound.status?.phase).toBe('Bound');
    const vol = c.api.cached('persistentvolumes', undefined, bound.spec.volumeName)!;
    expect(vol.spec.capacity).toEqual({ storage: '300Mi' });
    const node = vol.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0];
    expect(node.key).toBe('kubernetes.io/hostname');
    expect(node.values[0]).toMatch(/^worker-\d$/);
    c.admin.create(podWithClaim('job', 'scratch'));
    c.advance(30_000);
    expect(pod(c, 'job').spec.nodeName).toBe(node.values[0]);
    expect(pod(c, 'job').status?.phase).toBe('Running');
  });
});
