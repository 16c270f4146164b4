import type { Fault } from '../types.js';
import type { FaultInjector } from './types.js';
import { controlPlaneNodes, parkManifest } from './static-pod.js';

/**
 * The kube-scheduler static pod manifest is moved off every control-plane node: the kubelets
 * stop the scheduler pods and new pods stay Pending with no events at all.
 */
export const schedulerDown: FaultInjector<Extract<Fault, { type: 'scheduler-down' }>> = (cluster) => {
  for (const node of controlPlaneNodes(cluster)) parkManifest(cluster, node, 'kube-scheduler', 'scheduler-down');
};
