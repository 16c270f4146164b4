/**
 * The garbage collector (pkg/controller/garbagecollector): an ownerReferences graph kept from
 * informers, dependents indexed by owner uid (no scans). When an owner is gone its dependents
 * are deleted (background); an owner deleting in the foreground (finalizer foregroundDeletion)
 * first has its dependents deleted, then loses the finalizer; an orphaning owner (finalizer
 * orphan) has its dependents' ownerReferences removed, then loses the finalizer.
 */
import type { ComponentContext } from '../component.js';
import type { KObject, OwnerReference } from '../api/types.js';
import { keyOf } from '../api/types.js';
import { resourceForKind } from '../api/resources.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import { WorkQueue } from '../apiserver/workqueue.js';
import type { Controller } from './controller.js';
import { OWNER_UID_INDEX, isConflict, isNotFound, ownerRefsOf, ownerUidsOf } from './util.js';

/** Resources whose objects the collector watches (as owners and as dependents). */
export const GC_RESOURCES = [
  'pods',
  'replicasets',
  'deployments',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
  'controllerrevisions',
  'persistentvolumeclaims',
  'services',
  'endpointslices',
  'configmaps',
  'secrets',
  'horizontalpodautoscalers',
  'replicationcontrollers',
];

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  /** Dependents to check: "resource|ns/name". */
  readonly queue: WorkQueue;
  /** Owners being deleted in the foreground or orphaning: "resource|ns/name". */
  readonly ownerQueue: WorkQueue;
  private readonly client: Client;
  private informers = new Map<string, Informer<KObject>>();
  private byUid = new Map<string, { resource: string; key: string }>();
  private running = false;
  private registered = false;

  constructor(private readonly ctx: ComponentContext) {
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (generic-garbage-collector)');
    this.queue = new WorkQueue(ctx.clock, (k) => this.guard(this.queue, k, () => this.attemptToDelete(k)));
    this.ownerQueue = new WorkQueue(ctx.clock, (k) => this.guard(this.ownerQueue, k, () => this.processDeletingOwner(k)));
    this.queue.paused = true;
    this.ownerQueue.paused = true;
  }

  private guard(q: WorkQueue, key: string, fn: () => 'done' | 'retry' | { after: number }): 'done' | 'retry' | { after: number } {
    if (!this.running) {
      q.add(key);
      return 'done';
    }
    return fn();
  }

  start(): void {
    if (!this.registered) {
      this.registered = true;
      for (const resource of GC_RESOURCES) this.watch(resource);
    }
    this.running = true;
    this.queue.resume();
    this.ownerQueue.resume();
  }

  stop(): void {
    this.running = false;
    this.queue.paused = true;
    this.ownerQueue.paused = true;
  }

  private watch(resource: string): void {
    const inf = this.ctx.informers.for<KObject>(resource);
    this.informers.set(resource, inf);
    inf.addIndex(OWNER_UID_INDEX, ownerUidsOf, ownerRefsOf);
    const id = (o: KObject): string => `${resource}|${keyOf(o)}`;
    inf.on({
      add: (o) => {
        if (o.metadata.uid) this.byUid.set(o.metadata.uid, { resource, key: keyOf(o) });
        if (o.metadata.ownerReferences?.length) this.queue.add(id(o));
        if (isDeletingWith(o, FOREGROUND) || isDeletingWith(o, ORPHAN)) this.ownerQueue.add(id(o));
      },
      update: (old, o) => {
        if (o.metadata.ownerReferences?.length && old.metadata.ownerReferences !== o.metadata.ownerReferences) this.queue.add(id(o));
        if (isDeletingWith(o, FOREGROUND) || isDeletingWith(o, ORPHAN)) this.ownerQueue.add(id(o));
      },
      delete: (o) => {
        const uid = o.metadata.uid;
        if (!uid) return;
        this.byUid.delete(uid);
        // Its dependents lost an owner: check each (found through the uid index).
        for (const [res, depInf] of this.informers) {
          for (const dep of depInf.byIndex(OWNER_UID_INDEX, uid)) this.queue.add(`${res}|${keyOf(dep)}`);
        }
        // A dependent went away: an owner waiting in the foreground may now finish.
        for (const ref of o.metadata.ownerReferences ?? []) {
          const owner = this.byUid.get(ref.uid);
          if (owner) this.ownerQueue.add(`${owner.resource}|${owner.key}`);
        }
      },
    });
  }

  private lookup(id: string): { resource: string; obj: KObject | undefined } {
    const bar = id.indexOf('|');
    const resource = id.slice(0, bar);
    return { resource, obj: this.informers.get(resource)?.get(id.slice(bar + 1)) };
  }

  /** Whether the owner a reference names exists (same uid), from caches or the API. */
  private ownerExists(dep: KObject, ref: OwnerReference): { exists: boolean; owner?: KObject } {
    const known = this.byUid.get(ref.uid);
    if (known) {
      const o = this.informers.get(known.resource)?.get(known.key);
      if (o && o.metadata.uid === ref.uid) return { exists: true, owner: o };
    }
    const res = resourceForKind(ref.kind, ref.apiVersion);
    if (!res) return { exists: true };
    const watched = this.informers.has(res.plural);
    const ns = res.namespaced ? dep.metadata.namespace : undefined;
    if (watched) {
      const o = this.informers.get(res.plural)!.getByName(ns, ref.name);
      if (o && o.metadata.uid === ref.uid) return { exists: true, owner: o };
    }
    // Confirm absence with a live read, as upstream does before deleting anything.
    try {
      const o = this.client.get(res.plural, ns, ref.name);
      return o.metadata.uid === ref.uid ? { exists: true, owner: o } : { exists: false };
    } catch (err) {
      if (isNotFound(err)) return { exists: false };
      return { exists: true };
    }
  }

  /** attemptToDeleteItem for one dependent. */
  private attemptToDelete(id: string): 'done' | 'retry' | { after: number } {
    const { resource, obj } = this.lookup(id);
    if (!obj || !obj.metadata.ownerReferences?.length) return 'done';
    if (obj.metadata.deletionTimestamp && !obj.metadata.finalizers?.includes(FOREGROUND)) return 'done';
    const dangling: OwnerReference[] = [];
    const waitingForDependents: OwnerReference[] = [];
    let solid = 0;
    for (const ref of obj.metadata.ownerReferences) {
      const r = this.ownerExists(obj, ref);
      if (!r.exists) dangling.push(ref);
      else if (r.owner && isDeletingWith(r.owner, FOREGROUND)) waitingForDependents.push(ref);
      else solid++;
    }
    try {
      if (solid > 0) {
        // Some owners remain: drop only the references to owners that are gone.
        if (dangling.length > 0) {
          const gone = new Set(dangling.map((r) => r.uid));
          this.client.update({ ...obj, metadata: { ...obj.metadata, ownerReferences: obj.metadata.ownerReferences.filter((r) => !gone.has(r.uid)) } });
        }
        return 'done';
      }
      if (waitingForDependents.length > 0 && dangling.length === 0) {
        // Every owner deletes in the foreground: this dependent goes in the foreground too.
        if (!obj.metadata.deletionTimestamp) this.client.delete(resource, obj.metadata.namespace, obj.metadata.name, { propagationPolicy: 'Foreground', preconditionUid: obj.metadata.uid });
        return 'done';
      }
      if (!obj.metadata.deletionTimestamp) {
        this.client.delete(resource, obj.metadata.namespace, obj.metadata.name, { propagationPolicy: 'Background', preconditionUid: obj.metadata.uid });
      }
      return 'done';
    } catch (err) {
      if (isNotFound(err)) return 'done';
      if (isConflict(err)) return 'retry';
      return 'retry';
    }
  }

  /** An owner with the foregroundDeletion or orphan finalizer. */
  private processDeletingOwner(id: string): 'done' | 'retry' | { after: number } {
    const { obj } = this.lookup(id);
    if (!obj || !obj.metadata.deletionTimestamp) return 'done';
    const uid = obj.metadata.uid!;
    const dependents: Array<{ resource: string; obj: KObject }> = [];
    for (const [res, inf] of this.informers) for (const d of inf.byIndex(OWNER_UID_INDEX, uid)) dependents.push({ resource: res, obj: d });
    try {
      if (obj.metadata.finalizers?.includes(ORPHAN)) {
        for (const d of dependents) {
          const refs = d.obj.metadata.ownerReferences!.filter((r) => r.uid !== uid);
          this.client.update({ ...d.obj, metadata: { ...d.obj.metadata, ownerReferences: refs.length ? refs : undefined } });
        }
        this.removeFinalizer(obj, ORPHAN);
        return 'done';
      }
      if (obj.metadata.finalizers?.includes(FOREGROUND)) {
        let blocking = 0;
        for (const d of dependents) {
          const ref = d.obj.metadata.ownerReferences!.find((r) => r.uid === uid);
          if (ref?.blockOwnerDeletion) blocking++;
          if (d.obj.metadata.deletionTimestamp) continue;
          const others = d.obj.metadata.ownerReferences!.filter((r) => r.uid !== uid && this.ownerExists(d.obj, r).exists);
          if (others.length > 0) {
            this.client.update({ ...d.obj, metadata: { ...d.obj.metadata, ownerReferences: d.obj.metadata.ownerReferences!.filter((r) => r.uid !== uid) } });
            if (ref?.blockOwnerDeletion) blocking--;
            continue;
          }
          this.client.delete(d.resource, d.obj.metadata.namespace, d.obj.metadata.name, { propagationPolicy: 'Foreground', preconditionUid: d.obj.metadata.uid });
        }
        if (blocking === 0) this.removeFinalizer(obj, FOREGROUND);
        return 'done';
      }
    } catch (err) {
      if (isNotFound(err)) return 'retry';
      return 'retry';
    }
    return 'done';
  }

  private removeFinalizer(obj: KObject, finalizer: string): void {
    const res = resourceForKind(obj.kind, obj.apiVersion);
    if (!res) return;
    const current = this.client.get(res.plural, obj.metadata.namespace, obj.metadata.name);
    const finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.client.update({ ...current, metadata: { ...current.metadata, finalizers } });
  }
}

function isDeletingWith(o: KObject, finalizer: string): boolean {
  return !!o.metadata.deletionTimestamp && !!o.metadata.finalizers?.includes(finalizer);
}

export function createGarbageCollector(ctx: ComponentContext): GarbageCollector {
  return new GarbageCollector(ctx);
}
