/**
 * API errors as the real API server returns them: a Status body with code, reason and message.
 * kubectl prints them as `Error from server (Reason): message`.
 */
import { qualifiedName, type ResourceType } from '../api/resources.js';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Invalid'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'InternalError'
  | 'Timeout'
  | 'ServiceUnavailable'
  | 'TooManyRequests'
  | 'Expired'
  | 'Gone'
  | 'UnsupportedMediaType'
  | 'NotAcceptable';

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: StatusReason | '';
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    /** '' is StatusReasonUnknown: what the server sends for an error it does not classify (etcd's own). */
    readonly reason: StatusReason | '',
    message: string,
    readonly details?: Status['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): Status {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }

  /** kubectl's rendering: `Error from server (NotFound): pods "x" not found`. */
  kubectlMessage(): string {
    if (this.reason === 'Invalid') return `The ${this.message}`;
    if (this.reason === '') return `Error from server: ${this.message}`;
    return `Error from server (${this.reason}): ${this.message}`;
  }
}

function kindDetails(res: ResourceType, name?: string): Status['details'] {
  return { ...(name !== undefined ? { name } : {}), group: res.group, kind: res.plural };
}

export function notFound(res: ResourceType, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedName(res)} "${name}" not found`, kindDetails(res, name));
}

export function alreadyExists(res: ResourceType, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedName(res)} "${name}" already exists`, kindDetails(res, name));
}

export function conflict(res: ResourceType, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(res)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    kindDetails(res, name),
  );
}

/** A forbidden error with the given explanation, prefixed as the API server does. */
export function forbidden(res: ResourceType, name: string | undefined, why: string): ApiError {
  const what = name ? `${qualifiedName(res)} "${name}"` : qualifiedName(res);
  return new ApiError(403, 'Forbidden', `${what} is forbidden: ${why}`, kindDetails(res, name));
}

export interface FieldError {
  field: string;
  /** Required value, Invalid value, Unsupported value, Duplicate value, Forbidden, Too long, Not found */
  type: string;
  value?: unknown;
  detail?: string;
}

/** Renders one field error like apimachinery's field.Error.Error(). */
export function fieldErrorText(e: FieldError): string {
  if (e.type === 'Required value' || e.type === 'Forbidden' || e.type === 'Too long' || e.type === 'Too many') {
    return `${e.field}: ${e.type}${e.detail ? `: ${e.detail}` : ''}`;
  }
  const value = e.value === undefined ? '' : `: ${goValue(e.value)}`;
  return `${e.field}: ${e.type}${value}${e.detail ? `: ${e.detail}` : ''}`;
}

function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

/** 422: `Pod "x" is invalid: spec.containers[0].image: Required value` (kubectl adds "The "). */
export function invalid(kind: string, name: string, errors: FieldError[], group = ''): ApiError {
  const texts = errors.map(fieldErrorText);
  const body = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${body}`, {
    name,
    group,
    kind,
    causes: errors.map((e) => ({ reason: `Field${e.type.replace(/ /g, '')}`, message: fieldErrorText(e).slice(e.field.length + 2), field: e.field })),
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

export function methodNotAllowed(message: string): ApiError {
  return new ApiError(405, 'MethodNotAllowed', message);
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

export function serviceUnavailable(message: string): ApiError {
  return new ApiError(503, 'ServiceUnavailable', message);
}

export function timeoutError(message: string): ApiError {
  return new ApiError(504, 'Timeout', message);
}

export function gone(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}
