/**
 * ResourceQuota admission (the last validating plugin) and the usage evaluators it shares with
 * the resourcequota controller. A create is charged against every matching quota of its
 * namespace: rejected with `exceeded quota: ...` when it would pass `hard`, with `failed quota:
 * ...: must specify ...` when the quota tracks compute resources the pod leaves out, and
 * otherwise admitted with the quota's status.used raised at once (as upstream, so a burst of
 * creates cannot overshoot before the controller recounts).
 */
import { cpuMillis, formatCpuMillis, formatQuantity, parseQuantity, quantityString, tryParseQuantity } from '../../api/quantity.js';
import { qualifiedName } from '../../api/resources.js';
import type { KObject } from '../../api/types.js';
import { podQOSClass } from '../../api/qos.js';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin } from './types.js';
import { admissionForbidden } from './util.js';

type Obj = Record<string, any>;
export type Usage = Map<string, number>;

const CPU_KEYS = new Set(['cpu', 'requests.cpu', 'limits.cpu']);
/** Quota names that oblige every container to set the matching request/limit (validationSet). */
const COMPUTE_KEYS = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

function add(u: Usage, k: string, v: number): void {
  u.set(k, (u.get(k) ?? 0) + v);
}

/** Compute usage of one container list entry: which quota names it satisfies. */
function containerUsage(c: Obj): Usage {
  const u: Usage = new Map();
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const rq = tryParseQuantity(req[r]);
    if (rq !== undefined) {
      if (r !== 'ephemeral-storage') u.set(r, rq);
      u.set(`requests.${r}`, rq);
    }
    const lm = tryParseQuantity(lim[r]);
    if (lm !== undefined) u.set(`limits.${r}`, lm);
  }
  return u;
}

export function isTerminalPod(pod: KObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Quota usage of a pod: counts plus compute (containers summed, init containers as a max). */
export function podUsage(pod: KObject): Usage {
  const u: Usage = new Map([
    ['pods', 1],
    ['count/pods', 1],
  ]);
  if (isTerminalPod(pod)) return new Map();
  const sum: Usage = new Map();
  for (const c of pod.spec?.containers ?? []) for (const [k, v] of containerUsage(c)) add(sum, k, v);
  for (const c of pod.spec?.initContainers ?? []) for (const [k, v] of containerUsage(c)) if (v > (sum.get(k) ?? 0)) sum.set(k, v);
  for (const [k, v] of sum) u.set(k, v);
  return u;
}

/** Usage of any object the quota system counts. */
export function objectUsage(plural: string, group: string, obj: KObject): Usage {
  if (plural === 'pods') return podUsage(obj);
  const countKey = group ? `count/${plural}.${group}` : `count/${plural}`;
  const u: Usage = new Map([[countKey, 1]]);
  switch (plural) {
    case 'services': {
      u.set('services', 1);
      const type = obj.spec?.type ?? 'ClusterIP';
      if (type === 'LoadBalancer') u.set('services.loadbalancers', 1);
      if (type === 'NodePort' || type === 'LoadBalancer') u.set('services.nodeports', (obj.spec?.ports ?? []).length);
      break;
    }
    case 'configmaps':
    case 'secrets':
    case 'replicationcontrollers':
    case 'resourcequotas':
      if (!group) u.set(plural, 1);
      break;
    case 'persistentvolumeclaims': {
      u.set('persistentvolumeclaims', 1);
      const storage = tryParseQuantity(obj.spec?.resources?.requests?.storage);
      if (storage !== undefined) u.set('requests.storage', storage);
      const sc = obj.spec?.storageClassName;
      if (sc) {
        u.set(`${sc}.storageclass.storage.k8s.io/persistentvolumeclaims`, 1);
        if (storage !== undefined) u.set(`${sc}.storageclass.storage.k8s.io/requests.storage`, storage);
      }
      break;
    }
  }
  return u;
}

/** Whether a pod falls in a quota's scopes (Terminating, NotTerminating, BestEffort, NotBestEffort). */
export function podMatchesScopes(quota: KObject, pod: KObject): boolean {
  const scopes: string[] = [...(quota.spec?.scopes ?? []), ...(quota.spec?.scopeSelector?.matchExpressions ?? []).map((e: Obj) => (e.operator === 'Exists' ? e.scopeName : ''))];
  for (const s of scopes) {
    if (s === 'Terminating' && pod.spec?.activeDeadlineSeconds === undefined) return false;
    if (s === 'NotTerminating' && pod.spec?.activeDeadlineSeconds !== undefined) return false;
    if (s === 'BestEffort' && podQOSClass(pod.spec) !== 'BestEffort') return false;
    if (s === 'NotBestEffort' && podQOSClass(pod.spec) === 'BestEffort') return false;
  }
  for (const e of quota.spec?.scopeSelector?.matchExpressions ?? []) {
    if (e.scopeName !== 'PriorityClass') continue;
    const pc = pod.spec?.priorityClassName ?? '';
    if (e.operator === 'In' && !(e.values ?? []).includes(pc)) return false;
    if (e.operator === 'NotIn' && (e.values ?? []).includes(pc)) return false;
    if (e.operator === 'DoesNotExist' && pc) return false;
  }
  return true;
}

/** Quantity text for a usage value, as the quota status and messages print it. */
export function usageString(key: string, value: number): string {
  if (CPU_KEYS.has(key)) return formatCpuMillis(Math.round(value * 1000));
  if (Number.isInteger(value) && value >= 1024 && value % 1024 === 0) return quantityString(value, 'BinarySI');
  return quantityString(value, 'DecimalSI');
}

export function parseUsage(list: Record<string, string> | undefined): Usage {
  const u: Usage = new Map();
  for (const [k, v] of Object.entries(list ?? {})) {
    const n = tryParseQuantity(v);
    if (n !== undefined) u.set(k, CPU_KEYS.has(k) ? cpuMillis(v) / 1000 : n);
  }
  return u;
}

function prettyPrint(keys: string[], values: (k: string) => string): string {
  return [...keys].sort().map((k) => `${k}=${values(k)}`).join(',');
}

/** must specify X for: a,b; Y for: c (the pod evaluator's Constraints). */
function podConstraints(pod: KObject, hardKeys: Set<string>): string | undefined {
  const required = COMPUTE_KEYS.filter((k) => hardKeys.has(k));
  if (!required.length) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const have = containerUsage(c);
    for (const r of required) {
      if (!have.has(r)) {
        if (!missing.has(r)) missing.set(r, new Set());
        missing.get(r)!.add(c.name);
      }
    }
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

/** Writes a quota's new status.used (the API server's own loopback write). */
export type QuotaStatusWriter = (quota: KObject, used: Record<string, string>) => void;

export function createResourceQuotaPlugin(write: QuotaStatusWriter): AdmissionPlugin {
  return {
    name: 'ResourceQuota',
    validate(attrs: AdmissionAttributes, ctx: AdmissionContext) {
      if (attrs.operation !== 'CREATE' || attrs.subresource || !attrs.object || !attrs.namespace) return;
      const iter = ctx.list('resourcequotas', attrs.namespace);
      let quotas: KObject[] | undefined;
      for (const q of iter) (quotas ??= []).push(q);
      if (!quotas) return;
      quotas.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
      const res = attrs.resource;
      const obj = attrs.object;
      const usage = objectUsage(res.plural, res.group, obj);
      const updates: Array<[KObject, Record<string, string>]> = [];
      for (const quota of quotas) {
        if (res.plural === 'pods' && !podMatchesScopes(quota, obj)) continue;
        const hardText: Record<string, string> | undefined = quota.status?.hard;
        const specHard: Record<string, string> = quota.spec?.hard ?? {};
        if (!hardText) {
          const interesting = Object.keys(specHard).filter((k) => usage.has(k) || (res.plural === 'pods' && COMPUTE_KEYS.includes(k)));
          if (interesting.length) throw admissionForbidden(attrs, `status unknown for quota: ${quota.metadata.name}, resources: ${interesting.sort().join(',')}`);
          continue;
        }
        const hardKeys = new Set(Object.keys(hardText));
        if (res.plural === 'pods') {
          const err = podConstraints(obj, hardKeys);
          if (err) throw admissionForbidden(attrs, `failed quota: ${quota.metadata.name}: ${err}`);
        }
        const requested = [...usage].filter(([k, v]) => hardKeys.has(k) && v !== 0);
        if (!requested.length) continue;
        const used = parseUsage(quota.status?.used);
        const hard = parseUsage(hardText);
        const exceeded = requested.filter(([k, v]) => (used.get(k) ?? 0) + v > (hard.get(k) ?? 0) + 1e-9).map(([k]) => k);
        if (exceeded.length) {
          const usedText: Record<string, string> = quota.status?.used ?? {};
          throw admissionForbidden(
            attrs,
            `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(exceeded, (k) => usageString(k, usage.get(k)!))}, used: ${prettyPrint(exceeded, (k) =>
              usedText[k] !== undefined ? formatQuantity(usedText[k]!) : '0',
            )}, limited: ${prettyPrint(exceeded, (k) => formatQuantity(hardText[k]!))}`,
          );
        }
        const next: Record<string, string> = { ...quota.status?.used };
        for (const [k, v] of requested) next[k] = usageString(k, (used.get(k) ?? 0) + v);
        updates.push([quota, next]);
      }
      if (attrs.dryRun) return;
      for (const [quota, used] of updates) write(quota, used);
      return updates.length ? `charged ${qualifiedName(res)} to ${updates.map(([q]) => q.metadata.name).join(', ')}` : undefined;
    },
  };
}

export { parseQuantity };
