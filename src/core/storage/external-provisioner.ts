/**
 * external-provisioner (kubernetes-csi/external-provisioner), the csi-provisioner sidecar of a
 * driver's controller pod: picks up claims the PV controller annotated with its driver name
 * (volume.kubernetes.io/storage-provisioner), waits for the scheduler's selected node when the
 * class is WaitForFirstConsumer, calls CreateVolume and creates the PersistentVolume pre-bound
 * to the claim; for Released volumes with reclaimPolicy Delete it calls DeleteVolume and deletes
 * the PV. Works only while a controller pod of the driver runs (the leader).
 */
import type { Component, ComponentContext } from '../component.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { EventRecorder } from '../apiserver/events.js';
import type { Informer } from '../apiserver/informer.js';
import { WorkQueue } from '../apiserver/workqueue.js';
import { quantityValue } from '../api/quantity.js';
import type { SeededRandom } from '../random.js';
import { errorMessage, isAlreadyExists, isNotFound } from '../controllers/util.js';
import { ANN_PROVISIONED_BY, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, ANN_BETA_STORAGE_PROVISIONER, claimClass } from './pv-controller.js';
import type { CsiDriverDef } from './drivers.js';
import type { DriverPods } from './driver-pods.js';
import { serviceAccountUser } from './identity.js';

const GiB = 1024 ** 3;
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export function provisionedVolumeName(pvc: KObject): string {
  return `pvc-${pvc.metadata.uid}`;
}

export class ExternalProvisioner implements Component {
  readonly name: string;
  private isRunning = false;
  private queue: WorkQueue;
  private client: Client;
  private pvcs: Informer<KObject>;
  private pvs: Informer<KObject>;
  private classes: Informer<KObject>;
  private nodes: Informer<KObject>;
  private random: SeededRandom;
  private recorders = new Map<string, EventRecorder>();
  /** Claims handed to this driver and not yet provisioned (retried when the controller starts). */
  private claims = new Set<string>();
  private inFlight = new Set<string>();
  private identity: string;

  constructor(private readonly ctx: ComponentContext, readonly def: CsiDriverDef, private readonly pods: DriverPods) {
    this.name = `csi-provisioner/${def.name}`;
    this.client = ctx.client(serviceAccountUser(def.namespace, def.controller!.serviceAccount), `csi-provisioner/v5.1.0`);
    this.pvcs = ctx.informers.for('persistentvolumeclaims');
    this.pvs = ctx.informers.for('persistentvolumes');
    this.classes = ctx.informers.for('storageclasses');
    this.nodes = ctx.informers.for('nodes');
    this.random = ctx.random.fork(this.name);
    this.identity = `${ctx.clock.now()}-${1000 + this.random.int(9000)}-${def.name}`;
    this.queue = new WorkQueue(ctx.clock, (key) => this.reconcile(key));
    this.queue.paused = true;
    const mine = (c: KObject): boolean => c.metadata.annotations?.[ANN_STORAGE_PROVISIONER] === def.name || c.metadata.annotations?.[ANN_BETA_STORAGE_PROVISIONER] === def.name;
    this.pvcs.on({
      add: (c) => mine(c) && this.enqueueClaim(c),
      update: (_o, c) => mine(c) && this.enqueueClaim(c),
      delete: (c) => this.claims.delete(`claim:${c.metadata.namespace}/${c.metadata.name}`),
    });
    const released = (v: KObject): void => {
      if (v.metadata.annotations?.[ANN_PROVISIONED_BY] === def.name && v.status?.phase === 'Released' && v.spec?.persistentVolumeReclaimPolicy === 'Delete' && !v.metadata.deletionTimestamp) {
        this.claims.add(`volume:${v.metadata.name}`);
        this.queue.add(`volume:${v.metadata.name}`);
      }
    };
    this.pvs.on({ add: released, update: (_o, v) => released(v) });
    pods.onChange((node) => {
      if (node === undefined && this.isRunning && pods.controllerRunning()) for (const k of this.claims) this.queue.add(k);
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

  private enqueueClaim(c: KObject): void {
    if (c.spec?.volumeName) {
      this.claims.delete(`claim:${c.metadata.namespace}/${c.metadata.name}`);
      return;
    }
    const key = `claim:${c.metadata.namespace}/${c.metadata.name}`;
    this.claims.add(key);
    this.queue.add(key);
  }

  private recorder(): EventRecorder | undefined {
    const leader = this.pods.leader();
    if (!leader) return undefined;
    let r = this.recorders.get(leader.metadata.name);
    if (!r) {
      r = this.ctx.recorder(`${this.def.name}_${leader.metadata.name}_${this.random.uuid()}`);
      this.recorders.set(leader.metadata.name, r);
    }
    return r;
  }

  private reconcile(key: string): 'done' | 'retry' {
    // No controller pod runs: nothing provisions. The key waits in `claims` for a restart.
    if (!this.isRunning || !this.pods.controllerRunning()) return 'done';
    try {
      if (key.startsWith('claim:')) this.syncClaim(key);
      else this.syncVolume(key);
      return 'done';
    } catch (err) {
      if (isNotFound(err)) return 'done';
      this.queue.errors.push(errorMessage(err));
      return 'retry';
    }
  }

  private syncClaim(key: string): void {
    const [ns, name] = key.slice(6).split('/') as [string, string];
    const pvc = this.pvcs.getByName(ns, name);
    if (!pvc || pvc.spec?.volumeName || pvc.metadata.deletionTimestamp) {
      this.claims.delete(key);
      return;
    }
    if (this.inFlight.has(key)) return;
    const sc = this.classes.getByName(undefined, claimClass(pvc));
    if (!sc || sc.provisioner !== this.def.name) return;
    const selected: string | undefined = pvc.metadata.annotations?.[ANN_SELECTED_NODE];
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !selected) return;
    const pvName = provisionedVolumeName(pvc);
    if (this.pvs.getByName(undefined, pvName)) return;
    const rec = this.recorder();
    rec?.normal(pvc, 'Provisioning', `External provisioner is provisioning volume for claim "${ns}/${name}"`);
    this.inFlight.add(key);
    // CreateVolume takes a while on a real backend.
    this.ctx.clock.setTimeout(() => {
      this.inFlight.delete(key);
      if (!this.isRunning || !this.pods.controllerRunning()) return;
      const now = this.pvcs.getByName(ns, name);
      if (!now || now.metadata.uid !== pvc.metadata.uid || now.spec?.volumeName) return;
      try {
        this.client.create(this.volumeFor(now, sc, selected));
        this.claims.delete(key);
        this.recorder()?.normal(now, 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`);
      } catch (err) {
        if (isAlreadyExists(err)) this.claims.delete(key);
        else {
          this.recorder()?.warning(now, 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata.name}": ${errorMessage(err)}`);
          this.queue.addRateLimited(key);
        }
      }
    }, this.def.createMs);
  }

  private volumeFor(pvc: KObject, sc: KObject, selected: string | undefined): KObject {
    const requested = quantityValue(pvc.spec?.resources?.requests?.storage ?? '1Gi');
    // EBS allocates whole GiB (at least 1); the hostpath driver exactly what was asked.
    const storage = this.def.topology === 'zone' ? `${Math.max(1, Math.ceil(requested / GiB))}Gi` : pvc.spec?.resources?.requests?.storage ?? '1Gi';
    const handle = this.def.name.startsWith('ebs.') ? `vol-0${this.random.hex(16)}` : this.random.uuid();
    const fsType = sc.parameters?.['csi.storage.k8s.io/fstype'] ?? this.def.fsType;
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: provisionedVolumeName(pvc),
        annotations: { [ANN_PROVISIONED_BY]: this.def.name, 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' },
      },
      spec: {
        accessModes: [...(pvc.spec?.accessModes ?? ['ReadWriteOnce'])],
        capacity: { storage },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: pvc.metadata.namespace, uid: pvc.metadata.uid, resourceVersion: pvc.metadata.resourceVersion },
        csi: { driver: this.def.name, fsType, volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': this.identity }, volumeHandle: handle },
        ...this.affinity(selected),
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
      },
    };
  }

  /** Topology of the new volume: the selected node's zone (EBS) or the node itself (hostpath). */
  private affinity(selected: string | undefined): Record<string, unknown> {
    if (this.def.topology === 'none') return {};
    let node = selected ? this.nodes.getByName(undefined, selected) : undefined;
    if (!node) {
      // Immediate binding: the driver picks where the volume lives, among nodes pods may use.
      const candidates = [...this.pods.nodesWithPlugin()].filter((n) => !(this.nodes.getByName(undefined, n)?.spec?.taints ?? []).some((t: { effect: string }) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')).sort();
      const pick = candidates.length ? candidates[this.random.int(candidates.length)]! : undefined;
      node = pick ? this.nodes.getByName(undefined, pick) : undefined;
    }
    if (!node) return {};
    const [key, value] = this.def.topology === 'zone' ? [ZONE_LABEL, node.metadata.labels?.[ZONE_LABEL]] : [HOSTNAME_LABEL, node.metadata.labels?.[HOSTNAME_LABEL] ?? node.metadata.name];
    if (!value) return {};
    return { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'In', values: [value] }] }] } } };
  }

  private syncVolume(key: string): void {
    const name = key.slice(7);
    const pv = this.pvs.getByName(undefined, name);
    this.claims.delete(key);
    if (!pv || pv.metadata.deletionTimestamp || pv.status?.phase !== 'Released') return;
    // DeleteVolume, then the PV object goes.
    this.client.delete('persistentvolumes', undefined, name);
  }
}
