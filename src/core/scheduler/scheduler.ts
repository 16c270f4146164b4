/**
 * kube-scheduler: informers feed the cache and the queue; one pod at a time is popped, run
 * through the framework, assumed on the chosen node and bound through the API server as
 * system:kube-scheduler. Failures become a FailedScheduling event, a PodScheduled=False
 * condition and a klog line, and the pod waits in the queue for a cluster event that may help.
 */
import type { Component, ComponentContext } from '../component.js';
import type { KObject, Node, Pod } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { EventRecorder } from '../apiserver/events.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import type { TimerId } from '../clock.js';
import { SchedulerCache } from './cache.js';
import { SchedulingQueue, type QueuedPodInfo, type QueueStats } from './queue.js';
import { newPodInfo, type PodInfo } from './podinfo.js';
import { Framework, NO_NODES_AVAILABLE, fitErrorMessage, preemptionMessage, type AttemptResult } from './framework.js';
import { TraceStore, type SchedulingTrace, type TraceEntry } from './trace.js';
import { KlogBuffer } from './klog.js';
import { leaderNode, registerProcessLog } from '../process-logs.js';
import type { FrameworkHandle } from './types.js';
import { nodeUnschedulable } from './plugins/node-unschedulable.js';
import { nodeName } from './plugins/node-name.js';
import { taintTolerationFilter, taintTolerationScore } from './plugins/taint-toleration.js';
import { nodeAffinityFilter, nodeAffinityScore } from './plugins/node-affinity.js';
import { nodePorts } from './plugins/node-ports.js';
import { nodeResourcesFitFilter, nodeResourcesFitScore } from './plugins/node-resources-fit.js';
import { delayedClaims, isClaimBound, SELECTED_NODE_ANNOTATION, volumeBinding, volumeBindingScore } from './plugins/volume-binding.js';
import { podTopologySpreadFilter, podTopologySpreadScore } from './plugins/pod-topology-spread.js';
import { interPodAffinityFilter, interPodAffinityScore } from './plugins/inter-pod-affinity.js';
import { balancedAllocation } from './plugins/balanced-allocation.js';
import { imageLocality } from './plugins/image-locality.js';
import { ApiError } from '../apiserver/errors.js';

export const DEFAULT_SCHEDULER = 'default-scheduler';
/** validation.NoteLengthLimit: event messages are cut there. */
const NOTE_LENGTH_LIMIT = 1024;
/** VolumeBinding's bindTimeoutSeconds. */
const BIND_TIMEOUT_MS = 600_000;
/** Pods scheduled per task before yielding to watch delivery. */
const BATCH = 1000;

/** Which plugins a cluster event may help (the queueing hints, coarsely). */
const ASSIGNED_POD_DELETE = new Set(['NodeResourcesFit', 'NodePorts', 'InterPodAffinity', 'PodTopologySpread', 'VolumeBinding']);
const ASSIGNED_POD_CHANGE = new Set(['InterPodAffinity', 'PodTopologySpread']);
const VOLUME_EVENT = new Set(['VolumeBinding']);

export interface SchedulerStats {
  attempts: number;
  scheduled: number;
  unschedulable: number;
  errors: number;
}

export interface NodeSummary {
  name: string;
  pods: number;
  allocatable: { cpuMillis: number; memoryBytes: number; pods: number };
  requested: { cpuMillis: number; memoryBytes: number };
}

export interface SchedulerComponent extends Component {
  /** The last scheduling attempt of a pod (pending pods and the last 1000 scheduled). */
  trace(namespace: string, name: string): SchedulingTrace | undefined;
  queueStats(): QueueStats;
  /** kube-scheduler's log lines (klog format), oldest first. */
  logs(): string[];
  readonly logVersion: number;
  readonly stats: Readonly<SchedulerStats>;
  /** What the scheduler's cache believes about a node (for the :sched view). */
  nodeSummary(name: string): NodeSummary | undefined;
}

function assigned(pod: Pod): boolean {
  return !!pod.spec?.nodeName;
}

function terminal(pod: Pod): boolean {
  const p = pod.status?.phase;
  return p === 'Succeeded' || p === 'Failed';
}

function sameJSON(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export class Scheduler implements SchedulerComponent {
  readonly name = 'scheduler';
  private isRunning = false;
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  private readonly traces = new TraceStore();
  private readonly klog: KlogBuffer;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly podsInf: Informer<Pod>;
  private readonly nodesInf: Informer<Node>;
  private readonly handle: FrameworkHandle;
  private unsubscribe: Array<() => void> = [];
  private timers: TimerId[] = [];
  private drainScheduled = false;
  private waitingVolumes = new Map<string, { q: QueuedPodInfo; res: AttemptResult; claims: string[]; timer: TimerId }>();
  readonly stats: SchedulerStats = { attempts: 0, scheduled: 0, unschedulable: 0, errors: 0 };

  constructor(private readonly ctx: ComponentContext) {
    this.queue = new SchedulingQueue(() => ctx.clock.now());
    this.queue.onActive = () => this.scheduleDrain();
    this.klog = new KlogBuffer(() => ctx.clock.now());
    registerProcessLog(ctx, 'kube-scheduler', (node) => this.logFor(node));
    this.client = ctx.client(COMPONENT_USERS.scheduler, `kube-scheduler/${ctx.info.kubernetesVersion} (linux/amd64) kubernetes/scheduler`);
    this.recorder = ctx.recorder(DEFAULT_SCHEDULER);
    this.podsInf = ctx.informers.for<Pod>('pods');
    this.nodesInf = ctx.informers.for<Node>('nodes');
    this.handle = {
      cache: this.cache,
      pvcs: ctx.informers.for('persistentvolumeclaims'),
      pvs: ctx.informers.for('persistentvolumes'),
      storageClasses: ctx.informers.for('storageclasses'),
      namespaces: ctx.informers.for('namespaces'),
    };
    const h = this.handle;
    this.framework = new Framework(
      [
        nodeUnschedulable,
        nodeName,
        taintTolerationFilter,
        nodeAffinityFilter,
        nodePorts,
        nodeResourcesFitFilter,
        volumeBinding(h),
        podTopologySpreadFilter(this.cache),
        interPodAffinityFilter(h),
      ],
      [
        taintTolerationScore,
        nodeAffinityScore,
        nodeResourcesFitScore,
        volumeBindingScore,
        podTopologySpreadScore(this.cache),
        interPodAffinityScore(h),
        balancedAllocation,
        imageLocality(this.cache),
      ],
      ctx.random.fork('scheduler'),
      () => this.cache.nodes(),
    );
  }

  get running(): boolean {
    return this.isRunning;
  }

  get logVersion(): number {
    return this.klog.version;
  }

  logs(): string[] {
    return this.klog.all();
  }

  /** What the kube-scheduler container on `node` logged: the leader's full log, a standby's wait. */
  private logFor(node: string): Array<{ t: number; line: string }> {
    const entries = this.klog.entries();
    if (leaderNode(this.ctx, 'kube-scheduler') === node) return entries;
    // A standby prints the start-up lines and then waits on the lease.
    const waiting = entries.findIndex((e) => e.line.includes('attempting to acquire leader lease'));
    return waiting < 0 ? [] : entries.slice(0, waiting + 1);
  }

  queueStats(): QueueStats {
    return this.queue.stats();
  }

  trace(namespace: string, name: string): SchedulingTrace | undefined {
    return this.traces.get(`${namespace}/${name}`);
  }

  nodeSummary(name: string): NodeSummary | undefined {
    const ni = this.cache.node(name);
    if (!ni) return undefined;
    return {
      name,
      pods: ni.pods.size,
      allocatable: { cpuMillis: ni.allocatable.cpu, memoryBytes: ni.allocatable.memory, pods: ni.allocatable.pods },
      requested: { cpuMillis: ni.requested.cpu, memoryBytes: ni.requested.memory },
    };
  }

  // ------------------------------------------------------------ lifecycle

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    const v = this.ctx.info.kubernetesVersion;
    this.klog.logf('I', 'serving.go:386', 'Generated self-signed cert in-memory');
    this.klog.log('I', 'server.go:167', 'Starting Kubernetes Scheduler', [['version', v]]);
    this.klog.log('I', 'server.go:169', 'Golang settings', [['GOGC', ''], ['GOMAXPROCS', ''], ['GOTRACEBACK', '']]);
    // OpenShift's scheduler config puts its lease in openshift-kube-scheduler.
    const lease = this.ctx.info.flavor === 'openshift' ? 'openshift-kube-scheduler/kube-scheduler' : 'kube-system/kube-scheduler';
    this.klog.logf('I', 'leaderelection.go:257', `attempting to acquire leader lease ${lease}...`);
    this.klog.logf('I', 'leaderelection.go:271', `successfully acquired lease ${lease}`);
    // Subscribing replays what the informers hold as adds: the cache and queue are rebuilt.
    this.unsubscribe.push(
      this.nodesInf.on({
        add: (n) => this.onNodeAdd(n),
        update: (o, n) => this.onNodeUpdate(o, n),
        delete: (n) => this.cache.removeNode(n.metadata.name),
      }),
      this.handle.pvcs.on({ add: (c) => this.onVolumeEvent(c), update: (o, c) => this.onVolumeEvent(c, o) }),
      this.handle.pvs.on({ add: (v) => this.onVolumeEvent(v), update: (o, v) => this.onVolumeEvent(v, o) }),
      this.handle.storageClasses.on({ add: (s) => this.onVolumeEvent(s) }),
      this.podsInf.on({
        add: (p) => this.onPodAdd(p),
        update: (o, p) => this.onPodUpdate(o, p),
        delete: (p) => this.onPodDelete(p),
      }),
    );
    this.timers.push(
      this.ctx.clock.setInterval(() => this.queue.flushBackoff(), 1000),
      this.ctx.clock.setInterval(() => this.queue.flushUnschedulableLeftover(), 30_000),
    );
    this.scheduleDrain();
  }

  /** The process is gone: nothing is scheduled, no events, no status writes, until start(). */
  stop(): void {
    if (!this.isRunning) return;
    this.isRunning = false;
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    for (const t of this.timers) this.ctx.clock.clear(t);
    this.timers = [];
    for (const w of this.waitingVolumes.values()) this.ctx.clock.clear(w.timer);
    this.waitingVolumes.clear();
    this.queue.clear();
    this.cache.clear();
  }

  // --------------------------------------------------------- event handlers

  private responsible(pod: Pod): boolean {
    const name = pod.spec?.schedulerName;
    return (!name || name === DEFAULT_SCHEDULER) && !(pod.spec as { schedulingGates?: unknown[] }).schedulingGates?.length;
  }

  private onNodeAdd(node: Node): void {
    this.cache.setNode(node);
    this.queue.moveForEvent('all');
  }

  private onNodeUpdate(old: Node, node: Node): void {
    this.cache.setNode(node);
    const relevant =
      !!old.spec?.unschedulable !== !!node.spec?.unschedulable ||
      !sameJSON(old.spec?.taints, node.spec?.taints) ||
      !sameJSON(old.metadata.labels, node.metadata.labels) ||
      !sameJSON(old.status?.allocatable, node.status?.allocatable);
    if (relevant) this.queue.moveForEvent('all');
  }

  private onVolumeEvent(obj: KObject, old?: KObject): void {
    if (obj.kind === 'PersistentVolumeClaim') this.checkWaitingVolumes();
    if (old && old.kind === 'PersistentVolumeClaim' && isClaimBound(old) === isClaimBound(obj) && old.metadata.deletionTimestamp === obj.metadata.deletionTimestamp) return;
    this.queue.moveForEvent(VOLUME_EVENT);
  }

  private onPodAdd(pod: Pod): void {
    if (assigned(pod)) {
      this.cache.setPod(pod);
      this.queue.moveForEvent(ASSIGNED_POD_CHANGE);
      return;
    }
    if (this.responsible(pod) && !terminal(pod) && !pod.metadata.deletionTimestamp) this.queue.add(newPodInfo(pod));
  }

  private onPodUpdate(old: Pod, pod: Pod): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (assigned(pod)) {
      const wasAssigned = assigned(old);
      if (!wasAssigned) this.queue.delete(key);
      const held = this.cache.pod(key);
      this.cache.setPod(pod);
      if (held && !this.cache.pod(key)) this.queue.moveForEvent(ASSIGNED_POD_DELETE);
      else if (!wasAssigned || old.metadata.labels !== pod.metadata.labels) this.queue.moveForEvent(ASSIGNED_POD_CHANGE);
      return;
    }
    if (!this.responsible(pod) || terminal(pod) || pod.metadata.deletionTimestamp) {
      this.queue.delete(key);
      return;
    }
    const q = this.queue.get(key);
    const specChanged = old.spec !== pod.spec && !sameJSON(old.spec, pod.spec);
    const labelsChanged = old.metadata.labels !== pod.metadata.labels && !sameJSON(old.metadata.labels, pod.metadata.labels);
    if (q && q.where === 'inflight') {
      q.info = specChanged || labelsChanged ? newPodInfo(pod) : { ...q.info, pod };
      return;
    }
    const info = q && !specChanged && !labelsChanged ? { ...q.info, pod } : newPodInfo(pod);
    if (q) this.queue.update(info, specChanged || labelsChanged);
    else this.queue.add(info);
  }

  private onPodDelete(pod: Pod): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    this.queue.delete(key);
    this.traces.forget(key);
    const w = this.waitingVolumes.get(key);
    if (w) {
      this.ctx.clock.clear(w.timer);
      this.waitingVolumes.delete(key);
    }
    if (this.cache.removePod(key)) this.queue.moveForEvent(ASSIGNED_POD_DELETE);
  }

  // ------------------------------------------------------------- scheduling

  private scheduleDrain(): void {
    if (!this.isRunning || this.drainScheduled) return;
    this.drainScheduled = true;
    this.ctx.clock.defer(() => this.drain());
  }

  private drain(): void {
    this.drainScheduled = false;
    for (let n = 0; n < BATCH && this.isRunning; n++) {
      const q = this.queue.pop();
      if (!q) break;
      this.scheduleOne(q);
    }
    if (this.isRunning && this.queue.activeCount > 0) this.scheduleDrain();
  }

  /** Runs every pod now in activeQ (tests and benchmarks; the clock normally does it). */
  runUntilIdle(): void {
    while (this.isRunning && this.queue.activeCount > 0) this.drain();
  }

  private scheduleOne(q: QueuedPodInfo): void {
    const info = q.info;
    const live = this.podsInf.get(info.key);
    if (!live || assigned(live) || live.metadata.deletionTimestamp || this.cache.isAssumed(info.key)) {
      this.queue.delete(info.key);
      return;
    }
    this.stats.attempts++;
    const res = this.framework.schedule(info);
    if (!res.host) {
      this.handleUnschedulable(q, res);
      return;
    }
    this.cache.assume(info, res.host);
    const claims = delayedClaims(res.state);
    if (claims.length > 0) this.bindVolumes(q, res, claims);
    else this.bind(q, res);
  }

  private bind(q: QueuedPodInfo, res: AttemptResult): void {
    const info = q.info;
    const host = res.host!;
    try {
      this.client.bind(info.namespace, info.name, host);
    } catch (err) {
      this.handleError(q, res, `running Bind plugin "DefaultBinder": ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.queue.done(info.key);
    this.stats.scheduled++;
    this.recorder.normal(info.pod, 'Scheduled', `Successfully assigned ${info.namespace}/${info.name} to ${host}`);
    this.klog.log('I', 'schedule_one.go:314', 'Successfully bound pod to node', [
      ['pod', info.key],
      ['node', host],
      ['evaluatedNodes', res.evaluatedNodes],
      ['feasibleNodes', res.feasibleNodes],
    ]);
    this.record(q, res, 'Scheduled');
  }

  /** VolumeBinding PreBind: write the chosen node into delayed claims, wait until they are bound. */
  private bindVolumes(q: QueuedPodInfo, res: AttemptResult, claims: KObject[]): void {
    const host = res.host!;
    for (const pvc of claims) {
      if (pvc.metadata.annotations?.[SELECTED_NODE_ANNOTATION] === host) continue;
      try {
        this.client.patch('persistentvolumeclaims', pvc.metadata.namespace, pvc.metadata.name, { metadata: { annotations: { [SELECTED_NODE_ANNOTATION]: host } } }, 'merge');
      } catch (err) {
        this.handleError(q, res, `running PreBind plugin "VolumeBinding": binding volumes: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
    }
    const key = q.info.key;
    const timer = this.ctx.clock.setTimeout(() => {
      if (!this.waitingVolumes.delete(key)) return;
      this.handleError(q, res, 'running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded');
    }, BIND_TIMEOUT_MS);
    this.waitingVolumes.set(key, { q, res, claims: claims.map((c) => c.metadata.name), timer });
    this.record(q, res, 'WaitingForVolumes', undefined);
    this.checkWaitingVolumes();
  }

  private checkWaitingVolumes(): void {
    for (const [key, w] of [...this.waitingVolumes]) {
      const ns = w.q.info.namespace;
      if (!w.claims.every((c) => {
        const pvc = this.handle.pvcs.getByName(ns, c);
        return pvc && isClaimBound(pvc);
      })) continue;
      this.ctx.clock.clear(w.timer);
      this.waitingVolumes.delete(key);
      this.bind(w.q, w.res);
    }
  }

  private handleUnschedulable(q: QueuedPodInfo, res: AttemptResult): void {
    const info = q.info;
    this.stats.unschedulable++;
    let msg: string;
    if (res.noNodes || !res.fitError) {
      msg = NO_NODES_AVAILABLE;
      this.klog.log('I', 'schedule_one.go:1051', 'Unable to schedule pod; no nodes are registered to the cluster; waiting', [['pod', info.key]]);
      this.queue.addUnschedulable(q, []);
    } else {
      const fit = res.fitError;
      fit.postFilterMsg = preemptionMessage(info, fit);
      msg = fitErrorMessage(fit);
      this.klog.log('I', 'schedule_one.go:1055', 'Unable to schedule pod; no fit; waiting', [
        ['pod', info.key],
        ['err', msg],
      ]);
      this.queue.addUnschedulable(q, fit.unschedulablePlugins);
    }
    this.recorder.warning(info.pod, 'FailedScheduling', truncate(msg));
    this.setCondition(info, 'Unschedulable', msg);
    this.record(q, res, 'Unschedulable', msg);
  }

  /** A non-fit error (binding failed, volumes not bound in time): back-off and retry. */
  private handleError(q: QueuedPodInfo, res: AttemptResult, msg: string): void {
    const info = q.info;
    this.stats.errors++;
    this.cache.forget(info.key);
    this.klog.log('E', 'schedule_one.go:1088', 'Error scheduling pod; retrying', [
      ['err', msg],
      ['pod', info.key],
    ]);
    const live = this.podsInf.get(info.key);
    if (!live || assigned(live)) this.queue.delete(info.key);
    else this.queue.addBackoff(q);
    this.recorder.warning(info.pod, 'FailedScheduling', truncate(msg));
    if (live && !assigned(live)) this.setCondition(info, 'SchedulerError', msg);
    this.record(q, res, 'Error', msg);
  }

  /** PodScheduled=False with the reason and message, written only when it changes. */
  private setCondition(info: PodInfo, reason: string, message: string): void {
    const live = this.podsInf.get(info.key) ?? info.pod;
    const cur = live.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (cur && cur.status === 'False' && cur.reason === reason && cur.message === message) return;
    const lastTransitionTime = cur && cur.status === 'False' && cur.lastTransitionTime ? cur.lastTransitionTime : this.ctx.clock.isoNow();
    try {
      this.client.patch(
        'pods',
        info.namespace,
        info.name,
        { status: { conditions: [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime, reason, message }] } },
        'strategic',
        'status',
      );
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.klog.log('E', 'schedule_one.go:1101', 'Error updating pod', [
        ['err', err.message],
        ['pod', info.key],
      ]);
    }
  }

  private record(q: QueuedPodInfo, res: AttemptResult, result: TraceEntry['result'], message?: string): void {
    const fit = res.fitError;
    this.traces.record({
      pod: q.info.key,
      uid: q.info.pod.metadata.uid,
      attempt: q.attempts,
      timeMs: this.ctx.clock.now(),
      result,
      node: res.host,
      message,
      totalNodes: this.cache.nodeCount,
      evaluatedNodes: res.evaluatedNodes,
      feasibleNodes: res.feasibleNodes,
      preFilterReject:
        fit?.preFilterMsg !== undefined
          ? {
              plugin: [...fit.unschedulablePlugins][0]!,
              code: fit.nodeStatuses[0]?.status.code ?? 3,
              reasons: fit.nodeStatuses[0]?.status.reasons ?? [fit.preFilterMsg],
              nodes: fit.nodeStatuses.map((n) => n.node),
            }
          : undefined,
      record: res.record,
    });
  }
}

function truncate(msg: string): string {
  return msg.length <= NOTE_LENGTH_LIMIT ? msg : `${msg.slice(0, NOTE_LENGTH_LIMIT - 4)} ...`;
}
