/**
 * What every simulated component (scheduler, controller-manager, kubelet, network, CSI) gets
 * from the cluster, and what it offers back: start/stop, so faults and fixes act on it.
 */
import type { VirtualClock } from './clock.js';
import type { SeededRandom } from './random.js';
import type { ApiServer } from './apiserver/server.js';
import type { Client } from './apiserver/client.js';
import type { InformerFactory } from './apiserver/informer.js';
import type { EventRecorder } from './apiserver/events.js';
import type { UserInfo } from './apiserver/authn.js';
import type { ImageCatalogue } from './kubelet/images.js';
import type { MetricsRegistry } from './metrics.js';

export interface Component {
  readonly name: string;
  readonly running: boolean;
  start(): void;
  stop(): void;
}

export interface NodeConfig {
  name: string;
  role: 'control-plane' | 'worker';
  ip: string;
  /** Pod CIDR of this node (a /23 of the cluster network on OpenShift, a /24 upstream). */
  podCIDR: string;
  capacity: { cpu: string; memory: string; pods: string; 'ephemeral-storage'?: string };
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }>;
  /** Images already present on the node. */
  images: string[];
}

export interface ClusterInfo {
  name: string;
  flavor: 'openshift' | 'kubernetes';
  /** kubectl for kubernetes, oc for openshift: used in hints. */
  cli: 'kubectl' | 'oc';
  clusterCIDR: string;
  serviceCIDR: string;
  dnsServiceIP: string;
  kubernetesVersion: string;
  nodes: NodeConfig[];
}

export interface ComponentContext {
  clock: VirtualClock;
  random: SeededRandom;
  api: ApiServer;
  info: ClusterInfo;
  /** Shared informers (list+watch caches) of the cluster. */
  informers: InformerFactory;
  /** A client acting as the given component identity (client certificate). */
  client(user: UserInfo, userAgent: string): Client;
  recorder(component: string, host?: string): EventRecorder;
  images: ImageCatalogue;
  metrics: MetricsRegistry;
  /**
   * Whether a control-plane process runs on a node (for static pods' status): etcd members,
   * kube-apiserver, kube-scheduler, kube-controller-manager.
   */
  controlPlaneRunning(component: ControlPlaneProcess, node: string): boolean;
  /**
   * The kubelet started or stopped a node's control-plane static pod (its manifest appeared in
   * or left /etc/kubernetes/manifests): the process follows.
   */
  setControlPlaneRunning?(component: ControlPlaneProcess, node: string, running: boolean): void;
}

export type ControlPlaneProcess = 'etcd' | 'kube-apiserver' | 'kube-scheduler' | 'kube-controller-manager';
