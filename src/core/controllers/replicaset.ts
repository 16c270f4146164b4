/**
 * The ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas pods that match the
 * template, with expectations so pods in flight are not created twice, slow-start batches,
 * upstream's delete ranking, and status with ReplicaFailure on failed creates.
 */
import type { ComponentContext } from '../component.js';
import type { KObject, OwnerReference, Pod } from '../api/types.js';
import { keyOf } from '../api/types.js';
import { selectorFromLabelSelector, matches, type Selector } from '../api/labels.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import type { SeededRandom } from '../random.js';
import { QueueController } from './controller.js';
import {
  CONTROLLER_UID_INDEX,
  Expectations,
  SpamFilteredRecorder,
  controllerUidOf,
  ownerRefsOf,
  errorMessage,
  isAlreadyExists,
  isNotFound,
  isPodActive,
  isPodReady,
  podAvailability,
  restartCount,
  setCondition,
  removeCondition,
  slowStartBatch,
} from './util.js';

/** Most pods one sync creates or deletes (upstream burstReplicas). */
export const BURST_REPLICAS = 500;

export interface PodControlOptions {
  kind: string;
  apiVersion: string;
}

const selectorCache = new WeakMap<object, Selector>();

/** The parsed selector of a workload, cached per (immutable) spec.selector object. */
export function selectorOf(obj: KObject): Selector {
  const ls = obj.spec?.selector;
  if (!ls) return selectorFromLabelSelector(undefined);
  let sel = selectorCache.get(ls);
  if (!sel) {
    try {
      sel = selectorFromLabelSelector(ls);
    } catch {
      sel = selectorFromLabelSelector(undefined);
    }
    selectorCache.set(ls, sel);
  }
  return sel;
}

const ownerRefCache = new WeakMap<object, OwnerReference[]>();

/** [controllerRef] to an owner, one shared array per stored owner object (pods never mutate it). */
export function ownerRefsFor(owner: KObject): OwnerReference[] {
  let refs = ownerRefCache.get(owner.metadata);
  if (!refs) {
    refs = [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }];
    ownerRefCache.set(owner.metadata, refs);
  }
  return refs;
}

/**
 * A pod from a template: labels, annotations and spec are the template's own objects, shared by
 * every pod stamped from it (the store treats them as read-only).
 */
export function podFromTemplate(owner: KObject, template: { metadata?: KObject['metadata']; spec: Pod['spec'] }, name: string, generateName: string, extra?: { labels?: Record<string, string>; annotations?: Record<string, string>; spec?: Partial<Pod['spec']> }): Pod {
  const tm = template.metadata ?? ({} as KObject['metadata']);
  const metadata: KObject['metadata'] = {
    name,
    ...(generateName ? { generateName } : {}),
    namespace: owner.metadata.namespace,
    labels: extra?.labels ?? tm.labels,
    ownerReferences: ownerRefsFor(owner),
  };
  const annotations = extra?.annotations ?? tm.annotations;
  if (annotations) metadata.annotations = annotations;
  if (tm.finalizers) metadata.finalizers = tm.finalizers;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: extra?.spec ? ({ ...template.spec, ...extra.spec } as Pod['spec']) : template.spec,
  };
}

/**
 * Creates a pod with a generated name (prefix + 5 random chars), retrying on a name
 * collision as the API server's generateName does.
 */
export function createPodNamed(client: Client, random: SeededRandom, build: (name: string) => Pod, prefix: string): Pod {
  for (let attempt = 0; ; attempt++) {
    const name = `${prefix}${random.suffix(5)}`;
    try {
      return client.create(build(name));
    } catch (err) {
      if (isAlreadyExists(err) && attempt < 5) continue;
      throw err;
    }
  }
}

/**
 * controller.ActivePodsWithRanks ordering for deletion: unassigned first, then pending before
 * unknown before running, not ready before ready, more restarts first, newer first.
 */
export function deletionRank(a: Pod, b: Pod): number {
  const an = a.spec.nodeName ? 1 : 0;
  const bn = b.spec.nodeName ? 1 : 0;
  if (an !== bn) return an - bn;
  const phaseRank = (p: Pod): number => (p.status?.phase === 'Pending' || !p.status?.phase ? 0 : p.status.phase === 'Unknown' ? 1 : 2);
  const ap = phaseRank(a);
  const bp = phaseRank(b);
  if (ap !== bp) return ap - bp;
  const ar = isPodReady(a) ? 1 : 0;
  const br = isPodReady(b) ? 1 : 0;
  if (ar !== br) return ar - br;
  const rc = restartCount(b) - restartCount(a);
  if (rc !== 0) return rc;
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  if (at !== bt) return at > bt ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : 1;
}

/** Whether every label of `want` is on the pod (fullyLabeledReplicas). */
function hasLabels(pod: Pod, want: Record<string, string> | undefined): boolean {
  if (!want) return true;
  const have = pod.metadata.labels ?? {};
  for (const k in want) if (have[k] !== want[k]) return false;
  return true;
}

export class ReplicaSetController extends QueueController {
  readonly name = 'replicaset';
  private readonly client: Client;
  private readonly recorder: SpamFilteredRecorder;
  private readonly random: SeededRandom;
  readonly expectations: Expectations;
  private rsInf!: Informer<KObject>;
  private podInf!: Informer<Pod>;
  private adoptionScanned = new Set<string>();

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (replicaset-controller)');
    this.recorder = new SpamFilteredRecorder(ctx.recorder('replicaset-controller'), ctx.clock);
    this.random = ctx.random.fork('replicaset-controller');
    this.expectations = new Expectations(ctx.clock);
  }

  protected register(): void {
    this.rsInf = this.ctx.informers.for<KObject>('replicasets');
    this.podInf = this.ctx.informers.for<Pod>('pods');
    this.podInf.addIndex(CONTROLLER_UID_INDEX, controllerUidOf, ownerRefsOf);
    this.rsInf.on({
      add: (rs) => this.queue.add(keyOf(rs)),
      update: (old, rs) => {
        // Our own status writes need no resync (and would spin on changing error messages).
        if (old.spec === rs.spec && old.metadata.deletionTimestamp === rs.metadata.deletionTimestamp && old.metadata.ownerReferences === rs.metadata.ownerReferences) return;
        this.queue.add(keyOf(rs));
      },
      delete: (rs) => {
        this.expectations.delete(keyOf(rs));
        this.adoptionScanned.delete(rs.metadata.uid ?? '');
      },
    });
    this.podInf.on({
      add: (pod) => {
        const rs = this.ownerOf(pod);
        if (rs) {
          this.expectations.creationObserved(keyOf(rs));
          if (pod.metadata.deletionTimestamp) this.expectations.deletionObserved(keyOf(rs), keyOf(pod));
          this.queue.add(keyOf(rs));
        } else if (!controllerUidOf(pod)) this.enqueueAdopters(pod);
      },
      update: (old, pod) => {
        const rs = this.ownerOf(pod);
        if (rs) {
          if (pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) this.expectations.deletionObserved(keyOf(rs), keyOf(pod));
          if (isPodActive(old) === isPodActive(pod) && old.metadata.labels === pod.metadata.labels && controllerUidOf(old) === controllerUidOf(pod)) {
            this.enqueueStatusChange(keyOf(rs), this.podInf.indexCount(CONTROLLER_UID_INDEX, rs.metadata.uid!));
          } else this.queue.add(keyOf(rs));
        } else if (!controllerUidOf(pod) && old.metadata.labels !== pod.metadata.labels) this.enqueueAdopters(pod);
        const oldRs = controllerUidOf(old) !== controllerUidOf(pod) ? this.ownerOf(old) : undefined;
        if (oldRs) this.queue.add(keyOf(oldRs));
      },
      delete: (pod) => {
        const rs = this.ownerOf(pod);
        if (rs) {
          this.expectations.deletionObserved(keyOf(rs), keyOf(pod));
          this.queue.add(keyOf(rs));
        }
      },
    });
  }

  private ownerOf(pod: Pod): KObject | undefined {
    const refs = pod.metadata.ownerReferences;
    if (!refs) return undefined;
    for (const r of refs) {
      if (r.controller !== true) continue;
      if (r.kind !== 'ReplicaSet') return undefined;
      const rs = this.rsInf.getByName(pod.metadata.namespace, r.name);
      return rs && rs.metadata.uid === r.uid ? rs : undefined;
    }
    return undefined;
  }

  /** An orphan pod: ReplicaSets of its namespace whose selector matches may adopt it. */
  private enqueueAdopters(pod: Pod): void {
    if (!isPodActive(pod)) return;
    for (const rs of this.rsInf.byNamespace(pod.metadata.namespace ?? '')) {
      if (rs.metadata.deletionTimestamp) continue;
      if (matches(selectorOf(rs), pod.metadata.labels ?? {})) {
        this.adoptionScanned.delete(rs.metadata.uid ?? '');
        this.queue.add(keyOf(rs));
      }
    }
  }

  protected reconcile(key: string): 'done' | 'retry' | { after: number } {
    const rs = this.rsInf.get(key);
    if (!rs) {
      this.expectations.delete(key);
      return 'done';
    }
    const uid = rs.metadata.uid!;
    if (!this.adoptionScanned.has(uid) && !rs.metadata.deletionTimestamp) {
      this.adoptionScanned.add(uid);
      this.adoptOrphans(rs);
    }
    const all: Pod[] = [];
    for (const p of this.podInf.byIndex(CONTROLLER_UID_INDEX, uid)) all.push(p);
    const active = all.filter(isPodActive);
    const needsSync = this.expectations.satisfied(key);
    let manageError: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) manageError = this.manageReplicas(active, rs, key);
    return this.updateStatus(rs, active, manageError);
  }

  private adoptOrphans(rs: KObject): void {
    const sel = selectorOf(rs);
    if (sel.nothing || sel.requirements.length === 0) return;
    for (const pod of this.podInf.byNamespace(rs.metadata.namespace ?? '')) {
      if (pod.metadata.ownerReferences?.some((r) => r.controller) || !isPodActive(pod)) continue;
      if (!matches(sel, pod.metadata.labels ?? {})) continue;
      try {
        this.client.update({ ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), ...ownerRefsFor(rs)] } });
      } catch {
        // Gone or changed meanwhile: the next event brings it back.
      }
    }
  }

  private manageReplicas(active: Pod[], rs: KObject, key: string): unknown {
    const want = rs.spec?.replicas ?? 1;
    const diff = active.length - want;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, n);
      const template = rs.spec?.template ?? { spec: { containers: [] } };
      const prefix = `${rs.metadata.name}-`;
      const { ok, error } = slowStartBatch(n, 1, () => {
        try {
          const pod = createPodNamed(this.client, this.random, (name) => podFromTemplate(rs, template, name, prefix), prefix);
          this.recorder.normal(rs, 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
        } catch (err) {
          this.recorder.warning(rs, 'FailedCreate', `Error creating: ${errorMessage(err)}`);
          throw err;
        }
      });
      if (ok < n) this.expectations.lowerCreations(key, n - ok);
      return error;
    }
    if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const victims = [...active].sort(deletionRank).slice(0, n);
      this.expectations.expectDeletions(key, victims.map(keyOf));
      let firstErr: unknown;
      for (const pod of victims) {
        try {
          this.client.delete('pods', pod.metadata.namespace, pod.metadata.name);
          this.recorder.normal(rs, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
        } catch (err) {
          this.expectations.deletionObserved(key, keyOf(pod));
          if (isNotFound(err)) continue;
          this.recorder.warning(rs, 'FailedDelete', `Error deleting: ${errorMessage(err)}`);
          firstErr ??= err;
        }
      }
      return firstErr;
    }
    return undefined;
  }

  private updateStatus(rs: KObject, active: Pod[], manageError: unknown): 'done' | 'retry' | { after: number } {
    const now = this.ctx.clock.now();
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const templateLabels = rs.spec?.template?.metadata?.labels;
    let ready = 0;
    let available = 0;
    let fully = 0;
    let recheck: number | undefined;
    for (const p of active) {
      if (hasLabels(p, templateLabels)) fully++;
      if (!isPodReady(p)) continue;
      ready++;
      const a = podAvailability(p, minReady, now);
      if (a.available) available++;
      else if (a.inMs !== undefined) recheck = Math.min(recheck ?? Infinity, a.inMs);
    }
    const want = rs.spec?.replicas ?? 1;
    const old = rs.status ?? {};
    let conditions = old.conditions;
    if (manageError !== undefined && active.length < want) {
      conditions = setCondition(conditions, {
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message: errorMessage(manageError),
        lastTransitionTime: this.ctx.clock.isoNow(),
      }, { keepPosition: true });
    } else if (manageError === undefined) {
      conditions = removeCondition(conditions, 'ReplicaFailure');
    }
    if (conditions && conditions.length === 0) conditions = undefined;
    const status: Record<string, unknown> = {
      replicas: active.length,
      fullyLabeledReplicas: fully,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: rs.metadata.generation ?? 1,
      ...(conditions ? { conditions } : {}),
    };
    const changed =
      old.replicas !== status.replicas ||
      old.fullyLabeledReplicas !== status.fullyLabeledReplicas ||
      (old.readyReplicas ?? 0) !== status.readyReplicas ||
      (old.availableReplicas ?? 0) !== status.availableReplicas ||
      old.observedGeneration !== status.observedGeneration ||
      old.conditions !== conditions;
    if (changed) {
      try {
        this.client.updateStatus({ ...rs, status });
      } catch (err) {
        if (isNotFound(err)) return 'done';
        return 'retry';
      }
    }
    if (manageError !== undefined) return 'retry';
    if (recheck !== undefined) return { after: recheck + 1 };
    return 'done';
  }
}

export function createReplicaSetController(ctx: ComponentContext): ReplicaSetController {
  return new ReplicaSetController(ctx);
}
