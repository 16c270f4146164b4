/**
 * PATCH bodies by content type (json, merge, strategic merge, server-side apply), and
 * server-side apply itself, reduced to what `kubectl apply --server-side` needs: create the
 * object when it is missing, else merge the applied configuration into it (strategic merge,
 * so containers merge by name). Field ownership (managedFields, conflicts) is not modelled.
 */
import { parse as parseYaml } from 'yaml';
import type { PatchType } from '../core/api/patch.js';
import { ApiError, badRequest } from '../core/apiserver/errors.js';

export type PatchKind = PatchType | 'apply';

export function patchKindOf(contentType: string | undefined): PatchKind {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  switch (t) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+cbor':
      return 'apply';
    default:
      throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
  }
}

/** Parses a request body: JSON, or YAML for apply patches. Empty bodies are undefined. */
export function parseBody(body: string | undefined, yaml = false): unknown {
  if (body === undefined || body.trim() === '') return undefined;
  try {
    return yaml ? parseYaml(body) : JSON.parse(body);
  } catch (err) {
    throw badRequest(`the body of the request was in an unknown format: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * The patch that server-side apply makes of an applied configuration: everything but the
 * identity fields, which must match the URL.
 */
export function applyConfigurationPatch(applied: any, name: string): unknown {
  if (!applied || typeof applied !== 'object') throw badRequest('the body of the request was in an unknown format');
  if (applied.metadata?.name && applied.metadata.name !== name) throw badRequest('the name of the object does not match the name on the URL');
  const { apiVersion: _a, kind: _k, status: _s, ...rest } = applied;
  const { name: _n, namespace: _ns, resourceVersion: _rv, managedFields: _mf, ...meta } = rest.metadata ?? {};
  return { ...rest, metadata: meta };
}
