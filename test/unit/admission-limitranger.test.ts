import { describe, expect, it } from 'vitest';
import { apiError, cluster, ns, pod } from './admission-helpers.js';

describe('LimitRanger', () => {
  const c = cluster();
  c.scheduler.stop();
  ns(c, 'team');
  c.admin.create({
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'limits', namespace: 'team' },
    spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { memory: '1Gi' }, min: { cpu: '50m' } }] },
  });

  it('applies defaults and annotates the pod', () => {
    const p = c.admin.create(pod('d', 'team'));
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    expect(p.metadata.annotations!['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app');
    expect(p.status.qosClass).toBe('Burstable');
    const entry = c.api.log.recent().reverse().find((e) => e.name === 'd' && e.verb === 'create')!;
    expect(entry.stages.find((s) => s.name === 'LimitRanger' && s.stage === 'mutating-admission')?.detail).toBe(
      'applied default cpu, memory request for container app; cpu, memory limit for container app (LimitRange limits)',
    );
  });

  it('keeps what the container sets', () => {
    const p = c.admin.create(pod('own', 'team', { containers: [{ name: 'app', image: 'nginx', resources: { limits: { memory: '256Mi' } } }] }));
    // Requests default to limits before admission (defaulting), so memory request is 256Mi.
    expect(p.spec.containers[0].resources).toEqual({ limits: { memory: '256Mi', cpu: '500m' }, requests: { memory: '256Mi', cpu: '100m' } });
  });

  it('enforces max and min', () => {
    const big = apiError(() => c.admin.create(pod('big', 'team', { containers: [{ name: 'app', image: 'nginx', resources: { limits: { memory: '2Gi' } } }] })));
    expect(big.kubectlMessage()).toBe('Error from server (Forbidden): pods "big" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi');
    const both = apiError(() => c.admin.create(pod('both', 'team', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '10m' }, limits: { cpu: '10m', memory: '2Gi' } } }] })));
    expect(both.message).toBe('pods "both" is forbidden: [minimum cpu usage per Container is 50m, but request is 10m, maximum memory usage per Container is 1Gi, but limit is 2Gi]');
  });

  it('checks PVC storage against a PersistentVolumeClaim limit', () => {
    c.admin.create({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'storage', namespace: 'team' }, spec: { limits: [{ type: 'PersistentVolumeClaim', max: { storage: '5Gi' } }] } });
    const err = apiError(() =>
      c.admin.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'huge', namespace: 'team' }, spec: { storageClassName: '', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }),
    );
    expect(err.message).toBe('persistentvolumeclaims "huge" is forbidden: maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 10Gi');
  });
});
