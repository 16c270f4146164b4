import type { Fault } from '../types.js';
import type { FaultInjector } from './types.js';

/** The kube-scheduler stops: new pods stay Pending with no events at all. */
export const schedulerDown: FaultInjector<Extract<Fault, { type: 'scheduler-down' }>> = (cluster) => {
  cluster.scheduler.stop();
};
