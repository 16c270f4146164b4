/**
 * The kubelet of one node: registers the Node, renews its Lease, posts node status when it
 * changes (or every 5 minutes), runs a pod worker per pod bound here, publishes mirror pods for
 * static pods, reports usage to the metrics registry, evicts under node pressure and serves
 * container logs. One timer per node (every 10 s) carries the lease, node status, static-pod
 * checks and eviction; pods carry their own timers only while something is due.
 */
import type { Component, ComponentContext, ControlPlaneProcess, NodeConfig } from '../component.js';
import type { Condition, KObject, Node, Pod } from '../api/types.js';
import { getCondition } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { EventRecorder } from '../apiserver/events.js';
import { ApiError } from '../apiserver/errors.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import type { PodUsage, UsageSource, NodeUsage } from '../metrics.js';
import { cpuMillis, quantityValue } from '../api/quantity.js';
import type { SeededRandom } from '../random.js';
import { Backoff } from './backoff.js';
import { connectivityFor, resolveServiceName, type Connectivity } from './connectivity.js';
import type { Lookups, WaitKind } from './env.js';
import { PodIPAllocator } from './ipam.js';
import { ImageStore, registryIP, type Runtime } from './pull.js';
import { normalizeImage } from './images.js';
import { PodWorker, type CState, type Run } from './pod-worker.js';
import { hexId } from '../api/ids.js';
import type { KubeletCore } from './core.js';
import { formatLog, type LogOptions } from './logs.js';
import { MANIFEST_DIR, manifestText, staticPods, type StaticPodDef } from './static-pods.js';
import { NodeFiles } from './node-files.js';
import { Journal, type JournalLine } from './journal.js';
import { processLog } from '../process-logs.js';
import { createHash } from 'node:crypto';
import {
  buildNode,
  capacityOf,
  nodeLabels,
  kubeletConditions,
  microTime,
  nodeIdentity,
  nodeStatus,
  pressureEventReason,
  PRESSURE_CONDITIONS,
  type NodeIdentity,
  type PressureCondition,
} from './node-status.js';

export const NODE_STATUS_UPDATE_MS = 10_000;
export const NODE_STATUS_REPORT_MS = 5 * 60_000;
export const LEASE_RENEW_MS = 10_000;
export const LEASE_DURATION_SECONDS = 40;
/** --eviction-pressure-transition-period default. */
export const PRESSURE_TRANSITION_MS = 5 * 60_000;

/** One container instance as the runtime lists it (crictl ps -a). */
export interface RuntimeContainer {
  id: string;
  name: string;
  image: string;
  imageRef: string;
  state: 'CONTAINER_RUNNING' | 'CONTAINER_EXITED';
  createdAt: number;
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  attempt: number;
  podSandboxId: string;
  podName: string;
  podNamespace: string;
  podUid: string;
}

export interface RuntimeSandbox {
  id: string;
  name: string;
  namespace: string;
  uid: string;
  state: 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
  createdAt: number;
  ip?: string;
}

/** The kubelet as commands and fault injectors see it. */
export interface KubeletComponent extends Component {
  readonly nodeName: string;
  readonly node: NodeConfig;
  /** Node-pressure fault: the condition turns True and pods are evicted (BestEffort first). */
  setPressure(condition: PressureCondition, on: boolean): void;
  pressure(): PressureCondition[];
  /** Registry-down fault, cluster-wide: pulls from the host time out. */
  setRegistryReachable(host: string, reachable: boolean): void;
  /** kubectl logs: the text, or throws ApiError with the kubelet's message. */
  logs(namespace: string, pod: string, container?: string, opts?: LogOptions): string;
  containers(): RuntimeContainer[];
  sandboxes(): RuntimeSandbox[];
  /** The kubelet's own klog lines (journalctl -u kubelet) and its process id. */
  journal: Journal;
  /** Images present on the node (crictl images). */
  imageList(): Array<{ ref: string; sizeBytes: number; digest: string }>;
  /** Removes images no container uses (crictl rmi --prune); returns the refs removed. */
  pruneImages(): string[];
  /** The node's simulated host paths: static pod manifests, /root, /var/log; disk usage. */
  readonly files: NodeFiles;
  /** Static pods defined by this node's manifests (control-plane nodes). */
  staticPodDefs(): StaticPodDef[];
  /** Evaluate memory.available against the eviction threshold (set by the node-pressure fault). */
  watchMemory: boolean;
  /** What the node and its pods use now (node tools: free, top), kubelet running or not. */
  usage(): { node: NodeUsage; pods: PodUsage[] };
}

export interface KubeletHubApi {
  registryReachable(host: string): boolean;
  setRegistryReachable(host: string, reachable: boolean): void;
  waitFor(kind: string, namespace: string, name: string, w: PodWorker): void;
}

export class Kubelet implements KubeletCore, KubeletComponent {
  readonly name: string;
  readonly clock;
  readonly client: Client;
  readonly recorder: EventRecorder;
  private readonly multus: EventRecorder;
  readonly ipam: PodIPAllocator;
  readonly crashBackoff = new Backoff();
  readonly pullBackoff = new Backoff();
  readonly lastPullError = new Map<string, string>();
  readonly lookups: Lookups;
  readonly images: ImageStore;
  readonly kubernetesServiceIP: string;
  readonly runtimePrefix: string;
  readonly journal: Journal;
  private readonly flavor: 'openshift' | 'kubernetes';
  private readonly random: SeededRandom;
  private readonly identity: NodeIdentity;
  private workers = new Map<string, PodWorker>();
  private statics = new Map<string, PodWorker>();
  private dirty = new Set<PodWorker>();
  private flushScheduled = false;
  private tickTimer?: number;
  private isRunning = false;
  private registered = false;
  private lastNodePost = -Infinity;
  private postedImagesVersion = -1;
  private readonly pressureSet = new Set<PressureCondition>();
  private nodeUid?: string;
  private started = false;
  readonly files: NodeFiles;
  watchMemory = false;
  private readonly pauseImage: string;
  private staticDefs: StaticPodDef[] = [];
  private manifestSyncQueued = false;
  /** When each derived pressure signal was last seen over its threshold. */
  private readonly observedAt = new Map<PressureCondition, number>();

  constructor(
    readonly ctx: ComponentContext,
    readonly node: NodeConfig,
    private readonly hub: KubeletHubApi,
  ) {
    this.name = `kubelet/${node.name}`;
    this.clock = ctx.clock;
    this.flavor = ctx.info.flavor;
    const runtime: Runtime = this.flavor === 'openshift' ? 'cri-o' : 'containerd';
    this.runtimePrefix = `${runtime}://`;
    this.client = ctx.client(COMPONENT_USERS.node(node.name), `kubelet/v1.32.4 (linux/amd64) kubernetes/${node.name}`);
    this.recorder = ctx.recorder('kubelet', node.name);
    this.multus = ctx.recorder('multus', node.name);
    this.ipam = new PodIPAllocator(node.podCIDR, this.flavor === 'openshift' ? 3 : 2);
    this.random = ctx.random.fork(`kubelet/${node.name}`);
    this.identity = nodeIdentity(this.random);
    this.journal = new Journal(1000 + (hashOf(node.name) % 8000));
    this.lookups = {
      configmaps: ctx.informers.for('configmaps'),
      secrets: ctx.informers.for('secrets'),
      pvcs: ctx.informers.for('persistentvolumeclaims'),
      csi: {
        pvs: ctx.informers.for('persistentvolumes'),
        vas: ctx.informers.for('volumeattachments'),
        csiDrivers: ctx.informers.for('csidrivers'),
        csiNodes: ctx.informers.for('csinodes'),
      },
      nodeName: node.name,
    };
    this.images = new ImageStore(ctx.images, runtime, (h) => hub.registryReachable(h));
    const pause = this.flavor === 'openshift' ? 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:1b9f1d3e4a7c2b5d8e0f3a6c9b2d5e8f1a4c7b0d3e6f9a2c5b8d1e4f7a0c3b6d' : 'registry.k8s.io/pause:3.10';
    for (const ref of [pause, ...node.images]) this.images.add(ref);
    this.pauseImage = normalizeImage(pause);
    this.kubernetesServiceIP = ctx.info.serviceCIDR.startsWith('172.30.') ? '172.30.0.1' : '10.96.0.1';
    const disk = quantityValue(node.capacity['ephemeral-storage'] ?? '120Gi');
    this.files = new NodeFiles(() => this.clock.now(), disk, Math.round(disk * 0.14), () => this.images.list().reduce((a, i) => a + i.sizeBytes, 0));
    if (node.role === 'control-plane') {
      const masters = ctx.info.nodes.filter((n) => n.role === 'control-plane');
      this.staticDefs = staticPods(this.flavor, node, masters);
      for (const def of this.staticDefs) {
        this.files.write(`${MANIFEST_DIR}/${def.manifest}`, { content: manifestText(def) });
        for (const c of [...(def.pod.spec.initContainers ?? []), ...def.pod.spec.containers]) this.images.add(c.image);
        this.addStaticWorker(def);
      }
    }
    this.files.onChange((path) => {
      if (path === MANIFEST_DIR || path.startsWith(`${MANIFEST_DIR}/`)) this.queueManifestSync();
    });
  }

  private addStaticWorker(def: StaticPodDef): PodWorker {
    const hash = createHash('md5').update(`${this.node.name}/${def.pod.metadata.name}`).digest('hex');
    const pod: Pod = { ...def.pod, metadata: { ...def.pod.metadata, uid: hash }, spec: { ...def.pod.spec, nodeName: this.node.name } };
    const w = new PodWorker(this, pod, { static: true, processes: def.processes });
    this.statics.set(w.key, w);
    this.workers.set(w.key, w);
    return w;
  }

  staticPodDefs(): StaticPodDef[] {
    return this.staticDefs;
  }

  /** The file source notices manifest changes at once (inotify), the kubelet acts after the current task. */
  private queueManifestSync(): void {
    if (!this.isRunning || this.manifestSyncQueued) return;
    this.manifestSyncQueued = true;
    this.clock.defer(() => {
      this.manifestSyncQueued = false;
      this.syncManifests();
    });
  }

  /**
   * Static pods follow their manifests: a manifest that left the folder stops its pod (and
   * the mirror pod goes), one that came back starts it again.
   */
  private syncManifests(): void {
    if (!this.isRunning) return;
    const now = this.clock.now();
    for (const def of this.staticDefs) {
      const key = `${def.pod.metadata.namespace}/${def.pod.metadata.name}`;
      const present = this.files.file(`${MANIFEST_DIR}/${def.manifest}`) !== undefined;
      const w = this.statics.get(key);
      const pods = { raw: `[${JSON.stringify(key)}]` };
      if (present && !w) {
        for (const p of Object.values(def.processes)) this.ctx.setControlPlaneRunning?.(p, this.node.name, true);
        const nw = this.addStaticWorker(def);
        this.journal.log(now, 'I', 'kubelet.go:2459', 'SyncLoop ADD', [['source', 'file'], ['pods', pods]]);
        if (this.registered) this.ensureMirror(nw);
        nw.wake();
      } else if (!present && w) {
        w.destroy();
        this.statics.delete(key);
        this.workers.delete(key);
        this.dirty.delete(w);
        for (const p of Object.values(def.processes)) this.ctx.setControlPlaneRunning?.(p, this.node.name, false);
        this.journal.log(now, 'I', 'kubelet.go:2469', 'SyncLoop REMOVE', [['source', 'file'], ['pods', pods]]);
        if (w.pod.metadata.resourceVersion) {
          try {
            this.client.delete('pods', def.pod.metadata.namespace, def.pod.metadata.name, { gracePeriodSeconds: 0 });
          } catch {
            // gone already, or the API server is unreachable: the mirror is cleaned up later
          }
        }
      }
    }
  }

  get running(): boolean {
    return this.isRunning;
  }

  get nodeName(): string {
    return this.node.name;
  }

  // ---------------------------------------------------------------- component

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.ctx.metrics.register(this.node.name, this.usageSource());
    this.recorder.normal(this.nodeRef(), 'Starting', 'Starting kubelet.');
    const now = this.clock.now();
    this.journal.log(now, 'I', 'server.go:484', 'Kubelet version', [['kubeletVersion', 'v1.32.4']]);
    this.journal.log(now, 'I', 'kubelet.go:2361', 'Starting kubelet main sync loop');
    if (this.registered) this.startupEvents();
    else this.register();
    this.syncManifests();
    this.tick(true);
    for (const w of this.workers.values()) w.wake();
    const offset = this.started ? NODE_STATUS_UPDATE_MS : 1 + (hashOf(this.node.name) % NODE_STATUS_UPDATE_MS);
    this.started = true;
    this.scheduleTick(offset);
  }

  stop(): void {
    if (!this.isRunning) return;
    this.isRunning = false;
    this.clock.clear(this.tickTimer);
    this.tickTimer = undefined;
    this.ctx.metrics.unregister(this.node.name);
  }

  private scheduleTick(ms: number): void {
    this.tickTimer = this.clock.setTimeout(() => {
      if (!this.isRunning) return;
      this.tick(false);
      this.scheduleTick(NODE_STATUS_UPDATE_MS);
    }, ms);
  }

  private tick(first: boolean): void {
    if (!this.registered) this.register();
    if (!this.registered) return;
    this.renewLease();
    // A node registered a moment ago already carries its status.
    this.postNodeStatus(first && !this.justCreated);
    this.justCreated = false;
    for (const w of this.statics.values()) {
      this.ensureMirror(w);
      w.wake();
    }
    if (this.dirty.size > 0) this.flush();
    this.evaluateSignals();
    this.evictIfPressure();
  }

  /**
   * The eviction manager's signals: nodefs.available below 10% of the disk means DiskPressure,
   * memory.available below 100Mi MemoryPressure (watched only on nodes a fault asked for, to
   * keep big clusters cheap). A condition clears once its signal has stayed under the
   * threshold for the pressure transition period (5 minutes).
   */
  private evaluateSignals(): void {
    const now = this.clock.now();
    const over = new Set<PressureCondition>();
    if (this.files.availableBytes() < this.files.capacityBytes * 0.1) over.add('DiskPressure');
    if (this.watchMemory) {
      const cap = quantityValue(this.node.capacity.memory);
      if (cap - this.usageSource().node().memoryBytes < 100 * 1024 * 1024) over.add('MemoryPressure');
    }
    for (const c of ['DiskPressure', 'MemoryPressure'] as const) {
      if (over.has(c)) {
        this.observedAt.set(c, now);
        if (!this.pressureSet.has(c)) this.setPressure(c, true);
      } else {
        const at = this.observedAt.get(c);
        if (at !== undefined && now - at >= PRESSURE_TRANSITION_MS) {
          this.observedAt.delete(c);
          this.setPressure(c, false);
        }
      }
    }
  }

  private nodeRef(): KObject {
    return { apiVersion: 'v1', kind: 'Node', metadata: { name: this.node.name, uid: this.node.name } };
  }

  // ---------------------------------------------------------------- node

  private register(): void {
    try {
      const existing = this.client.tryGet<Node>('nodes', undefined, this.node.name);
      if (existing) {
        this.nodeUid = existing.metadata.uid;
        this.registered = true;
        this.startupEvents();
        return;
      }
      const now = this.clock.isoNow();
      const conds = kubeletConditions(this.pressureSet, undefined, now, now);
      const created = this.client.create(buildNode(this.node, this.flavor, nodeStatus(this.node, this.flavor, this.identity, conds, this.images)));
      this.nodeUid = created.metadata.uid;
      this.registered = true;
      this.lastNodePost = this.clock.now();
      this.postedImagesVersion = this.images.version;
      this.justCreated = true;
      this.startupEvents();
      this.recorder.normal(this.nodeRef(), 'NodeReady', `Node ${this.node.name} status is now: NodeReady`);
    } catch {
      // API server unreachable: the kubelet retries on its next tick.
    }
  }

  /** What a starting kubelet records about its node (repeats aggregate as "x2 over ..."). */
  private startupEvents(): void {
    const ref = this.nodeRef();
    for (const c of PRESSURE_CONDITIONS) {
      const reason = pressureEventReason(c, this.pressureSet.has(c));
      this.recorder.normal(ref, reason, `Node ${this.node.name} status is now: ${reason}`);
    }
    this.recorder.normal(ref, 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
  }

  private storedNode(): Node | undefined {
    return this.ctx.informers.for<Node>('nodes').getByName(undefined, this.node.name) ?? this.client.tryGet<Node>('nodes', undefined, this.node.name);
  }

  /** Posts status when a condition or the image list changed, or the 5-minute report is due. */
  private postNodeStatus(force: boolean): void {
    const now = this.clock.now();
    let stored: Node | undefined;
    try {
      stored = this.storedNode();
    } catch {
      return;
    }
    if (!stored) return;
    // Cordon/uncordon: the kubelet notices on its next status pass and says so.
    const unschedulable = !!stored.spec?.unschedulable;
    if (this.lastUnschedulable !== undefined && unschedulable !== this.lastUnschedulable) {
      const reason = unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable';
      this.recorder.normal(this.nodeRef(), reason, `Node ${this.node.name} status is now: ${reason}`);
    }
    this.lastUnschedulable = unschedulable;
    const prior = stored.status?.conditions ?? [];
    const changed = this.conditionsDiffer(prior) || this.images.version !== this.postedImagesVersion;
    if (!force && !changed && now - this.lastNodePost < NODE_STATUS_REPORT_MS) return;
    const iso = this.clock.isoNow();
    const mine = kubeletConditions(this.pressureSet, prior, iso, iso);
    const others = prior.filter((c) => !mine.some((m) => m.type === c.type));
    const status = { ...nodeStatus(this.node, this.flavor, this.identity, [...others, ...mine], this.images) };
    try {
      this.client.updateStatus({ ...stored, metadata: { ...stored.metadata, resourceVersion: undefined as unknown as string }, status });
    } catch (err) {
      this.journal.log(now, 'E', 'kubelet_node_status.go:549', 'Error updating node status, will retry', [['err', errText(err)]]);
      return;
    }
    this.lastNodePost = now;
    this.postedImagesVersion = this.images.version;
    const ref = this.nodeRef();
    for (const c of PRESSURE_CONDITIONS) {
      const old = getCondition(prior, c);
      const on = this.pressureSet.has(c);
      if (old && (old.status === 'True') !== on) this.recorder.normal(ref, pressureEventReason(c, on), `Node ${this.node.name} status is now: ${pressureEventReason(c, on)}`);
    }
    const ready = getCondition(prior, 'Ready');
    if (ready && ready.status !== 'True') this.recorder.normal(ref, 'NodeReady', `Node ${this.node.name} status is now: NodeReady`);
  }

  private conditionsDiffer(prior: Condition[]): boolean {
    for (const c of PRESSURE_CONDITIONS) {
      const old = getCondition(prior, c);
      if (!old || (old.status === 'True') !== this.pressureSet.has(c)) return true;
    }
    const ready = getCondition(prior, 'Ready');
    return !ready || ready.status !== 'True';
  }

  private lease?: KObject;
  private lastUnschedulable?: boolean;
  private justCreated = false;

  private renewLease(): void {
    const renewTime = microTime(this.clock.now());
    try {
      if (!this.lease) this.lease = this.client.tryGet('leases', 'kube-node-lease', this.node.name);
      if (!this.lease) {
        this.lease = this.client.create({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: {
            name: this.node.name,
            namespace: 'kube-node-lease',
            ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.node.name, uid: this.nodeUid ?? '' }],
          },
          spec: { holderIdentity: this.node.name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
        });
        return;
      }
      const l = this.lease;
      this.lease = this.client.update({ ...l, metadata: { ...l.metadata, resourceVersion: undefined as unknown as string }, spec: { ...l.spec, holderIdentity: this.node.name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime } });
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) this.lease = undefined;
      this.journal.log(this.clock.now(), 'E', 'controller.go:145', 'Failed to update lease', [['err', errText(err)]]);
    }
  }

  // ---------------------------------------------------------------- pods (from the hub)

  onPod(pod: Pod): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const mirror = pod.metadata.annotations?.['kubernetes.io/config.mirror'];
    const s = this.statics.get(key);
    if (s) {
      if (mirror !== undefined) {
        if (s.pod.metadata.uid !== pod.metadata.uid) s.lastStatus = undefined;
        s.pod = pod;
        s.refreshStatus();
      }
      return;
    }
    let w = this.workers.get(key);
    if (w && w.uid !== pod.metadata.uid) {
      w.destroy();
      this.workers.delete(key);
      w = undefined;
    }
    if (!w) {
      // A finished pod from before this kubelet knew it: nothing to run.
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
      w = new PodWorker(this, pod);
      this.workers.set(key, w);
      this.journal.log(this.clock.now(), 'I', 'kubelet.go:2459', 'SyncLoop ADD', [['source', 'api'], ['pods', { raw: `[${JSON.stringify(key)}]` }]]);
      w.wake();
      return;
    }
    if (pod.metadata.deletionTimestamp && !w.pod.metadata.deletionTimestamp) {
      this.journal.log(this.clock.now(), 'I', 'kubelet.go:2475', 'SyncLoop DELETE', [['source', 'api'], ['pods', { raw: `[${JSON.stringify(key)}]` }]]);
    }
    w.update(pod);
  }

  onPodDelete(pod: Pod): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const s = this.statics.get(key);
    if (s) {
      if (s.pod.metadata.uid === pod.metadata.uid) {
        // Someone deleted the mirror pod: the kubelet publishes it again.
        s.pod = { ...pod, metadata: { ...pod.metadata, uid: s.uid, resourceVersion: undefined as unknown as string } };
        s.lastStatus = undefined;
        if (this.isRunning) this.clock.defer(() => this.ensureMirror(s));
      }
      return;
    }
    const w = this.workers.get(key);
    if (!w || w.uid !== pod.metadata.uid) return;
    this.journal.log(this.clock.now(), 'I', 'kubelet.go:2469', 'SyncLoop REMOVE', [['source', 'api'], ['pods', { raw: `[${JSON.stringify(key)}]` }]]);
    w.destroy();
    this.workers.delete(key);
    this.dirty.delete(w);
  }

  private ensureMirror(w: PodWorker): void {
    if (w.pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined && w.pod.metadata.resourceVersion) return;
    const existing = this.ctx.informers.for<Pod>('pods').getByName(w.pod.metadata.namespace, w.pod.metadata.name);
    if (existing?.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) {
      w.pod = existing;
      return;
    }
    const hash = w.uid;
    const base = w.pod;
    const mirror: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: base.metadata.name,
        namespace: base.metadata.namespace,
        labels: base.metadata.labels,
        annotations: {
          ...base.metadata.annotations,
          'kubernetes.io/config.hash': hash,
          'kubernetes.io/config.mirror': hash,
          'kubernetes.io/config.seen': new Date(this.clock.now()).toISOString().replace('Z', '000000Z').replace(/\.(\d{3})000000Z$/, '.$1000000Z'),
          'kubernetes.io/config.source': 'file',
        },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.node.name, uid: this.nodeUid ?? '', controller: true }],
      },
      spec: base.spec,
    };
    try {
      const created = this.client.create(mirror);
      w.pod = created as Pod;
      w.lastStatus = undefined;
      w.refreshStatus();
    } catch {
      // retried on the next tick
    }
  }

  // ---------------------------------------------------------------- KubeletCore

  newId(): string {
    return hexId(this.random, 64);
  }

  sandboxReady(w: PodWorker): void {
    if (this.flavor !== 'openshift' || !w.podIP) return;
    this.multus.normal(w.pod, 'AddedInterface', `Add eth0 [${w.podIP}/${this.ipam.prefixLength}] from ovn-kubernetes`);
  }

  waitFor(kind: WaitKind, namespace: string, name: string, w: PodWorker): void {
    this.hub.waitFor(kind, namespace, name, w);
  }

  processRunning(p: ControlPlaneProcess): boolean {
    return this.ctx.controlPlaneRunning(p, this.node.name);
  }

  connectivity(): Connectivity {
    return connectivityFor(this.ctx);
  }

  lookup(namespace: string, host: string): { ok: true; ip: string; name: string } | { ok: false } {
    const namespaces = this.ctx.informers.for('namespaces');
    const svcName = resolveServiceName(host, namespace, (ns) => namespaces.getByName(undefined, ns) !== undefined);
    if (!svcName) return { ok: true, ip: registryIP(host), name: host };
    const svc = this.ctx.informers.for('services').getByName(svcName.namespace, svcName.name);
    if (!svc) return { ok: false };
    const fqdn = `${svcName.name}.${svcName.namespace}.svc.cluster.local`;
    const ip = svc.spec?.clusterIP;
    if (ip && ip !== 'None') return { ok: true, ip, name: fqdn };
    const ep = this.ctx.informers.for('endpoints').getByName(svcName.namespace, svcName.name);
    const addr = ep?.subsets?.[0]?.addresses?.[0]?.ip;
    return addr ? { ok: true, ip: addr, name: fqdn } : { ok: false };
  }

  /**
   * Admission as the kubelet's predicate admit handler does it: resources against allocatable
   * (pods already admitted here count as used), then the node selector.
   */
  admit(w: PodWorker): { reason: string; message: string } | undefined {
    const node = this.ctx.informers.for<Node>('nodes').getByName(undefined, this.node.name);
    const alloc = node?.status?.allocatable ?? capacityOf(this.node, this.flavor).allocatable;
    const req = (w.requests ??= podRequests(w.pod));
    const used = { cpu: 0, memory: 0, pods: 0 };
    for (const o of this.workers.values()) {
      if (o === w || o.terminal || o.startTime === undefined) continue;
      const r = (o.requests ??= podRequests(o.pod));
      used.cpu += r.cpu;
      used.memory += r.memory;
      used.pods++;
    }
    const checks: Array<[string, number, number, number]> = [
      ['pods', 1, used.pods, quantityValue(alloc.pods ?? '110')],
      ['cpu', req.cpu, used.cpu, cpuMillis(alloc.cpu ?? '0')],
      ['memory', req.memory, used.memory, quantityValue(alloc.memory ?? '0')],
    ];
    for (const [name, r, u, cap] of checks) {
      if (r > 0 && u + r > cap) return { reason: `OutOf${name}`, message: `Node didn't have enough resource: ${name}, requested: ${r}, used: ${u}, capacity: ${cap}` };
    }
    const labels = node?.metadata.labels ?? nodeLabels(this.node, this.flavor);
    for (const [k, v] of Object.entries(w.pod.spec.nodeSelector ?? {})) {
      if (labels[k] !== v) return { reason: 'NodeAffinity', message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" };
    }
    return undefined;
  }

  markDirty(w: PodWorker): void {
    this.dirty.add(w);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.clock.defer(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  flushNow(w: PodWorker): void {
    this.writeStatus(w);
    this.dirty.delete(w);
  }

  private flush(): void {
    if (!this.isRunning) return;
    for (const w of [...this.dirty]) if (this.writeStatus(w)) this.dirty.delete(w);
  }

  /** Writes the worker's pending status; false to retry later. */
  private writeStatus(w: PodWorker): boolean {
    const status = w.pendingStatus;
    if (!status || w.gone) return true;
    if (w.isStatic && !w.pod.metadata.resourceVersion) return false;
    try {
      this.client.updateStatus({ ...w.pod, metadata: { ...w.pod.metadata, resourceVersion: undefined as unknown as string }, status });
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return true;
      return false;
    }
    w.lastStatus = status;
    w.pendingStatus = undefined;
    return true;
  }

  // ---------------------------------------------------------------- faults

  setPressure(condition: PressureCondition, on: boolean): void {
    if (on) this.pressureSet.add(condition);
    else this.pressureSet.delete(condition);
    if (this.isRunning && this.registered) this.postNodeStatus(false);
  }

  pressure(): PressureCondition[] {
    return PRESSURE_CONDITIONS.filter((c) => this.pressureSet.has(c));
  }

  setRegistryReachable(host: string, reachable: boolean): void {
    this.hub.setRegistryReachable(host, reachable);
  }

  /** One pod per housekeeping pass, as the eviction manager does: BestEffort, then Burstable. */
  private evictIfPressure(): void {
    if (this.pressureSet.size === 0) return;
    const cond = PRESSURE_CONDITIONS.find((c) => this.pressureSet.has(c))!;
    const now = this.clock.now();
    const rank = { BestEffort: 0, Burstable: 1, Guaranteed: 2 } as const;
    let victim: PodWorker | undefined;
    let best: [number, number, number] | undefined;
    for (const w of this.workers.values()) {
      if (w.isStatic || w.terminal || w.evicted || w.terminating || !w.podIP) continue;
      const prio = w.pod.spec.priority ?? 0;
      if (prio >= 2_000_000_000) continue;
      const qos = w.qos;
      if (qos === 'Guaranteed') continue;
      const mem = w.usage(now).reduce((a, u) => a + u.memoryBytes, 0);
      const key: [number, number, number] = [rank[qos], prio, -mem];
      if (!best || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && key[2] < best[2])))) {
        best = key;
        victim = w;
      }
    }
    if (!victim) return;
    victim.evict(this.evictionMessage(cond, victim, now));
    this.journal.log(now, 'I', 'eviction_manager.go:618', 'Eviction manager: pods evicted, waiting for pod to be cleaned up', [['pods', { raw: `[${JSON.stringify(victim.key)}]` }]]);
    this.flushNow(victim);
  }

  private evictionMessage(cond: PressureCondition, w: PodWorker, now: number): string {
    const resource = cond === 'MemoryPressure' ? 'memory' : cond === 'DiskPressure' ? 'ephemeral-storage' : 'pids';
    let msg = `The node was low on resource: ${resource}. `;
    if (cond === 'MemoryPressure') msg += 'Threshold quantity: 100Mi, available: 92160Ki. ';
    else if (cond === 'DiskPressure') {
      const cap = quantityValue(this.node.capacity['ephemeral-storage'] ?? '120Gi');
      const thr = Math.floor((cap * 0.1) / 1024);
      msg += `Threshold quantity: ${thr}Ki, available: ${thr - 524288}Ki. `;
    } else msg += 'Threshold quantity: 1000, available: 612. ';
    if (cond !== 'PIDPressure') {
      for (const u of w.usage(now)) {
        const spec = w.pod.spec.containers.find((c) => c.name === u.name);
        const req = spec?.resources?.requests?.[resource] ?? '0';
        const used = resource === 'memory' ? `${Math.round(u.memoryBytes / 1024)}Ki` : `${48 + (hashOf(u.name) % 64)}Ki`;
        msg += `Container ${u.name} was using ${used}, request is ${req}, has larger consumption of ${resource}. `;
      }
    }
    return msg;
  }

  // ---------------------------------------------------------------- logs, runtime

  logs(namespace: string, pod: string, container?: string, opts: LogOptions = {}): string {
    const w = this.workers.get(`${namespace}/${pod}`);
    if (!this.isRunning) {
      const c = container ?? w?.containers[0]?.spec.name ?? '';
      throw new ApiError(500, 'InternalError', `Get "https://${this.node.ip}:10250/containerLogs/${namespace}/${pod}/${c}": dial tcp ${this.node.ip}:10250: connect: connection refused`);
    }
    if (!w) throw new ApiError(404, 'NotFound', `pods "${pod}" not found`);
    const names = w.containers.map((c) => c.spec.name);
    const inits = w.inits.map((c) => c.spec.name);
    if (!container) {
      if (names.length !== 1) {
        throw new ApiError(400, 'BadRequest', `a container name must be specified for pod ${pod}, choose one of: [${names.join(' ')}]${inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : ''}`);
      }
      container = names[0]!;
    }
    const c = w.all.find((x) => x.spec.name === container);
    if (!c) throw new ApiError(400, 'BadRequest', `container ${container} is not valid for pod ${pod}`);
    const run = pickLogRun(c, !!opts.previous, pod);
    const now = this.clock.now();
    const until = run.finishedAt ?? now;
    // A control-plane process keeps its own log (the scheduler's klog): this run's share of it.
    const own = c.process ? processLog(this.ctx, c.process, this.node.name) : undefined;
    if (own) {
      // The component starts with the cluster, a moment before its first container: no lower bound then.
      const from = c.prev ? run.startedAt : -Infinity;
      return formatLog(own.filter((l) => l.t >= from && l.t <= until), now, opts);
    }
    return formatLog(run.log.read(until), now, opts);
  }

  containers(): RuntimeContainer[] {
    const out: RuntimeContainer[] = [];
    for (const w of this.workers.values()) {
      if (!w.sandbox) continue;
      for (const c of w.all) {
        for (const r of [c.prev, c.run]) {
          if (!r) continue;
          out.push({
            id: r.id,
            name: c.spec.name,
            image: c.spec.image,
            imageRef: c.imageID,
            state: r.finishedAt === undefined ? 'CONTAINER_RUNNING' : 'CONTAINER_EXITED',
            createdAt: r.startedAt,
            startedAt: r.startedAt,
            finishedAt: r.finishedAt,
            exitCode: r.exitCode,
            reason: r.reason,
            attempt: r.attempt,
            podSandboxId: w.sandbox.id,
            podName: w.pod.metadata.name,
            podNamespace: w.pod.metadata.namespace ?? '',
            podUid: w.uid,
          });
        }
      }
    }
    return out;
  }

  sandboxes(): RuntimeSandbox[] {
    const out: RuntimeSandbox[] = [];
    for (const w of this.workers.values()) {
      if (!w.sandbox) continue;
      out.push({
        id: w.sandbox.id,
        name: w.pod.metadata.name,
        namespace: w.pod.metadata.namespace ?? '',
        uid: w.uid,
        state: w.terminal || w.terminating ? 'SANDBOX_NOTREADY' : 'SANDBOX_READY',
        createdAt: w.sandbox.createdAt,
        ip: w.podIP,
      });
    }
    return out;
  }

  imageList(): Array<{ ref: string; sizeBytes: number; digest: string }> {
    return this.images.list();
  }

  usage(): { node: NodeUsage; pods: PodUsage[] } {
    const src = this.usageSource();
    return { node: src.node(), pods: [...src.pods()] };
  }

  pruneImages(): string[] {
    const used = new Set<string>([this.pauseImage]);
    for (const w of this.workers.values()) for (const c of w.all) used.add(normalizeImage(c.spec.image));
    const removed = this.images.removeUnused(used);
    if (removed.length) this.clock.defer(() => this.evaluateSignals());
    return removed;
  }

  /** The worker of a pod (tests and node-level tools). */
  worker(namespace: string, name: string): PodWorker | undefined {
    return this.workers.get(`${namespace}/${name}`);
  }

  // ---------------------------------------------------------------- usage

  private usageSource(): UsageSource {
    const podUsage = (w: PodWorker, now: number): PodUsage | undefined => {
      const containers = w.usage(now);
      if (containers.length === 0) return undefined;
      return { namespace: w.pod.metadata.namespace ?? '', name: w.pod.metadata.name, node: this.node.name, containers };
    };
    return {
      pods: () => {
        const now = this.clock.now();
        const out: PodUsage[] = [];
        for (const w of this.workers.values()) {
          const u = podUsage(w, now);
          if (u) out.push(u);
        }
        return out;
      },
      pod: (namespace, name) => {
        const w = this.workers.get(`${namespace}/${name}`);
        return w ? podUsage(w, this.clock.now()) : undefined;
      },
      node: (): NodeUsage => {
        const now = this.clock.now();
        const openshift = this.flavor === 'openshift';
        let cpu = openshift ? 350 : 90;
        let mem = (openshift ? 2800 : 650) * 1024 * 1024;
        for (const w of this.workers.values()) {
          for (const u of w.usage(now)) {
            cpu += u.cpuMillis;
            mem += u.memoryBytes;
          }
        }
        return { cpuMillis: cpu, memoryBytes: mem };
      },
    };
  }
}

/** The container instance `kubectl logs` reads, following the kubelet's validateContainerLogStatus. */
function pickLogRun(c: CState, previous: boolean, pod: string): Run {
  const r = c.run;
  const running = r && r.finishedAt === undefined;
  const waiting = c.waiting && !running;
  const last = waiting ? (r?.finishedAt !== undefined ? r : c.prev) : c.prev;
  const name = c.spec.name;
  if (previous) {
    if (!last) throw new ApiError(400, 'BadRequest', `previous terminated container "${name}" in pod "${pod}" not found`);
    return last;
  }
  if (running) return r;
  if (!waiting && r) return r;
  if (last) return last;
  const reason = c.waiting?.reason ?? (c.init ? 'PodInitializing' : 'ContainerCreating');
  const why = reason === 'ErrImagePull' ? 'image can\'t be pulled' : reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : reason;
  throw new ApiError(400, 'BadRequest', `container "${name}" in pod "${pod}" is waiting to start: ${why}`);
}

function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Effective requests of a pod: the larger of the sum over containers and any init container. */
function podRequests(pod: Pod): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  // Requests default to limits, as API defaulting does.
  const get = (c: Pod['spec']['containers'][number], r: 'cpu' | 'memory'): string | undefined => c.resources?.requests?.[r] ?? c.resources?.limits?.[r];
  for (const c of pod.spec.containers) {
    const cq = get(c, 'cpu');
    const mq = get(c, 'memory');
    cpu += cq ? cpuMillis(cq) : 0;
    memory += mq ? quantityValue(mq) : 0;
  }
  for (const c of pod.spec.initContainers ?? []) {
    const cq = get(c, 'cpu');
    const mq = get(c, 'memory');
    cpu = Math.max(cpu, cq ? cpuMillis(cq) : 0);
    memory = Math.max(memory, mq ? quantityValue(mq) : 0);
  }
  return { cpu, memory };
}

function errText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

export type { JournalLine };
