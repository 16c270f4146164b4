/**
 * The node lifecycle controller (pkg/controller/nodelifecycle) and its taint-eviction half:
 *  - every 5 s (node-monitor-period) it checks when each node was last heard of (Lease renewal
 *    or Ready heartbeat, timed by its own clock); after 50 s (node-monitor-grace-period) the
 *    node's conditions go Unknown with reason NodeStatusUnknown, the node gets a NodeNotReady
 *    event and its pods are marked Ready=False;
 *  - taints follow the conditions: Ready=False -> node.kubernetes.io/not-ready, Unknown ->
 *    .../unreachable (NoSchedule and NoExecute), pressure conditions and spec.unschedulable ->
 *    their NoSchedule taints; a node that reports Ready again loses them;
 *  - NoExecute taints evict pods whose tolerations run out (tolerationSeconds, 300 s by default
 *    from DefaultTolerationSeconds): event TaintManagerEviction, then delete.
 */
import type { ComponentContext } from '../component.js';
import type { Condition, KObject, Pod, Taint, Toleration } from '../api/types.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import type { EventRecorder } from '../apiserver/events.js';
import { WorkQueue } from '../apiserver/workqueue.js';
import type { Controller } from './controller.js';
import { isConflict, isNotFound } from './util.js';

export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_MS = 50_000;

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
};
const MANAGED = new Set([TAINT_UNSCHEDULABLE, ...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m))]);

const POD_NODE_INDEX = 'node-lifecycle:nodeName';

interface Health {
  /** Our clock when we last saw the node's Lease or Ready heartbeat move. */
  probe: number;
  lease?: string;
  heartbeat?: string;
  /** Ready status at the previous monitor pass. */
  observedReady?: string;
}

function readyOf(node: KObject): Condition | undefined {
  return (node.status?.conditions ?? []).find((c: Condition) => c.type === 'Ready');
}

/** Does a toleration tolerate a taint (v1helper.TolerationsTolerateTaint)? */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if ((t.operator ?? 'Equal') === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return true;
}

/** Desired node-controller taints from conditions and spec.unschedulable. */
function desiredTaints(node: KObject): { noSchedule: Set<string>; noExecute?: string; readyKnown: boolean } {
  const noSchedule = new Set<string>();
  let noExecute: string | undefined;
  let readyKnown = false;
  for (const c of (node.status?.conditions ?? []) as Condition[]) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (c.type === 'Ready') readyKnown = true;
    if (!key) continue;
    noSchedule.add(key);
    if (c.type === 'Ready') noExecute = key;
  }
  if (node.spec?.unschedulable) noSchedule.add(TAINT_UNSCHEDULABLE);
  return { noSchedule, noExecute, readyKnown };
}

class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle';
  readonly queue: WorkQueue;
  private readonly evictions: WorkQueue;
  private running = false;
  private registered = false;
  private readonly client: Client;
  private readonly nodes: Informer;
  private readonly leases: Informer;
  private readonly pods: Informer<Pod>;
  private readonly recorder: EventRecorder;
  private readonly evictRecorder: EventRecorder;
  private readonly health = new Map<string, Health>();

  constructor(private readonly ctx: ComponentContext) {
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (node-lifecycle-controller)');
    this.nodes = ctx.informers.for('nodes');
    this.leases = ctx.informers.for('leases');
    this.pods = ctx.informers.for<Pod>('pods');
    this.recorder = ctx.recorder('node-controller');
    this.evictRecorder = ctx.recorder('taint-eviction-controller');
    this.queue = new WorkQueue(ctx.clock, (name) => this.guard(name, () => this.syncTaints(name)));
    this.evictions = new WorkQueue(ctx.clock, (name) => this.guard(name, () => this.syncEvictions(name)));
    this.queue.paused = true;
    this.evictions.paused = true;
  }

  private guard(name: string, fn: () => ReturnType<ConstructorParameters<typeof WorkQueue>[1]>): ReturnType<ConstructorParameters<typeof WorkQueue>[1]> {
    if (!this.running) return 'done';
    void name;
    return fn();
  }

  start(): void {
    if (!this.registered) {
      this.registered = true;
      this.register();
      this.ctx.clock.setInterval(() => {
        if (this.running) this.monitor();
      }, NODE_MONITOR_PERIOD_MS);
    }
    if (!this.running) {
      this.running = true;
      // Back from a pause: what we heard while stopped is stale; give every node a fresh grace period.
      const now = this.ctx.clock.now();
      for (const h of this.health.values()) h.probe = now;
      for (const n of this.nodes.list()) {
        this.queue.add(n.metadata.name);
        this.evictions.add(n.metadata.name);
      }
    }
    this.queue.resume();
    this.evictions.resume();
  }

  stop(): void {
    this.running = false;
    this.queue.paused = true;
    this.evictions.paused = true;
  }

  private register(): void {
    this.pods.addIndex(POD_NODE_INDEX, (p) => p.spec?.nodeName || undefined, (p) => p.spec?.nodeName);
    this.nodes.on({
      add: (n) => {
        this.observe(n);
        this.queue.add(n.metadata.name);
      },
      update: (o, n) => {
        this.observe(n);
        if (o.status?.conditions !== n.status?.conditions || o.spec?.unschedulable !== n.spec?.unschedulable || o.spec?.taints !== n.spec?.taints) {
          this.queue.add(n.metadata.name);
        }
        if (o.spec?.taints !== n.spec?.taints) this.evictions.add(n.metadata.name);
      },
      delete: (n) => this.health.delete(n.metadata.name),
    });
    this.leases.on({
      add: (l) => this.observeLease(l),
      update: (_o, l) => this.observeLease(l),
    });
    this.pods.on({
      add: (p) => this.podChanged(p),
      update: (o, p) => {
        if (o.spec !== p.spec) this.podChanged(p);
      },
    });
  }

  private podChanged(pod: Pod): void {
    const node = pod.spec?.nodeName;
    if (!node) return;
    const n = this.nodes.getByName(undefined, node);
    if (n?.spec?.taints?.some((t: Taint) => t.effect === 'NoExecute')) this.evictions.add(node);
  }

  private healthOf(name: string): Health {
    let h = this.health.get(name);
    if (!h) this.health.set(name, (h = { probe: this.ctx.clock.now() }));
    return h;
  }

  private observe(node: KObject): void {
    const h = this.healthOf(node.metadata.name);
    const hb = readyOf(node)?.lastHeartbeatTime;
    if (hb && hb !== h.heartbeat) {
      h.heartbeat = hb;
      h.probe = this.ctx.clock.now();
    }
  }

  private observeLease(lease: KObject): void {
    if (lease.metadata.namespace !== 'kube-node-lease') return;
    const h = this.healthOf(lease.metadata.name);
    const renew = lease.spec?.renewTime;
    if (renew && renew !== h.lease) {
      h.lease = renew;
      h.probe = this.ctx.clock.now();
    }
  }

  /** monitorNodeHealth: one pass over all nodes. */
  private monitor(): void {
    const now = this.ctx.clock.now();
    for (const node of this.nodes.list()) {
      const name = node.metadata.name;
      const h = this.healthOf(name);
      let ready = readyOf(node);
      if (now - h.probe > NODE_MONITOR_GRACE_MS && ready?.status !== 'Unknown') {
        const updated = this.markUnknown(node);
        if (updated) ready = readyOf(updated);
      }
      const status = ready?.status ?? 'Unknown';
      if (h.observedReady === 'True' && status !== 'True') {
        this.recorder.normal(node, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
        this.markPodsNotReady(name);
      }
      h.observedReady = status;
    }
  }

  private markUnknown(node: KObject): KObject | undefined {
    const now = this.ctx.clock.isoNow();
    const conditions: Condition[] = (node.status?.conditions ?? []).map((c: Condition) =>
      c.type === 'Ready' || c.type === 'MemoryPressure' || c.type === 'DiskPressure' || c.type === 'PIDPressure'
        ? { ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: c.status === 'Unknown' ? c.lastTransitionTime : now }
        : c,
    );
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']) {
      if (!conditions.some((c) => c.type === type)) {
        conditions.push({ type, status: 'Unknown', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: now, reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
      }
    }
    try {
      return this.client.updateStatus({ ...node, status: { ...node.status, conditions } });
    } catch {
      return undefined;
    }
  }

  private markPodsNotReady(nodeName: string): void {
    const now = this.ctx.clock.isoNow();
    for (const pod of [...this.pods.byIndex(POD_NODE_INDEX, nodeName)]) {
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      const conds = pod.status?.conditions ?? [];
      const ready = conds.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const conditions = conds.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' as const, lastTransitionTime: now } : c));
      try {
        this.client.updateStatus({ ...pod, status: { ...pod.status, conditions } });
        this.recorder.warning(pod, 'NodeNotReady', 'Node is not ready');
      } catch {
        // The pod changed under us; the next pass (or the kubelet, when it returns) settles it.
      }
    }
  }

  /** Keeps the node-controller taints in line with the conditions. */
  private syncTaints(name: string): 'done' | 'retry' {
    const node = this.nodes.getByName(undefined, name);
    if (!node) return 'done';
    const { noSchedule, noExecute, readyKnown } = desiredTaints(node);
    const current: Taint[] = node.spec?.taints ?? [];
    const now = this.ctx.clock.isoNow();
    const keep = current.filter((t) => {
      if (!MANAGED.has(t.key)) return true;
      // Until the kubelet has said anything, leave the registration taint (not-ready) alone.
      if (!readyKnown && t.key === TAINT_NOT_READY) return true;
      if (t.effect === 'NoSchedule') return noSchedule.has(t.key);
      if (t.effect === 'NoExecute') return noExecute === t.key;
      return true;
    });
    const add: Taint[] = [];
    for (const key of noSchedule) if (!keep.some((t) => t.key === key && t.effect === 'NoSchedule')) add.push({ key, effect: 'NoSchedule', timeAdded: now });
    if (noExecute && !keep.some((t) => t.key === noExecute && t.effect === 'NoExecute')) add.push({ key: noExecute, effect: 'NoExecute', timeAdded: now });
    if (keep.length === current.length && add.length === 0) return 'done';
    const taints = [...keep, ...add];
    try {
      this.client.update({ ...node, spec: { ...node.spec, taints: taints.length ? taints : undefined } });
    } catch (err) {
      if (isNotFound(err)) return 'done';
      if (isConflict(err)) return 'retry';
      return 'retry';
    }
    return 'done';
  }

  /** The taint eviction controller for one node. */
  private syncEvictions(name: string): 'done' | 'retry' | { after: number } {
    const node = this.nodes.getByName(undefined, name);
    const taints: Taint[] = (node?.spec?.taints ?? []).filter((t: Taint) => t.effect === 'NoExecute');
    if (!node || taints.length === 0) return 'done';
    const now = this.ctx.clock.now();
    const since = Math.min(...taints.map((t) => (t.timeAdded ? Date.parse(t.timeAdded) : now)));
    let next = Infinity;
    for (const pod of [...this.pods.byIndex(POD_NODE_INDEX, name)]) {
      if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      const tols: Toleration[] = pod.spec?.tolerations ?? [];
      let min = Infinity;
      let untolerated = false;
      for (const taint of taints) {
        const used = tols.filter((t) => tolerates(t, taint));
        if (used.length === 0) {
          untolerated = true;
          break;
        }
        for (const t of used) if (t.tolerationSeconds !== undefined) min = Math.min(min, Math.max(0, t.tolerationSeconds));
      }
      const at = untolerated ? now : since + min * 1000;
      if (at <= now) this.evict(pod);
      else next = Math.min(next, at);
    }
    return Number.isFinite(next) ? { after: Math.max(1, next - now) } : 'done';
  }

  private evict(pod: Pod): void {
    this.evictRecorder.normal(pod, 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
    try {
      this.client.delete('pods', pod.metadata.namespace, pod.metadata.name);
    } catch {
      // Already gone.
    }
  }
}

export function createNodeLifecycleController(ctx: ComponentContext): Controller {
  return new NodeLifecycleController(ctx);
}
