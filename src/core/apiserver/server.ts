/**
 * The API server: the only door to etcd. Each request goes through authentication, RBAC
 * authorization, mutating admission, validation, validating admission and storage; watches fan
 * out from etcd's watch stream. Every request is recorded with each stage's decision.
 */
import type { VirtualClock } from '../clock.js';
import type { SeededRandom } from '../random.js';
import { RESOURCES, apiVersionOf, resolveResource, type ResourceType } from '../api/resources.js';
import { keyOf, type KObject } from '../api/types.js';
import { uuidId } from '../api/ids.js';
import { applyPatch, PatchError, type PatchType } from '../api/patch.js';
import { parseSelector, matches as labelsMatch } from '../api/labels.js';
import { parseFieldSelector, matchesFields } from '../api/fields.js';
import { EtcdError, type WatchEvent as EtcdWatchEvent } from '../etcd/mvcc.js';
import type { EtcdBackend } from '../etcd/cluster.js';
import { Authenticator, type UserInfo, type AuthnResult } from './authn.js';
import { RbacAuthorizer } from './rbac.js';
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  gone,
  internalError,
  invalid,
  notFound,
  unauthorized,
  type FieldError,
} from './errors.js';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin, Operation, WebhookCaller } from './admission/types.js';
import { RequestLog, type StageRecord } from './requestlog.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';
const WRITE_VERBS = new Set<Verb>(['create', 'update', 'patch', 'delete', 'deletecollection']);

export interface RequestOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  limit?: number;
  continue?: string;
  dryRun?: boolean;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
  patchType?: PatchType;
  fieldManager?: string;
  /** Preconditions for delete. */
  preconditionUid?: string;
}

export interface ApiRequest {
  verb: Verb;
  /** Resource name as kubectl takes it (plural, singular or short name). */
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  body?: unknown;
  /** In-process component identity (client certificate). */
  user?: UserInfo;
  /** Bearer token (kubectl over HTTP, service accounts). */
  token?: string;
  impersonate?: { user: string; groups?: string[] };
  options?: RequestOptions;
  userAgent?: string;
  /**
   * The caller hands the body over and never touches it again (in-process controllers): the
   * server skips its defensive copy and the no-op check. Never set for user input.
   */
  trusted?: boolean;
}

export interface ApiResponse {
  code: number;
  body: any;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KObject;
}

export interface ApiServerOptions {
  clock: VirtualClock;
  random: SeededRandom;
  etcd: EtcdBackend;
  flavor: 'openshift' | 'kubernetes';
  /** Compact etcd history this often (kube-apiserver's --etcd-compaction-interval, 5m). */
  compactionIntervalMs?: number;
}

interface ResourceCache {
  objects: Map<string, KObject>;
  byNamespace: Map<string, Map<string, KObject>>;
  version: number;
}

/** What a request adds to its request-log record on the way through storage. */
type RecordExtras = { before?: unknown; after?: unknown; etcdKey?: string; revision?: number; watchersNotified?: number };

/** One request on its way through the pipeline: what every handler of a verb needs. */
interface RequestScope {
  req: ApiRequest;
  res: ResourceType;
  namespace: string | undefined;
  user: UserInfo;
  stages: StageRecord[];
  extra: RecordExtras;
}

const FREEZE = process.env.KUBEDRILL_FREEZE === '1';

function deepFreeze(o: unknown): void {
  if (typeof o !== 'object' || o === null || Object.isFrozen(o)) return;
  Object.freeze(o);
  for (const v of Object.values(o)) deepFreeze(v);
}

export type Defaulter = (obj: KObject, ctx: { clock: VirtualClock; random: SeededRandom; flavor: string }) => KObject;
export type Validator = (obj: KObject, old: KObject | undefined, ctx: { get: AdmissionContext['get'] }) => FieldError[];

export class ApiServer {
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly etcd: EtcdBackend;
  readonly flavor: 'openshift' | 'kubernetes';
  /** etcd key prefix: OpenShift stores under /kubernetes.io/, upstream under /registry/. */
  readonly prefix: string;
  readonly authn = new Authenticator();
  readonly authz: RbacAuthorizer;
  readonly log = new RequestLog();
  readonly mutating: AdmissionPlugin[] = [];
  readonly validating: AdmissionPlugin[] = [];
  readonly defaulters = new Map<string, Defaulter[]>();
  readonly validators = new Map<string, Validator[]>();
  /** Set by the network layer: how webhooks are reached. */
  webhookCaller: WebhookCaller | undefined;
  /** False while the kube-apiserver is "down" (every request fails to connect). */
  available = true;
  private caches = new Map<string, ResourceCache>();
  private rbacVersion = 0;
  private pending: Array<() => void> = [];
  private flushScheduled = false;
  readonly admissionContext: AdmissionContext;

  constructor(opts: ApiServerOptions) {
    this.clock = opts.clock;
    this.random = opts.random.fork('apiserver');
    this.etcd = opts.etcd;
    this.flavor = opts.flavor;
    this.prefix = opts.flavor === 'openshift' ? '/kubernetes.io/' : '/registry/';
    for (const res of RESOURCES) this.startCache(res);
    this.authz = new RbacAuthorizer({
      list: (plural) => this.cacheOf(plural).objects.values(),
      get: (plural, ns, name) => this.cacheOf(plural).objects.get(ns ? `${ns}/${name}` : name),
      version: () => this.rbacVersion,
    });
    const self = this;
    this.admissionContext = {
      clock: this.clock,
      random: this.random,
      flavor: this.flavor,
      get: (plural, ns, name) => this.cached(plural, ns, name),
      list: (plural, ns) => this.cachedList(plural, ns),
      get callWebhook() {
        return self.webhookCaller;
      },
    };
    const interval = opts.compactionIntervalMs ?? 5 * 60_000;
    if (interval > 0) this.clock.setInterval(() => this.compact(), interval);
  }

  // ---------------------------------------------------------------- reads of the server's own cache

  /** The stored object, straight from the watch cache (no request, no authorization): for admission and tests. */
  cached(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    return this.cacheOf(resource).objects.get(namespace ? `${namespace}/${name}` : name);
  }

  cachedList(resource: string, namespace?: string): Iterable<KObject> {
    const cache = this.cacheOf(resource);
    if (namespace === undefined) return cache.objects.values();
    return cache.byNamespace.get(namespace)?.values() ?? [];
  }

  cacheVersion(resource: string): number {
    return this.cacheOf(resource).version;
  }

  count(resource: string): number {
    return this.cacheOf(resource).objects.size;
  }

  etcdKey(res: ResourceType, namespace: string | undefined, name: string): string {
    return res.namespaced ? `${this.prefix}${res.etcdPath}/${namespace}/${name}` : `${this.prefix}${res.etcdPath}/${name}`;
  }

  // ---------------------------------------------------------------- the request pipeline

  handle(req: ApiRequest): ApiResponse {
    const stages: StageRecord[] = [];
    const started = this.clock.now();
    let res: ResourceType | undefined;
    let user = req.user?.username ?? 'system:anonymous';
    let result: ApiResponse;
    let extra: RecordExtras = {};
    try {
      if (!this.available) throw new ApiError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
      const authn = this.authenticate(req, stages);
      user = authn.user.username;
      res = resolveResource(req.resource);
      if (!res) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      const namespace = res.namespaced ? req.namespace ?? (req.body as KObject | undefined)?.metadata?.namespace : undefined;
      const authzVerb = req.verb === 'get' && !req.name ? 'list' : req.verb;
      const decision = this.authz.authorize({
        user: authn.user,
        verb: authzVerb,
        resource: res.plural,
        apiGroup: res.group,
        subresource: req.subresource,
        namespace,
        name: req.name ?? (req.body as KObject | undefined)?.metadata?.name,
      });
      stages.push({ stage: 'authorization', name: 'RBAC', decision: decision.allowed ? 'allow' : 'deny', detail: decision.reason });
      if (!decision.allowed) throw forbidden(res, req.verb === 'create' ? undefined : req.name, decision.reason);
      const delivered = this.watchDeliveries;
      result = this.dispatch({ req, res, namespace, user: authn.user, stages, extra });
      // Etcd tells its watchers during the write: the watches that got an event from this request.
      if (WRITE_VERBS.has(req.verb)) extra = { ...extra, watchersNotified: this.watchDeliveries - delivered };
    } catch (err) {
      const apiErr = this.toApiError(err, res);
      result = { code: apiErr.code, body: apiErr.toStatus() };
      if (!stages.some((s) => s.decision === 'deny' || s.decision === 'error')) {
        stages.push({ stage: 'storage', name: 'error', decision: 'error', detail: apiErr.message });
      }
    }
    this.log.add({
      at: started,
      verb: req.verb,
      resource: res?.plural ?? req.resource,
      subresource: req.subresource,
      namespace: req.namespace ?? (req.body as KObject | undefined)?.metadata?.namespace,
      name: req.name ?? (req.body as KObject | undefined)?.metadata?.name,
      user,
      userAgent: req.userAgent,
      code: result.code,
      latencyMs: this.simulatedLatency(req.verb, result),
      stages,
      ...extra,
    });
    return result;
  }

  private simulatedLatency(verb: Verb, result: ApiResponse): number {
    const base = verb === 'list' ? 4 + Math.min(200, (result.body?.items?.length ?? 0) / 50) : verb === 'get' ? 1 : 6;
    return Math.round((base + this.random.next() * base) * 100) / 100;
  }

  private toApiError(err: unknown, res: ResourceType | undefined): ApiError {
    if (err instanceof ApiError) return err;
    if (err instanceof EtcdError) {
      if (err.code === 'compacted') return gone(`too old resource version`);
      // Unclassified storage errors reach kubectl as StatusReasonUnknown: "Error from server: etcdserver: ...".
      if (err.code === 'nospace' || err.code === 'timeout' || err.code === 'no-leader') return new ApiError(500, '', err.message);
      return internalError(err.message);
    }
    if (err instanceof PatchError) return new ApiError(422, 'Invalid', err.message);
    const message = err instanceof Error ? err.message : String(err);
    return internalError(`${res ? res.plural : 'request'}: ${message}`);
  }

  private authenticate(req: ApiRequest, stages: StageRecord[]): AuthnResult {
    let result: AuthnResult | undefined;
    if (req.user) {
      // Components send the same identity object every time: one record (and result) each.
      let known = x509Stages.get(req.user);
      if (!known) {
        known = { result: { user: req.user, method: 'x509' }, stage: { stage: 'authentication', name: 'x509', decision: 'allow', detail: `client certificate CN=${req.user.username}` } };
        x509Stages.set(req.user, known);
      }
      result = known.result;
      stages.push(known.stage);
    } else if (req.token) {
      result = this.authn.authenticateToken(req.token);
      stages.push({
        stage: 'authentication',
        name: result?.method === 'serviceaccount' ? 'serviceaccount token' : 'bearer token',
        decision: result ? 'allow' : 'deny',
        detail: result ? `user ${result.user.username} groups [${result.user.groups.join(' ')}]` : 'invalid bearer token',
      });
    }
    if (!result) throw unauthorized();
    if (req.impersonate) {
      const decision = this.authz.authorize({ user: result.user, verb: 'impersonate', resource: 'users', apiGroup: '', name: req.impersonate.user });
      stages.push({ stage: 'authorization', name: 'impersonation', decision: decision.allowed ? 'allow' : 'deny', detail: decision.reason });
      if (!decision.allowed) {
        throw new ApiError(403, 'Forbidden', `users "${req.impersonate.user}" is forbidden: User "${result.user.username}" cannot impersonate resource "users" in API group "" at the cluster scope`);
      }
      const sa = /^system:serviceaccount:([^:]+):/.exec(req.impersonate.user);
      const groups = req.impersonate.groups ?? (sa ? ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`] : []);
      result = { user: { username: req.impersonate.user, groups: [...groups, 'system:authenticated'] }, method: result.method };
    }
    return result;
  }

  private dispatch(scope: RequestScope): ApiResponse {
    const { req, res, namespace } = scope;
    if (res.namespaced && !namespace && req.verb !== 'list' && req.verb !== 'watch' && req.verb !== 'deletecollection') {
      throw badRequest('an empty namespace may not be set during creation');
    }
    switch (req.verb) {
      case 'get': {
        if (!req.name) return this.list(res, namespace, req.options);
        if (req.subresource === 'scale') return { code: 200, body: this.scaleOf(res, this.mustGet(res, namespace, req.name)) };
        return { code: 200, body: this.mustGet(res, namespace, req.name) };
      }
      case 'list':
        return this.list(res, namespace, req.options);
      case 'create':
        if (req.subresource === 'binding' || req.resource === 'bindings') return this.bind(scope);
        if (req.subresource === 'eviction') return this.evict(scope);
        return this.create(scope);
      case 'update':
        return this.update(scope);
      case 'patch':
        return this.patch(scope);
      case 'delete':
        return this.delete(scope, req.name!);
      case 'deletecollection': {
        const list = this.list(res, namespace, req.options).body.items as KObject[];
        for (const o of list) this.delete({ ...scope, req: { ...req, name: o.metadata.name }, namespace: o.metadata.namespace, extra: {} }, o.metadata.name);
        return { code: 200, body: { kind: `${res.kind}List`, apiVersion: apiVersionOf(res), metadata: {}, items: list } };
      }
      default:
        throw badRequest(`unsupported verb ${req.verb}`);
    }
  }

  private mustGet(res: ResourceType, namespace: string | undefined, name: string): KObject {
    const obj = this.cacheOf(res.plural).objects.get(namespace ? `${namespace}/${name}` : name);
    if (!obj) throw notFound(res, name);
    return obj;
  }

  private list(res: ResourceType, namespace: string | undefined, opts: RequestOptions = {}): ApiResponse {
    const cache = this.cacheOf(res.plural);
    const source = namespace === undefined ? cache.objects : cache.byNamespace.get(namespace) ?? new Map();
    const label = opts.labelSelector ? parseSelector(opts.labelSelector) : undefined;
    const field = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector) : undefined;
    const keys = [...source.keys()].sort();
    let start = 0;
    const rv = String(this.etcd.store.revision);
    if (opts.continue) {
      let token: { start?: string } = {};
      try {
        token = JSON.parse(Buffer.from(opts.continue, 'base64url').toString());
      } catch {
        throw badRequest('continue key is not valid: illegal base64 data');
      }
      while (start < keys.length && keys[start]! <= (token.start ?? '')) start++;
    }
    const items: KObject[] = [];
    let next: string | undefined;
    for (let i = start; i < keys.length; i++) {
      const obj = source.get(keys[i]!)!;
      if (label && !labelsMatch(label, obj.metadata.labels ?? {})) continue;
      if (field && !matchesFields(field, obj)) continue;
      if (opts.limit && items.length >= opts.limit) {
        next = Buffer.from(JSON.stringify({ start: keyOf(items[items.length - 1]!) , rv })).toString('base64url');
        break;
      }
      items.push(obj);
    }
    return {
      code: 200,
      body: {
        kind: `${res.kind}List`,
        apiVersion: apiVersionOf(res),
        metadata: { resourceVersion: rv, ...(next ? { continue: next } : {}) },
        items,
      },
    };
  }

  private runAdmission(op: Operation, res: ResourceType, attrs: AdmissionAttributes, stages: StageRecord[], obj: KObject | undefined, old: KObject | undefined): KObject | undefined {
    // Plugins that let a request pass unchanged are not recorded one by one (the request log
    // names the whole chain once): at 150,000 pods a record per plugin per request adds up.
    for (const plugin of this.mutating) {
      if (!plugin.admit) continue;
      const note = plugin.admit(attrs, this.admissionContext);
      if (note) stages.push({ stage: 'mutating-admission', name: plugin.name, decision: 'mutate', detail: note });
    }
    obj = attrs.object;
    if (obj && op !== 'DELETE') {
      const errors = this.validate(res, obj, old);
      stages.push({ stage: 'validation', name: res.kind, decision: errors.length ? 'deny' : 'ok', ...(errors.length ? { detail: `${errors.length} field error(s)` } : {}) });
      if (errors.length) throw invalid(res.kind, obj.metadata.name ?? obj.metadata.generateName ?? '', errors, res.group);
    }
    for (const plugin of this.validating) {
      if (!plugin.validate) continue;
      try {
        const note = plugin.validate(attrs, this.admissionContext);
        if (note) stages.push({ stage: 'validating-admission', name: plugin.name, decision: 'allow', detail: note });
      } catch (err) {
        stages.push({ stage: 'validating-admission', name: plugin.name, decision: 'deny', detail: err instanceof Error ? err.message : String(err) });
        throw err;
      }
    }
    return obj;
  }

  /** The admission chain every write passes through, in order (mutating, then validating). */
  admissionChain(): { mutating: string[]; validating: string[] } {
    return { mutating: this.mutating.filter((p) => p.admit).map((p) => p.name), validating: this.validating.filter((p) => p.validate).map((p) => p.name) };
  }

  private validate(res: ResourceType, obj: KObject, old: KObject | undefined): FieldError[] {
    const errors: FieldError[] = [];
    const meta = obj.metadata;
    if (!meta?.name) errors.push({ field: 'metadata.name', type: 'Required value', detail: 'name or generateName is required' });
    else {
      const problem = nameProblem(res, meta.name);
      if (problem) errors.push({ field: 'metadata.name', type: 'Invalid value', value: meta.name, detail: problem });
    }
    for (const v of this.validators.get(res.kind) ?? []) errors.push(...v(obj, old, { get: this.admissionContext.get }));
    return errors;
  }

  private create(scope: RequestScope): ApiResponse {
    const { req, res, namespace, user, stages, extra } = scope;
    const body = req.body as KObject | undefined;
    if (!body || typeof body !== 'object') throw badRequest('the body of the request was in an unknown format');
    if (body.kind && body.kind !== res.kind) throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(res)})`);
    if (req.namespace && body.metadata?.namespace && body.metadata.namespace !== req.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    let obj: KObject = req.trusted ? { ...body, metadata: { ...body.metadata } } : structuredClone(body);
    obj.apiVersion = obj.apiVersion ?? apiVersionOf(res);
    obj.kind = res.kind;
    if (res.namespaced) obj.metadata.namespace = namespace;
    else delete obj.metadata.namespace;
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = `${obj.metadata.generateName}${this.random.suffix(5)}`;
    extra.before = body;
    for (const d of this.defaulters.get(res.kind) ?? []) obj = d(obj, { clock: this.clock, random: this.random, flavor: this.flavor });
    obj.metadata.uid = uuidId(this.random);
    obj.metadata.creationTimestamp = this.clock.isoNow();
    if ('resourceVersion' in obj.metadata || 'deletionTimestamp' in obj.metadata) {
      const { resourceVersion: _rv, deletionTimestamp: _dt, ...meta } = obj.metadata;
      obj.metadata = meta;
    }
    if (obj.spec !== undefined && res.plural !== 'pods' && res.plural !== 'nodes' && res.plural !== 'namespaces') obj.metadata.generation = 1;
    const attrs: AdmissionAttributes = { operation: 'CREATE', resource: res, namespace, name: obj.metadata.name, object: obj, user, dryRun: !!req.options?.dryRun };
    obj = this.runAdmission('CREATE', res, attrs, stages, obj, undefined)!;
    if (this.cacheOf(res.plural).objects.has(keyOf(obj as { metadata: { name: string; namespace?: string } }))) throw alreadyExists(res, obj.metadata.name);
    if (req.options?.dryRun) return { code: 201, body: obj };
    const stored = this.store(res, obj, undefined, stages, extra, req.trusted ? estimateSize(obj) : JSON.stringify(obj).length, true);
    if (res.group === 'rbac.authorization.k8s.io') this.rbacVersion++;
    return { code: 201, body: stored };
  }

  private update(scope: RequestScope): ApiResponse {
    const { req, res, namespace } = scope;
    const body = req.body as KObject | undefined;
    if (!body?.metadata) throw badRequest('the body of the request was in an unknown format');
    const name = req.name ?? body.metadata.name;
    if (req.name && body.metadata.name && body.metadata.name !== req.name) throw badRequest('the name of the object does not match the name on the URL');
    const old = this.mustGet(res, namespace, name);
    if (body.metadata.resourceVersion && body.metadata.resourceVersion !== old.metadata.resourceVersion) throw conflict(res, name);
    return this.applyUpdate(scope, name, old, req.trusted ? body : structuredClone(body));
  }

  private applyUpdate(scope: RequestScope, name: string, old: KObject, body: KObject): ApiResponse {
    const { req, res, namespace, user, stages, extra } = scope;
    let obj: KObject;
    const hasStatus = res.subresources.includes('status');
    if (req.subresource === 'status') {
      obj = { ...old, status: body.status };
    } else if (req.subresource === 'scale') {
      obj = { ...old, spec: { ...old.spec, replicas: body.spec?.replicas } };
    } else if (req.subresource === 'finalize' && res.plural === 'namespaces') {
      obj = { ...old, spec: { ...old.spec, finalizers: body.spec?.finalizers ?? [] } };
    } else {
      obj = { ...body, apiVersion: old.apiVersion, kind: res.kind };
      if (hasStatus) obj.status = old.status;
    }
    obj.metadata = {
      ...(req.subresource ? old.metadata : body.metadata),
      name,
      uid: old.metadata.uid,
      creationTimestamp: old.metadata.creationTimestamp,
      ...(old.metadata.deletionTimestamp ? { deletionTimestamp: old.metadata.deletionTimestamp, deletionGracePeriodSeconds: old.metadata.deletionGracePeriodSeconds } : {}),
    };
    if (res.namespaced) obj.metadata.namespace = namespace;
    if (old.metadata.generation !== undefined) {
      const specChanged = req.subresource !== 'status' && obj.spec !== old.spec && JSON.stringify(obj.spec) !== JSON.stringify(old.spec);
      obj.metadata.generation = (old.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    }
    extra.before = body;
    const attrs: AdmissionAttributes = {
      operation: 'UPDATE',
      resource: res,
      subresource: req.subresource,
      namespace,
      name,
      object: obj,
      oldObject: old,
      user,
      dryRun: !!req.options?.dryRun,
    };
    obj = this.runAdmission('UPDATE', res, attrs, stages, obj, old)!;
    if (req.options?.dryRun) return { code: 200, body: obj };
    // A deleting object whose last finalizer went away is removed (only when this update took it
    // away: a kubelet's status write on a gracefully terminating pod must not remove the pod).
    const hadFinalizers = (old.metadata.finalizers?.length ?? 0) > 0 || (res.plural === 'namespaces' && (old.spec?.finalizers?.length ?? 0) > 0);
    const hasFinalizers = (obj.metadata.finalizers?.length ?? 0) > 0 || (res.plural === 'namespaces' && (obj.spec?.finalizers?.length ?? 0) > 0);
    if (obj.metadata.deletionTimestamp && hadFinalizers && !hasFinalizers) {
      return this.remove(res, obj, stages, extra);
    }
    if (!req.trusted && sameContent(obj, old)) {
      stages.push({ stage: 'storage', name: 'etcd', decision: 'skip', detail: 'no change: not written' });
      return { code: 200, body: old };
    }
    const size = req.trusted ? this.etcd.store.get(this.etcdKey(res, namespace, name))?.size ?? 1024 : JSON.stringify(obj).length;
    // obj and its metadata were built above for this request (admission edits them in place).
    const stored = this.store(res, obj, old, stages, extra, size, true);
    if (res.group === 'rbac.authorization.k8s.io') this.rbacVersion++;
    return { code: 200, body: stored };
  }

  private patch(scope: RequestScope): ApiResponse {
    const { req, res, namespace } = scope;
    const name = req.name!;
    const old = this.mustGet(res, namespace, name);
    const type = req.options?.patchType ?? 'strategic';
    let base: unknown = old;
    if (req.subresource === 'scale') base = this.scaleOf(res, old);
    const patched = applyPatch(type, base, req.body) as KObject;
    if (!patched || typeof patched !== 'object') throw badRequest('patch produced an invalid object');
    if (patched.metadata?.resourceVersion && patched.metadata.resourceVersion !== old.metadata.resourceVersion) throw conflict(res, name);
    if (req.subresource === 'scale') return this.applyUpdate({ ...scope, req: { ...req, subresource: 'scale' } }, name, old, patched);
    return this.applyUpdate(scope, name, old, patched);
  }

  private delete(scope: RequestScope, name: string): ApiResponse {
    const { req, res, namespace, user, stages, extra } = scope;
    const old = this.mustGet(res, namespace, name);
    if (req.options?.preconditionUid && req.options.preconditionUid !== old.metadata.uid) {
      throw conflict(res, name);
    }
    const attrs: AdmissionAttributes = { operation: 'DELETE', resource: res, namespace, name, oldObject: old, user, dryRun: !!req.options?.dryRun };
    this.runAdmission('DELETE', res, attrs, stages, undefined, old);
    if (req.options?.dryRun) return { code: 200, body: old };
    const now = this.clock.isoNow();
    // Pods on a node stop gracefully: the kubelet kills the containers, then deletes for good.
    if (res.plural === 'pods' && old.spec?.nodeName && !isFinished(old)) {
      const grace = req.options?.gracePeriodSeconds ?? old.spec.terminationGracePeriodSeconds ?? 30;
      if (grace > 0 && (!old.metadata.deletionTimestamp || grace < (old.metadata.deletionGracePeriodSeconds ?? Infinity))) {
        const until = new Date(this.clock.now() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        const obj = { ...old, metadata: { ...old.metadata, deletionTimestamp: until, deletionGracePeriodSeconds: grace } };
        return { code: 200, body: this.store(res, obj, old, stages, extra, this.sizeOf(res, old)) };
      }
    }
    const policy = req.options?.propagationPolicy;
    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    const nsFinalizing = res.plural === 'namespaces' && ((old.spec?.finalizers?.length ?? 0) > 0 || !old.metadata.deletionTimestamp);
    if (finalizers.length > 0 || nsFinalizing) {
      if (old.metadata.deletionTimestamp && finalizers.length === (old.metadata.finalizers?.length ?? 0)) return { code: 200, body: old };
      const obj: KObject = { ...old, metadata: { ...old.metadata, deletionTimestamp: old.metadata.deletionTimestamp ?? now, deletionGracePeriodSeconds: 0, finalizers } };
      if (res.plural === 'namespaces') {
        obj.spec = { finalizers: old.spec?.finalizers ?? ['kubernetes'] };
        obj.status = { ...old.status, phase: 'Terminating' };
        if (!obj.metadata.finalizers?.length) delete obj.metadata.finalizers;
      }
      return { code: 200, body: this.store(res, obj, old, stages, extra, this.sizeOf(res, old)) };
    }
    return this.remove(res, old, stages, extra);
  }

  private remove(res: ResourceType, obj: KObject, stages: StageRecord[], extra: RecordExtras): ApiResponse {
    const key = this.etcdKey(res, obj.metadata.namespace, obj.metadata.name);
    this.etcd.delete(key);
    extra.etcdKey = key;
    extra.revision = this.etcd.store.revision;
    stages.push({ stage: 'storage', name: 'etcd', decision: 'ok', detail: `delete ${key} at revision ${this.etcd.store.revision}` });
    if (res.group === 'rbac.authorization.k8s.io') this.rbacVersion++;
    return { code: 200, body: obj };
  }

  private sizeOf(res: ResourceType, obj: KObject): number {
    return this.etcd.store.get(this.etcdKey(res, obj.metadata.namespace, obj.metadata.name))?.size ?? 1024;
  }

  private store(
    res: ResourceType,
    obj: KObject,
    old: KObject | undefined,
    stages: StageRecord[],
    extra: RecordExtras,
    size: number,
    /** The object and its metadata were made by this request (a create): no copy needed. */
    owned = false,
  ): KObject {
    const key = this.etcdKey(res, obj.metadata.namespace, obj.metadata.name);
    const rev = this.etcd.store.revision + 1;
    let stored: KObject;
    if (owned) {
      obj.metadata.resourceVersion = String(rev);
      stored = obj;
    } else stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rev) } };
    if (FREEZE) deepFreeze(stored);
    this.etcd.put(key, stored, size);
    extra.after = stored;
    extra.etcdKey = key;
    extra.revision = rev;
    stages.push({ stage: 'storage', name: 'etcd', decision: 'ok', detail: `${old ? 'update' : 'create'} ${key} at revision ${rev}` });
    return stored;
  }

  private bind(scope: RequestScope): ApiResponse {
    const { req, namespace, stages, extra } = scope;
    const body = req.body as KObject;
    const podName = req.name ?? body?.metadata?.name;
    const target = body?.target?.name;
    const pods = resolveResource('pods')!;
    const pod = this.mustGet(pods, namespace, podName);
    if (!target) throw invalid('Binding', podName, [{ field: 'target.name', type: 'Required value' }]);
    if (pod.spec.nodeName) {
      throw conflict(pods, podName);
    }
    if (pod.metadata.deletionTimestamp) throw badRequest(`pod ${podName} is being deleted, cannot be assigned to a host`);
    const conditions = [...(pod.status?.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled'), { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.clock.isoNow() }];
    const obj: KObject = { ...pod, spec: { ...pod.spec, nodeName: target }, status: { ...pod.status, conditions } };
    stages.push({ stage: 'validation', name: 'Binding', decision: 'ok', detail: `bind to ${target}` });
    const stored = this.store(pods, obj, pod, stages, extra, this.sizeOf(pods, pod) + 40);
    return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201, _pod: stored } };
  }

  private evict(scope: RequestScope): ApiResponse {
    const { req } = scope;
    const name = req.name!;
    this.delete({ ...scope, req: { ...req, verb: 'delete', subresource: undefined } }, name);
    return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
  }

  private scaleOf(res: ResourceType, obj: KObject): KObject {
    if (!res.subresources.includes('scale')) throw notFound(res, obj.metadata.name);
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
      spec: { replicas: obj.spec?.replicas ?? 0 },
      status: { replicas: obj.status?.replicas ?? 0, selector: selectorString(obj.spec?.selector) },
    };
  }

  // ---------------------------------------------------------------- watch

  /**
   * Opens a watch. Without a resourceVersion the current objects come first as ADDED (what
   * `kubectl get -w` shows); with one, every change after it is replayed. Events are delivered
   * after the current task (never re-entrantly). Returns the function that stops the watch.
   */
  watch(req: Omit<ApiRequest, 'verb'>, onEvent: (ev: WatchEvent) => void): () => void {
    const res = resolveResource(req.resource);
    if (!res) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    const stages: StageRecord[] = [];
    const authn = this.authenticate({ ...req, verb: 'watch' }, stages);
    const namespace = res.namespaced ? req.namespace : undefined;
    const decision = this.authz.authorize({ user: authn.user, verb: 'watch', resource: res.plural, apiGroup: res.group, namespace });
    this.log.add({ at: this.clock.now(), verb: 'watch', resource: res.plural, namespace, user: authn.user.username, userAgent: req.userAgent, code: decision.allowed ? 200 : 403, latencyMs: 1, stages: [...stages, { stage: 'authorization', name: 'RBAC', decision: decision.allowed ? 'allow' : 'deny', detail: decision.reason }] });
    if (!decision.allowed) throw forbidden(res, undefined, decision.reason);
    const label = req.options?.labelSelector ? parseSelector(req.options.labelSelector) : undefined;
    const field = req.options?.fieldSelector ? parseFieldSelector(req.options.fieldSelector) : undefined;
    const visible = (o: KObject | undefined): boolean =>
      !!o && (namespace === undefined || o.metadata.namespace === namespace) && (!label || labelsMatch(label, o.metadata.labels ?? {})) && (!field || matchesFields(field, o));
    let open = true;
    const deliver = (ev: WatchEvent): void => {
      this.watchDeliveries++;
      this.enqueue(() => {
        if (open) onEvent(ev);
      });
    };
    const prefix = namespace ? `${this.prefix}${res.etcdPath}/${namespace}/` : `${this.prefix}${res.etcdPath}/`;
    const rv = req.options?.resourceVersion;
    let startRevision: number | undefined;
    if (rv && rv !== '0') {
      startRevision = Number(rv) + 1;
      if (!Number.isFinite(startRevision)) throw badRequest(`invalid resource version: ${rv}`);
      if (startRevision <= this.etcd.store.compactedRevision) throw gone(`too old resource version: ${rv} (${this.etcd.store.compactedRevision})`);
    } else {
      const items = this.list(res, namespace, req.options).body.items as KObject[];
      for (const o of items) deliver({ type: 'ADDED', object: o });
    }
    const cancel = this.etcd.watch(prefix, { prefix: true, startRevision }, (ev: EtcdWatchEvent) => {
      if (!isDirectChild(ev.kv.key, prefix, res.namespaced && !namespace)) return;
      const now = ev.type === 'PUT' ? (ev.kv.value as KObject) : undefined;
      const before = ev.prevKv?.value as KObject | undefined;
      const was = visible(before);
      const is = visible(now);
      if (ev.type === 'DELETE') {
        if (was) deliver({ type: 'DELETED', object: { ...before!, metadata: { ...before!.metadata, resourceVersion: String(ev.kv.modRevision) } } });
      } else if (is && !was) deliver({ type: 'ADDED', object: now! });
      else if (is && was) deliver({ type: 'MODIFIED', object: now! });
      else if (!is && was) deliver({ type: 'DELETED', object: now! });
    });
    return () => {
      open = false;
      cancel();
    };
  }

  /** Events handed to watches so far (each watch that receives one counts once). */
  private watchDeliveries = 0;

  private enqueue(fn: () => void): void {
    this.pending.push(fn);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.clock.defer(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    for (const fn of batch) fn();
  }

  private startCache(res: ResourceType): void {
    const cache: ResourceCache = { objects: new Map(), byNamespace: new Map(), version: 0 };
    this.caches.set(res.plural, cache);
    const prefix = `${this.prefix}${res.etcdPath}/`;
    this.etcd.watch(prefix, { prefix: true }, (ev) => {
      if (!isDirectChild(ev.kv.key, prefix, res.namespaced)) return;
      const obj = (ev.type === 'PUT' ? ev.kv.value : ev.prevKv?.value) as KObject;
      const key = keyOf(obj);
      const ns = obj.metadata.namespace ?? '';
      if (ev.type === 'PUT') {
        cache.objects.set(key, obj);
        let nsMap = cache.byNamespace.get(ns);
        if (!nsMap) cache.byNamespace.set(ns, (nsMap = new Map()));
        nsMap.set(key, obj);
      } else {
        cache.objects.delete(key);
        const nsMap = cache.byNamespace.get(ns);
        nsMap?.delete(key);
        if (nsMap && nsMap.size === 0) cache.byNamespace.delete(ns);
      }
      cache.version++;
      if (res.group === 'rbac.authorization.k8s.io') this.rbacVersion++;
    });
  }

  private cacheOf(resource: string): ResourceCache {
    const cache = this.caches.get(resource) ?? this.caches.get(resolveResource(resource)?.plural ?? '');
    if (!cache) throw new Error(`unknown resource ${resource}`);
    return cache;
  }

  private compact(): void {
    const store = this.etcd.store;
    if (store.revision > store.compactedRevision + 1) {
      try {
        store.compact(store.revision);
      } catch {
        // Another compaction got there first; nothing to do.
      }
    }
  }
}

/** The x509 authentication outcome per identity object (records are read-only). */
const x509Stages = new WeakMap<UserInfo, { result: AuthnResult; stage: StageRecord }>();

/** Encoded sizes of shared sub-objects (pods stamped from one template share their spec). */
const subObjectSize = new WeakMap<object, number>();

/**
 * The stored size of a component's object without serialising all of it: the spec is measured
 * once per shared spec object, the rest is small.
 */
function estimateSize(obj: KObject): number {
  let specSize = 0;
  if (obj.spec && typeof obj.spec === 'object') {
    specSize = subObjectSize.get(obj.spec) ?? JSON.stringify(obj.spec).length;
    subObjectSize.set(obj.spec, specSize);
  }
  const { spec: _spec, ...rest } = obj;
  return specSize + JSON.stringify(rest).length;
}

function isDirectChild(key: string, prefix: string, namespaced: boolean): boolean {
  const slash = key.indexOf('/', prefix.length);
  if (!namespaced) return slash < 0;
  return slash >= 0 && key.indexOf('/', slash + 1) < 0;
}

function isFinished(pod: KObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function sameContent(a: KObject, b: KObject): boolean {
  const strip = (o: KObject): KObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

export function selectorString(sel: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> } | undefined): string {
  if (!sel) return '';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Name validation per kind, as each type's ValidateObjectMeta call chooses it: RBAC objects take
 * any path segment, namespaces a DNS-1123 label, services a DNS-1035 label, the rest a DNS-1123
 * subdomain.
 */
function nameProblem(res: ResourceType, name: string): string | undefined {
  if (res.group === 'rbac.authorization.k8s.io') {
    if (name === '.' || name === '..') return `may not be '${name}'`;
    if (name.includes('/')) return "may not contain '/'";
    if (name.includes('%')) return "may not contain '%'";
    return undefined;
  }
  if (res.kind === 'Namespace') {
    if (name.length <= 63 && DNS_LABEL.test(name)) return undefined;
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  }
  if (res.kind === 'Service') {
    if (name.length <= 63 && DNS_1035_LABEL.test(name)) return undefined;
    return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  }
  if (name.length <= 253 && DNS_SUBDOMAIN.test(name)) return undefined;
  return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
}
