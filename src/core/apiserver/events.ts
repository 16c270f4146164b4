/**
 * Event recording as client-go's EventRecorder does it: Events are API objects written through
 * the API server; a repeat of the same reason and message for the same object bumps `count` and
 * `lastTimestamp` instead of creating a new Event.
 */
import type { VirtualClock } from '../clock.js';
import type { KObject, Event } from '../api/types.js';
import { ApiError } from './errors.js';
import type { Client } from './client.js';

export interface EventSource {
  component: string;
  host?: string;
}

const CACHE_LIMIT = 4096;

/**
 * One sequence per cluster (keyed by its clock): event names are `NAME.<hex of the time in ns>`
 * and must stay unique across every recorder writing in the same millisecond.
 */
const sequences = new WeakMap<VirtualClock, { n: number; ms: number; hi: number; lo: number }>();

/**
 * The hex suffix of `ms * 1e6 + n` (n < 1e6), what `(BigInt(ms) * 1000000n + BigInt(n)).toString(16)`
 * prints, in doubles: ms * 1e6 is split at 2^20 (five hex digits) so no part passes 2^53.
 */
export function nameSuffix(seq: { ms: number; hi: number; lo: number }, ms: number, n: number): string {
  if (seq.ms !== ms) {
    const high = Math.floor(ms / 0x100000);
    const low = ms - high * 0x100000;
    const carry = Math.floor((low * 1_000_000) / 0x100000);
    seq.ms = ms;
    seq.hi = high * 1_000_000 + carry;
    seq.lo = low * 1_000_000 - carry * 0x100000;
  }
  let lo = seq.lo + n;
  let hi = seq.hi;
  if (lo >= 0x100000) {
    hi += Math.floor(lo / 0x100000);
    lo %= 0x100000;
  }
  return hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(5, '0');
}

export class EventRecorder {
  /**
   * The correlator's LRU: entries by key, and the keys in order of last use (stale places
   * skipped by generation), so dropping the oldest is O(1) rather than a walk over a Map's
   * deleted slots.
   */
  private seen = new Map<string, SeenEvent>();
  private order: string[] = [];
  private orderGen: number[] = [];
  private orderHead = 0;
  private gen = 0;
  /** Set false to stop writing Events (a benchmark's choice, reported as such). */
  enabled = true;
  /** Every Event of this recorder carries the same source (stored objects are read-only). */
  private readonly sourceRef: { component: string; host?: string };

  constructor(private readonly client: Client, private readonly clock: VirtualClock, private readonly source: EventSource) {
    this.sourceRef = { component: source.component, ...(source.host ? { host: source.host } : {}) };
  }

  normal(obj: KObject, reason: string, message: string, fieldPath?: string): void {
    this.event(obj, 'Normal', reason, message, fieldPath);
  }

  warning(obj: KObject, reason: string, message: string, fieldPath?: string): void {
    this.event(obj, 'Warning', reason, message, fieldPath);
  }

  event(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
    if (!this.enabled) return;
    const namespace = obj.metadata.namespace ?? 'default';
    const uid = obj.kind === 'Node' ? obj.metadata.name : obj.metadata.uid;
    const key = `${obj.kind}/${namespace}/${obj.metadata.name}/${uid}/${fieldPath ?? ''}/${type}/${reason}/${message}`;
    const now = this.clock.isoNow();
    const prior = this.seen.get(key);
    try {
      if (prior) {
        prior.count++;
        this.client.patch('events', prior.namespace, prior.name, { count: prior.count, lastTimestamp: now }, 'merge');
        this.use(key, prior);
        return;
      }
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) return;
      this.seen.delete(key);
    }
    let seq = sequences.get(this.clock);
    if (!seq) sequences.set(this.clock, (seq = { n: 0, ms: NaN, hi: 0, lo: 0 }));
    const name = `${obj.metadata.name}.${nameSuffix(seq, this.clock.now(), seq.n++ % 1_000_000)}`;
    const ev: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        kind: obj.kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        uid,
        apiVersion: obj.apiVersion,
        resourceVersion: obj.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      eventTime: null,
      source: this.sourceRef,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
    try {
      this.client.create(ev);
    } catch {
      // Events are best effort, as in client-go: a failed write (no quorum, quota) is dropped.
      return;
    }
    const entry: SeenEvent = { name, namespace, count: 1, firstTimestamp: now, gen: 0 };
    this.seen.set(key, entry);
    this.use(key, entry);
    if (this.seen.size > CACHE_LIMIT) this.evictOldest();
  }

  /** Marks `key` as the most recently used. */
  private use(key: string, entry: SeenEvent): void {
    entry.gen = ++this.gen;
    this.order.push(key);
    this.orderGen.push(entry.gen);
  }

  private evictOldest(): void {
    while (this.orderHead < this.order.length) {
      const key = this.order[this.orderHead]!;
      const gen = this.orderGen[this.orderHead]!;
      this.orderHead++;
      if (this.seen.get(key)?.gen === gen) {
        this.seen.delete(key);
        break;
      }
    }
    if (this.orderHead > 1024 && this.orderHead * 2 > this.order.length) {
      this.order = this.order.slice(this.orderHead);
      this.orderGen = this.orderGen.slice(this.orderHead);
      this.orderHead = 0;
    }
  }
}

interface SeenEvent {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
  /** Generation of its latest place in the use order. */
  gen: number;
}
