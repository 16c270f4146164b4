/**
 * The CSI part of the kubelet's volume manager: before a pod's containers start, each CSI
 * volume must be attached to the node (VolumeAttachment status.attached, when the driver
 * needs attaching), staged (NodeStageVolume) and published into the pod (NodePublishVolume)
 * by the driver's node plugin, which has to be registered on this node (CSINode). The answer
 * is what blocks the volume, in the kubelet's own words, or undefined when it is mounted.
 */
import type { KObject, Pod } from '../api/types.js';
import type { Informer } from '../apiserver/informer.js';
import { attachmentName, attachRequired } from './attach-detach.js';

export interface CsiLookups {
  pvs: Informer<KObject>;
  vas: Informer<KObject>;
  csiDrivers: Informer<KObject>;
  csiNodes: Informer<KObject>;
}

export type CsiWaitKind = 'persistentvolumes' | 'volumeattachments' | 'csinodes';

export interface CsiVolumeProblem {
  volume: string;
  /**
   * attach: waiting for the attach/detach controller (no event of its own);
   * device: MountDevice failed (event text in `event`); setup: SetUp failed; process: no PV.
   */
  kind: 'attach' | 'device' | 'setup' | 'process';
  error: string;
  event?: string;
  waitOn: { kind: CsiWaitKind; name: string };
}

export function driverRegistered(l: CsiLookups, node: string, driver: string): boolean {
  const drivers: Array<{ name: string }> | undefined = l.csiNodes.getByName(undefined, node)?.spec?.drivers;
  return !!drivers && drivers.some((d) => d.name === driver);
}

const notRegistered = (driver: string): string => `driver name ${driver} not found in the list of registered CSI drivers`;

/** A persistentVolumeClaim volume whose claim is bound. */
export function claimVolumeProblem(volume: string, pvc: KObject, node: string, l: CsiLookups): CsiVolumeProblem | undefined {
  const pvName: string = pvc.spec.volumeName;
  const pv = l.pvs.getByName(undefined, pvName);
  if (!pv) {
    const ns = pvc.metadata.namespace;
    return { volume, kind: 'process', error: `error processing PVC ${ns}/${pvc.metadata.name}: failed to fetch PV ${pvName} from API server: persistentvolumes "${pvName}" not found`, waitOn: { kind: 'persistentvolumes', name: pvName } };
  }
  const csi = pv.spec?.csi;
  if (!csi) return undefined;
  if (attachRequired(l.csiDrivers, csi.driver)) {
    const va = attachmentName(csi.volumeHandle, csi.driver, node);
    if (!l.vas.getByName(undefined, va)?.status?.attached) return { volume, kind: 'attach', error: '', waitOn: { kind: 'volumeattachments', name: va } };
  }
  if (!driverRegistered(l, node, csi.driver)) {
    return {
      volume,
      kind: 'device',
      error: notRegistered(csi.driver),
      event: `MountVolume.MountDevice failed for volume "${pvName}" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: ${notRegistered(csi.driver)}`,
      waitOn: { kind: 'csinodes', name: node },
    };
  }
  return undefined;
}

/** An inline (ephemeral) csi volume: no attach, NodePublishVolume straight away. */
export function inlineVolumeProblem(volume: string, driver: string, node: string, l: CsiLookups): CsiVolumeProblem | undefined {
  if (driverRegistered(l, node, driver)) return undefined;
  return { volume, kind: 'setup', error: `kubernetes.io/csi: mounter.SetUpAt failed to get CSI client: ${notRegistered(driver)}`, waitOn: { kind: 'csinodes', name: node } };
}

/** Whether a pod has any volume this module looks at (cheap pre-check for the kubelet). */
export function hasCsiVolumes(pod: Pod): boolean {
  const vols = pod.spec.volumes;
  if (!vols) return false;
  for (const v of vols) if (v.persistentVolumeClaim || v.csi) return true;
  return false;
}
