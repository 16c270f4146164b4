/**
 * The pvc-protection and pv-protection controllers of kube-controller-manager: a claim being
 * deleted keeps its kubernetes.io/pvc-protection finalizer (and stays Terminating) while a
 * scheduled pod that is not finished still uses it; a volume being deleted keeps kubernetes.io/pv-protection
 * while it is Bound. Otherwise the finalizer goes and the object with it.
 */
import type { ComponentContext } from '../component.js';
import type { KObject, Pod } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import { QueueController } from '../controllers/controller.js';
import { errorMessage, isNotFound, isPodTerminal } from '../controllers/util.js';
import { POD_CLAIM_INDEX, addPodClaimIndex, podClaims } from './pv-controller.js';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';

class ProtectionController extends QueueController {
  readonly name = 'storage-protection';
  private client: Client;
  private pvcs: Informer<KObject>;
  private pvs: Informer<KObject>;
  private pods: Informer<Pod>;

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (linux/amd64) kubernetes/pvc-protection-controller');
    this.pvcs = ctx.informers.for('persistentvolumeclaims');
    this.pvs = ctx.informers.for('persistentvolumes');
    this.pods = ctx.informers.for<Pod>('pods');
  }

  protected register(): void {
    addPodClaimIndex(this.pods);
    const claim = (c: KObject): void => {
      if (c.metadata.deletionTimestamp) this.queue.add(`pvc:${c.metadata.namespace}/${c.metadata.name}`);
    };
    this.pvcs.on({ add: claim, update: (_o, c) => claim(c) });
    const volume = (v: KObject): void => {
      if (v.metadata.deletionTimestamp) this.queue.add(`pv:${v.metadata.name}`);
    };
    this.pvs.on({ add: volume, update: (_o, v) => volume(v) });
    // A pod finishing or going away may release a claim being deleted.
    const pod = (p: Pod): void => {
      const claims = podClaims(p);
      if (!claims) return;
      for (const k of claims) {
        const [ns, name] = k.split('/') as [string, string];
        if (this.pvcs.getByName(ns, name)?.metadata.deletionTimestamp) this.queue.add(`pvc:${k}`);
      }
    };
    this.pods.on({ update: (o, p) => p.spec.volumes && isPodTerminal(p) !== isPodTerminal(o) && pod(p), delete: pod });
  }

  protected reconcile(key: string): 'done' | 'retry' {
    try {
      if (key.startsWith('pvc:')) {
        const [ns, name] = key.slice(4).split('/') as [string, string];
        const pvc = this.pvcs.getByName(ns, name);
        if (!pvc?.metadata.deletionTimestamp || !pvc.metadata.finalizers?.includes(PVC_PROTECTION)) return 'done';
        // A pod not scheduled yet does not use the claim (pvc_protection_controller podUsesPVC).
        const inUse = [...this.pods.byIndex(POD_CLAIM_INDEX, `${ns}/${name}`)].some((p) => !!p.spec.nodeName && !isPodTerminal(p));
        if (!inUse) this.drop(pvc, PVC_PROTECTION);
      } else {
        const pv = this.pvs.getByName(undefined, key.slice(3));
        if (!pv?.metadata.deletionTimestamp || !pv.metadata.finalizers?.includes(PV_PROTECTION)) return 'done';
        if (pv.status?.phase !== 'Bound') this.drop(pv, PV_PROTECTION);
      }
      return 'done';
    } catch (err) {
      if (isNotFound(err)) return 'done';
      this.queue.errors.push(errorMessage(err));
      return 'retry';
    }
  }

  private drop(obj: KObject, finalizer: string): void {
    this.client.update({ ...obj, metadata: { ...obj.metadata, finalizers: (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer) } });
  }
}

export function createStorageProtectionController(ctx: ComponentContext): QueueController {
  return new ProtectionController(ctx);
}
