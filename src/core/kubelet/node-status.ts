/**
 * The Node object a kubelet registers and the status it posts: labels, capacity and
 * allocatable (system reserved and the hard eviction threshold subtracted, as on real nodes),
 * addresses, nodeInfo, the four kubelet conditions with their real reasons, and images.
 */
import type { Condition, Node, NodeStatus } from '../api/types.js';
import type { NodeConfig } from '../component.js';
import type { SeededRandom } from '../random.js';
import { quantityValue, cpuMillis, formatCpuMillis } from '../api/quantity.js';
import type { ImageStore } from './pull.js';
import { imageIdOf } from './pull.js';

export type PressureCondition = 'MemoryPressure' | 'DiskPressure' | 'PIDPressure';
export const PRESSURE_CONDITIONS: PressureCondition[] = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

export const KUBELET_VERSION = 'v1.32.4';

const TEXT: Record<PressureCondition, { off: [string, string]; on: [string, string] }> = {
  MemoryPressure: { off: ['KubeletHasSufficientMemory', 'kubelet has sufficient memory available'], on: ['KubeletHasInsufficientMemory', 'kubelet has insufficient memory available'] },
  DiskPressure: { off: ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure'], on: ['KubeletHasDiskPressure', 'kubelet has disk pressure'] },
  PIDPressure: { off: ['KubeletHasSufficientPID', 'kubelet has sufficient PID available'], on: ['KubeletHasInsufficientPID', 'kubelet has insufficient PID available'] },
};

/** Event reason for a pressure condition's state: NodeHasSufficientMemory, NodeHasDiskPressure... */
export function pressureEventReason(c: PressureCondition, on: boolean): string {
  return TEXT[c][on ? 'on' : 'off'][0].replace(/^Kubelet/, 'Node');
}

export interface NodeIdentity {
  machineID: string;
  systemUUID: string;
  bootID: string;
}

export function nodeIdentity(random: SeededRandom): NodeIdentity {
  return { machineID: random.hex(32), systemUUID: random.uuid(), bootID: random.uuid() };
}

export function nodeLabels(cfg: NodeConfig, flavor: 'openshift' | 'kubernetes'): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': cfg.name,
    'kubernetes.io/os': 'linux',
    ...(flavor === 'openshift' ? { 'node.openshift.io/os_id': 'rhcos' } : {}),
    ...cfg.labels,
  };
}

const KI = 1024;

export function capacityOf(cfg: NodeConfig, flavor: 'openshift' | 'kubernetes'): { capacity: Record<string, string>; allocatable: Record<string, string> } {
  const mem = quantityValue(cfg.capacity.memory);
  const memKi = Math.floor((mem / KI) * 0.977);
  const disk = quantityValue(cfg.capacity['ephemeral-storage'] ?? '120Gi');
  const diskKi = Math.floor((disk / KI) * 0.998);
  const cpu = cpuMillis(cfg.capacity.cpu);
  const openshift = flavor === 'openshift';
  const reservedMemKi = (openshift ? 1024 * 1024 : 0) + 100 * 1024;
  const allocDisk = Math.floor(diskKi * KI * 0.9) - (openshift ? 1024 ** 3 : 0);
  return {
    capacity: {
      cpu: formatCpuMillis(cpu),
      'ephemeral-storage': `${diskKi}Ki`,
      'hugepages-1Gi': '0',
      'hugepages-2Mi': '0',
      memory: `${memKi}Ki`,
      pods: cfg.capacity.pods,
    },
    allocatable: {
      cpu: formatCpuMillis(openshift ? cpu - 500 : cpu),
      'ephemeral-storage': String(allocDisk),
      'hugepages-1Gi': '0',
      'hugepages-2Mi': '0',
      memory: `${memKi - reservedMemKi}Ki`,
      pods: cfg.capacity.pods,
    },
  };
}

export function nodeInfo(flavor: 'openshift' | 'kubernetes', id: NodeIdentity): Record<string, string> {
  const openshift = flavor === 'openshift';
  return {
    architecture: 'amd64',
    bootID: id.bootID,
    containerRuntimeVersion: openshift ? 'cri-o://1.32.4-3.rhaos4.19.git4c9d5e1.el9' : 'containerd://1.7.24',
    kernelVersion: openshift ? '5.14.0-570.19.1.el9_6.x86_64' : '5.15.0-131-generic',
    kubeProxyVersion: '',
    kubeletVersion: KUBELET_VERSION,
    machineID: id.machineID,
    operatingSystem: 'linux',
    osImage: openshift ? 'Red Hat Enterprise Linux CoreOS 9.6.20250610-0 (Plow)' : 'Ubuntu 22.04.5 LTS',
    systemUUID: id.systemUUID,
  };
}

/** The kubelet's own conditions, in the order it writes them. */
export function kubeletConditions(pressure: ReadonlySet<PressureCondition>, prior: Condition[] | undefined, now: string, heartbeat: string): Condition[] {
  const out: Condition[] = [];
  const make = (type: string, status: 'True' | 'False', reason: string, message: string): void => {
    const old = prior?.find((c) => c.type === type);
    out.push({ type, status, lastHeartbeatTime: heartbeat, lastTransitionTime: old && old.status === status ? old.lastTransitionTime ?? now : now, reason, message });
  };
  for (const c of PRESSURE_CONDITIONS) {
    const on = pressure.has(c);
    const [reason, message] = TEXT[c][on ? 'on' : 'off'];
    make(c, on ? 'True' : 'False', reason, message);
  }
  make('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status');
  return out;
}

/** node.status.images: biggest first, at most 50 (nodeStatusMaxImages). */
export function imagesStatus(store: ImageStore): NodeStatus['images'] {
  return store
    .list()
    .sort((a, b) => b.sizeBytes - a.sizeBytes || a.ref.localeCompare(b.ref))
    .slice(0, 50)
    .map((i) => {
      const id = imageIdOf(i.ref);
      return { names: id === i.ref ? [i.ref] : [id, i.ref], sizeBytes: i.sizeBytes };
    });
}

export function buildNode(cfg: NodeConfig, flavor: 'openshift' | 'kubernetes', status: NodeStatus): Node {
  const openshift = flavor === 'openshift';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: cfg.name,
      labels: nodeLabels(cfg, flavor),
      annotations: {
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        ...(openshift ? { 'k8s.ovn.org/node-subnets': JSON.stringify({ default: [cfg.podCIDR] }) } : { 'node.alpha.kubernetes.io/ttl': '0' }),
      },
    },
    spec: {
      ...(openshift ? {} : { podCIDR: cfg.podCIDR, podCIDRs: [cfg.podCIDR] }),
      ...(cfg.taints.length ? { taints: cfg.taints.map((t) => ({ ...t })) } : {}),
    },
    status,
  };
}

export function nodeStatus(cfg: NodeConfig, flavor: 'openshift' | 'kubernetes', id: NodeIdentity, conditions: Condition[], store: ImageStore): NodeStatus {
  const { capacity, allocatable } = capacityOf(cfg, flavor);
  return {
    capacity,
    allocatable,
    conditions,
    addresses: [
      { type: 'InternalIP', address: cfg.ip },
      { type: 'Hostname', address: cfg.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: nodeInfo(flavor, id),
    images: imagesStatus(store),
  };
}

/** MicroTime as Leases carry it: 2026-11-24T09:00:10.000000Z. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
