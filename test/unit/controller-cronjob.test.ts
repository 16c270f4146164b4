import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { parseCronSchedule } from '../../src/core/api/cron.js';
import { events, get, newCluster, pods, settle, setPodPhase } from './controller-helpers.js';

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0); // the virtual clock's epoch: Tue 24 Nov 2026 09:00 UTC
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

function nexts(spec: string, n: number, from = T0, tz?: string): string[] {
  const s = parseCronSchedule(spec, tz);
  const out: string[] = [];
  let t = from;
  for (let i = 0; i < n; i++) {
    const x = s.next(t);
    if (x === undefined) break;
    out.push(iso(x)!);
    t = x;
  }
  return out;
}

function cronjob(name: string, schedule: string, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule,
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
  };
}

describe('cron schedule parser', () => {
  it('handles steps, ranges, lists, names and descriptors', () => {
    expect(nexts('*/15 * * * *', 3)).toEqual(['2026-11-24T09:15:00.000Z', '2026-11-24T09:30:00.000Z', '2026-11-24T09:45:00.000Z']);
    expect(nexts('0 9-17/4 * * MON-FRI', 4)).toEqual(['2026-11-24T13:00:00.000Z', '2026-11-24T17:00:00.000Z', '2026-11-25T09:00:00.000Z', '2026-11-25T13:00:00.000Z']);
    expect(nexts('30 2 1,15 * *', 2)).toEqual(['2026-12-01T02:30:00.000Z', '2026-12-15T02:30:00.000Z']);
    expect(nexts('@hourly', 1)).toEqual(['2026-11-24T10:00:00.000Z']);
    expect(nexts('@yearly', 1)).toEqual(['2027-01-01T00:00:00.000Z']);
    expect(nexts('0 0 * jan sun', 1)).toEqual(['2027-01-03T00:00:00.000Z']);
    // day-of-month OR day-of-week when both are restricted
    expect(nexts('0 0 1 * fri', 2)).toEqual(['2026-11-27T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
    expect(nexts('0 0 30 2 *', 1)).toEqual([]);
    expect(nexts('0 12 * * *', 1, T0, 'Europe/Paris')).toEqual(['2026-11-24T11:00:00.000Z']);
  });

  it('rejects bad schedules with robfig/cron messages', () => {
    const err = (s: string): string => {
      try {
        parseCronSchedule(s);
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(err('* * * *')).toBe('expected exactly 5 fields, found 4: [* * * *]');
    expect(err('60 * * * *')).toBe('end of range (60) above maximum (59): 60');
    expect(err('* * * * 7')).toBe('end of range (7) above maximum (6): 7');
    expect(err('x * * * *')).toBe('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    expect(err('5-1 * * * *')).toBe('beginning of range (5) beyond end of range (1): 5-1');
    expect(err('@fortnightly')).toBe('unrecognized descriptor: @fortnightly');
    expect(err('')).toBe('empty spec string');
  });
});

describe('cronjob controller', () => {
  it('creates CRON-<minutes> jobs on schedule and keeps history limits', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(cronjob('tick', '*/5 * * * *', { successfulJobsHistoryLimit: 1 }));
    settle(c);
    expect([...c.api.cachedList('jobs', 'default')]).toHaveLength(0);
    settle(c, 5 * 60_000);
    settle(c, 200);
    const name = `tick-${(T0 + 5 * 60_000) / 60_000}`;
    const j = get(c, 'jobs', 'default', name);
    expect(j.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'tick', controller: true });
    expect(j.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-11-24T09:05:00Z');
    const cj = get(c, 'cronjobs', 'default', 'tick');
    expect(cj.status.lastScheduleTime).toBe('2026-11-24T09:05:00Z');
    expect(cj.status.active.map((a: { name: string }) => a.name)).toEqual([name]);
    expect(events(c, 'default', 'tick')).toContain(`Normal SuccessfulCreate Created job ${name}`);
    // finish it
    for (const p of pods(c, 'default', `${name}-`)) setPodPhase(c, p, 'Succeeded', false);
    settle(c, 100);
    expect(events(c, 'default', 'tick')).toContain(`Normal SawCompletedJob Saw completed job: ${name}, status: Complete`);
    expect(get(c, 'cronjobs', 'default', 'tick').status.active).toBeUndefined();
    settle(c, 5 * 60_000);
    const second = `tick-${(T0 + 10 * 60_000) / 60_000}`;
    for (const p of pods(c, 'default', `${second}-`)) setPodPhase(c, p, 'Succeeded', false);
    settle(c, 1000);
    settle(c, 1000);
    const names = [...c.api.cachedList('jobs', 'default')].map((x) => x.metadata.name);
    expect(names).toEqual([second]);
    expect(events(c, 'default', 'tick')).toContain(`Normal SuccessfulDelete Deleted job ${name}`);
  });

  it('Forbid skips a run while one is active; suspend stops scheduling', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(cronjob('f', '* * * * *', { concurrencyPolicy: 'Forbid' }));
    settle(c, 60_000);
    settle(c, 60_500);
    expect([...c.api.cachedList('jobs', 'default')]).toHaveLength(1);
    expect(events(c, 'default', 'f')).toContain('Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid');
    c.admin.create(cronjob('s', '* * * * *', { suspend: true }));
    settle(c, 180_000);
    expect([...c.api.cachedList('jobs', 'default')].filter((j) => j.metadata.name.startsWith('s-'))).toHaveLength(0);
  });

  it('Replace deletes the running job for the new one', () => {
    const c = newCluster();
    c.scheduler.stop();
    c.admin.create(cronjob('r', '* * * * *', { concurrencyPolicy: 'Replace' }));
    settle(c, 60_000);
    settle(c, 200);
    settle(c, 60_000);
    settle(c, 200);
    const jobs = [...c.api.cachedList('jobs', 'default')].map((j) => j.metadata.name);
    expect(jobs).toEqual([`r-${(T0 + 120_000) / 60_000}`]);
    expect(events(c, 'default', 'r')).toContain(`Normal SuccessfulDelete Deleted job r-${(T0 + 60_000) / 60_000}`);
  });

  it('a schedule that never fires creates nothing and says InvalidSchedule; an unparseable one says UnparseableSchedule', () => {
    const c = newCluster();
    c.admin.create(cronjob('never', '0 0 30 2 *'));
    settle(c, 3_600_000);
    expect([...c.api.cachedList('jobs', 'default')]).toHaveLength(0);
    expect(events(c, 'default', 'never')).toContain('Warning InvalidSchedule invalid schedule: 0 0 30 2 * : time difference between two schedules is less than 1 second');
    // Validation should reject this one; if it got in, the controller reports it.
    try {
      c.admin.create(cronjob('bad', '61 * * * *'));
      settle(c);
      expect(events(c, 'default', 'bad')).toContain('Warning UnparseableSchedule unparseable schedule: "61 * * * *" : end of range (61) above maximum (59): 61');
    } catch (err) {
      expect(String(err)).toContain('schedule');
    }
  });
});
