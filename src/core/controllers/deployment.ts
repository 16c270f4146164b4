/**
 * The Deployment controller (pkg/controller/deployment): one ReplicaSet per pod template,
 * named DEPLOYMENT-<pod-template-hash>; rolling update within maxSurge/maxUnavailable or
 * Recreate; proportional scaling; revision annotations; history cleanup; status with the
 * Available and Progressing conditions and the progress deadline.
 */
import type { ComponentContext } from '../component.js';
import type { Condition, KObject, Pod } from '../api/types.js';
import { keyOf } from '../api/types.js';
import { matches } from '../api/labels.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import { QueueController } from './controller.js';
import { ownerRefsFor, selectorOf } from './replicaset.js';
import {
  CONTROLLER_UID_INDEX,
  SpamFilteredRecorder,
  computeHash,
  controllerUidOf,
  ownerRefsOf,
  findCondition,
  isAlreadyExists,
  isNotFound,
  isPodTerminal,
  parseTime,
  removeCondition,
  scaledValue,
  setCondition,
  stableStringify,
} from './util.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
const MAX_INT32 = 2147483647;

/** Annotations never copied from a Deployment to its ReplicaSets (annotationsToSkip). */
const SKIP_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

type RS = KObject;
type Deployment = KObject;

const replicasOf = (rs: RS | undefined): number => rs?.spec?.replicas ?? 0;
const revisionOf = (rs: RS): number => Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0) || 0;

/** ResolveFenceposts: surge rounds up, unavailable rounds down; both zero => unavailable 1. */
export function resolveFenceposts(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const replicas = d.spec?.replicas ?? 1;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const maxSurge = scaledValue(ru.maxSurge, replicas, true, '25%');
  let maxUnavailable = scaledValue(ru.maxUnavailable, replicas, false, '25%');
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

const isRollingUpdate = (d: Deployment): boolean => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

export function maxUnavailable(d: Deployment): number {
  const replicas = d.spec?.replicas ?? 1;
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d).maxUnavailable, replicas);
}

export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).maxSurge : 0;
}

const templateKeyCache = new WeakMap<object, string>();

/** The template without pod-template-hash, as a canonical string (EqualIgnoreHash). */
export function templateKey(template: KObject['spec']): string {
  if (!template || typeof template !== 'object') return '';
  let k = templateKeyCache.get(template);
  if (k === undefined) {
    const labels = template.metadata?.labels;
    let t = template;
    if (labels && POD_TEMPLATE_HASH in labels) {
      const { [POD_TEMPLATE_HASH]: _drop, ...rest } = labels;
      t = { ...template, metadata: { ...template.metadata, labels: rest } };
    }
    k = stableStringify(t);
    templateKeyCache.set(template, k);
  }
  return k;
}

const byCreation = (a: RS, b: RS): number => {
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  return at === bt ? (a.metadata.name < b.metadata.name ? -1 : 1) : at < bt ? -1 : 1;
};

export class DeploymentController extends QueueController {
  readonly name = 'deployment';
  private readonly client: Client;
  private readonly recorder: SpamFilteredRecorder;
  private dInf!: Informer<Deployment>;
  private rsInf!: Informer<RS>;
  private podInf!: Informer<Pod>;

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (deployment-controller)');
    this.recorder = new SpamFilteredRecorder(ctx.recorder('deployment-controller'), ctx.clock);
  }

  protected register(): void {
    this.dInf = this.ctx.informers.for<Deployment>('deployments');
    this.rsInf = this.ctx.informers.for<RS>('replicasets');
    this.podInf = this.ctx.informers.for<Pod>('pods');
    this.rsInf.addIndex(CONTROLLER_UID_INDEX, controllerUidOf, ownerRefsOf);
    this.podInf.addIndex(CONTROLLER_UID_INDEX, controllerUidOf, ownerRefsOf);
    this.dInf.on({
      add: (d) => this.queue.add(keyOf(d)),
      update: (_o, d) => this.queue.add(keyOf(d)),
    });
    const onRs = (rs: RS): void => {
      const d = this.ownerOf(rs);
      if (d) this.queue.add(keyOf(d));
      else if (!controllerUidOf(rs)) {
        // Orphan: Deployments of the namespace whose selector matches may adopt it.
        for (const dep of this.dInf.byNamespace(rs.metadata.namespace ?? '')) {
          if (matches(selectorOf(dep), rs.metadata.labels ?? {})) this.queue.add(keyOf(dep));
        }
      }
    };
    this.rsInf.on({ add: onRs, update: (_o, rs) => onRs(rs), delete: onRs });
    // Recreate waits for old pods to be gone: a pod deletion may unblock it.
    this.podInf.on({
      delete: (pod) => {
        const ref = pod.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'ReplicaSet');
        if (!ref) return;
        const rs = this.rsInf.getByName(pod.metadata.namespace, ref.name);
        const d = rs && this.ownerOf(rs);
        if (d && d.spec?.strategy?.type === 'Recreate') this.queue.add(keyOf(d));
      },
    });
  }

  private ownerOf(rs: RS): Deployment | undefined {
    const ref = rs.metadata.ownerReferences?.find((r) => r.controller === true);
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.dInf.getByName(rs.metadata.namespace, ref.name);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  protected reconcile(key: string): 'done' | 'retry' | { after: number } {
    const d = this.dInf.get(key);
    if (!d) return 'done';
    const sel = selectorOf(d);
    if (!sel.nothing && sel.requirements.length === 0) {
      this.recorder.warning(d, 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 1)) {
        this.writeStatus(d, { ...(d.status ?? {}), observedGeneration: d.metadata.generation ?? 1 });
      }
      return 'done';
    }
    const rsList = this.replicaSetsFor(d);
    const ctx: SyncContext = { d, rsList, after: undefined };
    try {
      if (d.metadata.deletionTimestamp) {
        this.syncStatusOnly(ctx);
        return 'done';
      }
      this.checkPausedConditions(ctx);
      if (d.spec?.paused) {
        this.sync(ctx);
      } else if (this.isScalingEvent(ctx)) {
        this.sync(ctx);
      } else if (d.spec?.strategy?.type === 'Recreate') {
        this.rolloutRecreate(ctx);
      } else {
        this.rolloutRolling(ctx);
      }
    } catch (err) {
      if (isNotFound(err)) return 'done';
      throw err;
    }
    return ctx.after !== undefined ? { after: ctx.after } : 'done';
  }

  private replicaSetsFor(d: Deployment): RS[] {
    const out: RS[] = [];
    for (const rs of this.rsInf.byIndex(CONTROLLER_UID_INDEX, d.metadata.uid!)) out.push(rs);
    if (d.metadata.deletionTimestamp) return out;
    // Adopt orphans whose labels match (ClaimReplicaSets).
    const sel = selectorOf(d);
    for (const rs of this.rsInf.byNamespace(d.metadata.namespace ?? '')) {
      if (rs.metadata.deletionTimestamp || rs.metadata.ownerReferences?.some((r) => r.controller)) continue;
      if (!matches(sel, rs.metadata.labels ?? {})) continue;
      try {
        out.push(
          this.client.update({ ...rs, metadata: { ...rs.metadata, ownerReferences: [...(rs.metadata.ownerReferences ?? []), ...ownerRefsFor(d)] } }),
        );
      } catch {
        // Changed meanwhile: its event brings us back.
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- replica sets and revisions

  /**
   * FindNewReplicaSet: the set whose template equals the deployment's (ignoring the hash
   * label), or failing that the one labelled with the deployment template's hash (the
   * stored template may carry server defaults the deployment's lacks).
   */
  private splitReplicaSets(ctx: SyncContext): { newRS?: RS; oldRSs: RS[] } {
    const key = templateKey(ctx.d.spec?.template);
    const sorted = [...ctx.rsList].sort(byCreation);
    let newRS = sorted.find((rs) => templateKey(rs.spec?.template) === key);
    if (!newRS) {
      const hash = templateHash(ctx.d);
      newRS = sorted.find((rs) => rs.metadata.labels?.[POD_TEMPLATE_HASH] === hash);
    }
    return { newRS, oldRSs: sorted.filter((rs) => rs !== newRS) };
  }

  /** getAllReplicaSetsAndSyncRevision: finds or creates the new RS and keeps revisions in step. */
  private getAllReplicaSetsAndSyncRevision(ctx: SyncContext, createIfNotExisted: boolean): { newRS?: RS; oldRSs: RS[] } {
    const { newRS: existing, oldRSs } = this.splitReplicaSets(ctx);
    let maxOld = 0;
    for (const rs of oldRSs) maxOld = Math.max(maxOld, revisionOf(rs));
    const newRevision = String(maxOld + 1);
    const d = ctx.d;
    if (existing) {
      let rs = existing;
      const annotations = this.newRSAnnotations(d, rs, newRevision, false);
      const minReady = d.spec?.minReadySeconds ?? 0;
      if (annotations !== rs.metadata.annotations || (rs.spec?.minReadySeconds ?? 0) !== minReady) {
        rs = this.client.update({ ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec, minReadySeconds: minReady } });
        this.replaceRS(ctx, existing, rs);
      }
      this.setDeploymentRevision(ctx, rs.metadata.annotations?.[REVISION_ANNOTATION] ?? newRevision);
      if (hasProgressDeadline(ctx.d) && !findCondition(ctx.d.status?.conditions, 'Progressing')) {
        this.setStatus(ctx, {
          ...ctx.d.status,
          conditions: setCondition(ctx.d.status?.conditions, this.condition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${rs.metadata.name}"`)),
        });
      }
      return { newRS: rs, oldRSs };
    }
    if (!createIfNotExisted) return { newRS: undefined, oldRSs };
    return { newRS: this.createNewRS(ctx, oldRSs, newRevision), oldRSs };
  }

  private createNewRS(ctx: SyncContext, oldRSs: RS[], newRevision: string): RS | undefined {
    const d = ctx.d;
    const template = d.spec?.template ?? { spec: { containers: [] } };
    const collisionCount: number | undefined = d.status?.collisionCount;
    const hash = templateHash(d);
    const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const selector = { ...(d.spec?.selector ?? {}), matchLabels: { ...(d.spec?.selector?.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash } };
    const replicas = this.newRSNewReplicas(d, oldRSs, undefined);
    const rs: RS = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels,
        ownerReferences: ownerRefsFor(d),
      },
      spec: {
        replicas: 0,
        minReadySeconds: d.spec?.minReadySeconds ?? 0,
        selector,
        template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
      },
    };
    rs.metadata.annotations = this.newRSAnnotations(d, rs, newRevision, true);
    rs.metadata.annotations = withReplicasAnnotations(rs.metadata.annotations, d.spec?.replicas ?? 1, (d.spec?.replicas ?? 1) + maxSurge(d));
    rs.spec.replicas = replicas;
    let created: RS;
    try {
      created = this.client.create(rs);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const other = this.client.get<RS>('replicasets', d.metadata.namespace, rs.metadata.name);
      if (controllerUidOf(other) === d.metadata.uid) {
        ctx.rsList = [...ctx.rsList.filter((r) => r.metadata.uid !== other.metadata.uid), other];
        return other;
      }
      // A hash collision: bump collisionCount so the next hash differs (and requeue).
      this.setStatus(ctx, { ...ctx.d.status, collisionCount: (collisionCount ?? 0) + 1 });
      ctx.after = 0;
      return undefined;
    }
    ctx.rsList = [...ctx.rsList, created];
    if (replicas > 0) this.recorder.normal(d, 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`);
    this.setDeploymentRevision(ctx, newRevision);
    if (hasProgressDeadline(d)) {
      this.setStatus(ctx, {
        ...ctx.d.status,
        conditions: setCondition(ctx.d.status?.conditions, this.condition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`)),
      });
    }
    return created;
  }

  /** setNewReplicaSetAnnotations: copied deployment annotations, revision and its history. */
  private newRSAnnotations(d: Deployment, rs: RS, newRevision: string, exists: boolean): Record<string, string> | undefined {
    const current = rs.metadata.annotations ?? {};
    const next: Record<string, string> = { ...current };
    let changed = false;
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
      if (SKIP_ANNOTATIONS.has(k)) continue;
      if (next[k] !== v) {
        next[k] = v;
        changed = true;
      }
    }
    const oldRevision = current[REVISION_ANNOTATION];
    const oldNum = Number(oldRevision ?? 0) || 0;
    if (oldNum < Number(newRevision)) {
      next[REVISION_ANNOTATION] = newRevision;
      changed = true;
      if (oldRevision) {
        next[REVISION_HISTORY_ANNOTATION] = current[REVISION_HISTORY_ANNOTATION] ? `${current[REVISION_HISTORY_ANNOTATION]},${oldRevision}` : oldRevision;
      }
    }
    if (!exists && !(DESIRED_REPLICAS_ANNOTATION in next)) changed = true;
    return changed ? next : rs.metadata.annotations;
  }

  private setDeploymentRevision(ctx: SyncContext, revision: string): void {
    const d = ctx.d;
    if (d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return;
    const updated = this.client.update<Deployment>({ ...d, metadata: { ...d.metadata, annotations: { ...(d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision } } });
    ctx.d = updated;
  }

  private replaceRS(ctx: SyncContext, old: RS, rs: RS): void {
    ctx.rsList = ctx.rsList.map((r) => (r === old ? rs : r));
  }

  // ---------------------------------------------------------------- scaling

  /** NewRSNewReplicas. */
  private newRSNewReplicas(d: Deployment, oldRSs: RS[], newRS: RS | undefined): number {
    const replicas = d.spec?.replicas ?? 1;
    if (!isRollingUpdate(d)) return replicas;
    const surge = maxSurge(d);
    let current = replicasOf(newRS);
    for (const rs of oldRSs) current += replicasOf(rs);
    const maxTotal = replicas + surge;
    if (current >= maxTotal) return replicasOf(newRS);
    const up = Math.min(maxTotal - current, replicas - replicasOf(newRS));
    return replicasOf(newRS) + up;
  }

  /** scaleReplicaSetAndRecordEvent. */
  private scaleRS(ctx: SyncContext, rs: RS, newScale: number): { scaled: boolean; rs: RS } {
    const d = ctx.d;
    const old = replicasOf(rs);
    const desired = d.spec?.replicas ?? 1;
    const annotations = withReplicasAnnotations(rs.metadata.annotations, desired, desired + maxSurge(d));
    const sizeChanged = old !== newScale;
    if (!sizeChanged && annotations === rs.metadata.annotations && (rs.spec?.minReadySeconds ?? 0) === (d.spec?.minReadySeconds ?? 0)) {
      return { scaled: false, rs };
    }
    const updated = this.client.update<RS>({
      ...rs,
      metadata: { ...rs.metadata, annotations },
      spec: { ...rs.spec, replicas: newScale, minReadySeconds: d.spec?.minReadySeconds ?? 0 },
    });
    this.replaceRS(ctx, rs, updated);
    if (sizeChanged) {
      this.recorder.normal(d, 'ScalingReplicaSet', `Scaled ${old < newScale ? 'up' : 'down'} replica set ${rs.metadata.name} from ${old} to ${newScale}`);
    }
    return { scaled: sizeChanged, rs: updated };
  }

  /** isScalingEvent: an active RS's desired-replicas annotation differs from spec.replicas. */
  private isScalingEvent(ctx: SyncContext): boolean {
    const desired = String(ctx.d.spec?.replicas ?? 1);
    for (const rs of ctx.rsList) {
      if (replicasOf(rs) === 0) continue;
      const a = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
      if (a !== undefined && a !== desired) return true;
    }
    return false;
  }

  /** sync: scaling (and paused) deployments. */
  private sync(ctx: SyncContext): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(ctx, false);
    this.scale(ctx, newRS, oldRSs);
    const fresh = this.splitReplicaSets(ctx);
    if (ctx.d.spec?.paused) this.cleanupDeployment(ctx, fresh.oldRSs);
    this.syncDeploymentStatus(ctx, fresh.newRS);
  }

  private scale(ctx: SyncContext, newRS: RS | undefined, oldRSs: RS[]): void {
    const d = ctx.d;
    const replicas = d.spec?.replicas ?? 1;
    const latest = findActiveOrLatest(newRS, oldRSs);
    if (latest) {
      if (replicasOf(latest) !== replicas) this.scaleRS(ctx, latest, replicas);
      return;
    }
    if (newRS && replicasOf(newRS) === replicas && (newRS.status?.availableReplicas ?? 0) === replicas) {
      for (const rs of oldRSs) if (replicasOf(rs) > 0) this.scaleRS(ctx, rs, 0);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const all = [...oldRSs, ...(newRS ? [newRS] : [])].filter((rs) => replicasOf(rs) > 0);
    const allReplicas = all.reduce((n, rs) => n + replicasOf(rs), 0);
    const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
    const toAdd = allowed - allReplicas;
    if (toAdd === 0) return;
    // Proportional scaling: bigger (and newer, when adding) sets first.
    const sorted = [...all].sort((a, b) => {
      if (replicasOf(a) !== replicasOf(b)) return replicasOf(b) - replicasOf(a);
      return toAdd > 0 ? -byCreation(a, b) : byCreation(a, b);
    });
    const sizes = new Map<RS, number>();
    let added = 0;
    for (const rs of sorted) {
      const p = getProportion(rs, d, toAdd, added);
      sizes.set(rs, replicasOf(rs) + p);
      added += p;
    }
    if (toAdd !== added && sorted.length > 0) {
      const first = sorted[0]!;
      sizes.set(first, Math.max(0, sizes.get(first)! + toAdd - added));
    }
    for (const rs of sorted) this.scaleRS(ctx, rs, Math.max(0, sizes.get(rs)!));
  }

  // ---------------------------------------------------------------- strategies

  private rolloutRolling(ctx: SyncContext): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(ctx, true);
    if (ctx.after === 0 && !newRS) return;
    if (newRS && this.reconcileNewReplicaSet(ctx, newRS)) {
      this.syncRolloutStatus(ctx);
      return;
    }
    if (this.reconcileOldReplicaSets(ctx)) {
      this.syncRolloutStatus(ctx);
      return;
    }
    const status = this.calculateStatus(ctx, this.splitReplicaSets(ctx).newRS);
    if (deploymentComplete(ctx.d, status)) this.cleanupDeployment(ctx, this.splitReplicaSets(ctx).oldRSs);
    this.syncRolloutStatus(ctx);
  }

  private reconcileNewReplicaSet(ctx: SyncContext, newRS: RS): boolean {
    const replicas = ctx.d.spec?.replicas ?? 1;
    const current = this.splitReplicaSets(ctx);
    const rs = current.newRS ?? newRS;
    if (replicasOf(rs) === replicas) return false;
    if (replicasOf(rs) > replicas) return this.scaleRS(ctx, rs, replicas).scaled;
    const n = this.newRSNewReplicas(ctx.d, current.oldRSs, rs);
    return this.scaleRS(ctx, rs, n).scaled;
  }

  private reconcileOldReplicaSets(ctx: SyncContext): boolean {
    const d = ctx.d;
    const { newRS, oldRSs } = this.splitReplicaSets(ctx);
    const activeOld = oldRSs.filter((rs) => replicasOf(rs) > 0);
    const oldPods = activeOld.reduce((n, rs) => n + replicasOf(rs), 0);
    if (oldPods === 0) return false;
    const allPods = oldPods + replicasOf(newRS);
    const replicas = d.spec?.replicas ?? 1;
    const minAvailable = replicas - maxUnavailable(d);
    const newUnavailable = replicasOf(newRS) - (newRS?.status?.availableReplicas ?? 0);
    let maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    // cleanupUnhealthyReplicas: scale down old sets' unavailable pods first.
    let cleaned = 0;
    for (const rs of [...activeOld].sort(byCreation)) {
      if (cleaned >= maxScaledDown) break;
      const cur = this.splitReplicaSets(ctx).oldRSs.find((r) => r.metadata.uid === rs.metadata.uid) ?? rs;
      const unhealthy = replicasOf(cur) - (cur.status?.availableReplicas ?? 0);
      if (replicasOf(cur) === 0 || unhealthy <= 0) continue;
      const down = Math.min(maxScaledDown - cleaned, unhealthy);
      this.scaleRS(ctx, cur, replicasOf(cur) - down);
      cleaned += down;
    }
    maxScaledDown -= cleaned;
    // scaleDownOldReplicaSetsForRollingUpdate: keep at least minAvailable available.
    let scaledDown = 0;
    const fresh = this.splitReplicaSets(ctx);
    const all = [...fresh.oldRSs, ...(fresh.newRS ? [fresh.newRS] : [])];
    const availablePods = all.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
    if (availablePods > minAvailable) {
      const total = availablePods - minAvailable;
      for (const rs of [...fresh.oldRSs].sort(byCreation)) {
        if (scaledDown >= total) break;
        if (replicasOf(rs) === 0) continue;
        const down = Math.min(replicasOf(rs), total - scaledDown);
        this.scaleRS(ctx, rs, replicasOf(rs) - down);
        scaledDown += down;
      }
    }
    return cleaned + scaledDown > 0;
  }

  private rolloutRecreate(ctx: SyncContext): void {
    let { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(ctx, false);
    let scaledDown = false;
    for (const rs of oldRSs) {
      if (replicasOf(rs) > 0) scaledDown = this.scaleRS(ctx, rs, 0).scaled || scaledDown;
    }
    if (scaledDown) {
      this.syncRolloutStatus(ctx);
      return;
    }
    if (this.oldPodsRunning(this.splitReplicaSets(ctx).oldRSs)) {
      this.syncRolloutStatus(ctx);
      return;
    }
    if (!newRS) {
      ({ newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(ctx, true));
      if (!newRS) return;
    }
    const cur = this.splitReplicaSets(ctx).newRS ?? newRS;
    const replicas = ctx.d.spec?.replicas ?? 1;
    if (replicasOf(cur) !== replicas) this.scaleRS(ctx, cur, replicas);
    const status = this.calculateStatus(ctx, this.splitReplicaSets(ctx).newRS);
    if (deploymentComplete(ctx.d, status)) this.cleanupDeployment(ctx, this.splitReplicaSets(ctx).oldRSs);
    this.syncRolloutStatus(ctx);
  }

  private oldPodsRunning(oldRSs: RS[]): boolean {
    for (const rs of oldRSs) {
      if ((rs.status?.replicas ?? 0) > 0) return true;
      for (const pod of this.podInf.byIndex(CONTROLLER_UID_INDEX, rs.metadata.uid!)) {
        if (!isPodTerminal(pod)) return true;
      }
    }
    return false;
  }

  /** cleanupDeployment: delete the oldest fully scaled-down sets beyond revisionHistoryLimit. */
  private cleanupDeployment(ctx: SyncContext, oldRSs: RS[]): void {
    const limit: number | undefined = ctx.d.spec?.revisionHistoryLimit ?? 10;
    if (limit === undefined || limit === null) return;
    const alive = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = alive.length - limit;
    if (diff <= 0) return;
    const sorted = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (let i = 0; i < diff; i++) {
      const rs = sorted[i]!;
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 1) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        this.client.delete('replicasets', rs.metadata.namespace, rs.metadata.name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  // ---------------------------------------------------------------- status

  private condition(type: string, status: Condition['status'], reason: string, message: string): Condition {
    const now = this.ctx.clock.isoNow();
    return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
  }

  private calculateStatus(ctx: SyncContext, newRS: RS | undefined): Record<string, any> {
    const d = ctx.d;
    const all = ctx.rsList;
    let available = 0;
    let total = 0;
    let actual = 0;
    let ready = 0;
    for (const rs of all) {
      available += rs.status?.availableReplicas ?? 0;
      total += replicasOf(rs);
      actual += rs.status?.replicas ?? 0;
      ready += rs.status?.readyReplicas ?? 0;
    }
    const replicas = d.spec?.replicas ?? 1;
    const status: Record<string, any> = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: actual,
      updatedReplicas: newRS?.status?.replicas ?? 0,
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
      conditions: d.status?.conditions,
    };
    status.conditions =
      available >= replicas - maxUnavailable(d)
        ? setCondition(status.conditions, this.condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'))
        : setCondition(status.conditions, this.condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'));
    return status;
  }

  private syncStatusOnly(ctx: SyncContext): void {
    const { newRS } = this.getAllReplicaSetsAndSyncRevision(ctx, false);
    this.syncDeploymentStatus(ctx, newRS);
  }

  private syncDeploymentStatus(ctx: SyncContext, newRS: RS | undefined): void {
    const status = this.calculateStatus(ctx, newRS);
    if (!statusEqual(ctx.d.status, status)) this.setStatus(ctx, status);
  }

  /** syncRolloutStatus: progress conditions, the deadline and ReplicaFailure. */
  private syncRolloutStatus(ctx: SyncContext): void {
    const d = ctx.d;
    const newRS = this.splitReplicaSets(ctx).newRS;
    const status = this.calculateStatus(ctx, newRS);
    if (!hasProgressDeadline(d)) status.conditions = removeCondition(status.conditions, 'Progressing');
    const current = findCondition(status.conditions, 'Progressing');
    const isComplete = status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
    if (hasProgressDeadline(d) && !isComplete) {
      const what = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
      if (deploymentComplete(d, status)) {
        status.conditions = setCondition(status.conditions, this.condition('Progressing', 'True', 'NewReplicaSetAvailable', `${what} has successfully progressed.`));
      } else if (deploymentProgressing(d, status)) {
        const cond = this.condition('Progressing', 'True', 'ReplicaSetUpdated', `${what} is progressing.`);
        if (current && current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        status.conditions = [...(status.conditions ?? []).filter((c: Condition) => c.type !== 'Progressing'), cond];
      } else if (this.timedOut(d, status)) {
        status.conditions = setCondition(status.conditions, this.condition('Progressing', 'False', 'ProgressDeadlineExceeded', `${what} has timed out progressing.`));
      }
    }
    const failure = ctx.rsList.map((rs) => findCondition(rs.status?.conditions, 'ReplicaFailure')).find((c) => c?.status === 'True');
    if (failure) {
      const cond = { ...this.condition('ReplicaFailure', failure.status, failure.reason ?? 'FailedCreate', failure.message ?? ''), lastTransitionTime: failure.lastTransitionTime ?? this.ctx.clock.isoNow() };
      const old = findCondition(status.conditions, 'ReplicaFailure');
      if (!old || old.message !== cond.message || old.reason !== cond.reason) status.conditions = setCondition(removeCondition(status.conditions, 'ReplicaFailure'), cond);
    } else {
      status.conditions = removeCondition(status.conditions, 'ReplicaFailure');
    }
    if (!statusEqual(d.status, status)) this.setStatus(ctx, status);
    // requeueStuckDeployment: come back when the deadline would pass.
    const cond = findCondition(ctx.d.status?.conditions, 'Progressing');
    if (hasProgressDeadline(d) && cond && cond.reason !== 'NewReplicaSetAvailable' && cond.reason !== 'ProgressDeadlineExceeded' && !deploymentComplete(d, status)) {
      const from = parseTime(cond.lastUpdateTime) ?? this.ctx.clock.now();
      const at = from + (d.spec?.progressDeadlineSeconds ?? 600) * 1000;
      const after = Math.max(0, at - this.ctx.clock.now()) + 1000;
      ctx.after = ctx.after === undefined ? after : Math.min(ctx.after, after);
    }
  }

  private timedOut(d: Deployment, status: Record<string, any>): boolean {
    const cond = findCondition(status.conditions, 'Progressing');
    if (!cond) return false;
    if (cond.reason === 'ProgressDeadlineExceeded') return true;
    if (cond.reason === 'NewReplicaSetAvailable') return false;
    const from = parseTime(cond.lastUpdateTime);
    if (from === undefined) return false;
    return from + (d.spec?.progressDeadlineSeconds ?? 600) * 1000 < this.ctx.clock.now();
  }

  private checkPausedConditions(ctx: SyncContext): void {
    const d = ctx.d;
    if (!hasProgressDeadline(d)) return;
    const cond = findCondition(d.status?.conditions, 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return;
    const pausedExists = cond?.reason === 'DeploymentPaused';
    let next: Condition | undefined;
    if (d.spec?.paused && !pausedExists) next = this.condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused');
    else if (!d.spec?.paused && pausedExists) next = this.condition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed');
    if (next) this.setStatus(ctx, { ...d.status, conditions: setCondition(d.status?.conditions, next) });
  }

  private setStatus(ctx: SyncContext, status: Record<string, any>): void {
    ctx.d = this.writeStatus(ctx.d, status);
  }

  private writeStatus(d: Deployment, status: Record<string, any>): Deployment {
    const clean: Record<string, any> = {};
    for (const [k, v] of Object.entries(status)) if (v !== undefined) clean[k] = v;
    return this.client.updateStatus<Deployment>({ ...d, status: clean });
  }
}

interface SyncContext {
  d: Deployment;
  rsList: RS[];
  after: number | undefined;
}

const hashCache = new WeakMap<object, Map<number, string>>();

/** The pod-template-hash of the deployment's template and collisionCount (cached per template). */
export function templateHash(d: Deployment): string {
  const template = d.spec?.template ?? {};
  const cc: number = d.status?.collisionCount ?? 0;
  let m = hashCache.get(template);
  if (!m) hashCache.set(template, (m = new Map()));
  let h = m.get(cc);
  if (h === undefined) m.set(cc, (h = computeHash(template, cc || undefined)));
  return h;
}

function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== MAX_INT32;
}

function withReplicasAnnotations(annotations: Record<string, string> | undefined, desired: number, max: number): Record<string, string> | undefined {
  const a = annotations ?? {};
  if (a[DESIRED_REPLICAS_ANNOTATION] === String(desired) && a[MAX_REPLICAS_ANNOTATION] === String(max)) return annotations;
  return { ...a, [DESIRED_REPLICAS_ANNOTATION]: String(desired), [MAX_REPLICAS_ANNOTATION]: String(max) };
}

/** FindActiveOrLatest: the only active set, or the latest when none is active. */
function findActiveOrLatest(newRS: RS | undefined, oldRSs: RS[]): RS | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const oldNewestFirst = [...oldRSs].sort((a, b) => -byCreation(a, b));
  const active = [...oldNewestFirst, ...(newRS ? [newRS] : [])].filter((rs) => replicasOf(rs) > 0);
  if (active.length === 0) return newRS ?? oldNewestFirst[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** getProportion / getReplicaSetFraction, from the max-replicas annotation. */
function getProportion(rs: RS, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const replicas = d.spec?.replicas ?? 1;
  let fraction: number;
  if (replicas === 0) fraction = -replicasOf(rs);
  else {
    const deploymentReplicas = replicas + maxSurge(d);
    const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION]);
    const base = Number.isFinite(annotated) && annotated > 0 ? annotated : d.status?.replicas ?? 0;
    fraction = base > 0 ? Math.round((replicasOf(rs) * deploymentReplicas) / base) - replicasOf(rs) : 0;
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** DeploymentComplete. */
function deploymentComplete(d: Deployment, status: Record<string, any>): boolean {
  const replicas = d.spec?.replicas ?? 1;
  return status.updatedReplicas === replicas && status.replicas === replicas && status.availableReplicas === replicas && status.observedGeneration >= (d.metadata.generation ?? 1);
}

/** DeploymentProgressing: any movement since the stored status. */
function deploymentProgressing(d: Deployment, status: Record<string, any>): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

function statusEqual(a: Record<string, any> | undefined, b: Record<string, any>): boolean {
  if (!a) return false;
  const keys = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'];
  for (const k of keys) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return stableStringify(a.conditions ?? []) === stableStringify(b.conditions ?? []);
}

export function createDeploymentController(ctx: ComponentContext): DeploymentController {
  return new DeploymentController(ctx);
}
