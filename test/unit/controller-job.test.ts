import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { formatIndexes } from '../../src/core/controllers/job.js';
import { events, get, newCluster, pods, settle, setPodPhase } from './controller-helpers.js';

function job(name: string, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { template: { metadata: { labels: { app: name } }, spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox' }] } }, ...spec },
  };
}

function conds(j: KObject): string[] {
  return (j.status?.conditions ?? []).map((c: { type: string; status: string; reason: string; message: string }) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);
}

describe('job controller', () => {
  it('runs pods to completion with the job labels, then Complete with the 1.32 conditions', () => {
    const c = newCluster();
    c.scheduler.stop();
    const created = c.admin.create(job('pi', { completions: 2, parallelism: 1 }));
    settle(c);
    let ps = pods(c, 'default', 'pi-');
    expect(ps).toHaveLength(1);
    expect(ps[0]!.metadata.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(ps[0]!.metadata.labels).toMatchObject({
      app: 'pi',
      'batch.kubernetes.io/job-name': 'pi',
      'job-name': 'pi',
      'batch.kubernetes.io/controller-uid': created.metadata.uid,
      'controller-uid': created.metadata.uid,
    });
    expect(get(c, 'jobs', 'default', 'pi').status).toMatchObject({ active: 1, ready: 0 });
    setPodPhase(c, ps[0]!, 'Succeeded', false);
    settle(c);
    ps = pods(c, 'default', 'pi-').filter((p) => p.status?.phase !== 'Succeeded');
    expect(ps).toHaveLength(1);
    setPodPhase(c, ps[0]!, 'Succeeded', false);
    settle(c);
    const j = get(c, 'jobs', 'default', 'pi');
    expect(j.status.succeeded).toBe(2);
    expect(j.status.completionTime).toBeDefined();
    expect(conds(j)).toEqual([
      'SuccessCriteriaMet=True CompletionsReached: Reached expected number of succeeded pods',
      'Complete=True CompletionsReached: Reached expected number of succeeded pods',
    ]);
    const evs = events(c, 'default', 'pi');
    expect(evs.filter((e) => e.startsWith('Normal SuccessfulCreate Created pod: pi-'))).toHaveLength(2);
    expect(evs).toContain('Normal Completed Job completed');
  });

  it('backs off after failures and fails with BackoffLimitExceeded', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(job('bad', { backoffLimit: 1 }));
    settle(c);
    setPodPhase(c, pods(c, 'default', 'bad-')[0]!, 'Failed', false);
    settle(c);
    // back-off 10 s before the replacement
    expect(pods(c, 'default', 'bad-').filter((p) => p.status?.phase !== 'Failed')).toHaveLength(0);
    settle(c, 10_000);
    const second = pods(c, 'default', 'bad-').filter((p) => p.status?.phase !== 'Failed');
    expect(second).toHaveLength(1);
    setPodPhase(c, second[0]!, 'Failed', false);
    settle(c);
    const j = get(c, 'jobs', 'default', 'bad');
    expect(j.status.failed).toBe(2);
    expect(conds(j)).toEqual([
      'FailureTarget=True BackoffLimitExceeded: Job has reached the specified backoff limit',
      'Failed=True BackoffLimitExceeded: Job has reached the specified backoff limit',
    ]);
    expect(events(c, 'default', 'bad')).toContain('Warning BackoffLimitExceeded Job has reached the specified backoff limit');
  });

  it('fails at activeDeadlineSeconds and deletes its running pods', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(job('slow', { activeDeadlineSeconds: 30, parallelism: 2, completions: 4 }));
    settle(c);
    expect(pods(c, 'default', 'slow-')).toHaveLength(2);
    settle(c, 31_000);
    const j = get(c, 'jobs', 'default', 'slow');
    expect(conds(j)).toContain('Failed=True DeadlineExceeded: Job was active longer than specified deadline');
    expect(pods(c, 'default', 'slow-')).toHaveLength(0);
  });

  it('runs Indexed jobs with completion indexes', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    settle(c);
    const ps = pods(c, 'default', 'idx-');
    expect(ps.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1', '2']);
    for (const p of ps) expect(p.metadata.name.startsWith(`idx-${p.metadata.annotations!['batch.kubernetes.io/job-completion-index']}-`)).toBe(true);
    for (const p of ps) setPodPhase(c, p, 'Succeeded', false);
    settle(c);
    expect(get(c, 'jobs', 'default', 'idx').status.completedIndexes).toBe('0-2');
    expect(formatIndexes(new Set([1, 3, 4, 5, 7]))).toBe('1,3-5,7');
  });

  it('deletes a finished job after ttlSecondsAfterFinished', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(job('once', { ttlSecondsAfterFinished: 60 }));
    settle(c);
    setPodPhase(c, pods(c, 'default', 'once-')[0]!, 'Succeeded', false);
    settle(c);
    expect(c.api.cached('jobs', 'default', 'once')).toBeDefined();
    settle(c, 61_000);
    settle(c, 100);
    expect(c.api.cached('jobs', 'default', 'once')).toBeUndefined();
  });
});
