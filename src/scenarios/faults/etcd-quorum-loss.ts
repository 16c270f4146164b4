import type { Fault } from '../types.js';
import type { FaultInjector } from './types.js';
import { parkManifest } from './static-pod.js';

/**
 * A majority of etcd members stop (their static pod manifests leave the folder, last members
 * by name first): no quorum, so every write fails while the API server still answers reads
 * from its watch cache.
 */
export const etcdQuorumLoss: FaultInjector<Extract<Fault, { type: 'etcd-quorum-loss' }>> = (cluster) => {
  const names = cluster.etcd.members.map((m) => m.name).sort();
  const majority = Math.floor(names.length / 2) + 1;
  for (const name of names.slice(names.length - majority)) parkManifest(cluster, name, 'etcd', 'etcd-quorum-loss');
};
