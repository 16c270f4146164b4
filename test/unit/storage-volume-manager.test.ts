import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/core/api/types.js';
import { storageCluster, pvc, podWithClaim, eventsOf, claim, pod } from './storage-helpers.js';
import { podMounts } from '../../src/core/storage/mounts.js';
import { injectFault } from '../../src/scenarios/faults/index.js';

const SPIFFE = ['ebs.csi.aws.com', 'csi.spiffe.io'];

function spiffePod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop' },
    spec: {
      containers: [{ name: 'app', image: 'nginx:1.25', volumeMounts: [{ name: 'spiffe-workload-api', mountPath: '/spiffe-workload-api', readOnly: true }] }],
      volumes: [{ name: 'spiffe-workload-api', csi: { driver: 'csi.spiffe.io', readOnly: true } }],
    },
  } as Pod;
}

const notOn = (node: string) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: [node] }] }] } } });

const drivers = (c: ReturnType<typeof storageCluster>, node: string): string[] => (c.api.cached('csinodes', undefined, node)?.spec?.drivers ?? []).map((d: { name: string }) => d.name);

describe('CSINode registrations and the kubelet volume manager', () => {
  it('every node lists the drivers whose node plugin runs there, with NodeGetInfo data', () => {
    const c = storageCluster({ csiDrivers: SPIFFE });
    for (const n of ['master-0', 'worker-1', 'worker-3']) expect(drivers(c, n).sort()).toEqual(['csi.spiffe.io', 'ebs.csi.aws.com']);
    const ebs = c.api.cached('csinodes', undefined, 'worker-1')!.spec.drivers.find((d: { name: string }) => d.name === 'ebs.csi.aws.com');
    expect(ebs.nodeID).toMatch(/^i-0[0-9a-f]{15}$/);
    expect(ebs.allocatable).toEqual({ count: 26 });
    expect(ebs.topologyKeys).toEqual(['kubernetes.io/os', 'topology.ebs.csi.aws.com/zone', 'topology.kubernetes.io/zone']);
    expect(c.api.cached('csinodes', undefined, 'worker-1')!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: 'worker-1' });
    expect(c.api.cached('csidrivers', undefined, 'csi.spiffe.io')!.spec).toMatchObject({ attachRequired: false, podInfoOnMount: true, volumeLifecycleModes: ['Ephemeral'] });
  });

  it('SPIFFE: the inline read-only volume mounts the Workload API socket', () => {
    const c = storageCluster({ csiDrivers: SPIFFE });
    c.admin.create(spiffePod('api'));
    c.advance(30_000);
    expect(pod(c, 'api').status?.phase).toBe('Running');
    const m = podMounts(c, 'shop', 'api').find((x) => x.volume === 'spiffe-workload-api')!;
    expect(m).toMatchObject({ container: 'app', mountPath: '/spiffe-workload-api', readOnly: true, kind: 'csi', driver: 'csi.spiffe.io' });
    expect(m.entries).toEqual([{ name: 'spire-agent.sock', type: 'socket' }]);
    expect([...c.api.cachedList('volumeattachments')]).toHaveLength(0);
  });

  it('SPIFFE driver down: SetUp fails with the registered-drivers message, and recovers when the DaemonSet is fixed', () => {
    const c = storageCluster({ csiDrivers: SPIFFE });
    injectFault(c, { type: 'csi-driver-down', driver: 'csi.spiffe.io', atMs: 0, pos: { line: 1, column: 1 } } as never);
    c.advance(60_000);
    expect(drivers(c, 'worker-1')).toEqual(['ebs.csi.aws.com']);
    c.admin.create(spiffePod('api'));
    c.advance(125_000);
    expect(pod(c, 'api').status?.phase).toBe('Pending');
    const events = eventsOf(c, 'Pod', 'api');
    expect(events).toContain('Warning FailedMount MountVolume.SetUp failed for volume "spiffe-workload-api" : kubernetes.io/csi: mounter.SetUpAt failed to get CSI client: driver name csi.spiffe.io not found in the list of registered CSI drivers');
    expect(events).toContain('Warning FailedMount Unable to attach or mount volumes: unmounted volumes=[spiffe-workload-api], unattached volumes=[], failed to process volumes=[]: context deadline exceeded');
    c.admin.patch('daemonsets', 'spire-system', 'spire-spiffe-csi-driver', [{ op: 'remove', path: '/spec/template/spec/nodeSelector' }], 'json');
    c.advance(60_000);
    expect(pod(c, 'api').status?.phase).toBe('Running');
  });

  it('no node plugin on the node: the external-attacher cannot attach (no node ID in CSINode); it attaches once the plugin is back', () => {
    const c = storageCluster();
    // The EBS node plugin is kept off worker-3 (node affinity on its DaemonSet).
    c.admin.patch('daemonsets', 'openshift-cluster-csi-drivers', 'aws-ebs-csi-driver-node', { spec: { template: { spec: { affinity: notOn('worker-3') } } } }, 'merge');
    c.advance(60_000);
    expect(drivers(c, 'worker-3')).toEqual([]);
    c.admin.create(pvc('data'));
    c.admin.create(podWithClaim('db', 'data', { nodeSelector: { 'kubernetes.io/hostname': 'worker-3' } }));
    c.advance(60_000);
    const volume = claim(c, 'data').spec.volumeName;
    expect(eventsOf(c, 'Pod', 'db')).toContain(`Warning FailedAttachVolume AttachVolume.Attach failed for volume "${volume}" : CSINode worker-3 does not contain driver ebs.csi.aws.com`);
    const va = [...c.api.cachedList('volumeattachments')][0]!;
    expect(va.status).toMatchObject({ attached: false, attachError: { message: 'CSINode worker-3 does not contain driver ebs.csi.aws.com' } });
    c.admin.patch('daemonsets', 'openshift-cluster-csi-drivers', 'aws-ebs-csi-driver-node', [{ op: 'remove', path: '/spec/template/spec/affinity' }], 'json');
    c.advance(60_000);
    expect(drivers(c, 'worker-3')).toEqual(['ebs.csi.aws.com']);
    expect(pod(c, 'db').status?.phase).toBe('Running');
  });

  it('the node plugin gone after the attach: MountDevice fails with the real message', () => {
    const c = storageCluster();
    c.admin.create(pvc('data'));
    c.admin.create(podWithClaim('db', 'data', { nodeSelector: { 'kubernetes.io/hostname': 'worker-3' } }));
    c.advance(60_000);
    expect(pod(c, 'db').status?.phase).toBe('Running');
    c.admin.patch('daemonsets', 'openshift-cluster-csi-drivers', 'aws-ebs-csi-driver-node', { spec: { template: { spec: { affinity: notOn('worker-3') } } } }, 'merge');
    c.advance(60_000);
    expect(drivers(c, 'worker-3')).toEqual([]);
    // A second pod on the same node shares the attached RWO volume but cannot stage it.
    c.admin.create(podWithClaim('db-2', 'data', { nodeSelector: { 'kubernetes.io/hostname': 'worker-3' } }));
    c.advance(30_000);
    const volume = claim(c, 'data').spec.volumeName;
    expect(eventsOf(c, 'Pod', 'db-2')).toContain(
      `Warning FailedMount MountVolume.MountDevice failed for volume "${volume}" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name ebs.csi.aws.com not found in the list of registered CSI drivers`,
    );
    expect(pod(c, 'db-2').status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
  });

  it('podMounts: a provisioned EBS volume is an ext4 NVMe device of the claim size', () => {
    const c = storageCluster();
    c.admin.create(pvc('data', { resources: { requests: { storage: '20Gi' } } }));
    c.admin.create(podWithClaim('db', 'data'));
    c.advance(60_000);
    const m = podMounts(c, 'shop', 'db', 'app').find((x) => x.volume === 'data')!;
    expect(m).toMatchObject({ mountPath: '/data', kind: 'persistentVolumeClaim', driver: 'ebs.csi.aws.com', fsType: 'ext4', sizeBytes: 20 * 1024 ** 3, persistentVolume: claim(c, 'data').spec.volumeName });
    expect(m.filesystem).toMatch(/^\/dev\/nvme\d+n1$/);
    expect(m.entries).toEqual([{ name: 'lost+found', type: 'dir' }]);
  });
});
