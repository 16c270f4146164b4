/**
 * apps/v1 validation (pkg/apis/apps/validation): Deployment, ReplicaSet, StatefulSet, DaemonSet.
 * Selector vs template labels, strategies, and the selector's immutability on update.
 */
import { matches, selectorFromLabelSelector } from '../labels.js';
import type { KObject } from '../types.js';
import {
  type Errs,
  forbiddenField,
  goLabelSelector,
  invalidRaw,
  invalidValue,
  nonNegative,
  required,
  sameJSON,
  unsupported,
  validateLabels,
  validateObjectMeta,
  dns1123LabelErrors,
} from './meta.js';
import { validatePodTemplate, type Owner } from './pod.js';

type Obj = Record<string, any>;

function goMap(labels: Record<string, string> | undefined): string {
  if (!labels) return 'map[string]string(nil)';
  return `map[string]string{${Object.keys(labels)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(labels[k])}`)
    .join(', ')}}`;
}

/** ValidateLabelSelector + "empty selector is invalid for X"; returns whether the selector parsed. */
function validateSelector(sel: Obj | undefined, what: string, errs: Errs): boolean {
  if (!sel) {
    errs.push(required('spec.selector'));
    return true;
  }
  validateLabels(sel.matchLabels, 'spec.selector.matchLabels', errs);
  for (const [i, e] of (sel.matchExpressions ?? []).entries()) {
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e?.operator)) {
      errs.push(unsupported(`spec.selector.matchExpressions[${i}].operator`, e?.operator ?? '', ['In', 'NotIn', 'Exists', 'DoesNotExist']));
    } else if ((e.operator === 'In' || e.operator === 'NotIn') && !(e.values?.length > 0)) {
      errs.push(required(`spec.selector.matchExpressions[${i}].values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
    } else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && e.values?.length > 0) {
      errs.push(forbiddenField(`spec.selector.matchExpressions[${i}].values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    }
  }
  if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions?.length ?? 0) === 0) {
    errs.push(invalidRaw('spec.selector', goLabelSelector(sel), `empty selector is invalid for ${what}`));
  }
  return true;
}

/** ValidatePodTemplateSpecForReplicaSet: labels must match, restartPolicy must be Always. */
function validateTemplateForSelector(spec: Obj, owner: Owner, errs: Errs, restartAlways = true): void {
  const template = spec.template;
  if (!template) {
    errs.push(required('spec.template'));
    return;
  }
  let selectorMatches = false;
  try {
    // A missing selector selects nothing, so the labels error shows up next to "Required value", as upstream.
    selectorMatches = spec.selector ? matches(selectorFromLabelSelector(spec.selector), template.metadata?.labels ?? {}) : false;
    const empty = spec.selector && Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions?.length ?? 0) === 0;
    if (empty) selectorMatches = true;
  } catch {
    selectorMatches = true; // the selector's own errors were reported already
  }
  if (!selectorMatches) {
    const labels = template.metadata?.labels;
    if (labels) errs.push(invalidValue('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
    else errs.push(invalidRaw('spec.template.metadata.labels', goMap(labels), '`selector` does not match template `labels`'));
  }
  validatePodTemplate(template, 'spec.template', owner, errs);
  if (restartAlways && template.spec && template.spec.restartPolicy !== 'Always') {
    errs.push(unsupported('spec.template.spec.restartPolicy', template.spec.restartPolicy ?? '', ['Always']));
  }
  if (restartAlways && template.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(invalidValue('spec.template.spec.activeDeadlineSeconds', template.spec.activeDeadlineSeconds, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
}

function intOrPercent(v: unknown): { percent: boolean; value: number } | undefined {
  if (typeof v === 'number') return { percent: false, value: v };
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v);
    if (m) return { percent: true, value: Number(m[1]) };
  }
  return undefined;
}

function validateIntOrPercent(v: unknown, field: string, errs: Errs): number | undefined {
  if (v === undefined) return undefined;
  const p = intOrPercent(v);
  if (!p) {
    errs.push(invalidValue(field, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
    return undefined;
  }
  if (p.value < 0) errs.push(invalidValue(field, v, 'must be greater than or equal to 0'));
  if (p.percent && p.value > 100) errs.push(invalidValue(field, v, 'must not be greater than 100%'));
  return p.value;
}

function immutableSelector(obj: KObject, old: KObject | undefined, errs: Errs): void {
  if (old && !sameJSON(obj.spec?.selector, old.spec?.selector)) {
    errs.push(invalidRaw('spec.selector', goLabelSelector(obj.spec?.selector), 'field is immutable'));
  }
}

const APPS: Owner = { kind: 'Deployment', version: 'v1' };

export function validateDeployment(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  const s: Obj = obj.spec ?? {};
  nonNegative('spec.replicas', s.replicas, errs);
  validateSelector(s.selector, 'deployment', errs);
  validateTemplateForSelector(s, APPS, errs);
  const st = s.strategy ?? {};
  if (st.type !== undefined && st.type !== 'Recreate' && st.type !== 'RollingUpdate') errs.push(unsupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']));
  if (st.type === 'Recreate' && st.rollingUpdate) errs.push(forbiddenField('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  if (st.type === 'RollingUpdate' && st.rollingUpdate) {
    const unavailable = validateIntOrPercent(st.rollingUpdate.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable', errs);
    const surge = validateIntOrPercent(st.rollingUpdate.maxSurge, 'spec.strategy.rollingUpdate.maxSurge', errs);
    if (unavailable === 0 && surge === 0) errs.push(invalidValue('spec.strategy.rollingUpdate.maxUnavailable', st.rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
  nonNegative('spec.minReadySeconds', s.minReadySeconds, errs);
  nonNegative('spec.revisionHistoryLimit', s.revisionHistoryLimit, errs);
  if (s.progressDeadlineSeconds !== undefined) {
    nonNegative('spec.progressDeadlineSeconds', s.progressDeadlineSeconds, errs);
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0)) errs.push(invalidValue('spec.progressDeadlineSeconds', s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  immutableSelector(obj, old, errs);
  return errs;
}

export function validateReplicaSet(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  const s: Obj = obj.spec ?? {};
  nonNegative('spec.replicas', s.replicas, errs);
  nonNegative('spec.minReadySeconds', s.minReadySeconds, errs);
  validateSelector(s.selector, 'replicaset', errs);
  validateTemplateForSelector(s, { kind: 'ReplicaSet', version: 'v1' }, errs);
  immutableSelector(obj, old, errs);
  return errs;
}

export function validateStatefulSet(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  const s: Obj = obj.spec ?? {};
  // serviceName is optional since 1.31 (it only names the governing headless service).
  if (s.serviceName) for (const m of dns1123LabelErrors(String(s.serviceName))) errs.push(invalidValue('spec.serviceName', s.serviceName, m));
  if (s.podManagementPolicy !== undefined && s.podManagementPolicy !== 'OrderedReady' && s.podManagementPolicy !== 'Parallel') {
    errs.push(unsupported('spec.podManagementPolicy', s.podManagementPolicy, ['OrderedReady', 'Parallel']));
  }
  const us = s.updateStrategy ?? {};
  if (us.type !== undefined && us.type !== 'RollingUpdate' && us.type !== 'OnDelete') errs.push(unsupported('spec.updateStrategy.type', us.type, ['OnDelete', 'RollingUpdate']));
  if (us.type === 'OnDelete' && us.rollingUpdate) errs.push(invalidValue('spec.updateStrategy.rollingUpdate', '', "only allowed for updateStrategy 'RollingUpdate'"));
  nonNegative('spec.updateStrategy.rollingUpdate.partition', us.rollingUpdate?.partition, errs);
  nonNegative('spec.replicas', s.replicas, errs);
  validateSelector(s.selector, 'statefulset', errs);
  // The controller adds a volume per claim template to each pod, so mounts may name them
  // (upstream leaves this union check as a TODO and skips the pod spec; here it is checked).
  const claims: Obj[] = Array.isArray(s.volumeClaimTemplates) ? s.volumeClaimTemplates : [];
  const withClaims = claims.length && s.template?.spec
    ? { ...s, template: { ...s.template, spec: { ...s.template.spec, volumes: [...(s.template.spec.volumes ?? []), ...claims.map((c) => ({ name: c?.metadata?.name, persistentVolumeClaim: { claimName: c?.metadata?.name } }))] } } }
    : s;
  validateTemplateForSelector(withClaims, { kind: 'StatefulSet', version: 'v1' }, errs);
  if (old) {
    // Only these fields may change (ValidateStatefulSetUpdate).
    const strip = (x: Obj): Obj => ({ ...x, replicas: 0, template: null, updateStrategy: null, persistentVolumeClaimRetentionPolicy: null, minReadySeconds: 0, ordinals: null, revisionHistoryLimit: 0 });
    if (!sameJSON(strip(s), strip(old.spec ?? {}))) {
      errs.push(
        forbiddenField(
          'spec',
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      );
    }
  }
  return errs;
}

export function validateDaemonSet(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  const s: Obj = obj.spec ?? {};
  validateSelector(s.selector, 'daemonset', errs);
  validateTemplateForSelector(s, { kind: 'DaemonSet', version: 'v1' }, errs);
  const us = s.updateStrategy ?? {};
  if (us.type !== undefined && us.type !== 'RollingUpdate' && us.type !== 'OnDelete') errs.push(unsupported('spec.updateStrategy.type', us.type, ['OnDelete', 'RollingUpdate']));
  if (us.type === 'RollingUpdate' && us.rollingUpdate) {
    const unavailable = validateIntOrPercent(us.rollingUpdate.maxUnavailable, 'spec.updateStrategy.rollingUpdate.maxUnavailable', errs);
    const surge = validateIntOrPercent(us.rollingUpdate.maxSurge, 'spec.updateStrategy.rollingUpdate.maxSurge', errs);
    if (unavailable === 0 && surge === 0) errs.push(invalidValue('spec.updateStrategy.rollingUpdate.maxUnavailable', us.rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
  immutableSelector(obj, old, errs);
  return errs;
}

export function validateReplicationController(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  const s: Obj = obj.spec ?? {};
  nonNegative('spec.replicas', s.replicas, errs);
  if (!s.selector || Object.keys(s.selector).length === 0) errs.push(required('spec.selector'));
  else {
    validateLabels(s.selector, 'spec.selector', errs);
    const labels = s.template?.metadata?.labels ?? {};
    if (!Object.entries(s.selector).every(([k, v]) => labels[k] === v)) {
      errs.push(invalidValue('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
    }
  }
  if (!s.template) errs.push(required('spec.template'));
  else validatePodTemplate(s.template, 'spec.template', { kind: 'ReplicationController', version: 'v1' }, errs);
  void old;
  return errs;
}
