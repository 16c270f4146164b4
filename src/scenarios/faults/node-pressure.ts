import { kubeletFor, type KubeletComponent } from '../../core/kubelet/index.js';
import type { Cluster } from '../../core/cluster.js';
import { quantityValue } from '../../core/api/quantity.js';
import type { Fault } from '../types.js';
import { FaultError, type FaultInjector } from './types.js';

/** Where the disk fault leaves its files: heap dumps an app wrote to a hostPath. */
export const DUMP_DIR = '/var/log/app-dumps';
export const HOG_NAMESPACE = 'default';
export const HOG_IMAGE = 'docker.io/polinux/stress:1.0.4';

/**
 * The node runs short of a resource and the kubelet's eviction manager reacts, from a cause
 * an admin can find and remove:
 * - DiskPressure: heap dumps fill the root filesystem under /var/log/app-dumps (`df -h`,
 *   `du`); deleting them frees the disk;
 * - MemoryPressure: a critical-priority pod, which the eviction manager never evicts, holds
 *   nearly all the node's memory; deleting it frees the memory;
 * - PIDPressure: the condition is set directly (no cause to remove in this version).
 * The condition clears 5 minutes after the signal does (--eviction-pressure-transition-period).
 */
export const nodePressure: FaultInjector<Extract<Fault, { type: 'node-pressure' }>> = (cluster, fault) => {
  const kubelet = kubeletFor(cluster.ctx, fault.node);
  if (!kubelet) throw new FaultError(`node-pressure: node "${fault.node}" does not exist`);
  if (fault.condition === 'DiskPressure') fillDisk(cluster, kubelet);
  else if (fault.condition === 'MemoryPressure') startHog(cluster, kubelet);
  else kubelet.setPressure(fault.condition, true);
};

function fillDisk(cluster: Cluster, kubelet: KubeletComponent): void {
  const { files } = kubelet;
  // Leave 4% free: under the 10% nodefs.available threshold.
  const toFill = files.availableBytes() - Math.floor(files.capacityBytes * 0.04);
  const count = 3;
  const each = Math.max(0, Math.floor(toFill / count));
  const rng = cluster.random.fork(`node-pressure/${kubelet.nodeName}`);
  for (let i = 0; i < count; i++) files.write(`${DUMP_DIR}/java_pid${1000 + rng.int(9000)}.hprof`, { size: each });
}

function startHog(cluster: Cluster, kubelet: KubeletComponent): void {
  const cap = quantityValue(kubelet.node.capacity.memory);
  // Nearly everything the OS and the node's other pods leave (they use about 3 GiB).
  const hog = Math.max(0, cap - 2.5 * 1024 ** 3);
  cluster.images.add(HOG_IMAGE, { cpu: '950m', memory: String(hog), sizeBytes: 5 * 1024 * 1024, entrypoint: ['stress'] });
  kubelet.watchMemory = true;
  cluster.admin.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `stress-${kubelet.nodeName}`, namespace: HOG_NAMESPACE, labels: { app: 'stress' } },
    spec: {
      nodeName: kubelet.nodeName,
      priorityClassName: 'system-node-critical',
      containers: [{ name: 'stress', image: HOG_IMAGE, command: ['stress'], args: ['--vm', '1', '--vm-bytes', `${Math.floor(hog / 1024 ** 2)}M`, '--vm-hang', '0'] }],
    },
  });
}
