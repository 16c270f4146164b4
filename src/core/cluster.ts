/**
 * Wires a whole simulated cluster: clock, random, etcd, API server, shared informers and the
 * components that watch and reconcile (scheduler, controller-manager, one kubelet per node).
 * Components only ever talk to the API server.
 */
import { VirtualClock } from './clock.js';
import { SeededRandom } from './random.js';
import { EtcdCluster } from './etcd/cluster.js';
import { ApiServer } from './apiserver/server.js';
import { Client } from './apiserver/client.js';
import { InformerFactory } from './apiserver/informer.js';
import { EventRecorder } from './apiserver/events.js';
import { COMPONENT_USERS, type UserInfo } from './apiserver/authn.js';
import { installAdmission } from './apiserver/admission/index.js';
import { createScheduler } from './scheduler/index.js';
import { createControllerManager } from './controllers/index.js';
import { createKubelet } from './kubelet/index.js';
import { ImageCatalogue, type ImageBehaviour } from './kubelet/images.js';
import { bootstrapObjects } from './bootstrap.js';
import { createStorage, type StorageComponent } from './storage/index.js';
import { defaultDrivers, installDrivers } from './storage/drivers.js';
import { MetricsRegistry } from './metrics.js';
import { nodeSubnet } from './network/cidr.js';
import { OVN_KUBERNETES_IMAGE } from './network/model.js';
import { createNetwork, type Network } from './network/index.js';
import { createClusterOperators } from './openshift/cluster-operators.js';
import type { ClusterInfo, Component, ComponentContext, ControlPlaneProcess, NodeConfig } from './component.js';

export interface NodeSpecInput {
  name: string;
  capacity?: Partial<NodeConfig['capacity']>;
  labels?: Record<string, string>;
  zone?: string;
  taints?: NodeConfig['taints'];
  images?: string[];
}

export interface ClusterOptions {
  name?: string;
  flavor?: 'openshift' | 'kubernetes';
  /** Control-plane nodes master-0..N-1, each running an etcd member (1, 3 or 5). */
  controlPlane?: number;
  workers?: NodeSpecInput[];
  seed?: number;
  images?: Record<string, ImageBehaviour>;
  /** Write Events (on by default; the benchmark can turn them off and says so). */
  events?: boolean;
  compactionIntervalMs?: number;
  /**
   * CSI drivers installed at bootstrap (ebs.csi.aws.com, hostpath.csi.k8s.io, csi.spiffe.io);
   * default: the EBS driver on openshift, none on kubernetes.
   */
  csiDrivers?: string[];
}

export const KUBERNETES_VERSION = 'v1.32.4';
const WORKER_DEFAULT_CAPACITY = { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '120Gi' };
const MASTER_CAPACITY = { cpu: '8', memory: '32Gi', pods: '250', 'ephemeral-storage': '120Gi' };

export class Cluster {
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly etcd: EtcdCluster;
  readonly api: ApiServer;
  readonly info: ClusterInfo;
  readonly informers: InformerFactory;
  readonly images: ImageCatalogue;
  readonly metrics = new MetricsRegistry();
  /** The cluster admin, as a user at the keyboard (kubectl's identity). */
  readonly admin: Client;
  readonly adminToken: string;
  readonly scheduler: Component;
  readonly controllerManager: Component;
  /** CSI sidecars and node registrations (src/core/storage). */
  readonly storage: StorageComponent;
  readonly kubelets = new Map<string, Component>();
  /** Every component by name (scheduler, controller-manager, kubelet/NODE, ...). */
  readonly components = new Map<string, Component>();
  readonly ctx: ComponentContext;
  /** OVN-Kubernetes: ovnkube-controller, one ovn-controller per node, the packet tracer. */
  readonly network: Network;
  /** OpenShift: the ClusterOperator statuses, from the health of what runs (src/core/openshift). */
  readonly clusterOperators?: Component;
  private recorders: EventRecorder[] = [];
  /** Nodes whose static pod runs each leader-elected process (one instance is enough). */
  private readonly staticProcesses = new Map<ControlPlaneProcess, Set<string>>();
  private eventsEnabled: boolean;
  started = false;

  constructor(opts: ClusterOptions = {}) {
    const flavor = opts.flavor ?? 'openshift';
    this.eventsEnabled = opts.events ?? true;
    this.clock = new VirtualClock();
    this.random = new SeededRandom(opts.seed ?? 1);
    this.images = new ImageCatalogue(opts.images);
    this.info = clusterInfo(opts, flavor);
    const masters = this.info.nodes.filter((n) => n.role === 'control-plane');
    for (const p of ['kube-scheduler', 'kube-controller-manager'] as const) this.staticProcesses.set(p, new Set(masters.map((m) => m.name)));
    this.etcd = new EtcdCluster({
      clock: this.clock,
      random: this.random.fork('etcd'),
      members: masters.map((m) => ({ name: m.name, ip: m.ip })),
      quotaBytes: flavor === 'openshift' ? 8 * 1024 ** 3 : 2 * 1024 ** 3,
    });
    this.api = new ApiServer({ clock: this.clock, random: this.random, etcd: this.etcd, flavor, compactionIntervalMs: opts.compactionIntervalMs });
    installAdmission(this.api);
    const adminUser = flavor === 'openshift' ? COMPONENT_USERS.openshiftAdmin : COMPONENT_USERS.admin;
    this.adminToken = `sha256~${this.random.fork('admin-token').hex(43)}`;
    this.api.authn.addToken(this.adminToken, adminUser);
    this.admin = new Client(this.api, { token: this.adminToken }, false, `${flavor === 'openshift' ? 'oc' : 'kubectl'}/v1.32.4`);
    const internal = new Client(this.api, { user: COMPONENT_USERS.controllerManager }, true, 'kube-controller-manager/v1.32.4 (shared-informers)');
    this.informers = new InformerFactory(internal);
    this.ctx = {
      clock: this.clock,
      random: this.random,
      api: this.api,
      info: this.info,
      informers: this.informers,
      client: (user: UserInfo, userAgent: string) => new Client(this.api, { user }, true, userAgent),
      recorder: (component: string, host?: string) => {
        const r = new EventRecorder(new Client(this.api, { user: COMPONENT_USERS.controllerManager }, true, component), this.clock, { component, host });
        r.enabled = this.eventsEnabled;
        this.recorders.push(r);
        return r;
      },
      images: this.images,
      metrics: this.metrics,
      controlPlaneRunning: (component, node) => {
        if (component === 'etcd') return this.etcd.members.find((m) => m.name === node)?.running ?? false;
        if (component === 'kube-apiserver') return this.api.available;
        const onNode = this.staticProcesses.get(component)?.has(node) ?? true;
        if (component === 'kube-scheduler') return onNode && (this.scheduler?.running ?? true);
        return onNode && (this.controllerManager?.running ?? true);
      },
      setControlPlaneRunning: (component, node, running) => this.setControlPlaneRunning(component, node, running),
    };
    bootstrapObjects(this.api, this.info);
    const csiDrivers = opts.csiDrivers ?? defaultDrivers(this.info);
    installDrivers(this.api, this.info, csiDrivers);
    this.scheduler = createScheduler(this.ctx);
    this.controllerManager = createControllerManager(this.ctx);
    this.storage = createStorage(this.ctx, csiDrivers);
    this.components.set(this.scheduler.name, this.scheduler);
    this.components.set(this.controllerManager.name, this.controllerManager);
    this.components.set(this.storage.name, this.storage);
    for (const node of this.info.nodes) {
      const kubelet = createKubelet(this.ctx, node);
      this.kubelets.set(node.name, kubelet);
      this.components.set(kubelet.name, kubelet);
    }
    this.network = createNetwork(this.ctx);
    for (const c of this.network.components) this.components.set(c.name, c);
    if (flavor === 'openshift') {
      this.clusterOperators = createClusterOperators(this.ctx, this.etcd);
      this.components.set(this.clusterOperators.name, this.clusterOperators);
    }
  }

  /** Starts informers and every component; objects bootstrap at time zero. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    for (const kubelet of this.kubelets.values()) kubelet.start();
    this.scheduler.start();
    this.controllerManager.start();
    this.storage.start();
    for (const c of this.network.components) c.start();
    this.informers.startAll();
    this.clock.drainDeferred();
    this.clusterOperators?.start();
    return this;
  }

  advance(ms: number): void {
    this.clock.advance(ms);
  }

  /**
   * A static pod's process started or stopped on a node. etcd members follow one to one; the
   * scheduler and controller-manager are leader-elected, so the component runs while any
   * node runs it.
   */
  private setControlPlaneRunning(component: ControlPlaneProcess, node: string, running: boolean): void {
    if (component === 'etcd') {
      if (running) this.etcd.startMember(node);
      else this.etcd.stopMember(node);
      return;
    }
    const set = this.staticProcesses.get(component);
    const target = component === 'kube-scheduler' ? this.scheduler : component === 'kube-controller-manager' ? this.controllerManager : undefined;
    if (!set || !target) return;
    if (running) set.add(node);
    else set.delete(node);
    if (set.size === 0 && target.running) target.stop();
    else if (set.size > 0 && !target.running && this.started) target.start();
  }

  component(name: string): Component | undefined {
    return this.components.get(name);
  }

  setEventsEnabled(on: boolean): void {
    this.eventsEnabled = on;
    for (const r of this.recorders) r.enabled = on;
  }
}

function clusterInfo(opts: ClusterOptions, flavor: 'openshift' | 'kubernetes'): ClusterInfo {
  const openshift = flavor === 'openshift';
  const nodes: NodeConfig[] = [];
  const cp = opts.controlPlane ?? 3;
  // Images of the OpenShift release payload a node has from installation (ovnkube-node's).
  const payloadImages = openshift ? [OVN_KUBERNETES_IMAGE] : [];
  const podCIDR = (i: number): string => (openshift ? nodeSubnet('10.128.0.0/14', 23, i) : nodeSubnet('10.244.0.0/16', 24, i));
  for (let i = 0; i < cp; i++) {
    nodes.push({
      name: `master-${i}`,
      role: 'control-plane',
      ip: `10.0.0.${10 + i}`,
      podCIDR: podCIDR(nodes.length),
      capacity: { ...MASTER_CAPACITY },
      labels: {
        'node-role.kubernetes.io/control-plane': '',
        ...(openshift ? { 'node-role.kubernetes.io/master': '' } : {}),
      },
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, ...(openshift ? [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' as const }] : [])],
      images: [...payloadImages],
    });
  }
  const workers = opts.workers ?? [{ name: 'worker-1' }, { name: 'worker-2' }, { name: 'worker-3' }];
  workers.forEach((w, i) => {
    nodes.push({
      name: w.name,
      role: 'worker',
      ip: `10.0.1.${10 + i}`,
      podCIDR: podCIDR(nodes.length),
      capacity: { ...WORKER_DEFAULT_CAPACITY, ...w.capacity } as NodeConfig['capacity'],
      labels: {
        'node-role.kubernetes.io/worker': '',
        ...(w.zone ? { 'topology.kubernetes.io/zone': w.zone } : {}),
        ...w.labels,
      },
      taints: w.taints ?? [],
      images: [...payloadImages, ...(w.images ?? [])],
    });
  });
  return {
    name: opts.name ?? (openshift ? 'ocp-drill' : 'kubedrill'),
    flavor,
    cli: openshift ? 'oc' : 'kubectl',
    clusterCIDR: openshift ? '10.128.0.0/14' : '10.244.0.0/16',
    serviceCIDR: openshift ? '172.30.0.0/16' : '10.96.0.0/12',
    dnsServiceIP: openshift ? '172.30.0.10' : '10.96.0.10',
    kubernetesVersion: KUBERNETES_VERSION,
    nodes,
  };
}
