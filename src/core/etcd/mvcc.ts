/**
 * An MVCC key-value store with etcd's semantics: one global revision bumped by every write,
 * per-key create/mod revision and version, range reads at a past revision, watches that replay
 * from a revision, compaction ("required revision has been compacted") and a db size that only
 * defragmentation gives back. Values are the stored objects themselves (no serialisation on the
 * hot path); callers pass each value's encoded size.
 *
 * Space model (bbolt): `dbSizeInUse` counts every revision still stored; compaction frees old
 * revisions inside the file, new writes reuse that free space, so the file (`dbSize`) only grows
 * past its high-water mark and only `defrag` shrinks it.
 */
import { SortedKeys } from './sorted-keys.js';

export interface KeyValue {
  key: string;
  value: unknown;
  createRevision: number;
  modRevision: number;
  version: number;
  lease: number;
  size: number;
}

export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prevKv?: KeyValue;
}

export interface RangeOptions {
  /** Match every key starting with `key`. */
  prefix?: boolean;
  /** Read as of this revision (0 = current). */
  revision?: number;
  limit?: number;
  /** Start after this key (for paging). */
  startAfter?: string;
}

export interface RangeResult {
  kvs: KeyValue[];
  count: number;
  more: boolean;
  revision: number;
}

export class EtcdError extends Error {
  constructor(message: string, readonly code: 'compacted' | 'future-rev' | 'no-leader' | 'timeout' | 'nospace' | 'unavailable' | 'invalid') {
    super(message);
    this.name = 'EtcdError';
  }
}

export const ERR_COMPACTED = 'mvcc: required revision has been compacted';
export const ERR_FUTURE_REV = 'mvcc: required revision is a future revision';

/** Overhead per stored revision on top of the value, roughly bbolt's page and index cost. */
export const REVISION_OVERHEAD = 64;

interface Version {
  rev: number;
  kv: KeyValue | undefined; // undefined = tombstone
}

export class MvccStore {
  private current = new Map<string, KeyValue>();
  /**
   * Older revisions of keys that changed since they were created, oldest first, kept until
   * compaction. A key written once has no entry: its current value is its whole history.
   */
  private history = new Map<string, Version[]>();
  /** Every event since the compacted revision, in revision order, for watch replay. */
  private events: WatchEvent[] = [];
  private eventsHead = 0;
  /**
   * Watchers by bucket (a key's first three path segments, e.g. `/registry/pods/`): an event
   * is offered to its own bucket's watchers, not to all of them. Watchers on shorter prefixes
   * (or exact short keys) sit in `wide` and see every event.
   */
  private buckets = new Map<string, Set<Watcher>>();
  private wide = new Set<Watcher>();
  private watcherSeq = 0;
  private keys = new SortedKeys();
  /** Bytes of superseded revisions written outside the key space (space-exhaustion faults), by revision. */
  private garbage: Array<{ rev: number; bytes: number }> = [];
  revision = 1;
  compactedRevision = 0;
  /** Bytes the backend file takes: its high-water mark since the last defrag. */
  dbSize = 0;
  private inUse = 0;

  get keyCount(): number {
    return this.current.size;
  }

  /** Bytes held by live data and kept history: what a defrag would shrink the file to. */
  get dbSizeInUse(): number {
    return this.inUse;
  }

  get(key: string, revision = 0): KeyValue | undefined {
    if (revision === 0 || revision >= this.revision) return this.current.get(key);
    this.checkRevision(revision);
    return this.valueAt(key, revision);
  }

  put(key: string, value: unknown, size: number, lease = 0): KeyValue {
    const prev = this.current.get(key);
    const rev = ++this.revision;
    const kv: KeyValue = {
      key,
      value,
      createRevision: prev ? prev.createRevision : rev,
      modRevision: rev,
      version: prev ? prev.version + 1 : 1,
      lease,
      size,
    };
    if (!prev) this.keys.add(key);
    this.record(key, prev, { rev, kv });
    this.current.set(key, kv);
    this.grow(size + REVISION_OVERHEAD);
    this.emit({ type: 'PUT', kv, prevKv: prev });
    return kv;
  }

  /** Deletes one key; returns the deleted value or undefined (no revision bump then). */
  delete(key: string): KeyValue | undefined {
    const prev = this.current.get(key);
    if (!prev) return undefined;
    const rev = ++this.revision;
    this.record(key, prev, { rev, kv: undefined });
    this.current.delete(key);
    this.keys.delete(key);
    this.grow(REVISION_OVERHEAD);
    const tomb: KeyValue = { key, value: undefined, createRevision: 0, modRevision: rev, version: 0, lease: 0, size: 0 };
    this.emit({ type: 'DELETE', kv: tomb, prevKv: prev });
    return prev;
  }

  range(key: string, opts: RangeOptions = {}): RangeResult {
    const rev = opts.revision ?? 0;
    if (rev > this.revision) throw new EtcdError(ERR_FUTURE_REV, 'future-rev');
    const atPast = rev !== 0 && rev < this.revision;
    if (atPast) this.checkRevision(rev);
    if (!opts.prefix) {
      const kv = this.get(key, rev);
      return { kvs: kv ? [kv] : [], count: kv ? 1 : 0, more: false, revision: this.revision };
    }
    const keys = atPast ? this.keysWithPrefixAt(key, opts.startAfter) : this.keys.withPrefix(key, opts.startAfter);
    const kvs: KeyValue[] = [];
    let count = 0;
    for (const k of keys) {
      const kv = atPast ? this.valueAt(k, rev) : this.current.get(k);
      if (!kv) continue;
      count++;
      if (!opts.limit || kvs.length < opts.limit) kvs.push(kv);
    }
    return { kvs, count, more: !!opts.limit && count > kvs.length, revision: this.revision };
  }

  /**
   * Watches a key or prefix. With startRevision, first replays every event since then; a
   * revision below the compacted one fails as etcd does (the compacted revision itself is kept).
   */
  watch(key: string, opts: { prefix?: boolean; startRevision?: number }, onEvent: (ev: WatchEvent) => void): () => void {
    const w: Watcher = { key, prefix: !!opts.prefix, onEvent, seq: this.watcherSeq++, active: true };
    if (opts.startRevision !== undefined && opts.startRevision > 0 && opts.startRevision <= this.revision) {
      if (opts.startRevision < this.compactedRevision) throw new EtcdError(ERR_COMPACTED, 'compacted');
      for (let i = this.firstEventAt(opts.startRevision); i < this.events.length; i++) {
        const ev = this.events[i]!;
        if (matches(w, ev.kv.key)) onEvent(ev);
      }
    }
    const bucket = bucketOf(key);
    let set = this.wide;
    if (bucket !== undefined) {
      set = this.buckets.get(bucket) ?? new Set();
      this.buckets.set(bucket, set);
    }
    set.add(w);
    return () => {
      w.active = false;
      set.delete(w);
    };
  }

  /** Number of open watches (etcd's watch count in metrics and tests). */
  get watcherCount(): number {
    let n = this.wide.size;
    for (const s of this.buckets.values()) n += s.size;
    return n;
  }

  /** Drops history below `revision`: the value each key had at `revision` stays readable. */
  compact(revision: number): void {
    if (revision <= this.compactedRevision) throw new EtcdError(ERR_COMPACTED, 'compacted');
    if (revision > this.revision) throw new EtcdError(ERR_FUTURE_REV, 'future-rev');
    this.compactedRevision = revision;
    let freed = 0;
    for (const [key, versions] of this.history) {
      let keepFrom = 0;
      for (let i = 0; i < versions.length && versions[i]!.rev <= revision; i++) keepFrom = i;
      for (let i = 0; i < keepFrom; i++) freed += (versions[i]!.kv?.size ?? 0) + REVISION_OVERHEAD;
      const kept = keepFrom > 0 ? versions.slice(keepFrom) : versions;
      if (kept.length === 1 && kept[0]!.rev <= revision) {
        // A lone version at or below the compact point is the current value (kept) or a tombstone (freed).
        if (!kept[0]!.kv) freed += REVISION_OVERHEAD;
        this.history.delete(key);
      } else if (kept !== versions) this.history.set(key, kept);
    }
    let g = 0;
    while (g < this.garbage.length && this.garbage[g]!.rev <= revision) freed += this.garbage[g++]!.bytes;
    if (g > 0) this.garbage = this.garbage.slice(g);
    this.inUse -= freed;
    this.eventsHead = this.firstEventAt(revision);
    if (this.eventsHead > 1024 && this.eventsHead * 2 > this.events.length) {
      this.events = this.events.slice(this.eventsHead);
      this.eventsHead = 0;
    }
  }

  /** Gives back the space compaction freed. */
  defrag(): void {
    this.dbSize = this.inUse;
  }

  /**
   * Records `bytes` of superseded revisions at the current revision, as a flood of writes to
   * keys that were since overwritten would leave: the file grows, compaction frees the space.
   */
  addGarbage(bytes: number): void {
    if (bytes <= 0) return;
    this.garbage.push({ rev: this.revision, bytes });
    this.grow(bytes);
  }

  /** Every live key-value, in key order (for snapshots). */
  all(): KeyValue[] {
    const out: KeyValue[] = [];
    for (const k of this.keys.withPrefix('')) out.push(this.current.get(k)!);
    return out;
  }

  /** Live keys starting with `prefix`, in order, without materialising values. */
  keysWithPrefix(prefix: string): IterableIterator<string> {
    return this.keys.withPrefix(prefix);
  }

  /** Replaces the whole content (snapshot restore): history starts fresh at `revision`. */
  restore(kvs: KeyValue[], revision: number, dbSize?: number): void {
    this.current = new Map(kvs.map((kv) => [kv.key, kv]));
    this.keys.load([...this.current.keys()].sort());
    this.history.clear();
    this.events = [];
    this.eventsHead = 0;
    this.garbage = [];
    this.revision = revision;
    this.compactedRevision = revision;
    this.inUse = 0;
    for (const kv of this.current.values()) this.inUse += kv.size + REVISION_OVERHEAD;
    this.dbSize = Math.max(dbSize ?? 0, this.inUse);
  }

  private grow(bytes: number): void {
    this.inUse += bytes;
    if (this.inUse > this.dbSize) this.dbSize = this.inUse;
  }

  private checkRevision(revision: number): void {
    if (revision < this.compactedRevision) throw new EtcdError(ERR_COMPACTED, 'compacted');
    if (revision > this.revision) throw new EtcdError(ERR_FUTURE_REV, 'future-rev');
  }

  private valueAt(key: string, revision: number): KeyValue | undefined {
    const versions = this.history.get(key);
    if (!versions) {
      const cur = this.current.get(key);
      return cur && cur.modRevision <= revision ? cur : undefined;
    }
    let found: KeyValue | undefined;
    for (const v of versions) {
      if (v.rev > revision) break;
      found = v.kv;
    }
    return found;
  }

  /** Keeps the version list of a key that changes: its previous value first if it had none. */
  private record(key: string, prev: KeyValue | undefined, next: Version): void {
    let versions = this.history.get(key);
    if (!versions) {
      // A brand-new key (or one re-created after its tombstone was compacted) needs no history.
      if (!prev) return;
      versions = [{ rev: prev.modRevision, kv: prev }];
      this.history.set(key, versions);
    }
    versions.push(next);
  }

  private emit(ev: WatchEvent): void {
    this.events.push(ev);
    const key = ev.kv.key;
    const bucket = bucketOf(key);
    const own = bucket === undefined ? undefined : this.buckets.get(bucket);
    if (this.wide.size === 0) {
      if (own) for (const w of own) if (matches(w, key)) w.onEvent(ev);
      return;
    }
    // Both lists: in the order the watches were opened, as one list would give.
    const all = own ? [...this.wide, ...own].sort((a, b) => a.seq - b.seq) : [...this.wide];
    for (const w of all) if (w.active && matches(w, key)) w.onEvent(ev);
  }

  /** Index of the first kept event at or after `revision` (events are in revision order). */
  private firstEventAt(revision: number): number {
    let lo = this.eventsHead;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.kv.modRevision < revision) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private *keysWithPrefixAt(prefix: string, after?: string): Generator<string> {
    const set = new Set(this.keys.withPrefix(prefix, after));
    for (const k of this.history.keys()) if (k.startsWith(prefix) && (after === undefined || k > after)) set.add(k);
    yield* [...set].sort();
  }
}

interface Watcher {
  key: string;
  prefix: boolean;
  onEvent: (ev: WatchEvent) => void;
  seq: number;
  active: boolean;
}

/**
 * The bucket of a key or watched prefix: everything up to and including its third '/'
 * (`/registry/pods/` of `/registry/pods/ns/name`); undefined when it has fewer, so a watch on
 * `/registry/` or `/registry/po` lands among the wide ones.
 */
function bucketOf(key: string): string | undefined {
  let i = key.indexOf('/');
  for (let n = 0; n < 2 && i >= 0; n++) i = key.indexOf('/', i + 1);
  return i < 0 ? undefined : key.slice(0, i + 1);
}

function matches(w: Watcher, key: string): boolean {
  return w.prefix ? key.startsWith(w.key) : key === w.key;
}
