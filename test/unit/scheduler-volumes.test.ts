import { describe, expect, it } from 'vitest';
import type { Event, KObject, Pod } from '../../src/core/api/types.js';
import { isolatedCluster, makePod } from './scheduler-helpers.js';

function sc(name: string, mode: string): KObject {
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'ebs.csi.aws.com', volumeBindingMode: mode, reclaimPolicy: 'Delete' };
}

function pvc(name: string, className: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { storageClassName: className, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}

/** system:volume-scheduler, bound to system:kube-scheduler on a real cluster (created here if the bootstrap lacks it). */
function grantVolumeScheduler(cluster: ReturnType<typeof isolatedCluster>['cluster']): void {
  if (!cluster.admin.tryGet('clusterroles', undefined, 'system:volume-scheduler')) {
    cluster.admin.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:volume-scheduler' },
      rules: [
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      ],
    });
  }
  if (!cluster.admin.tryGet('clusterrolebindings', undefined, 'system:volume-scheduler')) {
    cluster.admin.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:volume-scheduler' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:volume-scheduler' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:kube-scheduler' }],
    });
  }
}

const withClaim = (name: string, claim: string) => makePod(name, { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] } });

describe('scheduler and volumes', () => {
  it('an unbound Immediate claim keeps the pod pending with the real message', () => {
    const { cluster } = isolatedCluster();
    cluster.admin.create(sc('fast', 'Immediate'));
    cluster.admin.create(pvc('data', 'fast'));
    cluster.admin.create(withClaim('db', 'data'));
    cluster.advance(100);
    const ev = (cluster.admin.list<Event>('events', 'default').items as Event[]).filter((e) => e.involvedObject.name === 'db');
    expect(ev.map((e) => e.message)).toEqual([
      '0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    ]);
  });

  it('a missing claim is named', () => {
    const { cluster } = isolatedCluster();
    cluster.admin.create(withClaim('db', 'nope'));
    cluster.advance(100);
    const pod = cluster.admin.get<Pod>('pods', 'default', 'db');
    expect(pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.message).toBe(
      '0/4 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    );
  });

  it('WaitForFirstConsumer: the chosen node goes into the claim, the pod binds once the claim is bound', () => {
    const { cluster, scheduler } = isolatedCluster();
    grantVolumeScheduler(cluster);
    cluster.admin.create(sc('gp3', 'WaitForFirstConsumer'));
    cluster.admin.create(pvc('data', 'gp3'));
    cluster.admin.create(withClaim('db', 'data'));
    cluster.advance(100);
    const claim = cluster.admin.get('persistentvolumeclaims', 'default', 'data');
    const node = claim.metadata.annotations?.['volume.kubernetes.io/selected-node'];
    expect(node).toMatch(/^worker-[123]$/);
    expect(cluster.admin.get<Pod>('pods', 'default', 'db').spec.nodeName).toBeUndefined();
    expect(scheduler.trace('default', 'db')!.result).toBe('WaitingForVolumes');
    // The provisioner (not under test) creates the volume and the claim is bound.
    cluster.admin.update({ ...claim, spec: { ...claim.spec, volumeName: 'pvc-1' } });
    const bound = cluster.admin.get('persistentvolumeclaims', 'default', 'data');
    cluster.admin.updateStatus({ ...bound, status: { phase: 'Bound' } });
    cluster.advance(100);
    expect(cluster.admin.get<Pod>('pods', 'default', 'db').spec.nodeName).toBe(node);
  });
});
