/**
 * A controller work queue as in client-go: keys are deduplicated while waiting, processed after
 * the current task on the virtual clock, and retried with per-key exponential back-off
 * (5 ms doubling to 1000 s) when the handler asks for it.
 */
import type { VirtualClock } from '../clock.js';

export type Reconcile = (key: string) => 'done' | 'retry' | { after: number };

export class WorkQueue {
  private queued = new Set<string>();
  private order: string[] = [];
  private scheduled = false;
  private failures = new Map<string, number>();
  private delayed = new Map<string, number>();
  paused = false;
  /** Recent reconcile errors (for tests and the controller's log). */
  readonly errors: unknown[] = [];

  constructor(
    private readonly clock: VirtualClock,
    private readonly reconcile: Reconcile,
    private readonly baseDelayMs = 5,
    private readonly maxDelayMs = 1_000_000,
  ) {}

  add(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.order.push(key);
    this.schedule();
  }

  addAfter(key: string, ms: number): void {
    const at = this.clock.now() + ms;
    const existing = this.delayed.get(key);
    if (existing !== undefined && existing <= at) return;
    this.delayed.set(key, at);
    this.clock.setTimeout(() => {
      if (this.delayed.get(key) !== at) return;
      this.delayed.delete(key);
      this.add(key);
    }, ms);
  }

  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** n));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  get length(): number {
    return this.order.length;
  }

  /** Resumes after a pause (controller-manager restarted): everything waiting runs. */
  resume(): void {
    this.paused = false;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.paused) return;
    this.scheduled = true;
    this.clock.defer(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    if (this.paused) return;
    while (this.order.length > 0 && !this.paused) {
      const batch = this.order;
      this.order = [];
      for (const key of batch) {
        this.queued.delete(key);
        let result: ReturnType<Reconcile>;
        try {
          result = this.reconcile(key);
        } catch (err) {
          // A failed reconcile is retried with back-off, as a controller would; keep the error visible.
          this.errors.push(err);
          if (this.errors.length > 20) this.errors.shift();
          result = 'retry';
        }
        if (result === 'done') this.forget(key);
        else if (result === 'retry') this.addRateLimited(key);
        else this.addAfter(key, result.after);
      }
    }
  }
}
