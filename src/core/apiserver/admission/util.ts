/** Helpers shared by the admission plugins. */
import { forbidden, type ApiError } from '../errors.js';
import type { AdmissionAttributes } from './types.js';

/**
 * The name admission errors print (admission.NewForbidden): names are generated after
 * admission upstream, so an object created with generateName shows the prefix
 * (`pods "web-7d4b9c8f5-" is forbidden: ...`, as in a ReplicaSet's FailedCreate event).
 */
export function admissionName(attrs: AdmissionAttributes): string {
  const meta = attrs.object?.metadata;
  const gen = meta?.generateName;
  if (attrs.operation === 'CREATE' && gen && attrs.name.length === gen.length + 5 && attrs.name.startsWith(gen)) return gen;
  return attrs.name || 'Unknown';
}

export function admissionForbidden(attrs: AdmissionAttributes, why: string): ApiError {
  return forbidden(attrs.resource, admissionName(attrs), why);
}

/** Is this a plain write of the pod itself (no subresource)? */
export function isPod(attrs: AdmissionAttributes): boolean {
  return attrs.resource.plural === 'pods' && !attrs.subresource;
}

/** Go's pluralize helper of pod-security-admission. */
export function pluralize(one: string, many: string, n: number): string {
  return n === 1 ? one : many;
}

/** joinQuote: `"a", "b"`. */
export function joinQuote(items: readonly string[]): string {
  return items.map((s) => JSON.stringify(s)).join(', ');
}
