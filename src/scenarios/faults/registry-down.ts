import { setRegistryReachable } from '../../core/kubelet/index.js';
import type { Fault } from '../types.js';
import type { FaultInjector } from './types.js';

/** A container registry stops answering: pulls from it time out on every node. */
export const registryDown: FaultInjector<Extract<Fault, { type: 'registry-down' }>> = (cluster, fault) => {
  setRegistryReachable(cluster.ctx, fault.registry, false);
};
