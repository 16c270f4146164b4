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

  /**
   * Records a request. The record object is taken over (the caller built it for this call) and
   * gets its id in place: no copy per request.
   */
  add(rec: Omit<RequestRecord, 'id'>): RequestRecord {
    const full = rec as RequestRecord;
    full.id = this.nextId++;
    if (this.ring.length < this.capacity) this.ring.push(full);
    else {
      this.ring[this.head] = full;
      this.head = (this.head + 1) % this.capacity;
    }
    const series = this.seriesOf(rec.verb, rec.resource);
    const tail = `${rec.subresource ?? ''}\u0000${rec.code}`;
    let key = series.totalsKeys.get(tail);
    if (key === undefined) series.totalsKeys.set(tail, (key = `${series.prefix}${tail}`));
    this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
    const h = series.latency;
    const secs = rec.latencyMs / 1000;
    const buckets = RequestLog.BUCKETS;
    for (let i = 0; i < buckets.length; i++) {
      if (secs <= buckets[i]!) {
        h.buckets[i]!++;
        break;
      }
    }
    h.sum += secs;
    h.count++;
    this.version++;
    for (const l of this.listeners) l(full);
    return full;
  }

  /** Metric series of one verb and resource: key strings built once, not per request. */
  private series = new Map<string, Map<string, { prefix: string; totalsKeys: Map<string, string>; latency: { buckets: number[]; sum: number; count: number } }>>();

  private seriesOf(verb: string, resource: string): { prefix: string; totalsKeys: Map<string, string>; latency: { buckets: number[]; sum: number; count: number } } {
    let byResource = this.series.get(verb);
    if (!byResource) this.series.set(verb, (byResource = new Map()));
    let s = byResource.get(resource);
    if (!s) {
      const metricVerb = verb.toUpperCase();
      const lkey = `${metricVerb}\u0000${resource}`;
      let latency = this.latency.get(lkey);
      if (!latency) this.latency.set(lkey, (latency = { buckets: RequestLog.BUCKETS.map(() => 0), sum: 0, count: 0 }));
      s = { prefix: `${lkey}\u0000`, totalsKeys: new Map(), latency };
      byResource.set(resource, s);
    }
    return s;
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
