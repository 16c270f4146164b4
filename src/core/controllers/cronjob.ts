/**
 * The CronJob controller (pkg/controller/cronjob, ControllerV2): on the virtual clock, creates
 * Job CRON-<scheduled minutes since epoch> at each schedule time, honouring suspend,
 * startingDeadlineSeconds, concurrencyPolicy and the history limits, with upstream's events.
 */
import type { ComponentContext } from '../component.js';
import type { KObject } from '../api/types.js';
import { keyOf } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import { QueueController } from './controller.js';
import { ownerRefsFor } from './replicaset.js';
import { parseCronSchedule, isValidTimeZone, zoneOffsetMs, type CronSchedule } from '../api/cron.js';
import { isJobFinished } from './job.js';
import { CONTROLLER_UID_INDEX, SpamFilteredRecorder, controllerUidOf, ownerRefsOf, errorMessage, isAlreadyExists, isNotFound, isoSeconds, parseTime } from './util.js';

type CronJob = KObject;
type Job = KObject;

const NEXT_SCHEDULE_DELTA_MS = 100;

interface Recent {
  earliest: number;
  mostRecent?: number;
  many: boolean;
  error?: string;
}

/** mostRecentScheduleTime, with upstream's interval arithmetic. */
export function mostRecentScheduleTime(cj: CronJob, now: number, sched: CronSchedule, includeDeadline: boolean): Recent {
  let earliest = parseTime(cj.status?.lastScheduleTime) ?? parseTime(cj.metadata.creationTimestamp) ?? now;
  const sds = cj.spec?.startingDeadlineSeconds;
  if (includeDeadline && typeof sds === 'number') {
    const deadline = now - sds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = sched.next(earliest);
  const t2 = t1 === undefined ? undefined : sched.next(t1);
  if (t1 !== undefined && now < t1) return { earliest, many: false };
  if (t1 !== undefined && t2 !== undefined && now < t2) return { earliest, mostRecent: t1, many: false };
  const between = t1 !== undefined && t2 !== undefined ? Math.round((t2 - t1) / 1000) : 0;
  if (between < 1) return { earliest, many: false, error: 'time difference between two schedules is less than 1 second' };
  const elapsed = Math.floor((now - t1!) / 1000);
  const missed = Math.floor(elapsed / between) + 1;
  const mostRecent = (Math.floor(t1! / 1000) + (missed - 1) * between) * 1000;
  return { earliest, mostRecent, many: missed > 100 };
}

/** RFC 1123 with numeric zone, as Go's time.RFC1123Z prints UTC. */
function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** RFC 3339 in a zone (the cronjob-scheduled-timestamp annotation). */
function rfc3339In(ms: number, tz: string | undefined): string {
  if (!tz || tz === 'UTC' || tz === 'Etc/UTC') return isoSeconds(ms);
  const off = zoneOffsetMs(tz, ms);
  const wall = isoSeconds(ms + off).slice(0, -1);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off) / 60_000;
  return `${wall}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export class CronJobController extends QueueController {
  readonly name = 'cronjob';
  private readonly client: Client;
  private readonly recorder: SpamFilteredRecorder;
  private cjInf!: Informer<CronJob>;
  private jobInf!: Informer<Job>;

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (cronjob-controller)');
    this.recorder = new SpamFilteredRecorder(ctx.recorder('cronjob-controller'), ctx.clock);
  }

  protected register(): void {
    this.cjInf = this.ctx.informers.for<CronJob>('cronjobs');
    this.jobInf = this.ctx.informers.for<Job>('jobs');
    this.jobInf.addIndex(CONTROLLER_UID_INDEX, controllerUidOf, ownerRefsOf);
    this.cjInf.on({
      add: (cj) => this.queue.add(keyOf(cj)),
      update: (old, cj) => {
        if (old.spec === cj.spec && old.metadata.deletionTimestamp === cj.metadata.deletionTimestamp) return;
        this.queue.add(keyOf(cj));
      },
    });
    const onJob = (j: Job): void => {
      const ref = j.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'CronJob');
      if (ref) this.queue.add(`${j.metadata.namespace}/${ref.name}`);
    };
    this.jobInf.on({
      add: onJob,
      update: (old, j) => {
        if (isJobFinished(old) !== isJobFinished(j) || old.status?.completionTime !== j.status?.completionTime) onJob(j);
      },
      delete: onJob,
    });
  }

  protected reconcile(key: string): 'done' | 'retry' | { after: number } {
    const cj = this.cjInf.get(key);
    if (!cj) return 'done';
    const now = this.ctx.clock.now();
    const jobs: Job[] = [];
    for (const j of this.jobInf.byIndex(CONTROLLER_UID_INDEX, cj.metadata.uid!)) jobs.push(j);
    const status: Record<string, any> = { ...(cj.status ?? {}) };
    let active: Array<Record<string, any>> = [...(status.active ?? [])];
    let dirty = false;
    const children = new Set<string>();
    for (const j of jobs) {
      children.add(j.metadata.uid!);
      const inActive = active.some((a) => a.uid === j.metadata.uid);
      const finished = isJobFinished(j);
      if (!inActive && !finished) {
        this.recorder.warning(cj, 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
      } else if (inActive && finished) {
        const type = (j.status?.conditions ?? []).find((c: { type: string; status: string }) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;
        active = active.filter((a) => a.uid !== j.metadata.uid);
        this.recorder.normal(cj, 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${type}`);
        dirty = true;
      }
      if (finished && (j.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Complete' && c.status === 'True')) {
        const ct = j.status?.completionTime;
        if (ct && (!status.lastSuccessfulTime || ct > status.lastSuccessfulTime)) {
          status.lastSuccessfulTime = ct;
          dirty = true;
        }
      }
    }
    for (const a of [...active]) {
      if (children.has(a.uid)) continue;
      if (this.client.tryGet('jobs', a.namespace, a.name)) continue;
      this.recorder.normal(cj, 'MissingJob', `Active job went missing: ${a.name}`);
      active = active.filter((x) => x !== a);
      dirty = true;
    }
    const result = this.schedule(cj, now, active, status);
    if (result.changed) dirty = true;
    active = result.active;
    if (this.cleanupFinishedJobs(cj, jobs)) dirty = true;
    if (dirty) {
      status.active = active.length ? active : undefined;
      if (!status.active) delete status.active;
      try {
        this.client.updateStatus({ ...cj, status });
      } catch (err) {
        if (isNotFound(err)) return 'done';
        return 'retry';
      }
    }
    return result.after !== undefined ? { after: Math.max(1, result.after) } : 'done';
  }

  private schedule(cj: CronJob, now: number, active: Array<Record<string, any>>, status: Record<string, any>): { active: Array<Record<string, any>>; changed: boolean; after?: number } {
    const spec = cj.spec ?? {};
    if (cj.metadata.deletionTimestamp) return { active, changed: false };
    let tz: string | undefined = spec.timeZone ?? undefined;
    if (tz === 'Local') tz = undefined;
    if (tz !== undefined && !isValidTimeZone(tz)) {
      this.recorder.warning(cj, 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`);
      return { active, changed: false };
    }
    if (spec.suspend === true) return { active, changed: false };
    let sched: CronSchedule;
    try {
      sched = parseCronSchedule(spec.schedule ?? '', tz);
    } catch (err) {
      this.recorder.warning(cj, 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(spec.schedule ?? '')} : ${errorMessage(err)}`);
      return { active, changed: false };
    }
    const recent = mostRecentScheduleTime(cj, now, sched, true);
    if (recent.error) {
      this.recorder.warning(cj, 'InvalidSchedule', `invalid schedule: ${spec.schedule} : ${recent.error}`);
      return { active, changed: false };
    }
    const nextAfter = (): number | undefined => {
      const r = mostRecentScheduleTime(cj, now, sched, false);
      const from = r.error ? now : r.mostRecent ?? r.earliest;
      const n = sched.next(from);
      return n === undefined ? undefined : n + NEXT_SCHEDULE_DELTA_MS - now;
    };
    if (recent.mostRecent === undefined || recent.mostRecent > now) return { active, changed: false, after: nextAfter() };
    if (recent.many) {
      this.recorder.warning(cj, 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    }
    const scheduled = recent.mostRecent;
    if (typeof spec.startingDeadlineSeconds === 'number' && scheduled + spec.startingDeadlineSeconds * 1000 < now) {
      this.recorder.warning(cj, 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return { active, changed: false, after: nextAfter() };
    }
    const jobName = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    if (active.some((a) => a.name === jobName) || parseTime(status.lastScheduleTime) === scheduled) return { active, changed: false, after: nextAfter() };
    const policy = spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active.length > 0) {
      this.recorder.normal(cj, 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return { active, changed: false, after: nextAfter() };
    }
    let changed = false;
    if (policy === 'Replace') {
      for (const a of [...active]) {
        const j = this.client.tryGet<Job>('jobs', a.namespace, a.name);
        if (j) this.deleteJob(cj, j);
        active = active.filter((x) => x !== a);
        changed = true;
      }
    }
    const jt = spec.jobTemplate ?? {};
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: jobName,
        namespace: cj.metadata.namespace,
        ...(jt.metadata?.labels ? { labels: jt.metadata.labels } : {}),
        annotations: { ...(jt.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': rfc3339In(scheduled, tz) },
        ownerReferences: ownerRefsFor(cj),
      },
      spec: jt.spec ?? {},
    };
    let created: Job;
    try {
      created = this.client.create(job);
      this.recorder.normal(cj, 'SuccessfulCreate', `Created job ${created.metadata.name}`);
    } catch (err) {
      if (!isAlreadyExists(err)) {
        this.recorder.warning(cj, 'FailedCreate', `Error creating job: ${errorMessage(err)}`);
        return { active, changed, after: 1000 };
      }
      const existing = this.client.tryGet<Job>('jobs', cj.metadata.namespace, jobName);
      if (!existing || controllerUidOf(existing) !== cj.metadata.uid || active.some((a) => a.uid === existing.metadata.uid)) return { active, changed, after: nextAfter() };
      created = existing;
    }
    active = [...active, { kind: 'Job', namespace: created.metadata.namespace, name: created.metadata.name, uid: created.metadata.uid, apiVersion: 'batch/v1', resourceVersion: created.metadata.resourceVersion }];
    status.lastScheduleTime = isoSeconds(scheduled);
    return { active, changed: true, after: nextAfter() };
  }

  private deleteJob(cj: CronJob, j: Job): void {
    try {
      this.client.delete('jobs', j.metadata.namespace, j.metadata.name, { propagationPolicy: 'Background' });
      this.recorder.normal(cj, 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
    } catch (err) {
      if (!isNotFound(err)) this.recorder.warning(cj, 'FailedDelete', `Deleted job: ${errorMessage(err)}`);
    }
  }

  /** cleanupFinishedJobs: keep successful/failedJobsHistoryLimit finished jobs, oldest go first. */
  private cleanupFinishedJobs(cj: CronJob, jobs: Job[]): boolean {
    const okLimit = cj.spec?.successfulJobsHistoryLimit ?? 3;
    const failLimit = cj.spec?.failedJobsHistoryLimit ?? 1;
    const ok: Job[] = [];
    const failed: Job[] = [];
    for (const j of jobs) {
      if (j.metadata.deletionTimestamp) continue;
      const c = (j.status?.conditions ?? []).find((x: { type: string; status: string }) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
      if (c?.type === 'Complete') ok.push(j);
      else if (c?.type === 'Failed') failed.push(j);
    }
    let changed = false;
    const byStart = (a: Job, b: Job): number => {
      const as = a.status?.startTime ?? a.metadata.creationTimestamp ?? '';
      const bs = b.status?.startTime ?? b.metadata.creationTimestamp ?? '';
      return as === bs ? (a.metadata.name < b.metadata.name ? -1 : 1) : as < bs ? -1 : 1;
    };
    for (const [list, limit] of [[ok, okLimit], [failed, failLimit]] as const) {
      const extra = list.length - limit;
      if (extra <= 0) continue;
      for (const j of [...list].sort(byStart).slice(0, extra)) {
        this.deleteJob(cj, j);
        changed = true;
      }
    }
    return changed;
  }
}

export function createCronJobController(ctx: ComponentContext): CronJobController {
  return new CronJobController(ctx);
}
