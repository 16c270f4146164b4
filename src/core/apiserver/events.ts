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
const sequences = new WeakMap<VirtualClock, { n: number }>();

export class EventRecorder {
  private seen = new Map<string, { name: string; namespace: string; count: number; firstTimestamp: string }>();
  /** Set false to stop writing Events (a benchmark's choice, reported as such). */
  enabled = true;

  constructor(private readonly client: Client, private readonly clock: VirtualClock, private readonly source: EventSource) {}

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
        this.seen.delete(key);
        this.seen.set(key, prior);
        return;
      }
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) return;
      this.seen.delete(key);
    }
    let seq = sequences.get(this.clock);
    if (!seq) sequences.set(this.clock, (seq = { n: 0 }));
    const name = `${obj.metadata.name}.${(BigInt(this.clock.now()) * 1_000_000n + BigInt(seq.n++ % 1_000_000)).toString(16)}`;
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
      source: { component: this.source.component, ...(this.source.host ? { host: this.source.host } : {}) },
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
    try {
      this.client.create(ev);
    } catch {
      // Events are best effort, as in client-go: a failed write (no quorum, quota) is dropped.
      return;
    }
    this.seen.set(key, { name, namespace, count: 1, firstTimestamp: now });
    if (this.seen.size > CACHE_LIMIT) this.seen.delete(this.seen.keys().next().value!);
  }
}
