/**
 * external-attacher (kubernetes-csi/external-attacher), the csi-attacher sidecar of a driver's
 * controller pod: for each VolumeAttachment naming its driver it adds its finalizer, calls
 * ControllerPublishVolume and sets status.attached; for a deleted one it calls
 * ControllerUnpublishVolume and removes the finalizer. Only while a controller pod runs.
 */
import type { Component, ComponentContext } from '../component.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { WorkQueue } from '../apiserver/workqueue.js';
import type { SeededRandom } from '../random.js';
import { errorMessage, isNotFound } from '../controllers/util.js';
import type { CsiDriverDef } from './drivers.js';
import type { DriverPods } from './driver-pods.js';
import { serviceAccountUser } from './identity.js';

export function attacherFinalizer(driver: string): string {
  return `external-attacher/${driver.replace(/\./g, '-')}`;
}

export class ExternalAttacher implements Component {
  readonly name: string;
  private isRunning = false;
  private queue: WorkQueue;
  private client: Client;
  private vas: Informer<KObject>;
  private csiNodes: Informer<KObject>;
  private random: SeededRandom;
  private inFlight = new Set<string>();
  private finalizer: string;

  constructor(private readonly ctx: ComponentContext, readonly def: CsiDriverDef, private readonly pods: DriverPods) {
    this.name = `csi-attacher/${def.name}`;
    this.finalizer = attacherFinalizer(def.name);
    this.client = ctx.client(serviceAccountUser(def.namespace, def.controller!.serviceAccount), 'csi-attacher/v4.7.0');
    this.vas = ctx.informers.for('volumeattachments');
    this.csiNodes = ctx.informers.for('csinodes');
    this.random = ctx.random.fork(this.name);
    this.queue = new WorkQueue(ctx.clock, (key) => this.reconcile(key));
    this.queue.paused = true;
    const changed = (va: KObject): void => {
      if (va.spec?.attacher === def.name) this.queue.add(va.metadata.name);
    };
    this.vas.on({ add: changed, update: (_o, va) => changed(va) });
    // A node plugin registering gives the attacher the node ID it was missing.
    this.csiNodes.on({
      update: (_o, n) => {
        for (const va of this.vas.list()) if (va.spec?.nodeName === n.metadata.name && va.status?.attachError) changed(va);
      },
    });
    pods.onChange((node) => {
      if (node !== undefined || !pods.controllerRunning()) return;
      for (const va of this.vas.list()) changed(va);
    });
  }

  get running(): boolean {
    return this.isRunning;
  }

  start(): void {
    this.isRunning = true;
    this.queue.resume();
  }

  stop(): void {
    this.isRunning = false;
    this.queue.paused = true;
  }

  private reconcile(name: string): 'done' | 'retry' {
    if (!this.isRunning || !this.pods.controllerRunning()) return 'done';
    const va = this.vas.getByName(undefined, name);
    if (!va || this.inFlight.has(name)) return 'done';
    const finalizers: string[] = va.metadata.finalizers ?? [];
    try {
      if (va.metadata.deletionTimestamp) {
        if (!finalizers.includes(this.finalizer)) return 'done';
        this.later(name, () => {
          const now = this.vas.getByName(undefined, name);
          if (!now) return;
          this.client.update({ ...now, metadata: { ...now.metadata, finalizers: (now.metadata.finalizers ?? []).filter((f) => f !== this.finalizer) } });
        });
        return 'done';
      }
      if (va.status?.attached) return 'done';
      if (!finalizers.includes(this.finalizer)) {
        this.client.update({ ...va, metadata: { ...va.metadata, finalizers: [...finalizers, this.finalizer] } });
        return 'done';
      }
      // ControllerPublishVolume needs the node's ID for this driver, from its CSINode.
      const nodeName: string = va.spec?.nodeName;
      const drivers: Array<{ name: string }> | undefined = this.csiNodes.getByName(undefined, nodeName)?.spec?.drivers;
      if (!drivers?.some((d) => d.name === this.def.name)) {
        const message = drivers ? `CSINode ${nodeName} does not contain driver ${this.def.name}` : `csinode.storage.k8s.io "${nodeName}" not found`;
        if (va.status?.attachError?.message !== message) {
          this.client.updateStatus({ ...va, status: { attached: false, attachError: { message, time: this.ctx.clock.isoNow() } } });
        }
        return 'done';
      }
      this.later(name, () => {
        const now = this.vas.getByName(undefined, name);
        if (!now || now.metadata.deletionTimestamp || now.status?.attached) return;
        const devicePath = this.def.name.startsWith('ebs.') ? `/dev/xvd${String.fromCharCode(97 + this.random.int(26))}${String.fromCharCode(97 + this.random.int(26))}` : undefined;
        this.client.updateStatus({ ...now, status: { attached: true, ...(devicePath ? { attachmentMetadata: { devicePath } } : {}) } });
      });
      return 'done';
    } catch (err) {
      if (isNotFound(err)) return 'done';
      this.queue.errors.push(errorMessage(err));
      return 'retry';
    }
  }

  /** ControllerPublish/Unpublish take attachMs; the result is written if the sidecar still runs. */
  private later(name: string, fn: () => void): void {
    this.inFlight.add(name);
    this.ctx.clock.setTimeout(() => {
      this.inFlight.delete(name);
      if (!this.isRunning || !this.pods.controllerRunning()) return;
      try {
        fn();
      } catch (err) {
        if (!isNotFound(err)) this.queue.errors.push(errorMessage(err));
        this.queue.addRateLimited(name);
      }
    }, this.def.attachMs);
  }
}
