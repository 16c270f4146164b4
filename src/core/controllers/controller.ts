/**
 * The shape every kube-controller-manager controller has here: an informer-driven work queue
 * with a reconcile function. The controller manager starts them all and stops them all
 * (controller-manager-down fault); stop() pauses work (queues keep collecting keys from the
 * shared informers), start() resumes and catches up.
 */
import type { ComponentContext } from '../component.js';
import type { KObject, OwnerReference } from '../api/types.js';
import { WorkQueue, type Reconcile } from '../apiserver/workqueue.js';

export interface Controller {
  /** Upstream controller name, e.g. "deployment", "replicaset", "garbage-collector". */
  readonly name: string;
  /** First call registers informer handlers; later calls resume after stop(). */
  start(): void;
  /** Pauses all work: no reconciles, no periodic syncs, until start() again. */
  stop(): void;
  /** The controller's main queue, when it has one (tests inspect errors/length). */
  readonly queue?: WorkQueue;
}

/** Owners with more dependents than this have status-only pod changes coalesced. */
export const STATUS_COALESCE_THRESHOLD = 200;

export type ControllerFactory = (ctx: ComponentContext) => Controller;

/** The controllerRef (ownerReference with controller: true) of an object, if any. */
export function controllerRef(obj: KObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** An ownerReference naming `owner` as controller, as controllers set it on dependents. */
export function ownerRefTo(owner: KObject, blockOwnerDeletion = true): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion,
  };
}

/**
 * Base for the common pattern: one WorkQueue keyed by "ns/name", handlers registered once,
 * stop() pausing the queue and periodic work checking `running`.
 */
export abstract class QueueController implements Controller {
  abstract readonly name: string;
  readonly queue: WorkQueue;
  running = false;
  private registered = false;

  constructor(protected readonly ctx: ComponentContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.reconcileGuarded(key));
    this.queue.paused = true;
  }

  /** Register informer handlers and indexes (called once, on first start). */
  protected abstract register(): void;
  protected abstract reconcile(key: string): ReturnType<Reconcile>;

  private reconcileGuarded(key: string): ReturnType<Reconcile> {
    if (!this.running) {
      // Stopped mid-drain: keep the key (the queue is paused) for when we start again.
      this.queue.add(key);
      return 'done';
    }
    return this.reconcile(key);
  }

  /**
   * A dependent's status changed (readiness, not existence): resync soon rather than at once
   * when the owner has many dependents, so a set of thousands of pods is recounted a few
   * times per simulated second instead of once per pod update.
   */
  protected enqueueStatusChange(key: string, dependents: number): void {
    if (dependents <= STATUS_COALESCE_THRESHOLD) this.queue.add(key);
    else this.queue.addAfter(key, Math.min(1000, Math.ceil(dependents / 5)));
  }

  start(): void {
    if (!this.registered) {
      this.registered = true;
      this.register();
    }
    this.running = true;
    this.queue.resume();
  }

  stop(): void {
    this.running = false;
    this.queue.paused = true;
  }
}
