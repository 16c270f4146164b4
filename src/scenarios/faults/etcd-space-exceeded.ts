import type { Fault } from '../types.js';
import type { FaultInjector } from './types.js';

/**
 * A flood of writes fills etcd's backend past --quota-backend-bytes: NOSPACE is raised and
 * every write fails with "etcdserver: mvcc: database space exceeded" until compaction,
 * defragmentation and `etcdctl alarm disarm`.
 */
export const etcdSpaceExceeded: FaultInjector<Extract<Fault, { type: 'etcd-space-exceeded' }>> = (cluster) => {
  cluster.etcd.fillTo(cluster.etcd.quotaBytes);
};
