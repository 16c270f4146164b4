import type { Cluster } from '../../core/cluster.js';
import type { Fault } from '../types.js';

/** Breaks the cluster the way the fault says, in the one place it would break on a real cluster. */
export type FaultInjector<F extends Fault = Fault> = (cluster: Cluster, fault: F) => void;

export class FaultError extends Error {}
