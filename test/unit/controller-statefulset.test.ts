import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { events, get, newCluster, pods, settle, setPodPhase } from './controller-helpers.js';

function sts(name: string, replicas: number, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'db', image: 'postgres:15' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...extra,
    },
  };
}

const names = (c: ReturnType<typeof newCluster>, prefix: string): string[] => pods(c, 'default', prefix).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort();

function readyOne(c: ReturnType<typeof newCluster>, name: string): void {
  const p = c.api.cached('pods', 'default', name) as never;
  if (p) setPodPhase(c, p, 'Running');
  settle(c);
}

function reap(c: ReturnType<typeof newCluster>): void {
  for (const p of pods(c, 'default')) if (p.metadata.deletionTimestamp) c.admin.delete('pods', 'default', p.metadata.name, { gracePeriodSeconds: 0 });
  settle(c);
}

describe('statefulset controller', () => {
  it('creates pods in order, each waiting for the previous to be Running and Ready, with claims and identity', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(sts('web', 3));
    settle(c);
    expect(names(c, 'web-')).toEqual(['web-0']);
    const p0 = get(c, 'pods', 'default', 'web-0');
    expect(p0.spec.hostname).toBe('web-0');
    expect(p0.spec.subdomain).toBe('web');
    expect(p0.spec.volumes.find((v: { name: string }) => v.name === 'data')).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } });
    expect(p0.metadata.labels).toMatchObject({ app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0' });
    expect(p0.metadata.labels!['controller-revision-hash']).toMatch(/^web-[456789bcdf]+$/);
    expect(get(c, 'persistentvolumeclaims', 'default', 'data-web-0').metadata.labels).toEqual({ app: 'web' });
    readyOne(c, 'web-0');
    expect(names(c, 'web-')).toEqual(['web-0', 'web-1']);
    readyOne(c, 'web-1');
    readyOne(c, 'web-2');
    const s = get(c, 'statefulsets', 'default', 'web');
    expect(s.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(s.status.currentRevision).toBe(s.status.updateRevision);
    const evs = events(c, 'default', 'web');
    expect(evs).toContain('Normal SuccessfulCreate create Claim data-web-0 Pod web-0 in StatefulSet web success');
    expect(evs).toContain('Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful');
    expect([...c.api.cachedList('controllerrevisions', 'default')]).toHaveLength(1);
  });

  it('scales down from the highest ordinal and rolls updates in reverse order', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(sts('db', 3, { podManagementPolicy: 'Parallel' }));
    settle(c);
    expect(names(c, 'db-')).toEqual(['db-0', 'db-1', 'db-2']);
    for (const n of ['db-0', 'db-1', 'db-2']) readyOne(c, n);
    c.admin.patch('statefulsets', 'default', 'db', { spec: { template: { spec: { containers: [{ name: 'db', image: 'postgres:16' }] } } } }, 'merge');
    settle(c);
    reap(c);
    expect(evs(c)).toContain('Normal SuccessfulDelete delete Pod db-2 in StatefulSet db successful');
    expect(evs(c)).not.toContain('Normal SuccessfulDelete delete Pod db-1 in StatefulSet db successful');
    for (let i = 0; i < 6; i++) {
      for (const n of ['db-0', 'db-1', 'db-2']) readyOne(c, n);
      reap(c);
    }
    const s = get(c, 'statefulsets', 'default', 'db');
    expect(s.status.updatedReplicas).toBe(3);
    expect(s.status.currentRevision).toBe(s.status.updateRevision);
    c.admin.patch('statefulsets', 'default', 'db', { spec: { replicas: 1 } }, 'merge');
    settle(c);
    expect(names(c, 'db-')).toEqual(['db-0']);
  });
});

function evs(c: ReturnType<typeof newCluster>): string[] {
  return events(c, 'default', 'db');
}
