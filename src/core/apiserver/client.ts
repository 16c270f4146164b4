/**
 * The in-process client components use to talk to the API server, as client-go does: every
 * call is a request through the full pipeline under the component's identity. Errors throw
 * ApiError.
 */
import { resourceForKind, resolveResource } from '../api/resources.js';
import type { KObject } from '../api/types.js';
import type { PatchType } from '../api/patch.js';
import { ApiError } from './errors.js';
import type { UserInfo } from './authn.js';
import type { ApiRequest, ApiServer, RequestOptions, WatchEvent } from './server.js';

export interface ListResult<T extends KObject = KObject> {
  items: T[];
  metadata: { resourceVersion: string; continue?: string };
}

export class Client {
  constructor(
    readonly api: ApiServer,
    readonly identity: { user?: UserInfo; token?: string },
    /** Components hand their objects over (no defensive copy); user-facing callers do not. */
    private readonly trusted = false,
    readonly userAgent = 'kubedrill',
  ) {}

  /** A client that acts as another user (kubectl --as). */
  impersonating(user: string, groups?: string[]): Client {
    const c = new Client(this.api, this.identity, this.trusted, this.userAgent);
    c.impersonate = { user, groups };
    return c;
  }

  private impersonate: ApiRequest['impersonate'];

  request(req: Omit<ApiRequest, 'user' | 'token' | 'trusted' | 'userAgent' | 'impersonate'>): any {
    const res = this.api.handle({ ...req, ...this.identity, trusted: this.trusted, userAgent: this.userAgent, impersonate: this.impersonate });
    if (res.code >= 400) {
      const s = res.body;
      throw new ApiError(res.code, s.reason, s.message, s.details);
    }
    return res.body;
  }

  get<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string): T {
    return this.request({ verb: 'get', resource, namespace, name });
  }

  /** get, or undefined when it does not exist. */
  tryGet<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string): T | undefined {
    try {
      return this.get<T>(resource, namespace, name);
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return undefined;
      throw err;
    }
  }

  list<T extends KObject = KObject>(resource: string, namespace?: string, options?: RequestOptions): ListResult<T> {
    return this.request({ verb: 'list', resource, namespace, options });
  }

  create<T extends KObject = KObject>(obj: T, options?: RequestOptions): T {
    return this.request({ verb: 'create', resource: pluralOf(obj), namespace: obj.metadata.namespace, body: obj, options });
  }

  update<T extends KObject = KObject>(obj: T, options?: RequestOptions): T {
    return this.request({ verb: 'update', resource: pluralOf(obj), namespace: obj.metadata.namespace, name: obj.metadata.name, body: obj, options });
  }

  updateStatus<T extends KObject = KObject>(obj: T): T {
    return this.request({ verb: 'update', resource: pluralOf(obj), namespace: obj.metadata.namespace, name: obj.metadata.name, subresource: 'status', body: obj });
  }

  patch<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string, patch: unknown, patchType: PatchType = 'strategic', subresource?: string): T {
    return this.request({ verb: 'patch', resource, namespace, name, body: patch, subresource, options: { patchType } });
  }

  delete(resource: string, namespace: string | undefined, name: string, options?: RequestOptions): KObject {
    return this.request({ verb: 'delete', resource, namespace, name, options });
  }

  /** Binds a pod to a node (the scheduler's last step): POST pods/NAME/binding. */
  bind(namespace: string, pod: string, node: string): void {
    this.request({
      verb: 'create',
      resource: 'pods',
      namespace,
      name: pod,
      subresource: 'binding',
      body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod, namespace }, target: { apiVersion: 'v1', kind: 'Node', name: node } },
    });
  }

  /** Evicts a pod (drain, node lifecycle): POST pods/NAME/eviction. */
  evict(namespace: string, pod: string): void {
    this.request({
      verb: 'create',
      resource: 'pods',
      namespace,
      name: pod,
      subresource: 'eviction',
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace } },
    });
  }

  watch(resource: string, namespace: string | undefined, onEvent: (ev: WatchEvent) => void, options?: RequestOptions): () => void {
    return this.api.watch({ resource, namespace, options, ...this.identity, userAgent: this.userAgent, impersonate: this.impersonate }, onEvent);
  }
}

export function pluralOf(obj: KObject): string {
  const res = resourceForKind(obj.kind, obj.apiVersion) ?? resolveResource(obj.kind ?? '');
  if (!res) throw new ApiError(404, 'NotFound', `the server doesn't have a resource type "${obj.kind}"`);
  return res.plural;
}
