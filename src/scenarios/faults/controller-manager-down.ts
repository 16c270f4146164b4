import type { Fault } from '../types.js';
import type { FaultInjector } from './types.js';

/** kube-controller-manager stops: deployments, replica sets and every other controller stop reconciling. */
export const controllerManagerDown: FaultInjector<Extract<Fault, { type: 'controller-manager-down' }>> = (cluster) => {
  cluster.controllerManager.stop();
};
