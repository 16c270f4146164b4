import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { apiError, cluster } from './admission-helpers.js';

const job = (name: string, podSpec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'default' },
  spec: { template: { spec: { containers: [{ name: 'main', image: 'busybox' }], ...podSpec } } },
});

const cron = (name: string, schedule: string): KObject => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name, namespace: 'default' },
  spec: { schedule, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'main', image: 'busybox' }] } } } } },
});

describe('batch validation', () => {
  const c = cluster();
  c.controllerManager.stop();

  it('needs OnFailure or Never in a Job template (the default Always is refused)', () => {
    expect(apiError(() => c.admin.create(job('a'))).message).toBe('Job.batch "a" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"'.replace('Job.batch', 'Job'));
  });

  it('generates the selector and template labels from the uid', () => {
    const j = c.admin.create(job('b', { restartPolicy: 'Never' }));
    const uid = j.metadata.uid!;
    expect(j.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(j.spec.template.metadata.labels).toEqual({ 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'b', 'controller-uid': uid, 'job-name': 'b' });
  });

  it('rejects bad cron schedules with robfig/cron messages', () => {
    expect(apiError(() => c.admin.create(cron('x', 'x'))).message).toBe('CronJob "x" is invalid: spec.schedule: Invalid value: "x": expected exactly 5 fields, found 1: [x]');
    expect(apiError(() => c.admin.create(cron('y', '61 * * * *'))).message).toBe('CronJob "y" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
    expect(apiError(() => c.admin.create(cron('z', '*/5 * * * mon-xyz'))).message).toBe(
      'CronJob "z" is invalid: spec.schedule: Invalid value: "*/5 * * * mon-xyz": failed to parse int from xyz: strconv.Atoi: parsing "xyz": invalid syntax',
    );
    expect(c.admin.create(cron('ok', '*/5 * * * *')).spec.concurrencyPolicy).toBe('Allow');
  });

});
