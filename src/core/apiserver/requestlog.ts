/**
 * Every request the API server handles, kept in a bounded ring for the API pane, plus the
 * counters behind `/metrics` (apiserver_request_total and the latency histogram).
 */

export interface StageRecord {
  stage: 'authentication' | 'authorization' | 'mutating-admission' | 'validation' | 'validating-admission' | 'storage' | 'watch';
  /** Plugin or step name within the stage (e.g. LimitRanger). */
  name: string;
  decision: 'allow' | 'deny' | 'mutate' | 'skip' | 'ok' | 'error';
  detail?: string;
}

export interface RequestRecord {
  id: number;
  at: number;
  verb: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  user: string;
  userAgent?: string;
  code: number;
  latencyMs: number;
  stages: StageRecord[];
  /** Object as sent and as stored, for the mutation diff (shared references, never copied). */
  before?: unknown;
  after?: unknown;
  etcdKey?: string;
  revision?: number;
  watchersNotified?: number;
}

export class RequestLog {
  private ring: RequestRecord[] = [];
  private head = 0;
  private nextId = 1;
  /** apiserver_request_total{verb,resource,code} */
  readonly totals = new Map<string, number>();
  /**
   * Latency histogram per verb and resource, as apiserver_request_duration_seconds: counts per
   * bucket (not cumulative; `cumulative()` gives Prometheus' form).
   */
  static readonly BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];
  readonly latency = new Map<string, { buckets: number[]; sum: number; count: number }>();
  version = 0;
  private listeners = new Set<(r: RequestRecord) => void>();

  constructor(readonly capacity = 2000) {}

  add(rec: Omit<RequestRecord, 'id'>): RequestRecord {
    const full = { ...rec, id: this.nextId++ } as RequestRecord;
    if (this.ring.length < this.capacity) this.ring.push(full);
    else {
      this.ring[this.head] = full;
      this.head = (this.head + 1) % this.capacity;
    }
    const metricVerb = rec.verb.toUpperCase();
    const key = `${metricVerb}\u0000${rec.resource}\u0000${rec.subresource ?? ''}\u0000${rec.code}`;
    this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
    const lkey = `${metricVerb}\u0000${rec.resource}`;
    let h = this.latency.get(lkey);
    if (!h) this.latency.set(lkey, (h = { buckets: RequestLog.BUCKETS.map(() => 0), sum: 0, count: 0 }));
    const secs = rec.latencyMs / 1000;
    const i = RequestLog.BUCKETS.findIndex((b) => secs <= b);
    if (i >= 0) h.buckets[i]!++;
    h.sum += secs;
    h.count++;
    this.version++;
    for (const l of this.listeners) l(full);
    return full;
  }

  /** Prometheus' cumulative bucket counts for one histogram. */
  static cumulative(buckets: number[]): number[] {
    let run = 0;
    return buckets.map((n) => (run += n));
  }

  /** Records oldest first. */
  recent(limit = this.capacity): RequestRecord[] {
    const ordered = this.ring.length < this.capacity ? this.ring : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
    return ordered.slice(Math.max(0, ordered.length - limit));
  }

  subscribe(listener: (r: RequestRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
