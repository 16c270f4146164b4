/**
 * Shared informers: one list+watch per resource for all in-process components, kept as a
 * mutable, indexed cache with a version counter, the way client-go's shared informer factory
 * serves every controller of kube-controller-manager. (On a real cluster each kubelet watches
 * only its own pods; here all kubelets share the pod informer and its by-node index, which is
 * the same data at a fraction of the cost.)
 */
import type { KObject } from '../api/types.js';
import { keyOf } from '../api/types.js';
import type { Client } from './client.js';
import type { WatchEvent } from './server.js';

export interface InformerHandlers<T extends KObject = KObject> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T): void;
}

export type IndexFunc<T extends KObject = KObject> = (obj: T) => string | string[] | undefined;

/**
 * What an index function reads (e.g. `o => o.metadata.labels`): when an update leaves it the
 * same (===), the index values are known to be unchanged, so the function runs once, not twice,
 * and the buckets are only pointed at the new object.
 */
export type IndexDeps<T extends KObject = KObject> = (obj: T) => unknown;

export class Informer<T extends KObject = KObject> {
  private items = new Map<string, T>();
  private indexFuncs = new Map<string, IndexFunc<T>>();
  /** The same indexes as a list walked on every change (no Map lookups per index per event). */
  private indexList: Array<{ fn: IndexFunc<T>; deps: IndexDeps<T> | undefined; index: Map<string, Map<string, T>> }> = [];
  private indexes = new Map<string, Map<string, Map<string, T>>>();
  private handlers: InformerHandlers<T>[] = [];
  private stop: (() => void) | undefined;
  /** Bumped on every change: UIs and components poll it cheaply. */
  version = 0;
  synced = false;

  constructor(readonly resource: string, private readonly client: Client) {
    this.addIndex('namespace', (o) => o.metadata.namespace ?? '', (o) => o.metadata.namespace);
  }

  addIndex(name: string, fn: IndexFunc<T>, deps?: IndexDeps<T>): void {
    if (this.indexFuncs.has(name)) return;
    this.indexFuncs.set(name, fn);
    const index = new Map<string, Map<string, T>>();
    this.indexes.set(name, index);
    this.indexList.push({ fn, deps, index });
    for (const [key, obj] of this.items) this.indexAdd(index, fn, key, obj);
  }

  /** Registers handlers; existing objects are replayed as adds, as client-go does. */
  on(handlers: InformerHandlers<T>): () => void {
    this.handlers.push(handlers);
    if (handlers.add) for (const obj of this.items.values()) handlers.add(obj);
    return () => {
      this.handlers = this.handlers.filter((h) => h !== handlers);
    };
  }

  start(): void {
    if (this.stop) return;
    const list = this.client.list<T>(this.resource);
    for (const obj of list.items) this.apply({ type: 'ADDED', object: obj });
    this.synced = true;
    this.stop = this.client.watch(this.resource, undefined, (ev) => this.apply(ev), { resourceVersion: list.metadata.resourceVersion });
  }

  shutdown(): void {
    this.stop?.();
    this.stop = undefined;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  list(): IterableIterator<T> {
    return this.items.values();
  }

  get size(): number {
    return this.items.size;
  }

  byNamespace(namespace: string): Iterable<T> {
    return this.byIndex('namespace', namespace);
  }

  byIndex(index: string, value: string): Iterable<T> {
    return this.indexes.get(index)?.get(value)?.values() ?? [];
  }

  indexCount(index: string, value: string): number {
    return this.indexes.get(index)?.get(value)?.size ?? 0;
  }

  indexValues(index: string): Iterable<string> {
    return this.indexes.get(index)?.keys() ?? [];
  }

  private apply(ev: WatchEvent): void {
    if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') return;
    const obj = ev.object as T;
    const key = keyOf(obj);
    const old = this.items.get(key);
    if (ev.type === 'DELETED') {
      if (!old) return;
      this.items.delete(key);
      this.unindex(key, old);
      this.version++;
      for (const h of this.handlers) h.delete?.(old);
      return;
    }
    this.items.set(key, obj);
    for (const { fn, deps, index } of this.indexList) {
      if (old) {
        if (deps && deps(old) === deps(obj)) {
          const same = fn(obj);
          if (typeof same === 'string') bucketOf(index, same).set(key, obj);
          else if (same) for (const v of same) bucketOf(index, v).set(key, obj);
          continue;
        }
        const was = fn(old);
        const is = fn(obj);
        // Most updates keep every index value (a pod's status changes, not its node): just
        // point the bucket at the new object.
        if (typeof was === 'string' && was === is) {
          index.get(was)!.set(key, obj);
          continue;
        }
        this.unindexOne(index, was, key);
      }
      this.indexAdd(index, fn, key, obj);
    }
    this.version++;
    if (old) for (const h of this.handlers) h.update?.(old, obj);
    else for (const h of this.handlers) h.add?.(obj);
  }

  private indexAdd(index: Map<string, Map<string, T>>, fn: IndexFunc<T>, key: string, obj: T): void {
    const values = fn(obj);
    if (values === undefined) return;
    for (const v of Array.isArray(values) ? values : [values]) {
      let bucket = index.get(v);
      if (!bucket) index.set(v, (bucket = new Map()));
      bucket.set(key, obj);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const { fn, index } of this.indexList) this.unindexOne(index, fn(obj), key);
  }

  private unindexOne(index: Map<string, Map<string, T>>, values: string | string[] | undefined, key: string): void {
    if (values === undefined) return;
    for (const v of Array.isArray(values) ? values : [values]) {
      const bucket = index.get(v);
      bucket?.delete(key);
      if (bucket && bucket.size === 0) index.delete(v);
    }
  }

}

function bucketOf<T>(index: Map<string, Map<string, T>>, value: string): Map<string, T> {
  let bucket = index.get(value);
  if (!bucket) index.set(value, (bucket = new Map()));
  return bucket;
}

/** One informer per resource, shared by every component of a cluster. */
export class InformerFactory {
  private informers = new Map<string, Informer<any>>();

  constructor(private readonly client: Client) {}

  for<T extends KObject = KObject>(resource: string): Informer<T> {
    let inf = this.informers.get(resource);
    if (!inf) {
      inf = new Informer<T>(resource, this.client);
      this.informers.set(resource, inf);
    }
    return inf as Informer<T>;
  }

  startAll(): void {
    for (const inf of this.informers.values()) inf.start();
  }

  shutdown(): void {
    for (const inf of this.informers.values()) inf.shutdown();
  }
}
