/** Every fault type of the scenario format, each injected where it happens on a real cluster. */
import type { Cluster } from '../../core/cluster.js';
import type { Fault, FaultType } from '../types.js';
import { FaultError, type FaultInjector } from './types.js';
import { kubeletStopped } from './kubelet-stopped.js';
import { schedulerDown } from './scheduler-down.js';
import { controllerManagerDown } from './controller-manager-down.js';
import { etcdMemberDown } from './etcd-member-down.js';
import { etcdSpaceExceeded } from './etcd-space-exceeded.js';
import { etcdQuorumLoss } from './etcd-quorum-loss.js';
import { nodePressure } from './node-pressure.js';
import { registryDown } from './registry-down.js';
import { webhookDown } from './webhook-down.js';
import { ovnControllerDown } from './ovn-controller-down.js';
import { dnsDown } from './dns-down.js';
import { csiDriverDown } from './csi-driver-down.js';

export { FaultError } from './types.js';

const INJECTORS: Partial<Record<FaultType, FaultInjector<any>>> = {
  'kubelet-stopped': kubeletStopped,
  'scheduler-down': schedulerDown,
  'controller-manager-down': controllerManagerDown,
  'etcd-member-down': etcdMemberDown,
  'etcd-space-exceeded': etcdSpaceExceeded,
  'etcd-quorum-loss': etcdQuorumLoss,
  'node-pressure': nodePressure,
  'registry-down': registryDown,
  'webhook-down': webhookDown,
  'ovn-controller-down': ovnControllerDown,
  'dns-down': dnsDown,
  'csi-driver-down': csiDriverDown,
};

export function faultSupported(type: FaultType): boolean {
  return type in INJECTORS;
}

export function injectFault(cluster: Cluster, fault: Fault): void {
  const injector = INJECTORS[fault.type];
  if (!injector) throw new FaultError(`fault type "${fault.type}" is not available in this version of kubedrill`);
  injector(cluster, fault);
}
