/**
 * What a pod's containers see of their volumes, for pod shells (ls, df -h, mount): every
 * volumeMount with the filesystem behind it. CSI volumes show what the node plugin put there:
 * a fresh ext4/xfs filesystem for an EBS or hostpath volume, and the SPIRE agent's Workload API
 * socket for a csi.spiffe.io volume. Read-only: derived from the informer caches.
 */
import type { Cluster } from '../cluster.js';
import type { KObject, Pod } from '../api/types.js';
import { quantityValue } from '../api/quantity.js';
import { createHash } from 'node:crypto';
import { SPIFFE } from './drivers.js';

export interface MountEntry {
  name: string;
  type: 'file' | 'dir' | 'socket';
}

export interface PodMount {
  container: string;
  /** The volume's name in the pod spec. */
  volume: string;
  mountPath: string;
  subPath?: string;
  readOnly: boolean;
  /** persistentVolumeClaim, csi, configMap, secret, projected, emptyDir, hostPath, downwardAPI, ... */
  kind: string;
  /** CSI driver, for PVC-backed CSI volumes and inline csi volumes. */
  driver?: string;
  /** PersistentVolume name, for claims. */
  persistentVolume?: string;
  /** `df` columns: the device or filesystem, its type, size and use in bytes. */
  filesystem: string;
  fsType: string;
  sizeBytes: number;
  usedBytes: number;
  /** Top-level entries of the mounted directory, when known (undefined: see the container's files). */
  entries?: MountEntry[];
}

const KiB = 1024;

function volumeKind(v: Record<string, unknown>): string {
  for (const k of ['persistentVolumeClaim', 'csi', 'configMap', 'secret', 'projected', 'emptyDir', 'hostPath', 'downwardAPI', 'ephemeral', 'nfs']) if (v[k]) return k;
  return 'unknown';
}

/** A stable NVMe device per volume handle, as Nitro instances show EBS volumes. */
function nvmeDevice(handle: string): string {
  const n = 1 + (parseInt(createHash('md5').update(handle).digest('hex').slice(0, 4), 16) % 20);
  return `/dev/nvme${n}n1`;
}

export function podMounts(cluster: Cluster, namespace: string, podName: string, container?: string): PodMount[] {
  const pod = cluster.informers.for<Pod>('pods').getByName(namespace, podName) ?? (cluster.api.cached('pods', namespace, podName) as Pod | undefined);
  if (!pod) return [];
  const out: PodMount[] = [];
  const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].filter((c) => !container || c.name === container);
  for (const c of containers) {
    for (const m of c.volumeMounts ?? []) {
      const v = pod.spec.volumes?.find((x) => x.name === m.name) as Record<string, any> | undefined;
      if (!v) continue;
      out.push({ container: c.name, volume: m.name, mountPath: m.mountPath, ...(m.subPath ? { subPath: m.subPath } : {}), readOnly: !!m.readOnly || !!v.csi?.readOnly, ...describe(cluster, pod, v) });
    }
  }
  return out;
}

type Backing = Omit<PodMount, 'container' | 'volume' | 'mountPath' | 'subPath' | 'readOnly'>;

function describe(cluster: Cluster, pod: Pod, v: Record<string, any>): Backing {
  const kind = volumeKind(v);
  const ns = pod.metadata.namespace ?? 'default';
  if (kind === 'persistentVolumeClaim') {
    const pvc = cluster.api.cached('persistentvolumeclaims', ns, v.persistentVolumeClaim.claimName);
    const pv: KObject | undefined = pvc?.spec?.volumeName ? cluster.api.cached('persistentvolumes', undefined, pvc.spec.volumeName) : undefined;
    const size = quantityValue(pv?.spec?.capacity?.storage ?? pvc?.status?.capacity?.storage ?? '0');
    const csi = pv?.spec?.csi;
    const fsType: string = csi?.fsType || 'ext4';
    const device = csi ? (csi.driver.startsWith('ebs.') ? nvmeDevice(csi.volumeHandle) : `/dev/mapper/hostpath-${String(csi.volumeHandle).slice(0, 8)}`) : pv?.spec?.nfs ? `${pv.spec.nfs.server}:${pv.spec.nfs.path}` : pv?.spec?.hostPath?.path ?? pv?.spec?.local?.path ?? 'overlay';
    // A fresh filesystem: ext4 reserves its journal and lost+found, xfs its log.
    const used = fsType === 'xfs' ? Math.min(size, 33 * 1024 * KiB) : Math.min(size, 24 * KiB);
    return {
      kind,
      ...(csi ? { driver: csi.driver } : {}),
      ...(pv ? { persistentVolume: pv.metadata.name } : {}),
      filesystem: device,
      fsType,
      sizeBytes: size,
      usedBytes: used,
      entries: fsType === 'ext4' ? [{ name: 'lost+found', type: 'dir' }] : [],
    };
  }
  if (kind === 'csi') {
    if (v.csi.driver === SPIFFE) return { kind, driver: SPIFFE, filesystem: 'tmpfs', fsType: 'tmpfs', sizeBytes: 64 * 1024 * KiB, usedBytes: 0, entries: [{ name: 'spire-agent.sock', type: 'socket' }] };
    return { kind, driver: v.csi.driver, filesystem: 'tmpfs', fsType: 'tmpfs', sizeBytes: 64 * 1024 * KiB, usedBytes: 0, entries: [] };
  }
  if (kind === 'configMap' || kind === 'secret' || kind === 'projected' || kind === 'downwardAPI') {
    return { kind, filesystem: 'tmpfs', fsType: 'tmpfs', sizeBytes: 15 * 1024 * 1024 * KiB, usedBytes: 12 * KiB };
  }
  if (kind === 'emptyDir' && v.emptyDir?.medium === 'Memory') {
    const limit = v.emptyDir.sizeLimit ? quantityValue(v.emptyDir.sizeLimit) : 8 * 1024 * 1024 * KiB;
    return { kind, filesystem: 'tmpfs', fsType: 'tmpfs', sizeBytes: limit, usedBytes: 0, entries: [] };
  }
  // emptyDir and hostPath live on the node's root disk.
  const disk = quantityValue(cluster.info.nodes.find((n) => n.name === pod.spec.nodeName)?.capacity['ephemeral-storage'] ?? '120Gi');
  return { kind, filesystem: pod.spec.nodeName ? '/dev/nvme0n1p4' : 'overlay', fsType: 'xfs', sizeBytes: disk, usedBytes: Math.floor(disk * 0.18), ...(kind === 'emptyDir' ? { entries: [] } : {}) };
}
