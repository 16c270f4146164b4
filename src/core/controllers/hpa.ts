/**
 * The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler), autoscaling/v2 with
 * Resource metrics from the metrics registry: utilization = usage / requests of ready pods,
 * tolerance 0.1, missing and unready pods treated as upstream's replica calculator does,
 * scale-down stabilization (5 min), scale-up limit max(2x, 4), min/max clamping, every 15 s
 * through the target's scale subresource, with upstream's conditions, events and messages.
 */
import type { ComponentContext } from '../component.js';
import type { Condition, KObject, Pod } from '../api/types.js';
import { keyOf } from '../api/types.js';
import { resourceForKind } from '../api/resources.js';
import { parseSelector, matches } from '../api/labels.js';
import { parseQuantity, formatCpuMillis, quantityString } from '../api/quantity.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import { QueueController } from './controller.js';
import { errorMessage, isNotFound, isPodReady, isoSeconds, parseTime } from './util.js';

type HPA = KObject;

export const SYNC_PERIOD_MS = 15_000;
const TOLERANCE = 0.1;
const DOWNSCALE_WINDOW_MS = 5 * 60_000;
const CPU_INITIALIZATION_MS = 5 * 60_000;

interface MetricSpec {
  type: string;
  resource?: { name: string; target: { type: string; averageUtilization?: number; averageValue?: string | number } };
}

class MetricError extends Error {
  constructor(message: string, readonly reason: string) {
    super(message);
  }
}

interface Proposal {
  replicas: number;
  name: string;
  status: Record<string, unknown>;
}

export class HorizontalPodAutoscalerController extends QueueController {
  readonly name = 'horizontalpodautoscaling';
  private readonly client: Client;
  private readonly recorder: ReturnType<ComponentContext['recorder']>;
  private hpaInf!: Informer<HPA>;
  private podInf!: Informer<Pod>;
  private recommendations = new Map<string, Array<{ at: number; replicas: number }>>();

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (horizontal-pod-autoscaler)');
    this.recorder = ctx.recorder('horizontal-pod-autoscaler');
  }

  protected register(): void {
    this.hpaInf = this.ctx.informers.for<HPA>('horizontalpodautoscalers');
    this.podInf = this.ctx.informers.for<Pod>('pods');
    this.hpaInf.on({
      add: (h) => this.queue.add(keyOf(h)),
      update: (old, h) => {
        if (old.spec !== h.spec) this.queue.add(keyOf(h));
      },
      delete: (h) => this.recommendations.delete(keyOf(h)),
    });
  }

  protected reconcile(key: string): 'done' | 'retry' | { after: number } {
    const hpa = this.hpaInf.get(key);
    if (!hpa) return 'done';
    try {
      this.reconcileAutoscaler(key, hpa);
    } catch (err) {
      if (isNotFound(err)) return 'done';
    }
    return { after: SYNC_PERIOD_MS };
  }

  private reconcileAutoscaler(key: string, hpa: HPA): void {
    const now = this.ctx.clock.now();
    const spec = hpa.spec ?? {};
    const ns = hpa.metadata.namespace!;
    const ref = spec.scaleTargetRef ?? {};
    let conditions: Condition[] = [...(hpa.status?.conditions ?? [])];
    const set = (type: string, status: Condition['status'], reason: string, message: string): void => {
      conditions = setHpaCondition(conditions, { type, status, reason, message, lastTransitionTime: isoSeconds(now) });
    };
    const res = resourceForKind(ref.kind ?? '', ref.apiVersion);
    let scale: KObject;
    try {
      if (!res) throw new Error(`no matches for kind "${ref.kind}" in group "${String(ref.apiVersion ?? '').split('/')[0]}"`);
      scale = this.client.request({ verb: 'get', resource: res.plural, namespace: ns, name: ref.name, subresource: 'scale' });
    } catch (err) {
      const msg = errorMessage(err);
      set('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${msg}`);
      this.recorder.warning(hpa, 'FailedGetScale', msg);
      this.writeStatus(hpa, { ...hpa.status, conditions });
      return;
    }
    set('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const current: number = scale.spec?.replicas ?? 0;
    const minReplicas: number = spec.minReplicas ?? 1;
    const maxReplicas: number = spec.maxReplicas ?? 1;
    let desired = 0;
    let rescaleReason = '';
    let metricStatuses: Array<Record<string, unknown>> | undefined = hpa.status?.currentMetrics;
    if (current === 0 && minReplicas !== 0) {
      desired = 0;
      set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    } else if (current > maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desired = maxReplicas;
    } else if (current < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desired = minReplicas;
    } else {
      const specs: MetricSpec[] = spec.metrics?.length ? spec.metrics : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
      const selectorText: string = scale.status?.selector ?? '';
      const statuses: Array<Record<string, unknown>> = specs.map(() => ({ type: '' }));
      let best: Proposal | undefined;
      let invalid = 0;
      let firstError: MetricError | undefined;
      specs.forEach((m, i) => {
        try {
          const p = this.computeForMetric(hpa, m, current, ns, selectorText, now);
          statuses[i] = p.status;
          if (!best || p.replicas > best.replicas) best = p;
        } catch (err) {
          const e = err instanceof MetricError ? err : new MetricError(errorMessage(err), 'FailedGetResourceMetric');
          if (invalid === 0) firstError = e;
          invalid++;
          this.recorder.warning(hpa, e.reason, e.message);
        }
      });
      metricStatuses = statuses;
      if (invalid >= specs.length || (invalid > 0 && best !== undefined && best.replicas < current)) {
        set('ScalingActive', 'False', firstError!.reason, `the HPA was unable to compute the replica count: ${firstError!.message}`);
        this.recorder.warning(hpa, 'FailedComputeMetricsReplicas', `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError!.message}`);
        this.writeStatus(hpa, { ...statusBase(hpa, current, hpa.status?.desiredReplicas ?? current, statuses), conditions });
        return;
      }
      const chosen = best!;
      set('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${chosen.name}`);
      rescaleReason = chosen.replicas > current ? `${chosen.name} above target` : 'All metrics below target';
      // normalizeDesiredReplicas: stabilization, then the scale-up limit and min/max.
      const stabilized = this.stabilize(key, chosen.replicas, current, now, spec.behavior);
      if (stabilized !== chosen.replicas) set('AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
      else set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
      const limited = convertDesiredReplicasWithRules(current, stabilized, minReplicas, maxReplicas);
      set('ScalingLimited', limited.replicas === stabilized ? 'False' : 'True', limited.condition, limited.reason);
      desired = limited.replicas;
    }
    const rescale = desired !== current;
    let lastScaleTime: string | undefined = hpa.status?.lastScaleTime;
    if (rescale) {
      try {
        this.client.request({ verb: 'update', resource: res!.plural, namespace: ns, name: ref.name, subresource: 'scale', body: { ...scale, spec: { ...scale.spec, replicas: desired } } });
        set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
        this.recorder.normal(hpa, 'SuccessfulRescale', `New size: ${desired}; reason: ${rescaleReason}`);
        lastScaleTime = isoSeconds(now);
      } catch (err) {
        set('AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${errorMessage(err)}`);
        this.recorder.warning(hpa, 'FailedRescale', `New size: ${desired}; reason: ${rescaleReason}; error: ${errorMessage(err)}`);
        this.writeStatus(hpa, { ...statusBase(hpa, current, hpa.status?.desiredReplicas ?? current, metricStatuses), conditions });
        return;
      }
    }
    this.writeStatus(hpa, { ...statusBase(hpa, current, desired, metricStatuses), ...(lastScaleTime ? { lastScaleTime } : {}), conditions });
  }

  /**
   * stabilizeRecommendation (no behavior: the highest recommendation of the last 5 minutes) or
   * stabilizeRecommendationWithBehaviors (current clamped between the up-window's lowest and
   * the down-window's highest recommendation).
   */
  private stabilize(key: string, proposal: number, current: number, now: number, behavior: any): number {
    const downMs = behavior ? (behavior.scaleDown?.stabilizationWindowSeconds ?? 300) * 1000 : DOWNSCALE_WINDOW_MS;
    const upMs = behavior ? (behavior.scaleUp?.stabilizationWindowSeconds ?? 0) * 1000 : 0;
    const keep = Math.max(downMs, upMs);
    const recs = (this.recommendations.get(key) ?? []).filter((r) => now - r.at <= keep);
    let down = proposal;
    let up = proposal;
    for (const r of recs) {
      if (now - r.at <= downMs) down = Math.max(down, r.replicas);
      if (now - r.at < upMs) up = Math.min(up, r.replicas);
    }
    recs.push({ at: now, replicas: proposal });
    this.recommendations.set(key, recs);
    if (!behavior) return down;
    let out = current;
    if (out < up) out = up;
    if (out > down) out = down;
    return out;
  }

  private computeForMetric(hpa: HPA, m: MetricSpec, current: number, ns: string, selectorText: string, now: number): Proposal {
    if (m.type !== 'Resource' && m.type !== 'ContainerResource') {
      const reason = m.type === 'Pods' ? 'FailedGetPodsMetric' : m.type === 'Object' ? 'FailedGetObjectMetric' : 'FailedGetExternalMetric';
      throw new MetricError(`unable to get metric: no custom metrics API (custom.metrics.k8s.io) registered`, reason);
    }
    const resName = m.resource?.name ?? 'cpu';
    const target = m.resource?.target ?? { type: 'Utilization', averageUtilization: 80 };
    const fail = (msg: string): never => {
      throw new MetricError(`failed to get ${resName} utilization: ${msg}`, 'FailedGetResourceMetric');
    };
    const sel = parseSelector(selectorText);
    const podList: Pod[] = [];
    for (const p of this.podInf.byNamespace(ns)) if (matches(sel, p.metadata.labels ?? {})) podList.push(p);
    const metrics = new Map<string, number>();
    for (const p of podList) {
      const u = this.ctx.metrics.podUsage(ns, p.metadata.name, p.spec.nodeName);
      if (!u) continue;
      let v = 0;
      for (const c of u.containers) v += resName === 'cpu' ? c.cpuMillis : c.memoryBytes * 1000;
      metrics.set(p.metadata.name, v);
    }
    if (metrics.size === 0) fail(`unable to get metrics for resource ${resName}: no metrics returned from resource metrics API`);
    if (podList.length === 0) fail('no pods returned by selector while calculating replica count');
    // groupPods
    let readyCount = 0;
    const unready = new Set<string>();
    const missing = new Set<string>();
    const ignored = new Set<string>();
    for (const p of podList) {
      const name = p.metadata.name;
      if (p.metadata.deletionTimestamp || p.status?.phase === 'Failed') {
        ignored.add(name);
        continue;
      }
      if (p.status?.phase === 'Pending') {
        unready.add(name);
        continue;
      }
      if (!metrics.has(name)) {
        missing.add(name);
        continue;
      }
      if (resName === 'cpu') {
        const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
        const start = parseTime(p.status?.startTime);
        let isUnready: boolean;
        if (!ready || start === undefined) isUnready = true;
        else if (start + CPU_INITIALIZATION_MS > now) isUnready = !isPodReady(p);
        else isUnready = ready.status === 'False' && start + 30_000 > (parseTime(ready.lastTransitionTime) ?? 0);
        if (isUnready) {
          unready.add(name);
          continue;
        }
      }
      readyCount++;
    }
    for (const n of [...ignored, ...unready]) metrics.delete(n);
    // calculatePodRequests over every pod the selector returns.
    const requests = new Map<string, number>();
    for (const p of podList) {
      let sum = 0;
      for (const c of p.spec.containers) {
        const r = c.resources?.requests?.[resName];
        if (r === undefined) fail(`missing request for ${resName} in container ${c.name} of Pod ${p.metadata.name}`);
        sum += resName === 'cpu' ? parseQuantity(r!) * 1000 : parseQuantity(r!) * 1000;
      }
      requests.set(p.metadata.name, sum);
    }
    if (metrics.size === 0) fail('did not receive metrics for targeted pods (pods might be unready)');
    const isUtil = target.type === 'Utilization';
    const targetUtil = target.averageUtilization ?? 80;
    const targetValue = target.averageValue !== undefined ? parseQuantity(target.averageValue) * 1000 : 0;
    const ratioOf = (ms: Map<string, number>): { ratio: number; util: number; raw: number } => {
      let mt = 0;
      let rt = 0;
      let n = 0;
      for (const [name, v] of ms) {
        const r = requests.get(name);
        if (r === undefined) continue;
        mt += v;
        rt += r;
        n++;
      }
      if (!isUtil) {
        const avg = ms.size ? [...ms.values()].reduce((a, b) => a + b, 0) / ms.size : 0;
        return { ratio: targetValue > 0 ? avg / targetValue : 0, util: 0, raw: avg };
      }
      if (rt === 0) fail(`no metrics returned matched known pods`);
      const util = Math.trunc((mt * 100) / rt);
      return { ratio: util / targetUtil, util, raw: n ? Math.trunc(mt / n) : 0 };
    };
    const first = ratioOf(metrics);
    let replicas: number;
    let util = first.util;
    let raw = first.raw;
    const scaleUpWithUnready = unready.size > 0 && first.ratio > 1.0;
    if (!scaleUpWithUnready && missing.size === 0) {
      replicas = Math.abs(1.0 - first.ratio) <= TOLERANCE ? current : Math.ceil(first.ratio * readyCount);
    } else {
      const adjusted = new Map(metrics);
      for (const n of missing) adjusted.set(n, first.ratio < 1.0 ? (isUtil ? ((requests.get(n) ?? 0) * targetUtil) / 100 : targetValue) : 0);
      if (scaleUpWithUnready) for (const n of unready) adjusted.set(n, 0);
      const second = ratioOf(adjusted);
      if (Math.abs(1.0 - second.ratio) <= TOLERANCE || (first.ratio < 1.0 && second.ratio > 1.0) || (first.ratio > 1.0 && second.ratio < 1.0)) replicas = current;
      else {
        replicas = Math.ceil(second.ratio * adjusted.size);
        if ((second.ratio < 1.0 && replicas > current) || (second.ratio > 1.0 && replicas < current)) replicas = current;
      }
    }
    const name = isUtil ? `${resName} resource utilization (percentage of request)` : `${resName} resource`;
    const averageValue = resName === 'cpu' ? formatCpuMillis(raw) : quantityString(Math.round(raw / 1000), 'BinarySI');
    const status = {
      type: 'Resource',
      resource: { name: resName, current: isUtil ? { averageUtilization: util, averageValue } : { averageValue } },
    };
    return { replicas, name, status };
  }

  private writeStatus(hpa: HPA, status: Record<string, unknown>): void {
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(status)) if (v !== undefined) clean[k] = v;
    if (JSON.stringify(clean) === JSON.stringify(hpa.status ?? {})) return;
    this.client.updateStatus({ ...hpa, status: clean });
  }
}

function statusBase(hpa: HPA, current: number, desired: number, metrics: Array<Record<string, unknown>> | undefined): Record<string, unknown> {
  return {
    observedGeneration: hpa.metadata.generation ?? 1,
    ...(hpa.status?.lastScaleTime ? { lastScaleTime: hpa.status.lastScaleTime } : {}),
    currentReplicas: current,
    desiredReplicas: desired,
    ...(metrics ? { currentMetrics: metrics } : {}),
  };
}

/** setConditionInList: update in place (keeping lastTransitionTime when the status holds), else append. */
function setHpaCondition(list: Condition[], c: Condition): Condition[] {
  const i = list.findIndex((x) => x.type === c.type);
  if (i < 0) return [...list, c];
  const out = [...list];
  const old = list[i]!;
  out[i] = old.status === c.status ? { ...c, lastTransitionTime: old.lastTransitionTime } : c;
  return out;
}

/** convertDesiredReplicasWithRules. */
export function convertDesiredReplicasWithRules(current: number, desired: number, min: number, max: number): { replicas: number; condition: string; reason: string } {
  const scaleUpLimit = Math.max(2 * current, 4);
  let maximumAllowed = max;
  let condition = 'TooManyReplicas';
  let reason = 'the desired replica count is more than the maximum replica count';
  if (max > scaleUpLimit) {
    maximumAllowed = scaleUpLimit;
    condition = 'ScaleUpLimit';
    reason = 'the desired replica count is increasing faster than the maximum scale rate';
  }
  if (desired < min) return { replicas: min, condition: 'TooFewReplicas', reason: 'the desired replica count is less than the minimum replica count' };
  if (desired > maximumAllowed) return { replicas: maximumAllowed, condition, reason };
  return { replicas: desired, condition: 'DesiredWithinRange', reason: 'the desired count is within the acceptable range' };
}

export function createHorizontalPodAutoscalerController(ctx: ComponentContext): HorizontalPodAutoscalerController {
  return new HorizontalPodAutoscalerController(ctx);
}
