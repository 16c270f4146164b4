import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { computeHash, safeEncodeString, fnv32a } from '../../src/core/controllers/util.js';
import { resolveFenceposts } from '../../src/core/controllers/deployment.js';
import { deployment, events, get, newCluster, pods, readyAll, settle } from './controller-helpers.js';

function rsOf(c: ReturnType<typeof newCluster>, name: string): KObject[] {
  return [...c.api.cachedList('replicasets', 'default')].filter((r) => r.metadata.ownerReferences?.[0]?.name === name);
}

function cond(d: KObject, type: string): { status: string; reason: string; message: string } | undefined {
  return d.status?.conditions?.find((x: { type: string }) => x.type === type);
}

/** Rolls pods to ready until the deployment's status settles. */
function rollToReady(c: ReturnType<typeof newCluster>, name: string, rounds = 20): void {
  for (let i = 0; i < rounds; i++) {
    readyAll(c, 'default', `${name}-`);
    // the stand-in kubelet: remove terminating pods
    for (const p of pods(c, 'default', `${name}-`)) if (p.metadata.deletionTimestamp) c.admin.delete('pods', 'default', p.metadata.name, { gracePeriodSeconds: 0 });
    settle(c, 1000);
  }
}

describe('deployment controller', () => {
  it('hashes like upstream: FNV-32a rendered in the safe alphabet', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    expect(computeHash({ a: 1 })).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeHash({ a: 1 })).toBe(computeHash({ a: 1 }));
    expect(computeHash({ a: 1 }, 1)).not.toBe(computeHash({ a: 1 }));
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
  });

  it('resolves maxSurge up and maxUnavailable down', () => {
    const d = deployment('x', 10);
    expect(resolveFenceposts(d)).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    const z = deployment('x', 1, 'i', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' } } });
    expect(resolveFenceposts(z)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('creates a ReplicaSet per template with revision annotations and the 1.32 event', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(deployment('web', 3));
    settle(c);
    const [rs] = rsOf(c, 'web');
    expect(rs).toBeDefined();
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs!.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(events(c, 'default', 'web')).toContain(`Normal ScalingReplicaSet Scaled up replica set web-${hash} from 0 to 3`);
    const d = get(c, 'deployments', 'default', 'web');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(cond(d, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    // The set's status (3 replicas) already moved the condition past NewReplicaSetCreated.
    expect(cond(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "web-${hash}" is progressing.` });
    expect(pods(c, 'default', `web-${hash}-`)).toHaveLength(3);
    rollToReady(c, 'web', 2);
    const done = get(c, 'deployments', 'default', 'web');
    expect(done.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(done.status.unavailableReplicas ?? 0).toBe(0);
    expect(cond(done, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(cond(done, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` });
    expect(done.status.conditions.map((x: { type: string }) => x.type)).toEqual(['Available', 'Progressing']);
  });

  it('rolls out a new template within maxSurge/maxUnavailable and records revisions with change-cause', () => {
    const c = newCluster();
    c.admin.create(deployment('web', 4));
    settle(c);
    rollToReady(c, 'web', 2);
    const d0 = get(c, 'deployments', 'default', 'web');
    c.admin.patch('deployments', 'default', 'web', {
      metadata: { annotations: { 'kubernetes.io/change-cause': 'image 1.26' } },
      spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } },
    }, 'merge');
    settle(c);
    const sets = rsOf(c, 'web');
    expect(sets).toHaveLength(2);
    const next = sets.find((r) => r.metadata.annotations!['deployment.kubernetes.io/revision'] === '2')!;
    expect(next.metadata.annotations!['kubernetes.io/change-cause']).toBe('image 1.26');
    // 4 replicas, 25%: surge 1, unavailable 1 => new set starts at 1, old set goes to 3.
    const old = sets.find((r) => r !== next)!;
    expect(next.spec.replicas + old.spec.replicas).toBeLessThanOrEqual(5);
    rollToReady(c, 'web', 12);
    const after = rsOf(c, 'web');
    expect(after.find((r) => r.metadata.name === next.metadata.name)!.spec.replicas).toBe(4);
    expect(after.find((r) => r.metadata.name === old.metadata.name)!.spec.replicas).toBe(0);
    const d = get(c, 'deployments', 'default', 'web');
    expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(cond(d, 'Progressing')!.reason).toBe('NewReplicaSetAvailable');
    const evs = events(c, 'default', 'web').filter((e) => e.includes('ScalingReplicaSet'));
    expect(evs).toContain(`Normal ScalingReplicaSet Scaled up replica set ${next.metadata.name} from 0 to 1`);
    expect(evs.some((e) => e.startsWith(`Normal ScalingReplicaSet Scaled down replica set ${old.metadata.name} from 4 to`))).toBe(true);

    // Undo: the template of revision 1 comes back; that set becomes revision 3.
    const d2 = get(c, 'deployments', 'default', 'web');
    c.admin.update({ ...d2, spec: { ...d2.spec, template: d0.spec.template } });
    settle(c);
    const back = rsOf(c, 'web').find((r) => r.metadata.name === old.metadata.name)!;
    expect(back.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.metadata.annotations!['deployment.kubernetes.io/revision-history']).toBe('1');
  });

  it('Recreate scales the old set to zero before creating the new one', () => {
    const c = newCluster();
    c.admin.create(deployment('db', 2, 'postgres:15', { strategy: { type: 'Recreate' } }));
    settle(c);
    rollToReady(c, 'db', 2);
    const d0 = get(c, 'deployments', 'default', 'db');
    const oldName = rsOf(c, 'db')[0]!.metadata.name;
    c.admin.patch('deployments', 'default', 'db', { spec: { template: { spec: { containers: [{ name: 'app', image: 'postgres:16' }] } } } }, 'merge');
    settle(c);
    rollToReady(c, 'db', 4);
    const sets = rsOf(c, 'db');
    expect(sets).toHaveLength(2);
    const newName = sets.find((r) => r.metadata.name !== oldName)!.metadata.name;
    const evs = events(c, 'default', 'db').filter((e) => e.includes('ScalingReplicaSet'));
    const down = evs.indexOf(`Normal ScalingReplicaSet Scaled down replica set ${oldName} from 2 to 0`);
    const up = evs.indexOf(`Normal ScalingReplicaSet Scaled up replica set ${newName} from 0 to 2`);
    expect(down).toBeGreaterThanOrEqual(0);
    expect(up).toBeGreaterThan(down);
    expect(sets.map((r) => r.spec.replicas).sort()).toEqual([0, 2]);
  });

  it('times out progressing after progressDeadlineSeconds', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(deployment('slow', 2, 'nginx', { progressDeadlineSeconds: 60 }));
    settle(c);
    settle(c, 62_000);
    const d = get(c, 'deployments', 'default', 'slow');
    const hash = rsOf(c, 'slow')[0]!.metadata.labels!['pod-template-hash'];
    expect(cond(d, 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "slow-${hash}" has timed out progressing.` });
  });

  it('scales, pauses, restarts with restartedAt and cleans history beyond revisionHistoryLimit', () => {
    const c = newCluster();
    c.admin.create(deployment('web', 2, 'nginx', { revisionHistoryLimit: 1 }));
    settle(c);
    rollToReady(c, 'web', 2);
    c.admin.patch('deployments', 'default', 'web', { spec: { replicas: 5 } }, 'merge');
    settle(c);
    expect(rsOf(c, 'web')[0]!.spec.replicas).toBe(5);
    c.admin.patch('deployments', 'default', 'web', { spec: { paused: true } }, 'merge');
    settle(c);
    expect(cond(get(c, 'deployments', 'default', 'web'), 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    c.admin.patch('deployments', 'default', 'web', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-24T10:00:00Z' } } } } }, 'merge');
    settle(c);
    expect(rsOf(c, 'web')).toHaveLength(1);
    c.admin.patch('deployments', 'default', 'web', { spec: { paused: false } }, 'merge');
    settle(c);
    expect(rsOf(c, 'web')).toHaveLength(2);
    rollToReady(c, 'web', 15);
    for (let i = 0; i < 2; i++) {
      c.admin.patch('deployments', 'default', 'web', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': `2026-11-24T1${i + 1}:00:00Z` } } } } }, 'merge');
      settle(c);
      rollToReady(c, 'web', 15);
    }
    // revisionHistoryLimit 1: the new set plus one old one.
    expect(rsOf(c, 'web')).toHaveLength(2);
  });
});
