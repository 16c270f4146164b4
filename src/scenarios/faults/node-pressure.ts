import { kubeletFor } from '../../core/kubelet/index.js';
import type { Fault } from '../types.js';
import { FaultError, type FaultInjector } from './types.js';

/** The node runs short of memory, disk or PIDs: the kubelet reports the condition and evicts. */
export const nodePressure: FaultInjector<Extract<Fault, { type: 'node-pressure' }>> = (cluster, fault) => {
  const kubelet = kubeletFor(cluster.ctx, fault.node);
  if (!kubelet) throw new FaultError(`node-pressure: node "${fault.node}" does not exist`);
  kubelet.setPressure(fault.condition, true);
};
