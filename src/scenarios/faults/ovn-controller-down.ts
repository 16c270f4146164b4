import { ovnkubeNodePod } from '../../core/network/index.js';
import type { Fault } from '../types.js';
import { FaultError, type FaultInjector } from './types.js';

/**
 * ovn-controller on the node stops claiming port bindings and programming br-int (as when it
 * is wedged or lost its database connection while its container still runs). Pods that land
 * on the node afterwards never get `ovn-installed`: CNI times out and they stay in
 * ContainerCreating with FailedCreatePodSandBox. Deleting the node's ovnkube-node pod restarts
 * it (the DaemonSet creates a new one), after which the stuck sandboxes succeed.
 */
export const ovnControllerDown: FaultInjector<Extract<Fault, { type: 'ovn-controller-down' }>> = (cluster, fault) => {
  const c = cluster.network.controllers.get(fault.node);
  if (!c) throw new FaultError(`ovn-controller-down: node "${fault.node}" does not exist`);
  if (cluster.info.flavor !== 'openshift') {
    throw new FaultError('ovn-controller-down: needs cluster.flavor openshift (its ovnkube-node pods are what restarts ovn-controller)');
  }
  c.podUidAtStop = ovnkubeNodePod(cluster.network.model, fault.node)?.metadata.uid;
  c.stop();
};
