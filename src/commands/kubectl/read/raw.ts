/**
 * `kubectl get --raw PATH` (and `oc get --raw /metrics`): a GET sent as-is to the API server
 * through the same REST router `kubedrill serve` uses, so discovery documents, /metrics, object
 * JSON and Status errors are the server's own. The body is printed unchanged.
 */
import { Router } from '../../../serve/router.js';
import { isStream, type Headers } from '../../../serve/router.js';
import type { ParseResult } from '../../flags.js';
import type { CommandResult } from '../../shell/pipeline.js';
import type { KubectlContext } from '../types.js';
import { serverURL } from './discovery.js';

const routers = new WeakMap<object, Router>();

export function runRaw(ctx: KubectlContext, path: string, parsed: ParseResult): CommandResult {
  const cluster = ctx.session.cluster;
  let router = routers.get(cluster);
  if (!router) routers.set(cluster, (router = new Router(cluster, { pump: false })));
  const headers: Headers = { accept: 'application/json, */*', 'user-agent': 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07' };
  const token = ctx.client.identity.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const as = parsed.flags.as as string | undefined;
  if (as) {
    headers['impersonate-user'] = as;
    const groups = (parsed.flags['as-group'] as string[] | undefined) ?? [];
    if (groups.length) headers['impersonate-group'] = groups;
  }
  const at = cluster.clock.now();
  const r = router.handle({ method: 'GET', url: path.startsWith('/') ? path : `/${path}`, headers });
  if (isStream(r)) return { stdout: '', stderr: 'error: streaming responses (watch=true, follow=true) are not available with --raw in the palette\n', exitCode: 1 };
  ctx.trace?.({ at, method: 'GET', url: `${serverURL(cluster.info)}${path}`, accept: headers.accept as string, status: r.status, latencyMs: 1, responseBody: r.body, responseType: r.headers['content-type'] ?? 'application/json' });
  if (r.status >= 400) {
    let reason = '';
    let message = r.body;
    try {
      const s = JSON.parse(r.body) as { reason?: string; message?: string };
      reason = s.reason ?? '';
      message = s.message ?? r.body;
    } catch {
      // Not a Status: print the body as the message.
    }
    return { stdout: '', stderr: reason ? `Error from server (${reason}): ${message}\n` : `Error from server: ${message}\n`, exitCode: 1 };
  }
  return { stdout: r.body, stderr: '', exitCode: 0 };
}
