/** Shared fixtures for the scheduler tests: hand-built nodes/pods and an isolated Cluster. */
import { Cluster, type ClusterOptions } from '../../src/core/cluster.js';
import type { Node, Pod, Taint } from '../../src/core/api/types.js';
import { NodeInfo } from '../../src/core/scheduler/nodeinfo.js';
import { newPodInfo, type PodInfo } from '../../src/core/scheduler/podinfo.js';
import type { SchedulerComponent } from '../../src/core/scheduler/index.js';

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: Array<{ names: string[]; sizeBytes: number }>;
  extra?: Record<string, string>;
}

export function makeNode(name: string, o: NodeOpts = {}): Node {
  const alloc = { cpu: o.cpu ?? '4', memory: o.memory ?? '16Gi', pods: o.pods ?? '110', ...o.extra };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: alloc,
      allocatable: alloc,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      ...(o.images ? { images: o.images } : {}),
    },
  };
}

export interface PodOpts {
  ns?: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  spec?: Record<string, unknown>;
  image?: string;
  hostPort?: number;
  priority?: number;
}

export function makePod(name: string, o: PodOpts = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.ns ?? 'default', labels: o.labels ?? {}, uid: `uid-${name}` },
    spec: {
      containers: [
        {
          name: 'c',
          image: o.image ?? 'nginx:1.25',
          ...(Object.keys(requests).length ? { resources: { requests } } : {}),
          ...(o.hostPort ? { ports: [{ containerPort: 80, hostPort: o.hostPort }] } : {}),
        },
      ],
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...o.spec,
    },
  } as Pod;
}

export function nodeInfo(node: Node, pods: Pod[] = []): NodeInfo {
  const ni = new NodeInfo(node.metadata.name, node);
  for (const p of pods) ni.addPod(newPodInfo(p));
  return ni;
}

export function podInfo(pod: Pod): PodInfo {
  return newPodInfo(pod);
}

/**
 * A Cluster where only the API server and the scheduler work: kubelets and controllers are
 * stopped so the tests do not depend on them; nodes are written directly.
 */
export function isolatedCluster(opts: ClusterOptions = {}): { cluster: Cluster; scheduler: SchedulerComponent } {
  const cluster = new Cluster({ flavor: 'kubernetes', controlPlane: 1, seed: 7, ...opts });
  cluster.start();
  for (const k of cluster.kubelets.values()) k.stop();
  cluster.controllerManager.stop();
  for (const n of cluster.info.nodes) {
    const labels = { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', ...n.labels };
    ensureNode(cluster, makeNode(n.name, { cpu: n.capacity.cpu, memory: n.capacity.memory, pods: n.capacity.pods, labels, taints: n.taints }));
  }
  for (const ns of ['default']) ensureServiceAccount(cluster, ns);
  cluster.advance(1);
  return { cluster, scheduler: cluster.scheduler as SchedulerComponent };
}

/** Creates or overwrites a node (a kubelet may have registered it; admission may have tainted it). */
export function ensureNode(cluster: Cluster, node: Node): void {
  const cur = cluster.admin.tryGet<Node>('nodes', undefined, node.metadata.name);
  if (!cur) cluster.admin.create(node);
  const live = cluster.admin.get<Node>('nodes', undefined, node.metadata.name);
  cluster.admin.update({ ...live, metadata: { ...live.metadata, labels: node.metadata.labels }, spec: { ...live.spec, taints: node.spec.taints ?? [], unschedulable: node.spec.unschedulable } });
  const again = cluster.admin.get<Node>('nodes', undefined, node.metadata.name);
  cluster.admin.updateStatus({ ...again, status: node.status });
}

export function ensureServiceAccount(cluster: Cluster, ns: string): void {
  if (!cluster.admin.tryGet('namespaces', undefined, ns)) cluster.admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  if (!cluster.admin.tryGet('serviceaccounts', ns, 'default')) cluster.admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
}
