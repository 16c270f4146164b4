/**
 * VolumeBinding: every claim the pod uses must exist; a bound claim's volume must be reachable
 * from the node (PV node affinity); an unbound claim must wait for its first consumer (its
 * StorageClass has volumeBindingMode WaitForFirstConsumer), else the pod has "unbound immediate
 * PersistentVolumeClaims". After the node is chosen, the scheduler marks delayed claims with
 * volume.kubernetes.io/selected-node (PreBind) so the provisioner creates the volume there.
 */
import type { KObject } from '../../api/types.js';
import { Code, SKIP, status, type FilterPlugin, type FrameworkHandle, type Status } from '../types.js';
import { compileTerms, type NodeMatcher } from '../nodeselector.js';
import { quantityValue } from '../../api/quantity.js';

export const ERR_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const ERR_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

const STATE_KEY = 'VolumeBinding';

interface DelayedClaim {
  pvc: KObject;
  /** Node topology the class allows (allowedTopologies); null = anywhere. */
  topology: NodeMatcher | null;
  /** Static provisioning only (no-provisioner class): an Available PV must match on the node. */
  staticOnly: boolean;
  className: string;
}

export interface VolumeBindingState {
  boundVolumes: Array<{ pv: KObject | undefined; affinity: NodeMatcher | null }>;
  delayed: DelayedClaim[];
}

export function isClaimBound(pvc: KObject): boolean {
  return !!pvc.spec?.volumeName && (pvc.status?.phase === 'Bound' || pvc.metadata.annotations?.['pv.kubernetes.io/bind-completed'] !== undefined);
}

function pvAffinity(pv: KObject | undefined): NodeMatcher | null {
  const terms = pv?.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  return Array.isArray(terms) ? compileTerms(terms) : null;
}

function classTopology(sc: KObject | undefined): NodeMatcher | null {
  const topo = sc?.allowedTopologies;
  if (!Array.isArray(topo) || topo.length === 0) return null;
  // allowedTopologies: terms of matchLabelExpressions {key, values} (In semantics).
  return compileTerms(
    topo.map((t: any) => ({ matchExpressions: (t.matchLabelExpressions ?? []).map((e: any) => ({ key: e.key, operator: 'In', values: e.values })) })),
  );
}

export function volumeBinding(handle: FrameworkHandle): FilterPlugin {
  return {
    name: 'VolumeBinding',
    preFilter(state, pod): Status | null {
      if (pod.claims.length === 0) return SKIP;
      const s: VolumeBindingState = { boundVolumes: [], delayed: [] };
      let unboundImmediate = false;
      for (const c of pod.claims) {
        const pvc = handle.pvcs.getByName(pod.namespace, c.name);
        if (!pvc) {
          return status(
            Code.UnschedulableAndUnresolvable,
            c.ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${c.name}"` : `persistentvolumeclaim "${c.name}" not found`,
          );
        }
        if (pvc.metadata.deletionTimestamp) return status(Code.UnschedulableAndUnresolvable, `persistentvolumeclaim "${c.name}" is being deleted`);
        if (isClaimBound(pvc)) {
          const pv = handle.pvs.getByName(undefined, pvc.spec.volumeName);
          s.boundVolumes.push({ pv, affinity: pvAffinity(pv) });
          continue;
        }
        const className: string = pvc.spec?.storageClassName ?? '';
        const sc = className ? handle.storageClasses.getByName(undefined, className) : undefined;
        if (sc && sc.volumeBindingMode === 'WaitForFirstConsumer') {
          s.delayed.push({ pvc, topology: classTopology(sc), staticOnly: sc.provisioner === NO_PROVISIONER, className });
        } else unboundImmediate = true;
      }
      if (unboundImmediate) return status(Code.UnschedulableAndUnresolvable, ERR_UNBOUND_IMMEDIATE);
      state.write(STATE_KEY, s);
      return null;
    },
    filter(state, _pod, node) {
      const s = state.read<VolumeBindingState>(STATE_KEY);
      if (!s) return null;
      for (const b of s.boundVolumes) {
        if (!b.pv) return status(Code.UnschedulableAndUnresolvable, ERR_PV_NOT_EXIST);
        if (b.affinity && !b.affinity(node.labels, node.name)) return status(Code.UnschedulableAndUnresolvable, ERR_NODE_CONFLICT);
      }
      for (const d of s.delayed) {
        if (d.staticOnly) {
          if (!findStaticVolume(handle, d, node.labels, node.name)) return status(Code.UnschedulableAndUnresolvable, ERR_BIND_CONFLICT);
        } else if (d.topology && !d.topology(node.labels, node.name)) return status(Code.UnschedulableAndUnresolvable, ERR_BIND_CONFLICT);
      }
      return null;
    },
  };
}

/** An Available PV of the claim's class, big enough, with the access modes, reachable from the node. */
function findStaticVolume(handle: FrameworkHandle, d: DelayedClaim, labels: Readonly<Record<string, string>>, name: string): KObject | undefined {
  const want = quantityValue(d.pvc.spec?.resources?.requests?.storage ?? '0');
  const modes: string[] = d.pvc.spec?.accessModes ?? [];
  for (const pv of handle.pvs.list()) {
    if ((pv.spec?.storageClassName ?? '') !== d.className) continue;
    if (pv.status?.phase && pv.status.phase !== 'Available') continue;
    if (pv.spec?.claimRef && pv.spec.claimRef.name !== d.pvc.metadata.name) continue;
    if (quantityValue(pv.spec?.capacity?.storage ?? '0') < want) continue;
    if (!modes.every((m) => (pv.spec?.accessModes ?? []).includes(m))) continue;
    const aff = pvAffinity(pv);
    if (aff && !aff(labels, name)) continue;
    return pv;
  }
  return undefined;
}

/** The delayed claims the chosen node must be written into (PreBind). */
export function delayedClaims(state: { read<T>(key: string): T | undefined }): KObject[] {
  return state.read<VolumeBindingState>(STATE_KEY)?.delayed.map((d) => d.pvc) ?? [];
}

/** VolumeBinding's score only ranks by storage capacity (StorageCapacityScoring, off in 1.32): skipped. */
export const volumeBindingScore = {
  name: 'VolumeBinding',
  weight: 1,
  preScore: () => false,
  score: () => 0,
};
