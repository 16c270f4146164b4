/**
 * Patches as kubectl and the API server apply them: JSON merge patch (RFC 7386), JSON patch
 * (RFC 6902) and strategic merge patch (merge patch that merges known lists by their key, like
 * containers by name, instead of replacing them). Inputs are never modified.
 */

export type PatchType = 'merge' | 'json' | 'strategic';

/** Lists merged by key in strategic merge patch, by field name (patchMergeKey in the API types). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  conditions: 'type',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  addresses: 'type',
};

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  const out: Record<string, unknown> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function strategicMergePatch(target: unknown, patch: unknown, field?: string): unknown {
  if (Array.isArray(patch)) {
    let key = field ? MERGE_KEYS[field] : undefined;
    // Container ports merge by containerPort, Service ports by port: same field name, other types.
    if (field === 'ports' && [...patch, ...(Array.isArray(target) ? target : [])].some((p) => isObj(p) && 'port' in p && !('containerPort' in p))) key = 'port';
    if (!key || !Array.isArray(target)) return patch;
    const out = [...target];
    for (const item of patch) {
      if (!isObj(item)) continue;
      if (item.$patch === 'delete') {
        const i = out.findIndex((x) => isObj(x) && x[key] === item[key]);
        if (i >= 0) out.splice(i, 1);
        continue;
      }
      const i = out.findIndex((x) => isObj(x) && x[key] === item[key]);
      if (i >= 0) out[i] = strategicMergePatch(out[i], item);
      else out.push(item);
    }
    return out;
  }
  if (!isObj(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return rest;
  }
  const out: Record<string, unknown> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') || k === '$retainKeys') continue;
    if (v === null) delete out[k];
    else out[k] = strategicMergePatch(out[k], v, k);
  }
  return out;
}

export class PatchError extends Error {}

interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer "${path}"`);
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function cloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError('json patch must be a list of operations');
  let doc = cloneJson(target);
  for (const raw of ops as JsonPatchOp[]) {
    const parts = pointer(raw.path);
    const get = (p: string[]): unknown => p.reduce<unknown>((acc, k) => (acc as any)?.[Array.isArray(acc) ? Number(k) : k], doc);
    const parentOf = (p: string[]): any => {
      const parent = get(p.slice(0, -1));
      if (parent === undefined || parent === null) throw new PatchError(`doc is missing path: "${raw.path}": missing value`);
      return parent;
    };
    const setAt = (p: string[], value: unknown, insert: boolean): void => {
      if (p.length === 0) {
        doc = value;
        return;
      }
      const parent = parentOf(p);
      const last = p[p.length - 1]!;
      if (Array.isArray(parent)) {
        const i = last === '-' ? parent.length : Number(last);
        if (insert) parent.splice(i, 0, value);
        else parent[i] = value;
      } else parent[last] = value;
    };
    const removeAt = (p: string[]): unknown => {
      const parent = parentOf(p);
      const last = p[p.length - 1]!;
      if (Array.isArray(parent)) return parent.splice(Number(last), 1)[0];
      if (!(last in parent)) throw new PatchError(`unable to remove nonexistent key: ${last}: missing value`);
      const v = parent[last];
      delete parent[last];
      return v;
    };
    switch (raw.op) {
      case 'add':
        setAt(parts, cloneJson(raw.value), true);
        break;
      case 'remove':
        removeAt(parts);
        break;
      case 'replace':
        if (get(parts) === undefined) throw new PatchError(`replace operation does not apply: doc is missing key: ${raw.path}: missing value`);
        setAt(parts, cloneJson(raw.value), false);
        break;
      case 'move': {
        const v = removeAt(pointer(raw.from ?? ''));
        setAt(parts, v, true);
        break;
      }
      case 'copy':
        setAt(parts, cloneJson(get(pointer(raw.from ?? ''))), true);
        break;
      case 'test':
        if (JSON.stringify(get(parts)) !== JSON.stringify(raw.value)) throw new PatchError(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${(raw as { op: string }).op}`);
    }
  }
  return doc;
}

export function applyPatch(type: PatchType, target: unknown, patch: unknown): unknown {
  if (type === 'json') return jsonPatch(target, patch);
  if (type === 'merge') return mergePatch(target, patch);
  return strategicMergePatch(target, patch);
}
