import type { Fault } from '../types.js';
import { FaultError, type FaultInjector } from './types.js';
import { storageFor } from '../../core/storage/index.js';

/**
 * A CSI driver stops serving. A driver with a controller has its controller Deployment scaled to
 * zero: no external-provisioner creates volumes (claims stay Pending, ExternalProvisioning
 * events repeat) and no external-attacher attaches them (FailedAttachVolume, FailedMount).
 * Scaling the Deployment back up fixes it. A node-only driver (csi.spiffe.io) has its node
 * DaemonSet rolled out with a nodeSelector no node has: the node plugins go away, CSINode loses
 * the driver and mounts fail with "driver name ... not found in the list of registered CSI
 * drivers"; removing the nodeSelector fixes it.
 */
export const csiDriverDown: FaultInjector<Extract<Fault, { type: 'csi-driver-down' }>> = (cluster, fault) => {
  const storage = storageFor(cluster.ctx);
  const want = fault.driver.toLowerCase();
  const def = storage?.drivers.find((d) => d.name === want || d.controller?.deployment === want || d.node.daemonSet === want);
  if (!def) {
    const installed = storage?.drivers.map((d) => d.name).join(', ') || 'none';
    throw new FaultError(`csi-driver-down: no CSI driver "${fault.driver}" is installed (installed: ${installed})`);
  }
  if (def.controller) {
    cluster.admin.patch('deployments', def.namespace, def.controller.deployment, { spec: { replicas: 0 } }, 'merge');
    return;
  }
  cluster.admin.patch('daemonsets', def.namespace, def.node.daemonSet, { spec: { template: { spec: { nodeSelector: { 'node-role.kubernetes.io/infra': '' } } } } }, 'merge');
};
