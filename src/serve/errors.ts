/**
 * Status bodies as the API server writes them for every failure (kubectl prints
 * `Error from server (Reason): message` from them), and the JSON responses the router returns.
 */
import { ApiError } from '../core/apiserver/errors.js';

export interface Response {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON_TYPE = 'application/json';

export function json(status: number, body: unknown, contentType = JSON_TYPE): Response {
  return { status, headers: { 'content-type': contentType }, body: JSON.stringify(body) };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): Response {
  return { status, headers: { 'content-type': contentType }, body };
}

export function statusResponse(err: ApiError): Response {
  return json(err.code, err.toStatus());
}

/** Any thrown value as a Status: ApiErrors keep their code and reason; anything else is a 500. */
export function errorResponse(err: unknown): Response {
  if (err instanceof ApiError) return statusResponse(err);
  const message = err instanceof Error ? err.message : String(err);
  return statusResponse(new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }));
}

/** The generic 404 for a path the server does not serve (no resource, unknown group). */
export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function methodNotAllowed(): ApiError {
  return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}
