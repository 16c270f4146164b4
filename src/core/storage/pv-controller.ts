/**
 * The PersistentVolume controller ("persistentvolume-binder" in kube-controller-manager,
 * pkg/controller/volume/persistentvolume): binds claims to matching volumes, hands dynamic
 * provisioning to the external provisioner named by the claim's StorageClass (it only
 * annotates the claim and says so in an event), waits for a first consumer when the class
 * asks for it, and releases volumes whose claim is gone. Unbound claims are resynced every
 * 15 s (--pvclaimbinder-sync-period), so their events repeat like the real ones.
 */
import type { ComponentContext } from '../component.js';
import type { KObject, Pod } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { EventRecorder } from '../apiserver/events.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import { QueueController } from '../controllers/controller.js';
import { errorMessage, isNotFound } from '../controllers/util.js';
import { quantityValue } from '../api/quantity.js';
import { compileTerms } from '../scheduler/nodeselector.js';
import { matches, selectorFromLabelSelector } from '../api/labels.js';

export const SYNC_PERIOD_MS = 15_000;
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
/** Index of pods by the claims their volumes name ("ns/claim"). */
export const POD_CLAIM_INDEX = 'storage.claims';

export const MSG_NO_CLASS = 'no persistent volumes available for this claim and no storage class is set';
export const MSG_WAIT_FIRST_CONSUMER = 'waiting for first consumer to be created before binding';

export function externalProvisioningMessage(provisioner: string): string {
  return `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
}

export function claimClass(pvc: KObject): string {
  return pvc.spec?.storageClassName ?? pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
}

/** Claims a pod's volumes name (persistentVolumeClaim and generic ephemeral volumes). */
export function podClaims(pod: Pod): string[] | undefined {
  const vols = pod.spec?.volumes;
  if (!vols) return undefined;
  let out: string[] | undefined;
  for (const v of vols) {
    const name = v.persistentVolumeClaim?.claimName ?? (v.ephemeral ? `${pod.metadata.name}-${v.name}` : undefined);
    if (name) (out ??= []).push(`${pod.metadata.namespace}/${name}`);
  }
  return out;
}

export function addPodClaimIndex(pods: Informer<Pod>): void {
  pods.addIndex(POD_CLAIM_INDEX, podClaims);
}

function modesOf(o: KObject): string[] {
  return o.spec?.accessModes ?? [];
}

class PersistentVolumeController extends QueueController {
  readonly name = 'persistentvolume-binder';
  private client: Client;
  private recorder: EventRecorder;
  private pvcs: Informer<KObject>;
  private pvs: Informer<KObject>;
  private classes: Informer<KObject>;
  private nodes: Informer<KObject>;
  private pods: Informer<Pod>;
  /** Claims not bound yet: resynced every period (no sweep over bound claims). */
  private unbound = new Set<string>();
  private resync?: number;

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (linux/amd64) kubernetes/persistent-volume-binder');
    this.recorder = ctx.recorder('persistentvolume-controller');
    this.pvcs = ctx.informers.for('persistentvolumeclaims');
    this.pvs = ctx.informers.for('persistentvolumes');
    this.classes = ctx.informers.for('storageclasses');
    this.nodes = ctx.informers.for('nodes');
    this.pods = ctx.informers.for<Pod>('pods');
  }

  protected register(): void {
    addPodClaimIndex(this.pods);
    this.pvcs.on({
      add: (c) => this.queue.add(`claim:${c.metadata.namespace}/${c.metadata.name}`),
      update: (_o, c) => this.queue.add(`claim:${c.metadata.namespace}/${c.metadata.name}`),
      delete: (c) => {
        this.unbound.delete(`${c.metadata.namespace}/${c.metadata.name}`);
        if (c.spec?.volumeName) this.queue.add(`volume:${c.spec.volumeName}`);
      },
    });
    this.pvs.on({
      add: (v) => {
        this.queue.add(`volume:${v.metadata.name}`);
        // A new volume may fit a waiting claim: match now rather than at the next resync.
        if (!v.spec?.claimRef) this.resyncUnbound();
      },
      update: (_o, v) => this.queue.add(`volume:${v.metadata.name}`),
      delete: (v) => {
        const ref = v.spec?.claimRef;
        if (ref?.name) this.queue.add(`claim:${ref.namespace}/${ref.name}`);
      },
    });
    // A new class may make a waiting claim provisionable.
    this.classes.on({ add: () => this.resyncUnbound() });
  }

  override start(): void {
    super.start();
    this.scheduleResync();
  }

  override stop(): void {
    super.stop();
    this.ctx.clock.clear(this.resync);
    this.resync = undefined;
  }

  private scheduleResync(): void {
    if (this.resync !== undefined) return;
    this.resync = this.ctx.clock.setInterval(() => {
      if (this.running) this.resyncUnbound();
    }, SYNC_PERIOD_MS);
  }

  private resyncUnbound(): void {
    for (const k of this.unbound) this.queue.add(`claim:${k}`);
  }

  protected reconcile(key: string): 'done' | 'retry' {
    try {
      if (key.startsWith('claim:')) this.syncClaim(key.slice(6));
      else this.syncVolume(key.slice(7));
      return 'done';
    } catch (err) {
      if (isNotFound(err)) return 'done';
      this.queue.errors.push(errorMessage(err));
      return 'retry';
    }
  }

  // ------------------------------------------------------------------ claims

  private syncClaim(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const pvc = this.pvcs.getByName(ns, name);
    if (!pvc) {
      this.unbound.delete(key);
      return;
    }
    const volumeName: string | undefined = pvc.spec?.volumeName;
    if (!volumeName) {
      this.unbound.add(key);
      this.syncUnboundClaim(pvc);
      return;
    }
    const pv = this.pvs.getByName(undefined, volumeName);
    if (!pv) {
      if (pvc.status?.phase === 'Bound') {
        this.recorder.warning(pvc, 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
        this.setClaimPhase(pvc, 'Lost');
        this.unbound.delete(key);
      } else {
        this.unbound.add(key);
        this.setClaimPhase(pvc, 'Pending');
      }
      return;
    }
    const ref = pv.spec?.claimRef;
    if (!ref || (ref.namespace === ns && ref.name === name && (!ref.uid || ref.uid === pvc.metadata.uid))) {
      this.bind(pv, pvc);
      this.unbound.delete(key);
    } else {
      // The user asked for a volume that another claim holds.
      this.unbound.add(key);
      this.recorder.warning(pvc, 'FailedBinding', 'volume "' + volumeName + '" already bound to a different claim.');
      this.setClaimPhase(pvc, 'Pending');
    }
  }

  private syncUnboundClaim(pvc: KObject): void {
    const className = claimClass(pvc);
    const sc = className ? this.classes.getByName(undefined, className) : undefined;
    const delay = sc?.volumeBindingMode === 'WaitForFirstConsumer';
    const selected: string | undefined = pvc.metadata.annotations?.[ANN_SELECTED_NODE];
    const pv = this.findMatch(pvc, className, delay, selected);
    if (pv) {
      this.bind(pv, pvc);
      this.unbound.delete(`${pvc.metadata.namespace}/${pvc.metadata.name}`);
      return;
    }
    if (delay && !selected) {
      const waiting = [...this.pods.byIndex(POD_CLAIM_INDEX, `${pvc.metadata.namespace}/${pvc.metadata.name}`)]
        .filter((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp)
        .map((p) => p.metadata.name)
        .sort();
      if (waiting.length === 0) this.recorder.normal(pvc, 'WaitForFirstConsumer', MSG_WAIT_FIRST_CONSUMER);
      else if (waiting.length === 1) this.recorder.normal(pvc, 'WaitForPodScheduled', `waiting for pod ${waiting[0]} to be scheduled`);
      else this.recorder.normal(pvc, 'WaitForPodScheduled', `waiting for pods ${waiting.join(',')} to be scheduled`);
    } else if (className !== '') {
      this.provision(pvc, className, sc);
    } else {
      this.recorder.normal(pvc, 'FailedBinding', MSG_NO_CLASS);
    }
    this.setClaimPhase(pvc, 'Pending');
  }

  /** provisionClaim: in-tree plugins are gone; anything else is an external provisioner's job. */
  private provision(pvc: KObject, className: string, sc: KObject | undefined): void {
    if (!sc) {
      this.recorder.warning(pvc, 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
      return;
    }
    const provisioner: string = sc.provisioner ?? '';
    if (provisioner.startsWith('kubernetes.io/')) {
      this.recorder.warning(pvc, 'ProvisioningFailed', `no volume plugin matched name: ${provisioner}`);
      return;
    }
    const ann = pvc.metadata.annotations ?? {};
    let claim = pvc;
    if (ann[ANN_STORAGE_PROVISIONER] !== provisioner || ann[ANN_BETA_STORAGE_PROVISIONER] !== provisioner) {
      claim = this.client.patch('persistentvolumeclaims', pvc.metadata.namespace, pvc.metadata.name, {
        metadata: { annotations: { [ANN_STORAGE_PROVISIONER]: provisioner, [ANN_BETA_STORAGE_PROVISIONER]: provisioner } },
      }, 'merge');
    }
    this.recorder.normal(claim, 'ExternalProvisioning', externalProvisioningMessage(provisioner));
  }

  /** findBestMatchForClaim: a volume pre-bound to the claim, else the smallest that fits. */
  private findMatch(pvc: KObject, className: string, delay: boolean, selectedNode: string | undefined): KObject | undefined {
    const want = quantityValue(pvc.spec?.resources?.requests?.storage ?? '0');
    const modes = modesOf(pvc);
    const mode = pvc.spec?.volumeMode ?? 'Filesystem';
    const selector = pvc.spec?.selector ? selectorFromLabelSelector(pvc.spec.selector) : undefined;
    const node = selectedNode ? this.nodes.getByName(undefined, selectedNode) : undefined;
    let best: KObject | undefined;
    let bestSize = Infinity;
    for (const pv of this.pvs.list()) {
      if (pv.metadata.deletionTimestamp) continue;
      const ref = pv.spec?.claimRef;
      const preBound = !!ref && ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name && (!ref.uid || ref.uid === pvc.metadata.uid);
      if (ref && !preBound) continue;
      if ((pv.spec?.storageClassName ?? '') !== className) continue;
      if ((pv.spec?.volumeMode ?? 'Filesystem') !== mode) continue;
      const size = quantityValue(pv.spec?.capacity?.storage ?? '0');
      if (size < want) continue;
      const pvModes = modesOf(pv);
      if (!modes.every((m) => pvModes.includes(m))) continue;
      if (selector && !matches(selector, pv.metadata.labels ?? {})) continue;
      if (preBound) return pv;
      if (pv.status?.phase && pv.status.phase !== 'Available' && pv.status.phase !== 'Pending') continue;
      if (delay) {
        // Unbound volumes of a delayed class are matched on the node the scheduler chose.
        if (!node) continue;
        const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
        if (Array.isArray(terms) && !compileTerms(terms)(node.metadata.labels ?? {}, node.metadata.name)) continue;
      }
      if (size < bestSize) {
        best = pv;
        bestSize = size;
      }
    }
    return best;
  }

  private bind(pv: KObject, pvc: KObject): void {
    let volume = pv;
    const ref = pv.spec?.claimRef;
    if (!ref || ref.uid !== pvc.metadata.uid) {
      volume = this.client.update({
        ...pv,
        metadata: { ...pv.metadata, annotations: { ...pv.metadata.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' } },
        spec: {
          ...pv.spec,
          claimRef: { kind: 'PersistentVolumeClaim', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid, apiVersion: 'v1', resourceVersion: pvc.metadata.resourceVersion },
        },
      });
    }
    if (volume.status?.phase !== 'Bound') volume = this.client.updateStatus({ ...volume, status: { ...volume.status, phase: 'Bound' } });
    let claim = pvc;
    const ann = pvc.metadata.annotations ?? {};
    if (pvc.spec?.volumeName !== pv.metadata.name || ann[ANN_BIND_COMPLETED] !== 'yes') {
      const byController = pvc.spec?.volumeName !== pv.metadata.name;
      claim = this.client.update({
        ...pvc,
        metadata: { ...pvc.metadata, annotations: { ...ann, [ANN_BIND_COMPLETED]: 'yes', ...(byController ? { [ANN_BOUND_BY_CONTROLLER]: 'yes' } : {}) } },
        spec: { ...pvc.spec, volumeName: pv.metadata.name },
      });
    }
    if (claim.status?.phase !== 'Bound') {
      this.client.updateStatus({
        ...claim,
        status: { ...claim.status, phase: 'Bound', accessModes: volume.spec?.accessModes ?? [], capacity: { ...(volume.spec?.capacity ?? {}) } },
      });
    }
  }

  private setClaimPhase(pvc: KObject, phase: string): void {
    if (pvc.status?.phase === phase) return;
    this.client.updateStatus({ ...pvc, status: { ...pvc.status, phase } });
  }

  // ------------------------------------------------------------------ volumes

  private syncVolume(name: string): void {
    const pv = this.pvs.getByName(undefined, name);
    if (!pv) return;
    const ref = pv.spec?.claimRef;
    if (!ref?.name) {
      if (pv.status?.phase !== 'Available') this.setVolumePhase(pv, 'Available');
      return;
    }
    const pvc = this.pvcs.getByName(ref.namespace, ref.name);
    if (pvc && (!ref.uid || pvc.metadata.uid === ref.uid)) {
      if (pvc.spec?.volumeName !== name || pvc.status?.phase !== 'Bound') {
        this.queue.add(`claim:${ref.namespace}/${ref.name}`);
        if (!pv.status?.phase || pv.status.phase === 'Pending') this.setVolumePhase(pv, 'Available');
      } else if (pv.status?.phase !== 'Bound') this.setVolumePhase(pv, 'Bound');
      return;
    }
    if (!ref.uid) {
      // Pre-bound by an administrator to a claim that does not exist yet.
      if (pv.status?.phase !== 'Available') this.setVolumePhase(pv, 'Available');
      return;
    }
    // The claim is gone: the volume is Released; reclaiming Delete volumes is the provisioner's job.
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') this.setVolumePhase(pv, 'Released');
  }

  private setVolumePhase(pv: KObject, phase: string): void {
    this.client.updateStatus({ ...pv, status: { ...pv.status, phase } });
  }
}

export function createPersistentVolumeController(ctx: ComponentContext): QueueController {
  return new PersistentVolumeController(ctx);
}
