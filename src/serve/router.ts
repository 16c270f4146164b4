/**
 * The Kubernetes REST API over the simulated API server: paths and verbs to ApiServer requests
 * (which run authentication, RBAC and admission), discovery, server-side Table printing, watch
 * streams, pods/log, the review APIs and /metrics. Transport-free: the HTTP(S) server feeds it
 * requests, and the palette's `kubectl get --raw` calls it in-process.
 */
import type { Cluster } from '../core/cluster.js';
import { apiVersionOf, type ResourceType } from '../core/api/resources.js';
import type { KObject } from '../core/api/types.js';
import { ApiError, badRequest, notFound } from '../core/apiserver/errors.js';
import type { ApiRequest, RequestOptions, Verb } from '../core/apiserver/server.js';
import { selectorString } from '../core/apiserver/server.js';
import type { UserInfo } from '../core/apiserver/authn.js';
import { bearerToken, impersonationOf, resolveUser, selfSubjectAccessReview, selfSubjectReview, type Impersonation } from './auth.js';
import { clockShift, type ClockShift } from './clockshift.js';
import {
  AGGREGATED_TYPE,
  KUBE_VERSION,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  openApiGroupVersion,
  openApiIndex,
  wantsAggregated,
} from './discovery.js';
import { errorResponse, json, methodNotAllowed, pathNotFound, text, type Response } from './errors.js';
import { followLog, logOptions, readLog, streamingNotSupported } from './logs.js';
import { metricsText } from './metrics.js';
import { metricsRequest } from './metrics-api.js';
import { execParams, runExec, type ExecRequest, type ExecResult } from './exec.js';
import { parseResourcePath, type ResourcePath } from './paths.js';
import { applyConfigurationPatch, parseBody, patchKindOf } from './patch.js';
import { parseIncludeObject, toTable, wantsTable } from './table.js';
import { watchStream } from './watch.js';
import { PROTOBUF_TYPE, decodeObject, decodeSelfSubjectAccessReview } from './protobuf.js';

export type Headers = Record<string, string | string[] | undefined>;

export interface RouterRequest {
  method: string;
  /** Path and query, as on the request line. */
  url: string;
  /** Lower-case header names (node's IncomingMessage.headers). */
  headers: Headers;
  body?: string | Buffer;
}

export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  /** Starts streaming; returns the function that stops it (client gone). */
  stream(write: (chunk: string) => void, end: () => void): () => void;
}

export type RouterResponse = Response | StreamResponse;

export function isStream(r: RouterResponse): r is StreamResponse {
  return 'stream' in r;
}

export interface RouterOptions {
  /** Shift timestamps to the wall clock (for clients that compute ages from it). Default false. */
  wallClock?: boolean;
  /** Run the clock's deferred work after each request, so watches and controllers see writes at once. Default true. */
  pump?: boolean;
  /** Wall-clock poll period for log following, ms. */
  followPollMs?: number;
  /**
   * The token a request without credentials acts with. Only for plain HTTP on loopback, where
   * kubectl sends no bearer token (client-go keeps tokens off unencrypted connections): the
   * old kube-apiserver localhost port, with RBAC still applied to that identity.
   */
  defaultToken?: string;
}

const PUBLIC = new Set(['/healthz', '/livez', '/readyz', '/version']);

function header(h: Headers, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

export class Router {
  readonly shift: ClockShift;

  constructor(
    readonly cluster: Cluster,
    private readonly opts: RouterOptions = {},
  ) {
    this.shift = clockShift(cluster.clock, !!opts.wallClock);
  }

  handle(req: RouterRequest): RouterResponse {
    try {
      return this.route(req);
    } catch (err) {
      return errorResponse(err);
    } finally {
      if (this.opts.pump !== false && req.method !== 'GET') this.cluster.clock.drainDeferred();
    }
  }

  private route(req: RouterRequest): RouterResponse {
    const url = new URL(req.url, 'http://kubedrill');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const method = req.method.toUpperCase();
    if (PUBLIC.has(path) || path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/')) {
      if (path === '/version') return json(200, KUBE_VERSION);
      return text(200, 'ok');
    }
    const token = bearerToken(header(req.headers, 'authorization')) ?? (header(req.headers, 'authorization') ? undefined : this.opts.defaultToken);
    const as = impersonationOf(req.headers);
    const user = resolveUser(this.cluster.api, token, as);
    if (!this.cluster.api.available) throw new ApiError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
    const accept = header(req.headers, 'accept');

    if (path === '/api' || path === '/apis') {
      if (wantsAggregated(accept)) return json(200, aggregatedDiscovery(path === '/api'), AGGREGATED_TYPE);
      return json(200, path === '/api' ? apiVersions() : apiGroupList());
    }
    if (path === '/metrics') {
      this.authorizePath(user, method, path);
      return text(200, metricsText(this.cluster.api), 'text/plain; version=0.0.4; charset=utf-8');
    }
    if (path === '/openapi/v3') return json(200, openApiIndex());
    if (path.startsWith('/openapi/v3/')) {
      const doc = openApiGroupVersion(path);
      if (!doc) throw pathNotFound();
      return json(200, doc);
    }
    if (path === '/apis/authentication.k8s.io/v1/selfsubjectreviews' && method === 'POST') return json(201, selfSubjectReview(user));
    const discovery = /^\/(?:api\/(v1)|apis\/([^/]+)(?:\/([^/]+))?)$/.exec(path);
    if (discovery) {
      const doc = discovery[1] ? apiResourceList(discovery[1]) : discovery[3] ? apiResourceList(`${discovery[2]}/${discovery[3]}`) : apiGroup(discovery[2]!);
      if (!doc) throw pathNotFound();
      return json(200, doc);
    }
    if (path.startsWith('/apis/metrics.k8s.io/')) {
      if (method !== 'GET') throw methodNotAllowed();
      const doc = metricsRequest(this.cluster, user, path, url.searchParams, (iso) => this.shift.out(iso));
      if (doc === undefined) throw pathNotFound();
      return json(200, doc);
    }
    const rp = parseResourcePath(path);
    if (!rp) {
      if (path.startsWith('/api/') || path.startsWith('/apis/')) throw pathNotFound();
      this.authorizePath(user, method, path);
      throw pathNotFound();
    }
    return this.resource(req, method, url.searchParams, rp, user, token, as, accept);
  }

  /**
   * An exec upgrade (kubectl exec over WebSocket): the checks before switching protocols
   * (authentication, RBAC create pods/exec, the pod exists), then what to run. Errors come
   * back as a Status response, sent instead of the switch.
   */
  prepareExec(req: RouterRequest): { exec: ExecRequest; run: (stdin: string) => ExecResult } | Response {
    try {
      const url = new URL(req.url, 'http://kubedrill');
      const rp = parseResourcePath(url.pathname);
      if (!rp || rp.res.plural !== 'pods' || !rp.name || rp.subresource !== 'exec' || !rp.namespace) throw pathNotFound();
      const header0 = header(req.headers, 'authorization');
      const token = bearerToken(header0) ?? (header0 ? undefined : this.opts.defaultToken);
      const as = impersonationOf(req.headers);
      const user = resolveUser(this.cluster.api, token, as);
      const d = this.cluster.api.authz.authorize({ user, verb: 'create', resource: 'pods', apiGroup: '', subresource: 'exec', namespace: rp.namespace, name: rp.name });
      if (!d.allowed) throw new ApiError(403, 'Forbidden', `pods "${rp.name}" is forbidden: ${d.reason}`, { name: rp.name, group: '', kind: 'pods' });
      const p = execParams(url.searchParams);
      const pod = this.cluster.api.cached('pods', rp.namespace, rp.name);
      if (!pod) throw notFound(rp.res, rp.name);
      const names: string[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c: { name: string }) => c.name);
      if (p.container && !names.includes(p.container)) throw badRequest(`container ${p.container} is not valid for pod ${rp.name}`);
      const exec: ExecRequest = { namespace: rp.namespace, pod: rp.name, container: p.container, command: p.command, stdin: p.stdin, tty: p.tty, token: token!, ...(as ? { impersonate: as } : {}) };
      return { exec, run: (stdin) => runExec(this.cluster, exec, stdin) };
    } catch (err) {
      return errorResponse(err);
    }
  }

  /** Non-resource URLs (/metrics, unknown paths) are authorized by RBAC nonResourceURLs rules. */
  private authorizePath(user: UserInfo, method: string, path: string): void {
    const verb = method === 'GET' ? 'get' : method === 'HEAD' ? 'head' : method.toLowerCase();
    const d = this.cluster.api.authz.authorize({ user, verb, apiGroup: '', path });
    if (!d.allowed) throw new ApiError(403, 'Forbidden', `forbidden: User "${user.username}" cannot ${verb} path "${path}"`, {});
  }

  private resource(
    req: RouterRequest,
    method: string,
    q: URLSearchParams,
    rp: ResourcePath,
    user: UserInfo,
    token: string | undefined,
    as: Impersonation | undefined,
    accept: string | undefined,
  ): RouterResponse {
    const { res, namespace, name, subresource } = rp;
    const api = this.cluster.api;
    const base: Omit<ApiRequest, 'verb'> = {
      resource: res.group ? `${res.plural}.${res.group}` : res.plural,
      namespace,
      name,
      subresource,
      token,
      ...(as ? { impersonate: as } : {}),
      userAgent: header(req.headers, 'user-agent'),
    };
    const options = requestOptions(q);
    const contentType = header(req.headers, 'content-type');
    const protobuf = (contentType ?? '').startsWith(PROTOBUF_TYPE);
    const raw = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
    const yaml = /^application\/(x-)?yaml/.test(contentType ?? '');
    const readBody = (): unknown => {
      if (protobuf) return raw ? decodeObject(raw) : undefined;
      return parseBody(raw?.toString('utf8'), yaml);
    };

    if (res.plural === 'selfsubjectaccessreviews') {
      if (method !== 'POST') throw methodNotAllowed();
      return json(201, selfSubjectAccessReview(api, user, protobuf && raw ? decodeSelfSubjectAccessReview(raw) : readBody()));
    }
    if (res.plural === 'pods' && name && (subresource === 'exec' || subresource === 'attach' || subresource === 'portforward')) {
      // Authorize first (create pods/exec), so a forbidden user still sees Forbidden.
      this.call({ ...base, verb: 'get', subresource: undefined });
      throw streamingNotSupported(subresource, name);
    }
    if (res.plural === 'pods' && name && subresource === 'log') {
      if (method !== 'GET') throw methodNotAllowed();
      const pod = this.call({ ...base, verb: 'get' }) as KObject;
      const lo = logOptions(q);
      if (lo.follow) {
        return {
          status: 200,
          headers: { 'content-type': 'text/plain' },
          stream: (write, end) => followLog(this.cluster, pod, lo, write, end, this.opts.followPollMs),
        };
      }
      return text(200, readLog(this.cluster, pod, lo), 'text/plain');
    }
    if (subresource && !res.subresources.includes(subresource)) throw pathNotFound();

    switch (method) {
      case 'GET': {
        const watching = q.get('watch') === 'true' || q.get('watch') === '1';
        if (watching) return this.watch(base, options, res, q, accept);
        const verb: Verb = name ? 'get' : 'list';
        const body = this.call({ ...base, verb, options });
        return this.objectResponse(200, res, body, q, accept, subresource);
      }
      case 'POST': {
        if (name && !subresource) throw methodNotAllowed();
        const body = this.shift.in(readBody()) as KObject;
        const result = this.call({ ...base, verb: 'create', body, options });
        return this.objectResponse(201, res, result, q, accept, subresource);
      }
      case 'PUT': {
        if (!name) throw methodNotAllowed();
        let body = this.shift.in(readBody()) as KObject;
        if (subresource === 'scale') body = { ...body, spec: { replicas: (body as any)?.spec?.replicas } } as KObject;
        const result = this.call({ ...base, verb: 'update', body, options });
        return this.objectResponse(200, res, result, q, accept, subresource);
      }
      case 'PATCH': {
        if (!name) throw methodNotAllowed();
        const kind = patchKindOf(contentType);
        if (kind === 'apply') return this.serverSideApply(base, res, name, parseBody(raw?.toString('utf8'), true), options, q, accept);
        const patch = this.shift.in(readBody());
        const result = this.call({ ...base, verb: 'patch', body: patch, options: { ...options, patchType: kind } });
        return this.objectResponse(200, res, result, q, accept, subresource);
      }
      case 'DELETE': {
        // Typed clients may send DeleteOptions in protobuf: the query's options then stand.
        const del = deleteOptions(protobuf ? undefined : readBody(), options);
        if (!name) {
          const result = this.call({ ...base, verb: 'deletecollection', options: del });
          return this.objectResponse(200, res, result, q, accept);
        }
        const result = this.call({ ...base, verb: 'delete', options: del });
        return this.objectResponse(200, res, result, q, accept);
      }
      default:
        throw methodNotAllowed();
    }
  }

  /** One request through the API server pipeline; failures throw the server's ApiError. */
  private call(req: ApiRequest): any {
    const r = this.cluster.api.handle(req);
    if (r.code >= 400) {
      const s = r.body;
      throw new ApiError(r.code, s.reason, s.message, s.details);
    }
    return r.body;
  }

  private serverSideApply(
    base: Omit<ApiRequest, 'verb'>,
    res: ResourceType,
    name: string,
    applied: any,
    options: RequestOptions,
    q: URLSearchParams,
    accept: string | undefined,
  ): RouterResponse {
    if (!q.get('fieldManager')) throw badRequest('PATCH, application/apply-patch+yaml requires fieldManager to be set');
    const exists = this.cluster.api.cached(res.plural, res.namespaced ? base.namespace : undefined, name);
    if (!exists) {
      const body = { ...this.shift.in(applied), apiVersion: apiVersionOf(res), kind: res.kind, metadata: { ...(applied?.metadata ?? {}), name } } as KObject;
      const created = this.call({ ...base, name: undefined, verb: 'create', body, options });
      return this.objectResponse(201, res, created, q, accept);
    }
    const patch = this.shift.in(applyConfigurationPatch(applied, name));
    const result = this.call({ ...base, verb: 'patch', body: patch, options: { ...options, patchType: 'strategic' } });
    return this.objectResponse(200, res, result, q, accept);
  }

  private watch(base: Omit<ApiRequest, 'verb'>, options: RequestOptions, res: ResourceType, q: URLSearchParams, accept: string | undefined): StreamResponse {
    const table = wantsTable(accept);
    const include = parseIncludeObject(q.get('includeObject'));
    const req = { ...base, name: undefined, options: base.name ? { ...options, fieldSelector: [options.fieldSelector, `metadata.name=${base.name}`].filter(Boolean).join(',') } : options };
    // Open it now so that 403 and 404 come back as a Status, not inside a stream.
    const stream = watchStream({
      api: this.cluster.api,
      res,
      request: req,
      bookmarks: q.get('allowWatchBookmarks') === 'true',
      timeoutSeconds: Number(q.get('timeoutSeconds') ?? 0) || undefined,
      pump: () => this.cluster.clock.drainDeferred(),
      convert: (obj, first) =>
        table
          ? toTable(res, [obj], { now: this.cluster.clock.now(), version: table, include, shift: this.shift.out, noHeaders: !first })
          : this.shift.out(obj),
    });
    let pending: { write: (l: string) => void; end: () => void } | undefined;
    const buffered: string[] = [];
    let ended = false;
    const stop = stream.start(
      (line) => (pending ? pending.write(line) : buffered.push(line)),
      () => (pending ? pending.end() : (ended = true)),
    );
    return {
      status: 200,
      headers: { 'content-type': table ? 'application/json;as=Table;v=v1;g=meta.k8s.io' : 'application/json', 'transfer-encoding': 'chunked' },
      stream: (write, end) => {
        for (const l of buffered) write(l);
        if (ended) {
          end();
          return stop;
        }
        pending = { write, end };
        return stop;
      },
    };
  }

  private objectResponse(status: number, res: ResourceType, body: any, q: URLSearchParams, accept: string | undefined, subresource?: string): Response {
    if (body && body.kind === 'Status') {
      const { _pod: _p, ...rest } = body;
      return json(status, rest);
    }
    if (subresource === 'scale' && body?.kind !== 'Scale') body = scaleOf(body);
    const table = !subresource ? wantsTable(accept) : undefined;
    if (table && body?.metadata) {
      const items: KObject[] = Array.isArray(body.items) ? body.items : [body];
      const t = toTable(res, items, {
        now: this.cluster.clock.now(),
        version: table,
        include: parseIncludeObject(q.get('includeObject')),
        resourceVersion: body.metadata.resourceVersion,
        continue: Array.isArray(body.items) ? body.metadata.continue : undefined,
        shift: (o) => o,
      });
      return { status, headers: { 'content-type': 'application/json' }, body: this.shift.stringify(t) };
    }
    return { status, headers: { 'content-type': 'application/json' }, body: this.shift.stringify(body) };
  }
}

function requestOptions(q: URLSearchParams): RequestOptions {
  const o: RequestOptions = {};
  const s = (k: string): string | undefined => q.get(k) ?? undefined;
  if (s('labelSelector')) o.labelSelector = s('labelSelector');
  if (s('fieldSelector')) o.fieldSelector = s('fieldSelector');
  if (s('resourceVersion')) o.resourceVersion = s('resourceVersion');
  if (s('limit')) {
    const n = Number(s('limit'));
    if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid limit: ${s('limit')}`);
    if (n > 0) o.limit = n;
  }
  if (s('continue')) o.continue = s('continue');
  if (q.getAll('dryRun').includes('All')) o.dryRun = true;
  else if (q.getAll('dryRun').length && q.getAll('dryRun').some((d) => d !== '')) throw badRequest(`dryRun: Unsupported value: "${q.getAll('dryRun')[0]}": supported values: "All"`);
  const pp = s('propagationPolicy');
  if (pp) {
    if (pp !== 'Foreground' && pp !== 'Background' && pp !== 'Orphan') throw badRequest(`propagationPolicy: Unsupported value: "${pp}": supported values: "Foreground", "Background", "Orphan"`);
    o.propagationPolicy = pp;
  }
  if (s('gracePeriodSeconds')) o.gracePeriodSeconds = Number(s('gracePeriodSeconds'));
  if (s('fieldManager')) o.fieldManager = s('fieldManager');
  return o;
}

/** DeleteOptions from the body (kubectl sends them there) over the query's. */
function deleteOptions(body: any, o: RequestOptions): RequestOptions {
  if (!body || typeof body !== 'object') return o;
  const out = { ...o };
  if (body.propagationPolicy) out.propagationPolicy = body.propagationPolicy;
  if (typeof body.gracePeriodSeconds === 'number') out.gracePeriodSeconds = body.gracePeriodSeconds;
  if (body.orphanDependents === true && !out.propagationPolicy) out.propagationPolicy = 'Orphan';
  if (Array.isArray(body.dryRun) && body.dryRun.includes('All')) out.dryRun = true;
  if (body.preconditions?.uid) out.preconditionUid = body.preconditions.uid;
  return out;
}

/** autoscaling/v1 Scale of a workload, as the scale subresource returns it. */
function scaleOf(obj: KObject): unknown {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: selectorString(obj.spec?.selector) },
  };
}
