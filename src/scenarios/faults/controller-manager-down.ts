import type { Fault } from '../types.js';
import type { FaultInjector } from './types.js';
import { controlPlaneNodes, parkManifest } from './static-pod.js';

/**
 * The kube-controller-manager manifest is moved off every control-plane node: deployments,
 * replica sets and every other controller stop reconciling.
 */
export const controllerManagerDown: FaultInjector<Extract<Fault, { type: 'controller-manager-down' }>> = (cluster) => {
  for (const node of controlPlaneNodes(cluster)) parkManifest(cluster, node, 'kube-controller-manager', 'controller-manager-down');
};
