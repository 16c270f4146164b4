/**
 * Virtual time. Every component schedules work here instead of on the wall clock, so a run is
 * deterministic and tests advance time at will. Tasks due at the same instant run in the order
 * they were scheduled; `defer` queues work for "right after the current task" (watch delivery,
 * work queues), which keeps components from re-entering each other.
 */

export type TimerId = number;

interface Task {
  at: number;
  seq: number;
  id: TimerId;
  fn: () => void;
  every?: number;
}

/** Fixed start of simulated time: the same scenario always starts at the same instant. */
/** Deferred tasks one instant may run before the clock calls it a livelock. */
export const MAX_DEFERRED_PER_INSTANT = 20_000_000;

export const SIM_EPOCH = Date.UTC(2026, 10, 24, 9, 0, 0);

export class VirtualClock {
  private nowMs: number;
  private heap: Task[] = [];
  private seq = 0;
  private nextId = 1;
  private cancelled = new Set<TimerId>();
  private deferred: Array<() => void> = [];
  private deferredHead = 0;
  /** Simulated seconds per wall second when driven in real time; 0 = paused. */
  speed = 1;
  paused = false;
  /** Bumped whenever time moves: UIs subscribe to it. */
  version = 0;
  private listeners = new Set<() => void>();
  /** Errors thrown by tasks: kept so one bad component never stops the clock. */
  readonly errors: unknown[] = [];

  constructor(start = SIM_EPOCH) {
    this.nowMs = start;
  }

  now(): number {
    return this.nowMs;
  }

  /** ISO-8601 timestamp of the current simulated time, second precision, as Kubernetes writes. */
  isoNow(): string {
    const second = Math.floor(this.nowMs / 1000);
    if (second !== this.isoSecond) {
      this.isoSecond = second;
      this.isoText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    return this.isoText;
  }

  private isoSecond = NaN;
  private isoText = '';

  setTimeout(fn: () => void, ms: number): TimerId {
    return this.push(fn, Math.max(0, ms));
  }

  setInterval(fn: () => void, ms: number): TimerId {
    if (ms <= 0) throw new Error('setInterval needs a positive period');
    return this.push(fn, ms, ms);
  }

  clear(id: TimerId | undefined): void {
    if (id !== undefined) this.cancelled.add(id);
  }

  /** Runs fn after the current task, at the same simulated instant. */
  defer(fn: () => void): void {
    this.deferred.push(fn);
  }

  /** Advances simulated time by ms, running every task that falls due, in order. */
  advance(ms: number): void {
    this.runUntil(this.nowMs + Math.max(0, ms));
  }

  /** Runs tasks up to and including time `target`, then sets now = target. */
  runUntil(target: number): void {
    this.drainDeferred();
    while (this.heap.length > 0 && this.heap[0]!.at <= target) {
      const task = this.pop()!;
      if (this.cancelled.has(task.id)) {
        this.cancelled.delete(task.id);
        continue;
      }
      if (task.at > this.nowMs) this.nowMs = task.at;
      if (task.every !== undefined) {
        task.at += task.every;
        task.seq = this.seq++;
        this.insert(task);
      }
      this.run(task.fn);
      this.drainDeferred();
    }
    if (target > this.nowMs) this.nowMs = target;
    this.bump();
  }

  /** Runs the next due task (single-step), returning false when nothing is scheduled. */
  step(): boolean {
    this.drainDeferred();
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.cancelled.has(top.id)) {
        this.pop();
        this.cancelled.delete(top.id);
        continue;
      }
      this.runUntil(top.at);
      return true;
    }
    return false;
  }

  /** Time of the next pending task, or undefined. */
  nextDue(): number | undefined {
    for (const t of this.heap) if (!this.cancelled.has(t.id)) return this.heap[0]!.at;
    return undefined;
  }

  pendingTasks(): number {
    return this.heap.length - this.cancelled.size;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  drainDeferred(): void {
    let ran = 0;
    while (this.deferredHead < this.deferred.length) {
      const fn = this.deferred[this.deferredHead++]!;
      this.run(fn);
      // Components that keep re-queueing each other at one instant would never let time move:
      // report the livelock and leave the rest for the next tick instead of hanging.
      if (++ran >= MAX_DEFERRED_PER_INSTANT) {
        this.errors.push(new Error(`livelock: more than ${MAX_DEFERRED_PER_INSTANT} deferred tasks at one instant; the rest wait for the next tick`));
        this.deferred = this.deferred.slice(this.deferredHead);
        this.deferredHead = 0;
        return;
      }
    }
    this.deferred.length = 0;
    this.deferredHead = 0;
  }

  private run(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.errors.push(err);
      if (this.errors.length > 100) this.errors.shift();
      if (process.env.KUBEDRILL_THROW_TASK_ERRORS === '1') throw err;
    }
  }

  private bump(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  private push(fn: () => void, delay: number, every?: number): TimerId {
    const id = this.nextId++;
    this.insert({ at: this.nowMs + delay, seq: this.seq++, id, fn, every });
    return id;
  }

  private less(a: Task, b: Task): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private insert(task: Task): void {
    const h = this.heap;
    h.push(task);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Task | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Drives a VirtualClock from the wall clock at its speed (pause, 1x, 10x, 100x), for the
 * dashboard. Tests never use this: they call clock.advance().
 */
export class RealtimeDriver {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;

  constructor(private readonly clock: VirtualClock, private readonly tickMs = 100) {}

  start(): void {
    if (this.timer) return;
    this.last = Date.now();
    this.timer = setInterval(() => {
      const wall = Date.now();
      const elapsed = wall - this.last;
      this.last = wall;
      if (!this.clock.paused && this.clock.speed > 0) this.clock.advance(elapsed * this.clock.speed);
    }, this.tickMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Parses scenario durations: 90s, 10m, 1h30m, 500ms, 2m30s. Returns ms or undefined. */
export function parseDuration(text: string): number | undefined {
  const s = String(text).trim();
  if (!/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3_600_000 : m[2] === 'm' ? n * 60_000 : m[2] === 's' ? n * 1000 : n;
  }
  return Math.round(total);
}

/** Formats a duration like Go's time.Duration.String(): 5m0s, 1h30m0s, 10s, 1.5s, 250ms. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = Number.isInteger(s) ? `${s}s` : `${s.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

/** kubectl's human-readable age (duration.HumanDuration): 45s, 5m10s, 3h, 2d5h, 400d. */
export function humanAge(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}
