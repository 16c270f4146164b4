/**
 * kubectl's -v=6..9 request logging in the palette: every request a command makes, printed the
 * way client-go's round trippers log them through klog (`I1124 09:05:00.000123    4102
 * round_trippers.go:560] GET https://... 200 OK in 3 milliseconds`), with request and response
 * headers from -v=7 and bodies (truncated at 1024 characters) from -v=8. Times are the
 * simulated clock's, so the lines are the same on every run.
 */
import { resolveResource } from '../../core/api/resources.js';
import type { Client } from '../../core/apiserver/client.js';
import type { ApiRequest } from '../../core/apiserver/server.js';
import { ApiError } from '../../core/apiserver/errors.js';
import type { Cluster } from '../../core/cluster.js';
import { resourcePath } from '../../serve/paths.js';
import { serverURL } from './read/discovery.js';

export interface TraceEntry {
  at: number;
  method: string;
  url: string;
  accept: string;
  contentType?: string;
  requestBody?: string;
  status: number;
  latencyMs: number;
  responseBody: string;
  responseType: string;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 410: 'Gone', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** kubectl's pid in the log prefix: fixed, so traces are reproducible. */
const PID = 4102;
const USER_AGENT = 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07';

const METHOD: Record<string, string> = { get: 'GET', list: 'GET', watch: 'GET', create: 'POST', update: 'PUT', patch: 'PATCH', delete: 'DELETE', deletecollection: 'DELETE' };
const PATCH_TYPE: Record<string, string> = { json: 'application/json-patch+json', merge: 'application/merge-patch+json', strategic: 'application/strategic-merge-patch+json' };

/** The URL a client request goes to, with the query kubectl would send. */
export function requestURL(cluster: Cluster, req: Omit<ApiRequest, 'user' | 'token'>): string {
  const res = resolveResource(req.resource);
  const path = res ? resourcePath(res, req.namespace ?? (req.body as { metadata?: { namespace?: string } } | undefined)?.metadata?.namespace, req.verb === 'create' && !req.subresource ? undefined : req.name, req.subresource) : `/${req.resource}`;
  const q = new URLSearchParams();
  const o = req.options ?? {};
  if (o.labelSelector) q.set('labelSelector', o.labelSelector);
  if (o.fieldSelector) q.set('fieldSelector', o.fieldSelector);
  if (req.verb === 'list' || (req.verb === 'get' && !req.name)) q.set('limit', String(o.limit ?? 500));
  if (o.continue) q.set('continue', o.continue);
  if (o.dryRun) q.set('dryRun', 'All');
  if (req.verb === 'create' || req.verb === 'update' || req.verb === 'patch') q.set('fieldManager', o.fieldManager ?? `kubectl-${req.verb === 'patch' ? 'patch' : req.verb === 'update' ? 'replace' : 'create'}`);
  const query = q.toString();
  return `${serverURL(cluster.info)}${path}${query ? `?${query}` : ''}`;
}

/** A client that records every request it makes (same identity, impersonation included). */
export function tracingClient(client: Client, cluster: Cluster, sink: (e: TraceEntry) => void): Client {
  const traced = Object.create(client) as Client;
  traced.request = (req) => {
    const records: Array<{ code: number; latencyMs: number }> = [];
    const unsubscribe = cluster.api.log.subscribe((r) => records.push(r));
    const at = cluster.clock.now();
    let body: unknown;
    let status = 200;
    try {
      body = client.request(req);
      status = req.verb === 'create' ? 201 : 200;
      return body;
    } catch (err) {
      if (err instanceof ApiError) {
        status = err.code;
        body = err.toStatus();
      }
      throw err;
    } finally {
      unsubscribe();
      const rec = records[records.length - 1];
      sink({
        at,
        method: METHOD[req.verb] ?? 'GET',
        url: requestURL(cluster, req),
        accept: 'application/json',
        contentType: req.body === undefined ? undefined : req.verb === 'patch' ? PATCH_TYPE[req.options?.patchType ?? 'strategic'] : 'application/json',
        requestBody: req.body === undefined ? undefined : JSON.stringify(req.body),
        status: rec?.code ?? status,
        latencyMs: rec?.latencyMs ?? 0,
        responseBody: body === undefined ? '' : JSON.stringify(body),
        responseType: 'application/json',
      });
    }
  };
  return traced;
}

function klogPrefix(t: number, seq: number): string {
  const d = new Date(t);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const micros = d.getUTCMilliseconds() * 1000 + ((seq * 37) % 1000);
  return `I${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(micros, 6)} ${String(PID).padStart(7)} `;
}

/** client-go's truncateBody: 1024 characters at -v=8, 10240 at -v=9, all from -v=10. */
export function truncateBody(body: string, level: number): string {
  if (level >= 10) return body;
  const max = level >= 9 ? 10240 : 1024;
  return body.length <= max ? body : `${body.slice(0, max)} [truncated ${body.length - max} chars]`;
}

/** klog lines for the traced requests at the given -v level (nothing below 6). */
export function formatTrace(entries: TraceEntry[], level: number, at: number): string {
  if (level < 6) return '';
  let seq = 0;
  const line = (t: number, where: string, text: string): string => `${klogPrefix(t, seq++)}${where}] ${text}\n`;
  let out = line(at, 'loader.go:402', 'Config loaded from file:  /root/.kube/config');
  for (const e of entries) {
    const status = `${e.status} ${STATUS_TEXT[e.status] ?? ''}`.trimEnd();
    const ms = Math.floor(e.latencyMs);
    if (level < 7) {
      out += line(e.at, 'round_trippers.go:560', `${e.method} ${e.url} ${status} in ${ms} milliseconds`);
      continue;
    }
    if (level >= 8) out += line(e.at, 'helper.go:113', `"Request Body" body=${JSON.stringify(e.requestBody ? truncateBody(e.requestBody, level) : '')}`);
    out += line(e.at, 'round_trippers.go:470', `${e.method} ${e.url}`);
    out += line(e.at, 'round_trippers.go:476', 'Request Headers:');
    out += line(e.at, 'round_trippers.go:480', `    Accept: ${e.accept}`);
    if (e.contentType) out += line(e.at, 'round_trippers.go:480', `    Content-Type: ${e.contentType}`);
    out += line(e.at, 'round_trippers.go:480', `    User-Agent: ${USER_AGENT}`);
    out += line(e.at, 'round_trippers.go:581', `Response Status: ${status} in ${ms} milliseconds`);
    if (level >= 8) {
      const date = new Date(e.at).toUTCString();
      out += line(e.at, 'round_trippers.go:584', 'Response Headers:');
      out += line(e.at, 'round_trippers.go:587', `    Content-Type: ${e.responseType}`);
      out += line(e.at, 'round_trippers.go:587', `    Date: ${date}`);
      out += line(e.at, 'round_trippers.go:587', `    Content-Length: ${Buffer.byteLength(e.responseBody)}`);
      out += line(e.at, 'helper.go:113', `"Response Body" body=${JSON.stringify(truncateBody(e.responseBody, level))}`);
    }
  }
  return out;
}
