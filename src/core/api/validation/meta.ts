/**
 * Shared validation helpers (apimachinery's field.ErrorList helpers and pkg/util/validation):
 * error constructors with the real texts, name and label checks, quantities.
 */
import type { FieldError } from '../../apiserver/errors.js';
import { badRequest } from '../../apiserver/errors.js';
import { regexError, maxLenError, validateLabelKey as rawLabelKey, validateLabelValue as rawLabelValue, validateDNS1123Subdomain } from '../labels.js';
import { parseQuantity, QUANTITY_FORMAT_ERROR } from '../quantity.js';

export type Errs = FieldError[];

const NO_ERRORS: readonly string[] = Object.freeze([]);

/**
 * Memoises a string check: pods repeat the same label keys, values, container and port names
 * hundreds of thousands of times, so each distinct string is checked once.
 */
function memo(fn: (s: string) => string[]): (s: string) => string[] {
  const cache = new Map<string, readonly string[]>();
  return (s: string) => {
    let hit = cache.get(s);
    if (hit === undefined) {
      const errs = fn(s);
      hit = errs.length ? errs : NO_ERRORS;
      if (cache.size >= 20_000) cache.clear();
      cache.set(s, hit);
    }
    return hit as string[];
  };
}

export const validateLabelKey = memo(rawLabelKey);
export const validateLabelValue = memo(rawLabelValue);

export const required = (field: string, detail?: string): FieldError => ({ field, type: 'Required value', ...(detail ? { detail } : {}) });
export const invalidValue = (field: string, value: unknown, detail?: string): FieldError => ({ field, type: 'Invalid value', value, ...(detail ? { detail } : {}) });
export const duplicate = (field: string, value: unknown): FieldError => ({ field, type: 'Duplicate value', value });
export const notFoundValue = (field: string, value: unknown): FieldError => ({ field, type: 'Not found', value });
export const forbiddenField = (field: string, detail: string): FieldError => ({ field, type: 'Forbidden', detail });

/** field.NotSupported: `Unsupported value: "x": supported values: "a", "b"`. */
export function unsupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return { field, type: 'Unsupported value', value, detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` };
}

/**
 * An Invalid value whose value Go prints with %#v in a form goValue cannot render (a struct):
 * the rendered value goes in front of the detail.
 */
export function invalidRaw(field: string, rendered: string, detail: string): FieldError {
  return { field, type: 'Invalid value', detail: `${rendered}: ${detail}` };
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** IsDNS1123Label. */
export const dns1123LabelErrors = memo(function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL_FMT,
        'my-name',
        '123-abc',
      ),
    );
  }
  return errs;
});

/** IsDNS1035Label (service names). */
export function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL_RE.test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

export { validateDNS1123Subdomain };

/** metav1validation.ValidateLabels: key and value errors, both at the map's path. */
export function validateLabels(labels: unknown, field: string, errs: Errs): void {
  if (labels === undefined || labels === null) return;
  if (typeof labels !== 'object') {
    errs.push(invalidValue(field, labels, 'must be a map of string keys to string values'));
    return;
  }
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const m of validateLabelKey(k)) errs.push(invalidValue(field, k, m));
    if (typeof v !== 'string') errs.push(invalidValue(field, v, 'must be a string'));
    else for (const m of validateLabelValue(v)) errs.push(invalidValue(field, v, m));
  }
}

/** ValidateAnnotations: keys are qualified names; total size at most 256 KiB. */
export function validateAnnotations(annotations: unknown, field: string, errs: Errs): void {
  if (!annotations || typeof annotations !== 'object') return;
  let size = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    for (const m of validateLabelKey(k.toLowerCase())) errs.push(invalidValue(field, k, m));
    size += k.length + String(v).length;
  }
  if (size > 256 * 1024) errs.push({ field, type: 'Too long', detail: `must have at most ${256 * 1024} bytes` });
}

/** Validates the metadata every object carries beyond the name (the server checks the name). */
export function validateObjectMeta(meta: Record<string, any> | undefined, errs: Errs): void {
  if (!meta) return;
  validateLabels(meta.labels, 'metadata.labels', errs);
  validateAnnotations(meta.annotations, 'metadata.annotations', errs);
}

/**
 * A malformed quantity fails while decoding the body, before validation: 400 BadRequest
 * `Pod in version "v1" cannot be handled as a Pod: quantities must match ...`.
 */
export function checkQuantity(kind: string, version: string, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${QUANTITY_FORMAT_ERROR}`);
  try {
    return parseQuantity(value);
  } catch (err) {
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function isPortNumber(p: unknown): p is number {
  return typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535;
}

export const PORT_RANGE_MSG = 'must be between 1 and 65535, inclusive';

/** IsValidPortName (IANA_SVC_NAME): the error strings, empty when valid. */
export const portNameErrors = memo(function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length < 1 || name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (name.includes('--')) errs.push("must not contain consecutive hyphens");
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
});

export function nonNegative(field: string, value: unknown, errs: Errs): void {
  if (typeof value === 'number' && value < 0) errs.push(invalidValue(field, value, 'must be greater than or equal to 0'));
}

/** Go %#v of a metav1.LabelSelector, as immutable-field errors print it. */
export function goLabelSelector(sel: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> } | undefined): string {
  if (!sel) return '(*v1.LabelSelector)(nil)';
  const ml = sel.matchLabels
    ? `map[string]string{${Object.keys(sel.matchLabels)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${JSON.stringify(sel.matchLabels![k])}`)
        .join(', ')}}`
    : 'map[string]string(nil)';
  const me = sel.matchExpressions?.length
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
        .map((e) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${e.values ? `[]string{${e.values.map((v) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)'}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

export function sameJSON(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}
