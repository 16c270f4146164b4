/**
 * The CSI pane's data: one row per claim with the chain claim -> class -> driver -> volume ->
 * attachment -> pods, one row per installed driver with where its processes run, and for one
 * claim the steps a volume goes through (bind or provision, attach, stage, publish) with the
 * step that blocks it. Built from the cluster's caches; nothing here writes.
 */
import type { Cluster } from '../cluster.js';
import type { Pod } from '../api/types.js';
import { isPodTerminal } from '../controllers/util.js';
import { storageFor } from './index.js';
import { attachmentName, attachRequired } from './attach-detach.js';
import { claimClass, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER } from './pv-controller.js';
import { driverRegistered } from './volume-manager.js';

export interface CsiClaimRow {
  namespace: string;
  name: string;
  /** Pending, Bound, Lost, or Terminating. */
  status: string;
  volume: string;
  capacity: string;
  accessModes: string;
  storageClass: string;
  /** CSI driver of the volume, else the class's provisioner. */
  driver: string;
  /** Nodes the volume's VolumeAttachments name, with (attached) or (attaching). */
  attachedNodes: string[];
  /** Pods using the claim that run (their volumes are mounted). */
  mountedPods: string[];
  /** Pods using the claim that wait for it. */
  waitingPods: string[];
}

export interface CsiDriverRow {
  name: string;
  namespace: string;
  /** The controller Deployment and how many of its pods run, e.g. "aws-ebs-csi-driver-controller 2/2". */
  controller: string;
  controllerRunning: boolean;
  /** Nodes with a registered node plugin out of all nodes, e.g. "6/6". */
  nodePlugins: string;
  attachRequired: boolean;
  modes: string;
  storageClasses: string[];
}

export interface CsiSummary {
  drivers: CsiDriverRow[];
  claims: CsiClaimRow[];
  volumeAttachments: number;
}

function podsUsing(cluster: Cluster, ns: string, claim: string): Pod[] {
  const out: Pod[] = [];
  for (const p of cluster.informers.for<Pod>('pods').byNamespace(ns)) {
    if (p.spec.volumes?.some((v) => v.persistentVolumeClaim?.claimName === claim)) out.push(p);
  }
  return out.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

function mounted(p: Pod): boolean {
  return p.status?.phase === 'Running' || (p.status?.containerStatuses ?? []).some((c) => !!c.state?.running);
}

export function csiSummary(cluster: Cluster): CsiSummary {
  const inf = (r: string) => cluster.informers.for(r);
  const storage = storageFor(cluster.ctx);
  const classes = [...inf('storageclasses').list()];
  const vas = [...inf('volumeattachments').list()];
  const nodes = [...inf('nodes').list()].length;
  const drivers: CsiDriverRow[] = (storage?.drivers ?? []).map((d) => {
    const pods = storage!.driverPods(d.name)!;
    const dep = d.controller ? inf('deployments').getByName(d.namespace, d.controller.deployment) : undefined;
    const csiDriver = inf('csidrivers').getByName(undefined, d.name);
    return {
      name: d.name,
      namespace: d.namespace,
      controller: d.controller ? `${d.controller.deployment} ${dep?.status?.readyReplicas ?? 0}/${dep?.spec?.replicas ?? 0}` : '-',
      controllerRunning: d.controller ? pods.controllerRunning() : true,
      nodePlugins: `${[...pods.nodesWithPlugin()].length}/${nodes}`,
      attachRequired: csiDriver ? csiDriver.spec?.attachRequired !== false : true,
      modes: (csiDriver?.spec?.volumeLifecycleModes ?? d.lifecycleModes).join(','),
      storageClasses: classes.filter((c) => c.provisioner === d.name).map((c) => c.metadata.name).sort(),
    };
  });
  const claims: CsiClaimRow[] = [];
  for (const pvc of inf('persistentvolumeclaims').list()) {
    const ns = pvc.metadata.namespace!;
    const pv = pvc.spec?.volumeName ? inf('persistentvolumes').getByName(undefined, pvc.spec.volumeName) : undefined;
    const className = claimClass(pvc);
    const sc = className ? inf('storageclasses').getByName(undefined, className) : undefined;
    const users = podsUsing(cluster, ns, pvc.metadata.name).filter((p) => !isPodTerminal(p));
    claims.push({
      namespace: ns,
      name: pvc.metadata.name,
      status: pvc.metadata.deletionTimestamp ? 'Terminating' : pvc.status?.phase ?? 'Pending',
      volume: pvc.spec?.volumeName ?? '',
      capacity: pvc.status?.capacity?.storage ?? '',
      accessModes: (pvc.status?.accessModes ?? pvc.spec?.accessModes ?? []).map(shortMode).join(','),
      storageClass: className,
      driver: pv?.spec?.csi?.driver ?? sc?.provisioner ?? '',
      attachedNodes: pv ? vas.filter((v) => v.spec?.source?.persistentVolumeName === pv.metadata.name).map((v) => `${v.spec.nodeName} (${v.metadata.deletionTimestamp ? 'detaching' : v.status?.attached ? 'attached' : 'attaching'})`).sort() : [],
      mountedPods: users.filter(mounted).map((p) => p.metadata.name),
      waitingPods: users.filter((p) => !mounted(p)).map((p) => p.metadata.name),
    });
  }
  claims.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return { drivers, claims, volumeAttachments: vas.length };
}

function shortMode(m: string): string {
  return ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' } as Record<string, string>)[m] ?? m;
}

export interface ChainStep {
  /** StorageClass, Binding, Provisioning, Attach, NodeStage, NodePublish. */
  step: string;
  state: 'done' | 'waiting' | 'failed' | 'skipped';
  /** Who acts at this step (persistentvolume-controller, external-provisioner, ...). */
  actor: string;
  detail: string;
}

/** The path of one claim's volume into its pods, stopping at the step that blocks it. */
export function csiChain(cluster: Cluster, namespace: string, claim: string): ChainStep[] {
  const inf = (r: string) => cluster.informers.for(r);
  const pvc = inf('persistentvolumeclaims').getByName(namespace, claim);
  if (!pvc) return [{ step: 'Claim', state: 'failed', actor: 'kube-apiserver', detail: `persistentvolumeclaims "${claim}" not found` }];
  const steps: ChainStep[] = [];
  const className = claimClass(pvc);
  const sc = className ? inf('storageclasses').getByName(undefined, className) : undefined;
  if (!className) steps.push({ step: 'StorageClass', state: 'skipped', actor: 'persistentvolume-controller', detail: 'no storage class: only a pre-created volume can bind' });
  else if (!sc) steps.push({ step: 'StorageClass', state: 'failed', actor: 'persistentvolume-controller', detail: `storageclass.storage.k8s.io "${className}" not found` });
  else steps.push({ step: 'StorageClass', state: 'done', actor: 'persistentvolume-controller', detail: `${className}: provisioner ${sc.provisioner}, ${sc.volumeBindingMode ?? 'Immediate'}` });
  const pv = pvc.spec?.volumeName ? inf('persistentvolumes').getByName(undefined, pvc.spec.volumeName) : undefined;
  if (!pv) {
    if (sc?.volumeBindingMode === 'WaitForFirstConsumer' && !pvc.metadata.annotations?.[ANN_SELECTED_NODE]) {
      steps.push({ step: 'Binding', state: 'waiting', actor: 'kube-scheduler', detail: 'waiting for first consumer to be created before binding' });
      return steps;
    }
    const provisioner = pvc.metadata.annotations?.[ANN_STORAGE_PROVISIONER];
    if (provisioner) {
      const storage = storageFor(cluster.ctx);
      const def = storage?.drivers.find((d) => d.name === provisioner);
      const running = def ? storage!.driverPods(def.name)!.controllerRunning() : false;
      steps.push({
        step: 'Provisioning',
        state: running ? 'waiting' : 'failed',
        actor: `external-provisioner (${provisioner})`,
        detail: running ? 'CreateVolume in progress' : def?.controller ? `no ${def.controller.deployment} pod is running` : `no external provisioner "${provisioner}" is installed`,
      });
    } else if (sc || !className) steps.push({ step: 'Binding', state: 'waiting', actor: 'persistentvolume-controller', detail: 'no persistent volume matches the claim (size, access modes, class)' });
    return steps;
  }
  steps.push({ step: 'Binding', state: pvc.status?.phase === 'Bound' ? 'done' : 'waiting', actor: 'persistentvolume-controller', detail: `${pv.metadata.name} ${pv.spec?.capacity?.storage ?? ''}` });
  const csi = pv.spec?.csi;
  if (!csi) return steps;
  const pods = podsUsing(cluster, namespace, claim).filter((p) => p.spec.nodeName && !isPodTerminal(p));
  const needsAttach = attachRequired(inf('csidrivers'), csi.driver);
  const csiLookups = { pvs: inf('persistentvolumes'), vas: inf('volumeattachments'), csiDrivers: inf('csidrivers'), csiNodes: inf('csinodes') };
  for (const node of [...new Set(pods.map((p) => p.spec.nodeName!))].sort()) {
    if (needsAttach) {
      const va = inf('volumeattachments').getByName(undefined, attachmentName(csi.volumeHandle, csi.driver, node));
      const error: string | undefined = va?.status?.attachError?.message;
      const state = va?.status?.attached ? 'done' : va && !error ? 'waiting' : 'failed';
      const detail = !va ? `no VolumeAttachment for ${node} (Multi-Attach or controller not running)` : error ? `${node}: ${error}` : `${va.metadata.name.slice(0, 16)}... on ${node}: attached=${!!va.status?.attached}`;
      steps.push({ step: 'Attach', state, actor: `attachdetach-controller + external-attacher (${csi.driver})`, detail });
      if (state !== 'done') continue;
    }
    const registered = driverRegistered(csiLookups, node, csi.driver);
    steps.push({ step: 'NodeStage', state: registered ? 'done' : 'failed', actor: `node plugin on ${node}`, detail: registered ? `staged at /var/lib/kubelet/plugins/kubernetes.io/csi/${csi.driver}/.../globalmount` : `driver name ${csi.driver} not found in the list of registered CSI drivers` });
    if (!registered) continue;
    const onNode = pods.filter((p) => p.spec.nodeName === node);
    steps.push({ step: 'NodePublish', state: onNode.every(mounted) ? 'done' : 'waiting', actor: `kubelet on ${node}`, detail: onNode.map((p) => p.metadata.name).join(', ') });
  }
  return steps;
}

