import type { Fault } from '../types.js';
import { FaultError, type FaultInjector } from './types.js';
import { parkManifest } from './static-pod.js';

/**
 * One etcd member's static pod manifest leaves /etc/kubernetes/manifests: the kubelet stops
 * the member; a new leader is elected if it led and quorum remains.
 */
export const etcdMemberDown: FaultInjector<Extract<Fault, { type: 'etcd-member-down' }>> = (cluster, fault) => {
  if (!cluster.etcd.members.some((m) => m.name === fault.member)) {
    throw new FaultError(`etcd-member-down: no etcd member "${fault.member}" (members: ${cluster.etcd.members.map((m) => m.name).join(', ')})`);
  }
  parkManifest(cluster, fault.member, 'etcd', 'etcd-member-down');
};
