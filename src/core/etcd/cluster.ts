/**
 * The etcd cluster the API server talks to: one MVCC store replicated by a raft group of one
 * member per control-plane node (raft.ts). Writes and linearizable reads need a leader and a
 * quorum of running members; errors are etcd's own. Each member keeps its own backend file
 * size (defrag is per member) and the NOSPACE alarm follows --quota-backend-bytes.
 */
import type { VirtualClock } from '../clock.js';
import type { SeededRandom } from '../random.js';
import { EtcdError, MvccStore, REVISION_OVERHEAD, type KeyValue, type RangeOptions, type RangeResult, type WatchEvent } from './mvcc.js';
import { RaftGroup, compareIds, type RaftEvent, type RaftRole } from './raft.js';

export interface EtcdMemberSpec {
  /** Member name: the control-plane node's name (master-0). */
  name: string;
  /** The node's IP: peer URL https://IP:2380, client URL https://IP:2379. */
  ip: string;
}

export interface EtcdMember {
  /** Member ID as etcdctl prints it (%x of a uint64, so no leading zeros). */
  id: string;
  name: string;
  ip: string;
  peerURL: string;
  clientURL: string;
  /** The process runs (a stopped member neither votes nor serves). */
  running: boolean;
  isLearner: boolean;
  /** Highest raft term this member has seen. */
  term: number;
  raftIndex: number;
  appliedIndex: number;
  /** Size of this member's backend file: grows to the high-water mark, shrinks on defrag. */
  dbSize: number;
}

export interface EtcdOptions {
  clock: VirtualClock;
  random: SeededRandom;
  members: EtcdMemberSpec[];
  /** Backend quota (--quota-backend-bytes): 2 GiB upstream, 8 GiB on OpenShift. */
  quotaBytes?: number;
  /** Name of the member that starts as leader; by default one drawn from the seed. */
  initialLeader?: string;
}

export const ETCD_VERSION = '3.5.18';
export const ERR_NO_LEADER = 'etcdserver: no leader';
export const ERR_TIMEOUT = 'etcdserver: request timed out';
export const ERR_NOSPACE = 'etcdserver: mvcc: database space exceeded';

export type AlarmType = 'NOSPACE' | 'CORRUPT';

export interface AlarmMember {
  /** Member ID as %x. */
  memberId: string;
  alarm: AlarmType;
}

export interface EtcdLogLine {
  member: string;
  message: string;
  at: number;
  /** zap level; info when absent. */
  level?: 'info' | 'warn' | 'error';
  /** zap logger name: "raft" for raft lines. */
  logger?: string;
  /** Extra zap fields. */
  fields?: Record<string, string | number | boolean>;
}

export type EtcdLogListener = (line: EtcdLogLine) => void;

/** What `etcdctl endpoint status` reports for one member (the Status RPC). */
export interface EtcdMemberStatus {
  memberId: string;
  /** Leader ID this member follows ('0' when none). */
  leaderId: string;
  version: string;
  dbSize: number;
  dbSizeInUse: number;
  raftTerm: number;
  raftIndex: number;
  raftAppliedIndex: number;
  isLearner: boolean;
  revision: number;
  errors: string[];
}

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
  /** Cluster ID as %x. */
  readonly clusterId: string;
  quotaBytes: number;
  /** Active alarm types; alarmList() says which members raised them. */
  alarms = new Set<AlarmType>();
  /** Bumped on every state change (leader, members, alarms, sizes) for UIs. */
  version = 0;
  private readonly raft: RaftGroup;
  private readonly alarmRaisers = new Map<AlarmType, Set<string>>();
  private listeners = new Set<EtcdLogListener>();
  private eventListeners = new Set<(ev: RaftEvent) => void>();

  constructor(private readonly opts: EtcdOptions) {
    this.quotaBytes = opts.quotaBytes ?? 2 * 1024 ** 3;
    this.members = opts.members.map((m) => ({
      id: formatId(opts.random.hex(16)),
      name: m.name,
      ip: m.ip,
      peerURL: `https://${m.ip}:2380`,
      clientURL: `https://${m.ip}:2379`,
      running: true,
      isLearner: false,
      term: 2,
      // Bootstrap entries: one ConfChange per member, the first leader's empty entry, each
      // member publishing its attributes, and the cluster version.
      raftIndex: 2 * opts.members.length + 2,
      appliedIndex: 2 * opts.members.length + 2,
      dbSize: 0,
    }));
    const raftRandom = opts.random.fork('etcd-raft');
    this.clusterId = formatId(raftRandom.hex(16));
    const initialLeader = opts.initialLeader ?? (this.members.length ? raftRandom.pick(this.members).name : undefined);
    this.raft = new RaftGroup({
      clock: opts.clock,
      random: raftRandom,
      peers: this.members,
      initialLeader,
      initialTerm: 2,
      log: (member, message) => this.log(member, message, { logger: 'raft' }),
      event: (ev) => {
        this.version++;
        for (const l of this.eventListeners) l(ev);
      },
    });
  }

  get quorum(): number {
    return this.raft.quorum;
  }

  /** The leader's term (or the highest term any member reached while there is none). */
  get term(): number {
    const leader = this.leader();
    return leader ? leader.term : this.raft.term;
  }

  leader(): EtcdMember | undefined {
    const name = this.raft.leaderName();
    return name === undefined ? undefined : this.member(name);
  }

  member(name: string): EtcdMember | undefined {
    return this.members.find((m) => m.name === name);
  }

  /** follower, pre-candidate, candidate or leader; undefined when stopped. */
  roleOf(name: string): RaftRole | undefined {
    return this.raft.role(name);
  }

  onLog(listener: EtcdLogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Elections, lost leaders, members stopping, starting and catching up. */
  onEvent(listener: (ev: RaftEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Stops a member's process (static pod gone, node down). */
  stopMember(name: string): boolean {
    const ok = this.raft.stop(name);
    if (ok) this.log(name, 'received signal; shutting down', { fields: { signal: 'terminated' } });
    return ok;
  }

  /** Starts a member again: it rejoins as follower and catches up with the leader. */
  startMember(name: string): boolean {
    const ok = this.raft.start(name);
    if (ok) this.syncSizes();
    return ok;
  }

  /** Hands leadership to another member (etcdctl move-leader); throws etcd's error when it cannot. */
  moveLeader(target: string): void {
    const err = this.raft.transferLeadership(target);
    if (err === 'etcdserver: no leader') throw new EtcdError(err, 'no-leader');
    if (err) throw new EtcdError(err, err.includes('transferee') ? 'invalid' : 'timeout');
  }

  /** The member serves linearizable requests and no alarm is active. */
  isHealthy(name: string): boolean {
    return this.healthError(name) === undefined;
  }

  /**
   * Why `etcdctl endpoint health` would call this member unhealthy, in its words, or undefined.
   * A stopped member and a member that cannot reach a committed read both end in the client's
   * deadline; alarms are reported after a successful read.
   */
  healthError(name: string): string | undefined {
    const m = this.member(name);
    if (!m || !m.running || this.raft.proposalError()) return 'context deadline exceeded';
    if (this.alarms.size > 0) return `Active Alarm(s): ${[...this.alarms].map((a) => `${a} `).join('')}`;
    return undefined;
  }

  /** Fails as the server would when a proposal or linearizable read cannot complete. */
  availabilityError(): EtcdError | undefined {
    const err = this.raft.proposalError();
    if (err === 'no-leader') return new EtcdError(ERR_NO_LEADER, 'no-leader');
    if (err === 'timeout') return new EtcdError(ERR_TIMEOUT, 'timeout');
    return undefined;
  }

  put(key: string, value: unknown, size: number): KeyValue {
    this.checkAvailable();
    if (this.alarms.has('NOSPACE')) throw new EtcdError(ERR_NOSPACE, 'nospace');
    // etcd's quota check: backend file size plus the request's cost must stay under the quota.
    if (this.backendSize() + size + REVISION_OVERHEAD >= this.quotaBytes) {
      this.raiseNoSpace();
      throw new EtcdError(ERR_NOSPACE, 'nospace');
    }
    const kv = this.store.put(key, value, size);
    this.applied();
    return kv;
  }

  delete(key: string): KeyValue | undefined {
    this.checkAvailable();
    const kv = this.store.delete(key);
    if (kv) this.applied();
    return kv;
  }

  get(key: string): KeyValue | undefined {
    this.checkAvailable();
    return this.store.get(key);
  }

  range(key: string, opts?: RangeOptions): RangeResult {
    this.checkAvailable();
    return this.store.range(key, opts);
  }

  watch(key: string, opts: { prefix?: boolean; startRevision?: number }, onEvent: (ev: WatchEvent) => void): () => void {
    return this.store.watch(key, opts, onEvent);
  }

  /** Compaction is a raft proposal: it needs the leader and quorum. */
  compact(revision: number): void {
    this.checkAvailable();
    this.store.compact(revision);
    this.applied();
    this.log(this.leader()?.name ?? '', 'finished scheduled compaction', { fields: { 'compact-revision': revision } });
  }

  /** Defragments one member's backend (local to the member, no quorum needed). */
  defrag(name: string): void {
    const m = this.member(name);
    if (!m || !m.running) throw new EtcdError('context deadline exceeded', 'unavailable');
    const before = m.dbSize;
    m.dbSize = this.store.dbSizeInUse;
    this.store.dbSize = Math.max(...this.members.filter((x) => x.running).map((x) => x.dbSize), this.store.dbSizeInUse);
    this.log(name, 'finished defragmenting directory', {
      fields: { 'current-db-size-bytes-diff': m.dbSize - before, 'current-db-size-bytes': m.dbSize },
    });
    this.version++;
  }

  /** Alarms with the members that raised them, ordered by member ID. */
  alarmList(): AlarmMember[] {
    const out: AlarmMember[] = [];
    for (const alarm of this.alarms) {
      let ids = [...(this.alarmRaisers.get(alarm) ?? [])];
      if (ids.length === 0) ids = [this.leader()?.id ?? this.members[0]?.id ?? '0'];
      for (const memberId of ids.sort(compareIds)) out.push({ memberId, alarm });
    }
    return out;
  }

  /** Disarms alarms (all when no type is given); returns what was disarmed. */
  disarm(alarm?: AlarmType): AlarmMember[] {
    const gone = this.alarmList().filter((a) => !alarm || a.alarm === alarm);
    for (const a of gone) {
      this.alarms.delete(a.alarm);
      this.alarmRaisers.delete(a.alarm);
    }
    if (gone.length) this.version++;
    return gone;
  }

  /** Raises an alarm as member `name` would (the etcd-corrupt fault uses CORRUPT). */
  raiseAlarm(alarm: AlarmType, name?: string): void {
    const m = (name && this.member(name)) || this.leader() || this.members[0];
    if (!m) return;
    this.alarms.add(alarm);
    let ids = this.alarmRaisers.get(alarm);
    if (!ids) this.alarmRaisers.set(alarm, (ids = new Set()));
    ids.add(m.id);
    this.log(m.name, 'alarm raised', { level: 'warn', fields: { alarm, from: m.id } });
    this.version++;
  }

  /**
   * Simulates space exhaustion (the etcd-space-exceeded fault): superseded revisions fill the
   * backend up to `bytes`, as a flood of writes would. Compaction frees them and defrag gives
   * the space back. Crossing the quota raises NOSPACE right away.
   */
  fillTo(bytes: number): void {
    this.store.addGarbage(bytes - this.store.dbSizeInUse);
    this.syncSizes();
    if (this.backendSize() >= this.quotaBytes && !this.alarms.has('NOSPACE')) this.raiseNoSpace();
    this.version++;
  }

  /** What the Status RPC of member `name` returns; undefined when it is stopped. */
  status(name: string): EtcdMemberStatus | undefined {
    const m = this.member(name);
    if (!m || !m.running) return undefined;
    const leadName = this.raft.leaderOf(name);
    const lead = leadName !== undefined ? this.member(leadName) : undefined;
    const errors: string[] = [];
    if (!lead) errors.push(ERR_NO_LEADER);
    for (const a of this.alarmList()) errors.push(`memberID:${BigInt(`0x${a.memberId}`)} alarm:${a.alarm} `);
    return {
      memberId: m.id,
      leaderId: lead?.id ?? '0',
      version: ETCD_VERSION,
      dbSize: m.dbSize,
      dbSizeInUse: this.store.dbSizeInUse,
      raftTerm: m.term,
      raftIndex: m.raftIndex,
      raftAppliedIndex: m.appliedIndex,
      isLearner: m.isLearner,
      revision: this.store.revision,
      errors,
    };
  }

  /** Replaces the data with a restored snapshot (the cluster restarted on a restored data dir). */
  restore(kvs: KeyValue[], revision: number, dbSize?: number): void {
    this.store.restore(kvs, revision, dbSize);
    for (const m of this.members) m.dbSize = this.store.dbSize;
    this.log(this.leader()?.name ?? this.members[0]?.name ?? '', 'restored snapshot', { fields: { revision } });
    this.version++;
  }

  /** Largest backend file among running members: the one the quota trips on first. */
  private backendSize(): number {
    let size = 0;
    for (const m of this.members) if (m.running && m.dbSize > size) size = m.dbSize;
    return Math.max(size, this.store.dbSize);
  }

  private raiseNoSpace(): void {
    for (const m of this.members) if (m.running) this.raiseAlarm('NOSPACE', m.name);
  }

  private checkAvailable(): void {
    const err = this.availabilityError();
    if (err) throw err;
  }

  private applied(): void {
    this.raft.append();
    this.syncSizes();
  }

  /** Running members that follow the leader hold every revision the store holds. */
  private syncSizes(): void {
    const inUse = this.store.dbSizeInUse;
    for (const m of this.members) if (m.running && m.dbSize < inUse) m.dbSize = inUse;
  }

  protected log(member: string, message: string, extra: Partial<EtcdLogLine> = {}): void {
    if (this.listeners.size === 0) return;
    const line: EtcdLogLine = { member, message, at: this.opts.clock.now(), ...extra };
    for (const l of this.listeners) l(line);
  }
}

/** Formats a 64-bit hex ID the way Go's %x prints the uint64 (no leading zeros). */
export function formatId(hex: string): string {
  return BigInt(`0x${hex}`).toString(16);
}

/** The uint64 behind a %x member ID, in decimal (JSON output, alarm strings). */
export function idToDecimal(id: string): string {
  return BigInt(`0x${id}`).toString(10);
}

/** One etcd 3.5 zap JSON log line, as `oc logs etcd-<node> -c etcd` shows it. */
export function formatEtcdLog(line: EtcdLogLine): string {
  const ts = new Date(line.at).toISOString().replace('Z', '000Z');
  const caller = line.logger === 'raft' ? 'etcdserver/zap_raft.go:77' : 'etcdserver/server.go:1200';
  const head: Record<string, unknown> = { level: line.level ?? 'info', ts };
  if (line.logger) head.logger = line.logger;
  head.caller = caller;
  head.msg = line.message;
  return JSON.stringify({ ...head, ...(line.fields ?? {}) });
}
