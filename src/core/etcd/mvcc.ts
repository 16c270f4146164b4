/**
 * An MVCC key-value store with etcd's semantics: one global revision bumped by every write,
 * per-key create/mod revision and version, range reads at a past revision, watches that replay
 * from a revision, compaction ("required revision has been compacted") and a db size that only
 * defragmentation gives back. Values are the stored objects themselves (no serialisation on the
 * hot path); callers pass each value's encoded size.
 */

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
const REVISION_OVERHEAD = 64;

interface Version {
  rev: number;
  kv: KeyValue | undefined; // undefined = tombstone
}

export class MvccStore {
  private current = new Map<string, KeyValue>();
  /** Older revisions of each key, oldest first, kept until compaction. */
  private history = new Map<string, Version[]>();
  /** Every event since the compacted revision, in revision order, for watch replay. */
  private events: WatchEvent[] = [];
  private watchers = new Set<Watcher>();
  private sortedKeys: string[] | undefined;
  revision = 1;
  compactedRevision = 0;
  /** Bytes the backend file takes: grows with every write, shrinks only on defrag. */
  dbSize = 0;

  get keyCount(): number {
    return this.current.size;
  }

  /** Bytes held by live data and kept history: what a defrag would shrink the file to. */
  get dbSizeInUse(): number {
    let total = 0;
    for (const kv of this.current.values()) total += kv.size + REVISION_OVERHEAD;
    for (const [key, versions] of this.history) {
      const cur = this.current.get(key);
      for (const v of versions) if (v.kv !== cur) total += (v.kv?.size ?? 0) + REVISION_OVERHEAD;
    }
    return total;
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
    if (!prev) this.sortedKeys = undefined;
    this.record(key, prev, { rev, kv });
    this.current.set(key, kv);
    this.dbSize += size + REVISION_OVERHEAD;
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
    this.sortedKeys = undefined;
    this.dbSize += REVISION_OVERHEAD;
    const tomb: KeyValue = { key, value: undefined, createRevision: 0, modRevision: rev, version: 0, lease: 0, size: 0 };
    this.emit({ type: 'DELETE', kv: tomb, prevKv: prev });
    return prev;
  }

  range(key: string, opts: RangeOptions = {}): RangeResult {
    const rev = opts.revision ?? 0;
    if (rev > this.revision) throw new EtcdError(ERR_FUTURE_REV, 'future-rev');
    if (rev !== 0 && rev < this.revision) this.checkRevision(rev);
    if (!opts.prefix) {
      const kv = this.get(key, rev);
      return { kvs: kv ? [kv] : [], count: kv ? 1 : 0, more: false, revision: this.revision };
    }
    const keys = rev === 0 || rev >= this.revision ? this.keysWithPrefix(key) : this.keysWithPrefixAt(key);
    const kvs: KeyValue[] = [];
    let count = 0;
    for (const k of keys) {
      if (opts.startAfter !== undefined && k <= opts.startAfter) continue;
      const kv = this.get(k, rev);
      if (!kv) continue;
      count++;
      if (!opts.limit || kvs.length < opts.limit) kvs.push(kv);
    }
    return { kvs, count, more: !!opts.limit && count > kvs.length, revision: this.revision };
  }

  /**
   * Watches a key or prefix. With startRevision, first replays every event since then; a
   * revision at or below the compacted one fails as etcd does.
   */
  watch(key: string, opts: { prefix?: boolean; startRevision?: number }, onEvent: (ev: WatchEvent) => void): () => void {
    const w: Watcher = { key, prefix: !!opts.prefix, onEvent };
    if (opts.startRevision !== undefined && opts.startRevision > 0) {
      if (opts.startRevision <= this.compactedRevision) throw new EtcdError(ERR_COMPACTED, 'compacted');
      for (const ev of this.events) if (ev.kv.modRevision >= opts.startRevision && matches(w, ev.kv.key)) onEvent(ev);
    }
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  /** Drops history at or below `revision` (the value each key had then is kept). */
  compact(revision: number): void {
    if (revision <= this.compactedRevision) throw new EtcdError(ERR_COMPACTED, 'compacted');
    if (revision > this.revision) throw new EtcdError(ERR_FUTURE_REV, 'future-rev');
    this.compactedRevision = revision;
    for (const [key, versions] of this.history) {
      let keepFrom = 0;
      for (let i = 0; i < versions.length; i++) if (versions[i]!.rev <= revision) keepFrom = i;
      const kept = versions.slice(keepFrom);
      // A lone version at or below the compact point is just the current state (or absence).
      if (kept.length === 1 && kept[0]!.rev <= revision) this.history.delete(key);
      else this.history.set(key, kept);
    }
    let i = 0;
    while (i < this.events.length && this.events[i]!.kv.modRevision <= revision) i++;
    this.events = this.events.slice(i);
  }

  /** Gives back the space compaction freed. */
  defrag(): void {
    this.dbSize = this.dbSizeInUse;
  }

  /** Every live key-value, in key order (for snapshots). */
  all(): KeyValue[] {
    return this.keysWithPrefix('').map((k) => this.current.get(k)!);
  }

  /** Replaces the whole content (snapshot restore): history starts fresh at `revision`. */
  restore(kvs: KeyValue[], revision: number, dbSize?: number): void {
    this.current = new Map(kvs.map((kv) => [kv.key, kv]));
    this.history.clear();
    this.events = [];
    this.sortedKeys = undefined;
    this.revision = revision;
    this.compactedRevision = revision;
    this.dbSize = dbSize ?? this.dbSizeInUse;
  }

  private checkRevision(revision: number): void {
    if (revision <= this.compactedRevision) throw new EtcdError(ERR_COMPACTED, 'compacted');
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
      versions = prev ? [{ rev: prev.modRevision, kv: prev }] : [];
      this.history.set(key, versions);
    }
    versions.push(next);
  }

  private emit(ev: WatchEvent): void {
    this.events.push(ev);
    for (const w of this.watchers) if (matches(w, ev.kv.key)) w.onEvent(ev);
  }

  private keysWithPrefix(prefix: string): string[] {
    if (!this.sortedKeys) this.sortedKeys = [...this.current.keys()].sort();
    const keys = this.sortedKeys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < keys.length && keys[i]!.startsWith(prefix); i++) out.push(keys[i]!);
    return out;
  }

  private keysWithPrefixAt(prefix: string): string[] {
    const set = new Set(this.keysWithPrefix(prefix));
    for (const k of this.history.keys()) if (k.startsWith(prefix)) set.add(k);
    return [...set].sort();
  }
}

interface Watcher {
  key: string;
  prefix: boolean;
  onEvent: (ev: WatchEvent) => void;
}

function matches(w: Watcher, key: string): boolean {
  return w.prefix ? key.startsWith(w.key) : key === w.key;
}
