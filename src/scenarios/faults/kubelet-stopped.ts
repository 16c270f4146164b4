import type { Fault } from '../types.js';
import { FaultError, type FaultInjector } from './types.js';

/** `systemctl stop kubelet` on the node: no more status or lease renewals; containers keep running. */
export const kubeletStopped: FaultInjector<Extract<Fault, { type: 'kubelet-stopped' }>> = (cluster, fault) => {
  const kubelet = cluster.kubelets.get(fault.node);
  if (!kubelet) throw new FaultError(`kubelet-stopped: node "${fault.node}" does not exist`);
  kubelet.stop();
};
