/**
 * The scheduling queue (pkg/scheduler/backend/queue): activeQ ordered by priority then arrival
 * (PrioritySort), backoffQ ordered by back-off expiry (1 s doubling per attempt, 10 s cap), and
 * the unschedulable pods, which only leave on a cluster event one of their rejecting plugins
 * cares about, or after 5 minutes regardless.
 */
import type { PodInfo } from './podinfo.js';

export const INITIAL_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 10_000;
export const MAX_UNSCHEDULABLE_MS = 5 * 60_000;

export type QueueName = 'active' | 'backoff' | 'unschedulable' | 'inflight';

export interface QueuedPodInfo {
  info: PodInfo;
  attempts: number;
  /** When the pod entered activeQ (FIFO among equal priorities). */
  timestamp: number;
  initialAttempt?: number;
  /** Plugins that rejected the pod in its last attempt (what events can requeue it). */
  unschedulablePlugins: Set<string>;
  lastFailure: number;
  where: QueueName;
  seq: number;
  heapIndex: number;
}

export interface QueueStats {
  active: number;
  backoff: number;
  unschedulable: number;
  inFlight: number;
}

type Less = (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;

class Heap {
  items: QueuedPodInfo[] = [];
  constructor(private readonly less: Less) {}
  get size(): number {
    return this.items.length;
  }
  peek(): QueuedPodInfo | undefined {
    return this.items[0];
  }
  push(q: QueuedPodInfo): void {
    q.heapIndex = this.items.length;
    this.items.push(q);
    this.up(q.heapIndex);
  }
  pop(): QueuedPodInfo | undefined {
    if (this.items.length === 0) return undefined;
    return this.removeAt(0);
  }
  remove(q: QueuedPodInfo): void {
    if (q.heapIndex >= 0 && this.items[q.heapIndex] === q) this.removeAt(q.heapIndex);
  }
  fix(q: QueuedPodInfo): void {
    if (this.items[q.heapIndex] !== q) return;
    this.down(q.heapIndex);
    this.up(q.heapIndex);
  }
  clear(): void {
    this.items = [];
  }
  private removeAt(i: number): QueuedPodInfo {
    const h = this.items;
    const out = h[i]!;
    const last = h.pop()!;
    if (i < h.length) {
      h[i] = last;
      last.heapIndex = i;
      this.down(i);
      this.up(last.heapIndex);
    }
    out.heapIndex = -1;
    return out;
  }
  private swap(i: number, j: number): void {
    const h = this.items;
    const t = h[i]!;
    h[i] = h[j]!;
    h[j] = t;
    h[i]!.heapIndex = i;
    h[j]!.heapIndex = j;
  }
  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(this.items[i]!, this.items[p]!)) break;
      this.swap(i, p);
      i = p;
    }
  }
  private down(i: number): void {
    const h = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

export function backoffDuration(attempts: number): number {
  let d = INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts; i++) {
    d *= 2;
    if (d >= MAX_BACKOFF_MS) return MAX_BACKOFF_MS;
  }
  return d;
}

export class SchedulingQueue {
  private all = new Map<string, QueuedPodInfo>();
  private active = new Heap((a, b) => a.info.priority > b.info.priority || (a.info.priority === b.info.priority && (a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq))));
  private backoff = new Heap((a, b) => this.expiry(a) < this.expiry(b) || (this.expiry(a) === this.expiry(b) && a.seq < b.seq));
  private unschedulable = new Map<string, QueuedPodInfo>();
  /** Unschedulable pods by rejecting plugin ('' = rejected by none in particular): events touch only these. */
  private byPlugin = new Map<string, Set<QueuedPodInfo>>();
  private seq = 0;
  /** Called when activeQ goes from empty to non-empty (the scheduler schedules a drain). */
  onActive: () => void = () => {};

  constructor(private readonly now: () => number) {}

  get(key: string): QueuedPodInfo | undefined {
    return this.all.get(key);
  }

  stats(): QueueStats {
    let inFlight = 0;
    for (const q of this.all.values()) if (q.where === 'inflight') inFlight++;
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size, inFlight };
  }

  get activeCount(): number {
    return this.active.size;
  }

  clear(): void {
    this.all.clear();
    this.active.clear();
    this.backoff.clear();
    this.unschedulable.clear();
    this.byPlugin.clear();
  }

  private expiry(q: QueuedPodInfo): number {
    return q.lastFailure + backoffDuration(q.attempts);
  }

  /** A new pending pod (or one seen again): straight to activeQ. */
  add(info: PodInfo): void {
    const cur = this.all.get(info.key);
    if (cur) {
      this.update(info, true);
      return;
    }
    const q: QueuedPodInfo = { info, attempts: 0, timestamp: this.now(), unschedulablePlugins: new Set(), lastFailure: 0, where: 'active', seq: this.seq++, heapIndex: -1 };
    this.all.set(info.key, q);
    this.pushActive(q);
  }

  /** The pod object changed; a spec change gives an unschedulable pod another try. */
  update(info: PodInfo, specChanged: boolean): void {
    const q = this.all.get(info.key);
    if (!q) {
      this.add(info);
      return;
    }
    const priorityChanged = q.info.priority !== info.priority;
    q.info = info;
    if (q.where === 'active' && priorityChanged) this.active.fix(q);
    if (q.where === 'unschedulable' && specChanged) this.requeue(q);
  }

  delete(key: string): void {
    const q = this.all.get(key);
    if (!q) return;
    this.all.delete(key);
    this.detach(q);
  }

  /** Pops the next pod to schedule; it stays known as in flight until done/requeued. */
  pop(): QueuedPodInfo | undefined {
    const q = this.active.pop();
    if (!q) return undefined;
    q.where = 'inflight';
    q.attempts++;
    q.initialAttempt ??= this.now();
    return q;
  }

  /** Scheduling (or binding) finished for good: the queue forgets the pod. */
  done(key: string): void {
    const q = this.all.get(key);
    if (q && q.where === 'inflight') this.all.delete(key);
  }

  /** The attempt found no fit: park the pod until an event its plugins care about. */
  addUnschedulable(q: QueuedPodInfo, plugins: Iterable<string>): void {
    if (this.all.get(q.info.key) !== q) return;
    this.detach(q);
    q.unschedulablePlugins = new Set(plugins);
    q.lastFailure = this.now();
    q.where = 'unschedulable';
    this.unschedulable.set(q.info.key, q);
    for (const p of q.unschedulablePlugins.size > 0 ? q.unschedulablePlugins : ['']) {
      let set = this.byPlugin.get(p);
      if (!set) this.byPlugin.set(p, (set = new Set()));
      set.add(q);
    }
  }

  /** An error (not a fit problem): retry after back-off. */
  addBackoff(q: QueuedPodInfo): void {
    if (this.all.get(q.info.key) !== q) return;
    this.detach(q);
    q.lastFailure = this.now();
    q.where = 'backoff';
    this.backoff.push(q);
  }

  /**
   * MoveAllToActiveOrBackoffQueue for a cluster event: unschedulable pods rejected by one of
   * `plugins` (or by nothing in particular) go to backoffQ while backing off, else activeQ.
   */
  moveForEvent(plugins: ReadonlySet<string> | 'all', filter?: (q: QueuedPodInfo) => boolean): number {
    if (this.unschedulable.size === 0) return 0;
    let picked: Iterable<QueuedPodInfo>;
    if (plugins === 'all') picked = [...this.unschedulable.values()];
    else {
      const set = new Set<QueuedPodInfo>(this.byPlugin.get('') ?? []);
      for (const p of plugins) for (const q of this.byPlugin.get(p) ?? []) set.add(q);
      picked = set;
    }
    let moved = 0;
    for (const q of picked) {
      if (q.where !== 'unschedulable' || (filter && !filter(q))) continue;
      this.requeue(q);
      moved++;
    }
    return moved;
  }

  /** Called every second: back-off completed -> activeQ. */
  flushBackoff(): void {
    const now = this.now();
    for (let q = this.backoff.peek(); q && this.expiry(q) <= now; q = this.backoff.peek()) {
      this.backoff.pop();
      this.pushActive(q);
    }
  }

  /** Called every 30 s: pods unschedulable for 5 minutes are retried anyway. */
  flushUnschedulableLeftover(): void {
    const now = this.now();
    for (const q of [...this.unschedulable.values()]) if (now - q.lastFailure >= MAX_UNSCHEDULABLE_MS) this.requeue(q);
  }

  private requeue(q: QueuedPodInfo): void {
    this.detach(q);
    if (this.expiry(q) > this.now()) {
      q.where = 'backoff';
      this.backoff.push(q);
    } else this.pushActive(q);
  }

  private pushActive(q: QueuedPodInfo): void {
    q.where = 'active';
    q.timestamp = this.now();
    q.seq = this.seq++;
    const wasEmpty = this.active.size === 0;
    this.active.push(q);
    if (wasEmpty) this.onActive();
  }

  private detach(q: QueuedPodInfo): void {
    if (q.where === 'active') this.active.remove(q);
    else if (q.where === 'backoff') this.backoff.remove(q);
    else if (q.where === 'unschedulable') {
      this.unschedulable.delete(q.info.key);
      for (const p of q.unschedulablePlugins.size > 0 ? q.unschedulablePlugins : ['']) {
        const set = this.byPlugin.get(p);
        set?.delete(q);
        if (set && set.size === 0) this.byPlugin.delete(p);
      }
    }
  }
}
