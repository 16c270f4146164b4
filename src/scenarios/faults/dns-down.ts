import type { Fault } from '../types.js';
import { FaultError, type FaultInjector } from './types.js';

/**
 * Cluster DNS goes away: its pods stop, the DNS Service has no endpoints, and every lookup
 * from a pod times out (nslookup: ";; connection timed out; no servers could be reached",
 * curl: "Could not resolve host"); apps that connect to a Service by name fail at start.
 * Upstream, someone scaled the CoreDNS Deployment to zero (fix: scale it back). On OpenShift
 * the dns-default DaemonSet was pinned to infra nodes the cluster does not have, as a
 * nodePlacement of the DNS operator would do (fix: drop that nodeSelector entry, or label a
 * node infra).
 */
export const dnsDown: FaultInjector<Extract<Fault, { type: 'dns-down' }>> = (cluster) => {
  try {
    if (cluster.info.flavor === 'openshift') {
      cluster.admin.patch('daemonsets', 'openshift-dns', 'dns-default', { spec: { template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/infra': '' } } } } }, 'merge');
    } else {
      cluster.admin.patch('deployments', 'kube-system', 'coredns', { spec: { replicas: 0 } }, 'merge');
    }
  } catch (err) {
    throw new FaultError(`dns-down: ${err instanceof Error ? err.message : String(err)}`);
  }
};
