/**
 * How the control-plane faults stop a component: its static pod manifest is moved out of
 * /etc/kubernetes/manifests into /root on the node (what an admin does to stop a static pod
 * by hand). The kubelet stops the pod and removes its mirror pod; moving the file back is
 * the fix, and the kubelet starts the pod again.
 */
import type { Cluster } from '../../core/cluster.js';
import type { ControlPlaneProcess } from '../../core/component.js';
import { kubeletFor } from '../../core/kubelet/index.js';
import { MANIFEST_DIR } from '../../core/kubelet/static-pods.js';
import { FaultError } from './types.js';

/** Where the faults leave the manifests. */
export const PARKED_DIR = '/root';

/** Moves the manifest that runs `process` on `node` to /root; returns its file name. */
export function parkManifest(cluster: Cluster, node: string, process: ControlPlaneProcess, fault: string): string {
  const kubelet = kubeletFor(cluster.ctx, node);
  if (!kubelet) throw new FaultError(`${fault}: node "${node}" does not exist`);
  const def = kubelet.staticPodDefs().find((d) => Object.values(d.processes).includes(process));
  if (!def) throw new FaultError(`${fault}: node "${node}" runs no ${process} static pod`);
  const from = `${MANIFEST_DIR}/${def.manifest}`;
  if (kubelet.files.file(from)) kubelet.files.move(from, `${PARKED_DIR}/${def.manifest}`);
  return def.manifest;
}

export function controlPlaneNodes(cluster: Cluster): string[] {
  return cluster.info.nodes.filter((n) => n.role === 'control-plane').map((n) => n.name);
}
