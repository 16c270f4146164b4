/**
 * What the read commands share: turning `TYPE[,TYPE] [NAME...]` / `TYPE/NAME...` into resource
 * types and names (kubectl's ResourceTypeOrNameArgs), `all`, listing with selectors, sorting
 * by a JSONPath, and the "No resources found" line.
 */
import { RESOURCES, resolveResource, type ResourceType } from '../../../core/api/resources.js';
import type { KObject } from '../../../core/api/types.js';
import { findResults, relaxedJSONPathExpression } from '../../jsonpath.js';
import type { KubectlContext } from '../types.js';

export class UsageError extends Error {}

export interface ResourceRequest {
  res: ResourceType;
  /** Empty: all objects of the type. */
  names: string[];
}

/** `kubectl get all`: the "all" category in discovery order. */
export const ALL_CATEGORY = ['pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs'];

export function resolveType(name: string): ResourceType {
  const res = resolveResource(name);
  if (!res) throw new Error(`the server doesn't have a resource type "${name}"`);
  return res;
}

function expandTypes(spec: string): ResourceType[] {
  const out: ResourceType[] = [];
  for (const t of spec.split(',')) {
    if (t === '') continue;
    if (t === 'all') {
      for (const p of ALL_CATEGORY) out.push(resolveResource(p)!);
      continue;
    }
    out.push(resolveType(t));
  }
  return out;
}

/**
 * Parses the positional arguments of get/describe. Consecutive TYPE/NAME args of one type
 * are grouped, as kubectl prints them under one header.
 */
export function parseResourceArgs(args: string[]): { requests: ResourceRequest[]; multipleTypes: boolean; singleItem: boolean } {
  if (args.length === 0) return { requests: [], multipleTypes: false, singleItem: false };
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      throw new Error(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      );
    }
    const requests: ResourceRequest[] = [];
    const types = new Set<string>();
    for (const a of args) {
      const i = a.indexOf('/');
      const type = a.slice(0, i);
      const name = a.slice(i + 1);
      if (!type || !name) throw new Error(`arguments in resource/name form must have a single resource and name`);
      const res = resolveType(type);
      types.add(res.plural);
      const last = requests[requests.length - 1];
      if (last && last.res === res) last.names.push(name);
      else requests.push({ res, names: [name] });
    }
    return { requests, multipleTypes: types.size > 1, singleItem: args.length === 1 };
  }
  const types = expandTypes(args[0]!);
  const names = args.slice(1);
  const multipleTypes = args[0] === 'all' || args[0]!.split(',').filter(Boolean).length > 1;
  return { requests: types.map((res) => ({ res, names: [...names] })), multipleTypes, singleItem: types.length === 1 && names.length === 1 };
}

export interface ListOptions {
  allNamespaces: boolean;
  labelSelector?: string;
  fieldSelector?: string;
}

/** Lists one type through the API (authorization applies), in the namespace or across all. */
export function listObjects(ctx: KubectlContext, res: ResourceType, opts: ListOptions): KObject[] {
  const ns = res.namespaced && !opts.allNamespaces ? ctx.namespace : undefined;
  const options: Record<string, string> = {};
  if (opts.labelSelector) options.labelSelector = opts.labelSelector;
  if (opts.fieldSelector) options.fieldSelector = opts.fieldSelector;
  return ctx.client.list(res.plural, ns, options).items;
}

export function getObject(ctx: KubectlContext, res: ResourceType, name: string): KObject {
  return ctx.client.get(res.plural, res.namespaced ? ctx.namespace : undefined, name);
}

/** The stderr line kubectl prints when nothing matched (its quirk: cluster types too say "in X namespace"). */
export function noResourcesMessage(ctx: KubectlContext, allNamespaces: boolean): string {
  return allNamespaces ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`;
}

/** sortorder.NaturalLess: digit runs compare as numbers. */
export function naturalLess(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a[i]!;
    const cb = b[j]!;
    const da = ca >= '0' && ca <= '9';
    const db = cb >= '0' && cb <= '9';
    if (da && db) {
      let ei = i;
      while (ei < a.length && a[ei]! >= '0' && a[ei]! <= '9') ei++;
      let ej = j;
      while (ej < b.length && b[ej]! >= '0' && b[ej]! <= '9') ej++;
      const na = a.slice(i, ei).replace(/^0+/, '');
      const nb = b.slice(j, ej).replace(/^0+/, '');
      if (na.length !== nb.length) return na.length < nb.length;
      if (na !== nb) return na < nb;
      if (ei - i !== ej - j) return ei - i < ej - j;
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca < cb;
    i++;
    j++;
  }
  return a.length - i < b.length - j;
}

/** --sort-by: a stable sort on the first JSONPath result of each object. */
export function sortObjects<T extends KObject>(objs: readonly T[], sortBy: string): T[] {
  const expr = relaxedJSONPathExpression(sortBy);
  const keyed = objs.map((o, i) => {
    const groups = findResults(expr, o, { allowMissingKeys: true });
    const v = groups[0]?.[0];
    return { o, i, v };
  });
  keyed.sort((x, y) => {
    const a = x.v;
    const b = y.v;
    if (a === b) return x.i - y.i;
    if (a === undefined || a === null) return -1;
    if (b === undefined || b === null) return 1;
    if (typeof a === 'number' && typeof b === 'number') return a - b || x.i - y.i;
    const sa = typeof a === 'object' ? JSON.stringify(a) : String(a);
    const sb = typeof b === 'object' ? JSON.stringify(b) : String(b);
    if (naturalLess(sa, sb)) return -1;
    if (naturalLess(sb, sa)) return 1;
    return x.i - y.i;
  });
  return keyed.map((k) => k.o);
}

export function now(ctx: KubectlContext): number {
  return ctx.session.cluster.clock.now();
}

export function allResourceTypes(): readonly ResourceType[] {
  return RESOURCES;
}
