/**
 * Client-side apply's three-way strategic merge (strategicpatch.CreateThreeWayMergePatch):
 * changes and additions are computed from the live object to the new configuration, deletions
 * from the last-applied configuration to the new one, so fields other writers or defaulting set
 * are left alone. Lists with a patch merge key (containers by name, ports by port...) merge
 * item by item; other lists are replaced whole.
 */
import { jsonEqual } from './common.js';

type Json = unknown;
type Obj = Record<string, Json>;

function isObj(v: Json): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The patchMergeKey of a list field, by its name and where it sits (Service ports merge by port). */
export function mergeKeyFor(path: readonly string[], field: string): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'hostAliases':
      return 'ip';
    case 'ownerReferences':
      return 'uid';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'conditions':
      return 'type';
    case 'ports':
      // Container ports merge by containerPort; a Service's by port.
      return path.includes('containers') || path.includes('initContainers') ? 'containerPort' : path[0] === 'spec' && path.length === 1 ? 'port' : undefined;
    default:
      return undefined;
  }
}

/** The patch taking `current` to `modified`, deleting what `original` had and `modified` dropped. {} when nothing changes. */
export function threeWayPatch(original: Json, modified: Json, current: Json, path: string[] = []): Obj {
  const patch: Obj = {};
  const o = isObj(original) ? original : {};
  const m = isObj(modified) ? modified : {};
  const c = isObj(current) ? current : {};
  for (const [k, mv] of Object.entries(m)) {
    if (mv === undefined) continue;
    const cv = c[k];
    if (cv === undefined) {
      patch[k] = mv;
    } else if (isObj(mv) && isObj(cv)) {
      const sub = threeWayPatch(o[k], mv, cv, [...path, k]);
      if (Object.keys(sub).length) patch[k] = sub;
    } else if (Array.isArray(mv) && Array.isArray(cv) && mergeKeyFor(path, k)) {
      const items = listPatch(o[k], mv, cv, mergeKeyFor(path, k)!, [...path, k]);
      if (items.length) patch[k] = items;
    } else if (!jsonEqual(mv, cv)) {
      patch[k] = mv;
    }
  }
  for (const k of Object.keys(o)) {
    if (m[k] === undefined && c[k] !== undefined) patch[k] = null;
  }
  return patch;
}

function listPatch(original: Json, modified: Json[], current: Json[], key: string, path: string[]): Json[] {
  const find = (list: Json, v: Json): Obj | undefined =>
    Array.isArray(list) ? (list.find((x) => isObj(x) && x[key] === v) as Obj | undefined) : undefined;
  const items: Json[] = [];
  for (const mi of modified) {
    if (!isObj(mi)) continue;
    const ci = find(current, mi[key]);
    if (!ci) {
      items.push(mi);
      continue;
    }
    const sub = threeWayPatch(find(original, mi[key]), mi, ci, path);
    if (Object.keys(sub).length) items.push({ [key]: mi[key], ...sub });
  }
  if (Array.isArray(original)) {
    for (const oi of original) {
      if (!isObj(oi)) continue;
      if (!find(modified, oi[key]) && find(current, oi[key])) items.push({ [key]: oi[key], $patch: 'delete' });
    }
  }
  return items;
}

/** Applies a patch from threeWayPatch to `current` with the same merge keys. Never mutates its inputs. */
export function applyStrategic(current: Json, patch: Json, path: string[] = []): Json {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(current) ? { ...current } : {};
  for (const [k, pv] of Object.entries(patch)) {
    if (pv === null) {
      delete out[k];
      continue;
    }
    const key = Array.isArray(pv) ? mergeKeyFor(path, k) : undefined;
    if (key && Array.isArray(out[k])) {
      const list = [...(out[k] as Json[])];
      for (const item of pv as Json[]) {
        if (!isObj(item)) continue;
        const i = list.findIndex((x) => isObj(x) && x[key] === item[key]);
        if (item.$patch === 'delete') {
          if (i >= 0) list.splice(i, 1);
        } else if (i >= 0) list[i] = applyStrategic(list[i], item, [...path, k]);
        else list.push(item);
      }
      out[k] = list;
    } else if (isObj(pv) && isObj(out[k])) {
      out[k] = applyStrategic(out[k], pv, [...path, k]);
    } else {
      out[k] = pv;
    }
  }
  return out;
}

/** A JSON merge patch (RFC 7386) from `from` to `to`: what is sent to the server. */
export function mergePatchBetween(from: Json, to: Json): Obj {
  const patch: Obj = {};
  const f = isObj(from) ? from : {};
  const t = isObj(to) ? to : {};
  for (const [k, tv] of Object.entries(t)) {
    const fv = f[k];
    if (isObj(tv) && isObj(fv)) {
      const sub = mergePatchBetween(fv, tv);
      if (Object.keys(sub).length) patch[k] = sub;
    } else if (!jsonEqual(tv, fv)) patch[k] = tv;
  }
  for (const k of Object.keys(f)) if (t[k] === undefined && f[k] !== undefined) patch[k] = null;
  return patch;
}
