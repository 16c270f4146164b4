/**
 * The attach/detach controller ("attachdetach-controller" in kube-controller-manager,
 * pkg/controller/volume/attachdetach): for every CSI volume a scheduled pod uses, the volume
 * must be attached to the pod's node. For CSI that means a VolumeAttachment object, which the
 * driver's external-attacher acts on (ControllerPublishVolume). A ReadWriteOnce volume attached
 * to one node is not attached to a second: the pods there get the Multi-Attach error. When no
 * pod on a node uses the volume any more, the VolumeAttachment is deleted (detach).
 */
import { createHash } from 'node:crypto';
import type { ComponentContext } from '../component.js';
import type { KObject, Pod } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { EventRecorder } from '../apiserver/events.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import { QueueController } from '../controllers/controller.js';
import { errorMessage, isAlreadyExists, isNotFound, isPodTerminal } from '../controllers/util.js';
import { POD_CLAIM_INDEX, addPodClaimIndex, podClaims } from './pv-controller.js';

/** How long the CSI attacher waits for the external-attacher (csiTimeout). */
export const ATTACH_TIMEOUT_MS = 2 * 60_000;
export const VA_BY_PV_INDEX = 'storage.pv';

/** The VolumeAttachment name the CSI attacher uses: csi-sha256(volumeHandle + driver + node). */
export function attachmentName(volumeHandle: string, driver: string, node: string): string {
  return `csi-${createHash('sha256').update(`${volumeHandle}${driver}${node}`).digest('hex')}`;
}

/** Whether a driver needs ControllerPublish (CSIDriver attachRequired; true when no CSIDriver object). */
export function attachRequired(csiDrivers: Informer<KObject>, driver: string): boolean {
  const d = csiDrivers.getByName(undefined, driver);
  return d ? d.spec?.attachRequired !== false : true;
}

/** A volume that only one node may attach (no ReadWriteMany / ReadOnlyMany). */
export function singleNode(pv: KObject): boolean {
  const modes: string[] = pv.spec?.accessModes ?? [];
  return !modes.includes('ReadWriteMany') && !modes.includes('ReadOnlyMany');
}

export function volumeMsg(prefix: string, pvName: string, suffix: string): string {
  return `${prefix} for volume ${JSON.stringify(pvName)} ${suffix}`;
}

function holdsVolume(p: Pod): boolean {
  return !!p.spec.nodeName && !isPodTerminal(p);
}

class AttachDetachController extends QueueController {
  readonly name = 'attachdetach';
  private client: Client;
  private recorder: EventRecorder;
  private pods: Informer<Pod>;
  private pvcs: Informer<KObject>;
  private pvs: Informer<KObject>;
  private vas: Informer<KObject>;
  private csiDrivers: Informer<KObject>;
  /** Events already given, so a pod gets each message once per condition. */
  private told = new Set<string>();
  private timers = new Map<string, number>();

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (linux/amd64) kubernetes/attachdetach-controller');
    this.recorder = ctx.recorder('attachdetach-controller');
    this.pods = ctx.informers.for<Pod>('pods');
    this.pvcs = ctx.informers.for('persistentvolumeclaims');
    this.pvs = ctx.informers.for('persistentvolumes');
    this.vas = ctx.informers.for('volumeattachments');
    this.csiDrivers = ctx.informers.for('csidrivers');
  }

  protected register(): void {
    addPodClaimIndex(this.pods);
    this.vas.addIndex(VA_BY_PV_INDEX, (va) => va.spec?.source?.persistentVolumeName);
    const podChanged = (p: Pod): void => {
      const claims = podClaims(p);
      if (!claims || !p.spec.nodeName) return;
      for (const key of claims) {
        const [ns, name] = key.split('/') as [string, string];
        const vol = this.pvcs.getByName(ns, name)?.spec?.volumeName;
        if (vol) this.queue.add(vol);
      }
    };
    this.pods.on({
      add: podChanged,
      update: (o, p) => {
        if (!p.spec.volumes) return;
        if (o.spec.nodeName !== p.spec.nodeName || holdsVolume(o) !== holdsVolume(p)) podChanged(p);
      },
      delete: podChanged,
    });
    this.pvcs.on({
      update: (o, c) => {
        if (c.spec?.volumeName && o.status?.phase !== c.status?.phase) this.queue.add(c.spec.volumeName);
      },
    });
    const vaChanged = (va: KObject): void => {
      const pv = va.spec?.source?.persistentVolumeName;
      if (pv) this.queue.add(pv);
    };
    this.vas.on({
      add: vaChanged,
      update: (o, va) => {
        vaChanged(va);
        const err: string | undefined = va.status?.attachError?.message;
        if (err && err !== o.status?.attachError?.message && this.running) this.attachFailed(va, err);
      },
      delete: vaChanged,
    });
    this.pvs.on({ delete: (pv) => this.queue.add(pv.metadata.name) });
  }

  protected reconcile(pvName: string): 'done' | 'retry' {
    try {
      this.sync(pvName);
      return 'done';
    } catch (err) {
      if (isNotFound(err) || isAlreadyExists(err)) return 'done';
      this.queue.errors.push(errorMessage(err));
      return 'retry';
    }
  }

  private sync(pvName: string): void {
    const pv = this.pvs.getByName(undefined, pvName);
    const existing = [...this.vas.byIndex(VA_BY_PV_INDEX, pvName)];
    const csi = pv?.spec?.csi;
    // Desired state: the nodes whose pods use this volume, oldest pod first.
    const byNode = new Map<string, Pod[]>();
    const ref = pv?.spec?.claimRef;
    if (pv && csi && ref?.name && attachRequired(this.csiDrivers, csi.driver)) {
      const pvc = this.pvcs.getByName(ref.namespace, ref.name);
      if (pvc && pvc.spec?.volumeName === pvName) {
        const users = [...this.pods.byIndex(POD_CLAIM_INDEX, `${ref.namespace}/${ref.name}`)].filter(holdsVolume);
        users.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name.localeCompare(b.metadata.name));
        for (const p of users) {
          const list = byNode.get(p.spec.nodeName!);
          if (list) list.push(p);
          else byNode.set(p.spec.nodeName!, [p]);
        }
      }
    }
    // Detach what no pod needs any more.
    for (const va of existing) {
      if (!byNode.has(va.spec?.nodeName) && !va.metadata.deletionTimestamp) {
        this.client.delete('volumeattachments', undefined, va.metadata.name);
        this.clearTimer(va.metadata.name);
      }
    }
    if (!pv || !csi || byNode.size === 0) return;
    const live = existing.filter((va) => byNode.has(va.spec?.nodeName) || !!va.metadata.deletionTimestamp);
    const attachedNodes = new Set(live.map((va) => va.spec?.nodeName as string));
    for (const [node, pods] of byNode) {
      if (attachedNodes.has(node)) {
        const va = live.find((v) => v.spec?.nodeName === node && !v.metadata.deletionTimestamp);
        if (va?.status?.attached) this.attached(pvName, pods);
        continue;
      }
      if (singleNode(pv) && attachedNodes.size > 0) {
        this.multiAttach(pvName, pods, [...attachedNodes], byNode);
        continue;
      }
      const name = attachmentName(csi.volumeHandle, csi.driver, node);
      this.client.create({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'VolumeAttachment',
        metadata: { name },
        spec: { attacher: csi.driver, nodeName: node, source: { persistentVolumeName: pvName } },
        status: { attached: false },
      });
      attachedNodes.add(node);
      this.armTimeout(name, pvName, csi.driver, csi.volumeHandle, node);
    }
  }

  private attached(pvName: string, pods: Pod[]): void {
    for (const p of pods) {
      const key = `ok/${p.metadata.uid}/${pvName}`;
      if (this.told.has(key)) continue;
      this.told.add(key);
      this.recorder.normal(p, 'SuccessfulAttachVolume', volumeMsg('AttachVolume.Attach succeeded', pvName, ''));
    }
  }

  /** reportMultiAttachError: name the pods in the same namespace that hold the volume elsewhere. */
  private multiAttach(pvName: string, pods: Pod[], otherNodes: string[], byNode: Map<string, Pod[]>): void {
    const holders = otherNodes.flatMap((n) => byNode.get(n) ?? []);
    for (const p of pods) {
      const key = `multi/${p.metadata.uid}/${pvName}`;
      if (this.told.has(key)) continue;
      this.told.add(key);
      let msg: string;
      if (holders.length === 0) msg = "Volume is already exclusively attached to one node and can't be attached to another";
      else {
        const local = holders.filter((h) => h.metadata.namespace === p.metadata.namespace).map((h) => h.metadata.name);
        const others = holders.length - local.length;
        if (local.length > 0) msg = `Volume is already used by pod(s) ${local.join(', ')}${others > 0 ? ` and ${others} pod(s) in different namespaces` : ''}`;
        else msg = `Volume is already used by ${others} pod(s) in different namespaces`;
      }
      this.recorder.warning(p, 'FailedAttachVolume', volumeMsg('Multi-Attach error', pvName, msg));
    }
  }

  /** The external-attacher reported an error: the attach operation fails with it at once. */
  private attachFailed(va: KObject, err: string): void {
    const pvName: string = va.spec?.source?.persistentVolumeName;
    const ref = this.pvs.getByName(undefined, pvName)?.spec?.claimRef;
    if (!ref) return;
    for (const p of this.pods.byIndex(POD_CLAIM_INDEX, `${ref.namespace}/${ref.name}`)) {
      if (holdsVolume(p) && p.spec.nodeName === va.spec?.nodeName) this.recorder.warning(p, 'FailedAttachVolume', volumeMsg('AttachVolume.Attach failed', pvName, `: ${err}`));
    }
  }

  /** The CSI attacher gives up waiting for the external-attacher after csiTimeout, then retries. */
  private armTimeout(vaName: string, pvName: string, driver: string, handle: string, node: string): void {
    this.clearTimer(vaName);
    const timer = this.ctx.clock.setTimeout(() => {
      this.timers.delete(vaName);
      const va = this.vas.getByName(undefined, vaName);
      if (!va || va.status?.attached || va.metadata.deletionTimestamp) return;
      if (this.running) {
        const pv = this.pvs.getByName(undefined, pvName);
        const ref = pv?.spec?.claimRef;
        const pods = ref ? [...this.pods.byIndex(POD_CLAIM_INDEX, `${ref.namespace}/${ref.name}`)].filter((p) => holdsVolume(p) && p.spec.nodeName === node) : [];
        const err = va.status?.attachError?.message ?? `timed out waiting for external-attacher of ${driver} CSI driver to attach volume ${handle}`;
        for (const p of pods) this.recorder.warning(p, 'FailedAttachVolume', volumeMsg('AttachVolume.Attach failed', pvName, `: ${err}`));
      }
      this.armTimeout(vaName, pvName, driver, handle, node);
    }, ATTACH_TIMEOUT_MS);
    this.timers.set(vaName, timer);
  }

  private clearTimer(vaName: string): void {
    const t = this.timers.get(vaName);
    if (t !== undefined) this.ctx.clock.clear(t);
    this.timers.delete(vaName);
  }
}

export function createAttachDetachController(ctx: ComponentContext): QueueController {
  return new AttachDetachController(ctx);
}
