/**
 * The etcd cluster the API server talks to: one MVCC store replicated by a raft group of one
 * member per control-plane node. Writes need a leader and a quorum of running members; reads are
 * linearizable and need a leader too. Errors are etcd's own.
 *
 * NOTE: raft behaviour (terms, elections on the clock, heartbeats) is implemented in raft.ts.
 */
import type { VirtualClock } from '../clock.js';
import type { SeededRandom } from '../random.js';
import { EtcdError, MvccStore, type KeyValue, type RangeOptions, type RangeResult, type WatchEvent } from './mvcc.js';

export interface EtcdMemberSpec {
  /** Member name: the control-plane node's name (master-0). */
  name: string;
  /** The node's IP: peer URL https://IP:2380, client URL https://IP:2379. */
  ip: string;
}

export interface EtcdMember {
  /** 16 hex digits, as etcdctl prints member IDs. */
  id: string;
  name: string;
  peerURL: string;
  clientURL: string;
  /** The process runs (a stopped member neither votes nor serves). */
  running: boolean;
  isLearner: boolean;
  /** Highest raft term this member has seen. */
  term: number;
  raftIndex: number;
  appliedIndex: number;
}

export interface EtcdOptions {
  clock: VirtualClock;
  random: SeededRandom;
  members: EtcdMemberSpec[];
  /** Backend quota (--quota-backend-bytes): 2 GiB upstream, 8 GiB on OpenShift. */
  quotaBytes?: number;
}

export const ETCD_VERSION = '3.5.18';
export const ERR_NO_LEADER = 'etcdserver: no leader';
export const ERR_TIMEOUT = 'etcdserver: request timed out';
export const ERR_NOSPACE = 'etcdserver: mvcc: database space exceeded';

export type EtcdLogListener = (line: { member: string; message: string; at: number }) => void;

/** What the API server needs from etcd. */
export interface EtcdBackend {
  readonly store: MvccStore;
  put(key: string, value: unknown, size: number): KeyValue;
  delete(key: string): KeyValue | undefined;
  get(key: string): KeyValue | undefined;
  range(key: string, opts?: RangeOptions): RangeResult;
  watch(key: string, opts: { prefix?: boolean; startRevision?: number }, onEvent: (ev: WatchEvent) => void): () => void;
}

export class EtcdCluster implements EtcdBackend {
  readonly store = new MvccStore();
  readonly members: EtcdMember[];
  quotaBytes: number;
  alarms = new Set<'NOSPACE' | 'CORRUPT'>();
  private leaderName: string | undefined;
  term = 1;
  /** Bumped on every state change (leader, members, alarms) for UIs. */
  version = 0;
  private listeners = new Set<EtcdLogListener>();

  constructor(private readonly opts: EtcdOptions) {
    this.quotaBytes = opts.quotaBytes ?? 2 * 1024 ** 3;
    this.members = opts.members.map((m) => ({
      id: opts.random.hex(16),
      name: m.name,
      peerURL: `https://${m.ip}:2380`,
      clientURL: `https://${m.ip}:2379`,
      running: true,
      isLearner: false,
      term: 1,
      raftIndex: 0,
      appliedIndex: 0,
    }));
    this.leaderName = this.members[0]?.name;
  }

  get quorum(): number {
    return Math.floor(this.members.length / 2) + 1;
  }

  leader(): EtcdMember | undefined {
    return this.members.find((m) => m.name === this.leaderName);
  }

  onLog(listener: EtcdLogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  put(key: string, value: unknown, size: number): KeyValue {
    this.checkWritable();
    if (this.alarms.has('NOSPACE')) throw new EtcdError(ERR_NOSPACE, 'nospace');
    if (this.store.dbSize + size > this.quotaBytes) {
      this.alarms.add('NOSPACE');
      this.version++;
      throw new EtcdError(ERR_NOSPACE, 'nospace');
    }
    const kv = this.store.put(key, value, size);
    this.applied();
    return kv;
  }

  delete(key: string): KeyValue | undefined {
    this.checkWritable();
    const kv = this.store.delete(key);
    if (kv) this.applied();
    return kv;
  }

  get(key: string): KeyValue | undefined {
    this.checkReadable();
    return this.store.get(key);
  }

  range(key: string, opts?: RangeOptions): RangeResult {
    this.checkReadable();
    return this.store.range(key, opts);
  }

  watch(key: string, opts: { prefix?: boolean; startRevision?: number }, onEvent: (ev: WatchEvent) => void): () => void {
    return this.store.watch(key, opts, onEvent);
  }

  private checkReadable(): void {
    if (!this.leader()) throw new EtcdError(ERR_NO_LEADER, 'no-leader');
  }

  private checkWritable(): void {
    if (!this.leader()) throw new EtcdError(ERR_NO_LEADER, 'no-leader');
    const running = this.members.filter((m) => m.running).length;
    if (running < this.quorum) throw new EtcdError(ERR_TIMEOUT, 'timeout');
  }

  private applied(): void {
    for (const m of this.members) {
      if (!m.running) continue;
      m.raftIndex++;
      m.appliedIndex = m.raftIndex;
    }
  }

  protected log(member: string, message: string): void {
    for (const l of this.listeners) l({ member, message, at: this.opts.clock.now() });
  }
}
