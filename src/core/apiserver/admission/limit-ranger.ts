/**
 * LimitRanger: fills container requests/limits from the namespace's LimitRange defaults
 * (mutating, annotating the pod `kubernetes.io/limit-ranger`), then enforces min, max and
 * maxLimitRequestRatio per Container, per Pod and per PersistentVolumeClaim (validating).
 * Pods are only handled on create: their containers' resources cannot change afterwards.
 */
import { formatCpuMillis, formatQuantity, parseQuantity, quantityString } from '../../api/quantity.js';
import type { KObject } from '../../api/types.js';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin } from './types.js';
import { admissionForbidden } from './util.js';

type RL = Record<string, string>;
type Obj = Record<string, any>;

const ANNOTATION = 'kubernetes.io/limit-ranger';

function handles(attrs: AdmissionAttributes): 'pod' | 'pvc' | undefined {
  if (attrs.subresource || !attrs.object) return undefined;
  if (attrs.resource.plural === 'pods') return attrs.operation === 'CREATE' ? 'pod' : undefined;
  if (attrs.resource.plural === 'persistentvolumeclaims' && (attrs.operation === 'CREATE' || attrs.operation === 'UPDATE')) return 'pvc';
  return undefined;
}

function limitRanges(attrs: AdmissionAttributes, ctx: AdmissionContext): KObject[] {
  if (!attrs.namespace) return [];
  if (attrs.oldObject?.metadata.deletionTimestamp) return [];
  const out: KObject[] = [];
  for (const lr of ctx.list('limitranges', attrs.namespace)) out.push(lr);
  return out;
}

function mergeContainer(c: Obj, defLimits: RL, defRequests: RL, what: string, notes: string[]): Obj {
  const limits: RL = { ...c.resources?.limits };
  const requests: RL = { ...c.resources?.requests };
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [k, v] of Object.entries(defLimits)) {
    if (limits[k] === undefined) {
      limits[k] = v;
      setLimits.push(k);
    }
  }
  for (const [k, v] of Object.entries(defRequests)) {
    if (requests[k] === undefined) {
      requests[k] = v;
      setRequests.push(k);
    }
  }
  if (setRequests.length) notes.push(`${setRequests.sort().join(', ')} request for ${what} ${c.name}`);
  if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${what} ${c.name}`);
  if (!setLimits.length && !setRequests.length) return c;
  return { ...c, resources: { ...c.resources, limits, requests } };
}

function admitPod(attrs: AdmissionAttributes, lr: KObject): string | undefined {
  const defLimits: RL = {};
  const defRequests: RL = {};
  for (const item of lr.spec?.limits ?? []) {
    if (item?.type !== 'Container') continue;
    Object.assign(defRequests, item.defaultRequest);
    Object.assign(defLimits, item.default);
  }
  if (!Object.keys(defLimits).length && !Object.keys(defRequests).length) return undefined;
  const pod = attrs.object!;
  const notes: string[] = [];
  const containers = (pod.spec?.containers ?? []).map((c: Obj) => mergeContainer(c, defLimits, defRequests, 'container', notes));
  const initContainers = pod.spec?.initContainers?.map((c: Obj) => mergeContainer(c, defLimits, defRequests, 'init container', notes));
  if (!notes.length) return undefined;
  pod.spec = { ...pod.spec, containers, ...(initContainers ? { initContainers } : {}) };
  const value = `LimitRanger plugin set: ${notes.join('; ')}`;
  pod.metadata = { ...pod.metadata, annotations: { ...pod.metadata.annotations, [ANNOTATION]: value } };
  return `applied default ${notes.join('; ')} (LimitRange ${lr.metadata.name})`;
}

const q = (v: string): string => formatQuantity(v);

function minConstraint(type: string, name: string, enforced: string, req: RL, lim: RL): string | undefined {
  if (req[name] === undefined) return `minimum ${name} usage per ${type} is ${q(enforced)}.  No request is specified`;
  if (parseQuantity(req[name]!) < parseQuantity(enforced)) return `minimum ${name} usage per ${type} is ${q(enforced)}, but request is ${q(req[name]!)}`;
  if (lim[name] !== undefined && parseQuantity(lim[name]!) < parseQuantity(enforced)) return `minimum ${name} usage per ${type} is ${q(enforced)}, but limit is ${q(lim[name]!)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: string, req: RL, lim: RL): string | undefined {
  if (lim[name] === undefined) return `maximum ${name} usage per ${type} is ${q(enforced)}.  No limit is specified`;
  if (parseQuantity(lim[name]!) > parseQuantity(enforced)) return `maximum ${name} usage per ${type} is ${q(enforced)}, but limit is ${q(lim[name]!)}`;
  if (req[name] !== undefined && parseQuantity(req[name]!) > parseQuantity(enforced)) return `maximum ${name} usage per ${type} is ${q(enforced)}, but request is ${q(req[name]!)}`;
  return undefined;
}

function maxRequestConstraint(type: string, name: string, enforced: string, req: RL): string | undefined {
  if (req[name] === undefined) return `maximum ${name} usage per ${type} is ${q(enforced)}.  No request is specified`;
  if (parseQuantity(req[name]!) > parseQuantity(enforced)) return `maximum ${name} usage per ${type} is ${q(enforced)}, but request is ${q(req[name]!)}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: string, req: RL, lim: RL): string | undefined {
  const r = req[name] === undefined ? 0 : parseQuantity(req[name]!);
  const l = lim[name] === undefined ? 0 : parseQuantity(lim[name]!);
  if (r === 0) return `${name} max limit to request ratio per ${type} is ${q(enforced)}, but no request is specified or request is 0`;
  if (l === 0) return `${name} max limit to request ratio per ${type} is ${q(enforced)}, but no limit is specified or limit is 0`;
  const ratio = l / r;
  if (ratio > parseQuantity(enforced) + 1e-12) return `${name} max limit to request ratio per ${type} is ${q(enforced)}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

/** Pod totals of a resource, only when every container sets it (the upstream sum). */
function podTotal(containers: Obj[], field: 'requests' | 'limits'): RL {
  const out: RL = {};
  const keys = new Set<string>();
  for (const c of containers) for (const k of Object.keys(c.resources?.[field] ?? {})) keys.add(k);
  for (const k of keys) {
    let total = 0;
    let all = true;
    let binary = false;
    for (const c of containers) {
      const v = c.resources?.[field]?.[k];
      if (v === undefined) {
        all = false;
        break;
      }
      total += parseQuantity(v);
      if (typeof v === 'string' && v.endsWith('i')) binary = true;
    }
    if (!all) continue;
    out[k] = k === 'cpu' ? formatCpuMillis(Math.round(total * 1000)) : quantityString(total, binary ? 'BinarySI' : 'DecimalSI');
  }
  return out;
}

function sortedEntries(m: Obj | undefined): Array<[string, string]> {
  return Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)) as Array<[string, string]>;
}

function validatePod(pod: KObject, lr: KObject): string[] {
  const errs: string[] = [];
  const containers: Obj[] = pod.spec?.containers ?? [];
  for (const item of lr.spec?.limits ?? []) {
    const type = item?.type;
    if (type === 'Container') {
      for (const c of containers) {
        const req: RL = c.resources?.requests ?? {};
        const lim: RL = c.resources?.limits ?? {};
        for (const [k, v] of sortedEntries(item.min)) { const e = minConstraint(type, k, v, req, lim); if (e) errs.push(e); }
        for (const [k, v] of sortedEntries(item.max)) { const e = maxConstraint(type, k, v, req, lim); if (e) errs.push(e); }
        for (const [k, v] of sortedEntries(item.maxLimitRequestRatio)) { const e = ratioConstraint(type, k, v, req, lim); if (e) errs.push(e); }
      }
    } else if (type === 'Pod') {
      const req = podTotal(containers, 'requests');
      const lim = podTotal(containers, 'limits');
      for (const [k, v] of sortedEntries(item.min)) { const e = minConstraint(type, k, v, req, lim); if (e) errs.push(e); }
      for (const [k, v] of sortedEntries(item.max)) { const e = maxConstraint(type, k, v, req, lim); if (e) errs.push(e); }
      for (const [k, v] of sortedEntries(item.maxLimitRequestRatio)) { const e = ratioConstraint(type, k, v, req, lim); if (e) errs.push(e); }
    }
  }
  return errs;
}

function validatePVC(pvc: KObject, lr: KObject): string[] {
  const errs: string[] = [];
  const req: RL = pvc.spec?.resources?.requests ?? {};
  for (const item of lr.spec?.limits ?? []) {
    if (item?.type !== 'PersistentVolumeClaim') continue;
    for (const [k, v] of sortedEntries(item.min)) { const e = minConstraint(item.type, k, v, req, {}); if (e) errs.push(e); }
    for (const [k, v] of sortedEntries(item.max)) { const e = maxRequestConstraint(item.type, k, v, req); if (e) errs.push(e); }
  }
  return errs;
}

/** utilerrors.NewAggregate(errs).Error(). */
function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`;
}

export const limitRanger: AdmissionPlugin = {
  name: 'LimitRanger',
  admit(attrs, ctx) {
    if (handles(attrs) !== 'pod') return;
    const notes: string[] = [];
    for (const lr of limitRanges(attrs, ctx)) {
      const note = admitPod(attrs, lr);
      if (note) notes.push(note);
    }
    return notes.length ? notes.join('; ') : undefined;
  },
  validate(attrs, ctx) {
    const kind = handles(attrs);
    if (!kind) return;
    for (const lr of limitRanges(attrs, ctx)) {
      const errs = kind === 'pod' ? validatePod(attrs.object!, lr) : validatePVC(attrs.object!, lr);
      if (errs.length) throw admissionForbidden(attrs, aggregate(errs));
    }
  },
};
