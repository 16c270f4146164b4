/**
 * The Job controller (pkg/controller/job) and the TTL-after-finished controller: runs pods up
 * to parallelism until completions succeed, with pod failure back-off (10 s doubling, 10 min
 * cap), backoffLimit, activeDeadlineSeconds, suspend, Indexed completion, and the 1.32
 * two-step terminal conditions (SuccessCriteriaMet/FailureTarget, then Complete/Failed).
 */
import type { ComponentContext } from '../component.js';
import type { Condition, KObject, Pod } from '../api/types.js';
import { keyOf } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import type { SeededRandom } from '../random.js';
import { QueueController } from './controller.js';
import { createPodNamed, podFromTemplate } from './replicaset.js';
import {
  CONTROLLER_UID_INDEX,
  SpamFilteredRecorder,
  controllerUidOf,
  ownerRefsOf,
  errorMessage,
  findCondition,
  isNotFound,
  isPodReady,
  isoSeconds,
  parseTime,
  restartCount,
  slowStartBatch,
} from './util.js';

export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 10 * 60_000;

type Job = KObject;

interface Tracking {
  succeeded: Set<string>;
  failed: Set<string>;
  baseSucceeded: number;
  baseFailed: number;
  failuresAfterSuccess: number;
  lastFailureAt: number;
  completedIndexes: Set<number>;
}

export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c: Condition) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export class JobController extends QueueController {
  readonly name = 'job';
  private readonly client: Client;
  private readonly recorder: SpamFilteredRecorder;
  private readonly random: SeededRandom;
  private jobInf!: Informer<Job>;
  private podInf!: Informer<Pod>;
  private tracking = new Map<string, Tracking>();
  private podLabels = new WeakMap<object, { uid: string; labels: Record<string, string> }>();

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (job-controller)');
    this.recorder = new SpamFilteredRecorder(ctx.recorder('job-controller'), ctx.clock);
    this.random = ctx.random.fork('job-controller');
  }

  protected register(): void {
    this.jobInf = this.ctx.informers.for<Job>('jobs');
    this.podInf = this.ctx.informers.for<Pod>('pods');
    this.podInf.addIndex(CONTROLLER_UID_INDEX, controllerUidOf, ownerRefsOf);
    this.jobInf.on({
      add: (j) => this.queue.add(keyOf(j)),
      update: (old, j) => {
        if (old.spec === j.spec && old.metadata.deletionTimestamp === j.metadata.deletionTimestamp) return;
        this.queue.add(keyOf(j));
      },
      delete: (j) => this.tracking.delete(j.metadata.uid ?? ''),
    });
    const onPod = (pod: Pod): void => {
      const ref = pod.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Job');
      if (ref) this.queue.add(`${pod.metadata.namespace}/${ref.name}`);
    };
    this.podInf.on({
      add: onPod,
      update: (old, p) => {
        const ref = p.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Job');
        if (!ref) return;
        if (old.status?.phase === p.status?.phase && old.metadata.deletionTimestamp === p.metadata.deletionTimestamp) {
          this.enqueueStatusChange(`${p.metadata.namespace}/${ref.name}`, this.podInf.indexCount(CONTROLLER_UID_INDEX, ref.uid));
        } else onPod(p);
      },
      delete: onPod,
    });
  }

  private track(job: Job, pods: Pod[]): Tracking {
    const uid = job.metadata.uid!;
    let t = this.tracking.get(uid);
    if (!t) {
      t = { succeeded: new Set(), failed: new Set(), baseSucceeded: 0, baseFailed: 0, failuresAfterSuccess: 0, lastFailureAt: 0, completedIndexes: new Set() };
      // Pods already counted in the stored status are not counted twice.
      let s = 0;
      let f = 0;
      for (const p of pods) {
        if (p.status?.phase === 'Succeeded') {
          t.succeeded.add(p.metadata.uid!);
          s++;
        } else if (p.status?.phase === 'Failed') {
          t.failed.add(p.metadata.uid!);
          f++;
        }
      }
      t.baseSucceeded = Math.max(0, (job.status?.succeeded ?? 0) - s);
      t.baseFailed = Math.max(0, (job.status?.failed ?? 0) - f);
      for (const i of parseIndexes(job.status?.completedIndexes)) t.completedIndexes.add(i);
      this.tracking.set(uid, t);
    }
    return t;
  }

  protected reconcile(key: string): 'done' | 'retry' | { after: number } {
    const job = this.jobInf.get(key);
    if (!job) return 'done';
    const now = this.ctx.clock.now();
    if (isJobFinished(job)) return this.ttl(job, now);
    if (job.metadata.deletionTimestamp) return 'done';
    const pods: Pod[] = [];
    for (const p of this.podInf.byIndex(CONTROLLER_UID_INDEX, job.metadata.uid!)) pods.push(p);
    const t = this.track(job, pods);
    const spec = job.spec ?? {};
    const indexed = spec.completionMode === 'Indexed';
    const active: Pod[] = [];
    let terminating = 0;
    for (const p of pods) {
      if (p.status?.phase === 'Succeeded') {
        if (!t.succeeded.has(p.metadata.uid!)) {
          t.succeeded.add(p.metadata.uid!);
          t.failuresAfterSuccess = 0;
          const idx = Number(p.metadata.annotations?.[COMPLETION_INDEX]);
          if (indexed && Number.isInteger(idx)) t.completedIndexes.add(idx);
        }
      } else if (p.status?.phase === 'Failed') {
        if (!t.failed.has(p.metadata.uid!)) {
          t.failed.add(p.metadata.uid!);
          t.failuresAfterSuccess++;
          t.lastFailureAt = now;
        }
      } else if (p.metadata.deletionTimestamp) terminating++;
      else active.push(p);
    }
    const succeeded = t.baseSucceeded + t.succeeded.size;
    const failed = t.baseFailed + t.failed.size;
    const ready = active.filter(isPodReady).length;
    const status: Record<string, any> = { ...(job.status ?? {}) };
    let conditions: Condition[] = [...(job.status?.conditions ?? [])];
    const suspended = spec.suspend === true;
    let after: number | undefined;

    // Suspend / resume.
    const susp = findCondition(conditions, 'Suspended');
    if (suspended && susp?.status !== 'True') {
      conditions = upsert(conditions, cond('Suspended', 'True', 'JobSuspended', 'Job suspended', now));
      this.recorder.normal(job, 'Suspended', 'Job suspended');
    } else if (!suspended && susp?.status === 'True') {
      conditions = upsert(conditions, cond('Suspended', 'False', 'JobResumed', 'Job resumed', now));
      this.recorder.normal(job, 'Resumed', 'Job resumed');
      delete status.startTime;
    }
    if (!suspended && !status.startTime) status.startTime = isoSeconds(now);

    // Terminal decisions.
    const completions: number | undefined = spec.completions ?? undefined;
    const backoffLimit: number = spec.backoffLimit ?? 6;
    let finished: { type: 'Complete' | 'Failed'; interim: string; reason: string; message: string } | undefined;
    const interimFail = findCondition(conditions, 'FailureTarget');
    const interimOk = findCondition(conditions, 'SuccessCriteriaMet');
    if (interimFail?.status === 'True') finished = { type: 'Failed', interim: 'FailureTarget', reason: interimFail.reason ?? '', message: interimFail.message ?? '' };
    else if (interimOk?.status === 'True') finished = { type: 'Complete', interim: 'SuccessCriteriaMet', reason: interimOk.reason ?? '', message: interimOk.message ?? '' };
    else {
      const onFailureRestarts = spec.template?.spec?.restartPolicy === 'OnFailure' ? active.reduce((n, p) => n + restartCount(p), 0) : 0;
      const pastBackoff =
        failed > backoffLimit || (spec.template?.spec?.restartPolicy === 'OnFailure' && (backoffLimit === 0 ? onFailureRestarts > 0 : onFailureRestarts + failed >= backoffLimit && onFailureRestarts > 0));
      const start = parseTime(status.startTime);
      const deadline = spec.activeDeadlineSeconds;
      if (pastBackoff) finished = { type: 'Failed', interim: 'FailureTarget', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
      else if (!suspended && deadline !== undefined && start !== undefined && now - start >= deadline * 1000) {
        finished = { type: 'Failed', interim: 'FailureTarget', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
      } else if (completions !== undefined ? (indexed ? t.completedIndexes.size >= completions : succeeded >= completions) : succeeded > 0 && active.length === 0) {
        finished = { type: 'Complete', interim: 'SuccessCriteriaMet', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
      } else if (!suspended && deadline !== undefined && start !== undefined) {
        after = start + deadline * 1000 - now;
      }
      if (finished) {
        conditions = upsert(conditions, cond(finished.interim, 'True', finished.reason, finished.message, now));
        if (finished.type === 'Failed') this.recorder.warning(job, finished.reason, finished.message);
      }
    }

    let toDelete: Pod[] = [];
    if (finished || suspended) toDelete = active;
    else {
      // Create or trim pods up to parallelism.
      const parallelism: number = spec.parallelism ?? 1;
      let want = parallelism;
      if (completions !== undefined) want = Math.min(parallelism, completions - (indexed ? t.completedIndexes.size : succeeded));
      want = Math.max(0, want);
      if (active.length > want) toDelete = [...active].sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? 1 : -1)).slice(0, active.length - want);
      else if (active.length < want) {
        const delay = t.failuresAfterSuccess > 0 ? Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (t.failuresAfterSuccess - 1)) : 0;
        const wait = t.lastFailureAt + delay - now;
        if (delay > 0 && wait > 0) after = Math.min(after ?? Infinity, wait);
        else {
          const indexes = indexed ? freeIndexes(completions ?? 0, t.completedIndexes, active, want - active.length) : [];
          const n = indexed ? indexes.length : want - active.length;
          const { error } = slowStartBatch(n, 1, (i) => this.createPod(job, indexed ? indexes[i] : undefined));
          if (error !== undefined) after = Math.min(after ?? Infinity, 1000);
        }
      }
    }
    for (const p of toDelete) {
      try {
        this.client.delete('pods', p.metadata.namespace, p.metadata.name);
        this.recorder.normal(job, 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        terminating++;
      } catch (err) {
        if (!isNotFound(err)) after = Math.min(after ?? Infinity, 1000);
      }
    }
    const stillActive = active.length - (finished || suspended ? toDelete.length : 0);
    if (finished && stillActive <= 0 && !findCondition(conditions, finished.type)) {
      conditions = upsert(conditions, cond(finished.type, 'True', finished.reason, finished.message, now));
      if (finished.type === 'Complete') {
        status.completionTime = isoSeconds(now);
        this.recorder.normal(job, 'Completed', 'Job completed');
      }
    }
    status.active = finished || suspended ? 0 : Math.max(0, stillActive);
    status.ready = finished || suspended ? 0 : ready;
    status.succeeded = succeeded;
    status.failed = failed;
    status.terminating = terminating;
    status.uncountedTerminatedPods = {};
    if (indexed) status.completedIndexes = formatIndexes(t.completedIndexes);
    for (const k of ['succeeded', 'failed', 'terminating', 'active', 'ready']) if (status[k] === 0 && k !== 'ready' && k !== 'terminating') delete status[k];
    status.conditions = conditions.length ? conditions : undefined;
    if (status.conditions === undefined) delete status.conditions;
    if (JSON.stringify(status) !== JSON.stringify(job.status ?? {})) {
      try {
        this.client.updateStatus({ ...job, status });
      } catch (err) {
        if (isNotFound(err)) return 'done';
        return 'retry';
      }
    }
    if (finished && isJobFinished({ ...job, status })) return this.ttl({ ...job, status }, now);
    return after !== undefined && Number.isFinite(after) ? { after: Math.max(1, after) } : 'done';
  }

  private createPod(job: Job, index: number | undefined): void {
    const template = job.spec?.template ?? { spec: { containers: [] } };
    const labels = this.labelsFor(job, template, index);
    const prefix = index === undefined ? `${job.metadata.name}-` : `${job.metadata.name}-${index}-`;
    const annotations = index === undefined ? undefined : { ...(template.metadata?.annotations ?? {}), [COMPLETION_INDEX]: String(index) };
    const extraSpec = index === undefined ? undefined : { hostname: `${job.metadata.name}-${index}` };
    try {
      const pod = createPodNamed(this.client, this.random, (name) => podFromTemplate(job, template, name, prefix, { labels, annotations, spec: extraSpec }), prefix);
      this.recorder.normal(job, 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
    } catch (err) {
      this.recorder.warning(job, 'FailedCreate', `Error creating: ${errorMessage(err)}`);
      throw err;
    }
  }

  /** Template labels plus the job's identifying labels (one shared object per template). */
  private labelsFor(job: Job, template: KObject['spec'], index: number | undefined): Record<string, string> {
    const cached = this.podLabels.get(template);
    let labels: Record<string, string>;
    if (cached && cached.uid === job.metadata.uid) labels = cached.labels;
    else {
      const own: Record<string, string> = template?.metadata?.labels ?? {};
      labels = { ...own, [CONTROLLER_UID_LABEL]: job.metadata.uid!, [JOB_NAME_LABEL]: job.metadata.name, 'controller-uid': job.metadata.uid!, 'job-name': job.metadata.name };
      this.podLabels.set(template, { uid: job.metadata.uid!, labels });
    }
    return index === undefined ? labels : { ...labels, [COMPLETION_INDEX]: String(index) };
  }

  /** ttlSecondsAfterFinished: delete the finished job (foreground) when its time comes. */
  private ttl(job: Job, now: number): 'done' | { after: number } {
    const ttl = job.spec?.ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return 'done';
    const fin = (job.status?.conditions ?? []).find((c: Condition) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    const at = (parseTime(job.status?.completionTime) ?? parseTime(fin?.lastTransitionTime) ?? now) + ttl * 1000;
    if (at > now) return { after: at - now };
    try {
      this.client.delete('jobs', job.metadata.namespace, job.metadata.name, { propagationPolicy: 'Foreground', preconditionUid: job.metadata.uid });
    } catch {
      // already gone
    }
    return 'done';
  }
}

function cond(type: string, status: Condition['status'], reason: string, message: string, now: number): Condition {
  const t = isoSeconds(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

function upsert(list: Condition[], c: Condition): Condition[] {
  const i = list.findIndex((x) => x.type === c.type);
  if (i < 0) return [...list, c];
  const out = [...list];
  out[i] = list[i]!.status === c.status ? { ...c, lastTransitionTime: list[i]!.lastTransitionTime } : c;
  return out;
}

function freeIndexes(completions: number, done: Set<number>, active: Pod[], n: number): number[] {
  const busy = new Set(active.map((p) => Number(p.metadata.annotations?.[COMPLETION_INDEX])));
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < n; i++) if (!done.has(i) && !busy.has(i)) out.push(i);
  return out;
}

/** "1,3-5,7" as the API writes completedIndexes. */
export function formatIndexes(set: Set<number>): string {
  const xs = [...set].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    parts.push(j > i ? `${xs[i]}-${xs[j]}` : `${xs[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function parseIndexes(s: string | undefined): number[] {
  if (!s) return [];
  const out: number[] = [];
  for (const part of s.split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (b === undefined) out.push(a!);
    else for (let i = a!; i <= b; i++) out.push(i);
  }
  return out;
}

export function createJobController(ctx: ComponentContext): JobController {
  return new JobController(ctx);
}
