/**
 * The raft group behind the etcd cluster, at the level a user can observe: roles, terms, votes,
 * leader election with pre-vote, check-quorum step-down and log catch-up, logged in etcd/raft's
 * own words. Message passing is instantaneous and heartbeats are implicit: while a leader runs
 * and reaches a quorum its followers never time out, so nothing sits on the clock. Timers exist
 * only while something is wrong (no leader, a leader that lost its quorum, a member rejoining).
 *
 * Timing follows etcd defaults: heartbeat 100 ms, election timeout 1000 ms randomised per wait
 * to [1000, 2000) ms, check-quorum every election timeout, quorum floor(n/2)+1.
 */
import type { TimerId, VirtualClock } from '../clock.js';
import type { SeededRandom } from '../random.js';

export const HEARTBEAT_MS = 100;
export const ELECTION_TIMEOUT_MS = 1000;

export type RaftRole = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

/** The state a raft node keeps; the cluster's EtcdMember objects carry it. */
export interface RaftPeer {
  /** Member ID as etcd prints it (%x of the uint64). */
  id: string;
  name: string;
  running: boolean;
  term: number;
  raftIndex: number;
  appliedIndex: number;
}

export type RaftEventType = 'leader-elected' | 'leader-lost' | 'member-stopped' | 'member-started' | 'caught-up';

export interface RaftEvent {
  type: RaftEventType;
  /** The member the event happened on (name). */
  member: string;
  /** For leader-elected: the new leader's name. */
  leader?: string;
  term: number;
  at: number;
}

export interface RaftOptions {
  clock: VirtualClock;
  random: SeededRandom;
  peers: RaftPeer[];
  /** Raft log lines, as etcd's "raft" logger writes them. */
  log: (member: string, message: string) => void;
  event: (ev: RaftEvent) => void;
  /** Initial leader (name); undefined starts leaderless with elections pending. */
  initialLeader?: string;
  initialTerm?: number;
}

interface Node {
  peer: RaftPeer;
  role: RaftRole;
  /** ID voted for in the current term, or undefined. */
  vote: string | undefined;
  /** Name of the leader this node follows, or undefined. */
  lead: string | undefined;
  /** Term of the last log entry. */
  lastTerm: number;
  /** Last time this node heard from its leader (ms). */
  lastHeard: number;
  electionTimer: TimerId | undefined;
}

export class RaftGroup {
  private readonly nodes: Node[];
  private leaderSince = 0;
  private stepDownTimer: TimerId | undefined;
  private joinTimer: TimerId | undefined;

  constructor(private readonly opts: RaftOptions) {
    const now = opts.clock.now();
    const term = opts.initialTerm ?? 2;
    this.nodes = opts.peers.map((peer) => ({
      peer,
      role: 'follower' as RaftRole,
      vote: undefined,
      lead: undefined,
      lastTerm: term,
      lastHeard: now,
      electionTimer: undefined,
    }));
    for (const n of this.nodes) n.peer.term = term;
    const leader = opts.initialLeader ? this.node(opts.initialLeader) : undefined;
    if (leader) {
      leader.role = 'leader';
      this.leaderSince = now;
      for (const n of this.nodes) {
        n.lead = leader.peer.name;
        n.vote = leader.peer.id;
      }
    } else {
      for (const n of this.nodes) this.resetElectionTimer(n, now);
    }
  }

  get quorum(): number {
    return Math.floor(this.nodes.length / 2) + 1;
  }

  get runningCount(): number {
    let c = 0;
    for (const n of this.nodes) if (n.peer.running) c++;
    return c;
  }

  /** The running member acting as leader, if any. */
  leaderName(): string | undefined {
    for (const n of this.nodes) if (n.role === 'leader' && n.peer.running) return n.peer.name;
    return undefined;
  }

  role(name: string): RaftRole | undefined {
    const n = this.node(name);
    return n?.peer.running ? n.role : undefined;
  }

  /** The leader a member believes in (name), if it runs. */
  leaderOf(name: string): string | undefined {
    const n = this.node(name);
    return n?.peer.running ? n.lead : undefined;
  }

  /** Highest term any member has reached. */
  get term(): number {
    let t = 0;
    for (const n of this.nodes) t = Math.max(t, n.peer.term);
    return t;
  }

  /**
   * Why a proposal would fail now, or undefined when it commits: 'no-leader' when no running
   * member knows a leader, 'timeout' when one is believed in but cannot commit (it is gone, or
   * it lost its quorum and has not stepped down yet).
   */
  proposalError(): 'no-leader' | 'timeout' | undefined {
    const leader = this.leaderName();
    if (leader) return this.runningCount >= this.quorum ? undefined : 'timeout';
    for (const n of this.nodes) if (n.peer.running && n.lead !== undefined) return 'timeout';
    return 'no-leader';
  }

  /** Appends one committed entry: the leader and every running follower apply it. */
  append(): void {
    const leader = this.leaderNode();
    if (!leader) return;
    const index = leader.peer.raftIndex + 1;
    for (const n of this.nodes) {
      if (!n.peer.running || n.lead !== leader.peer.name) continue;
      n.peer.raftIndex = index;
      n.peer.appliedIndex = index;
      n.lastTerm = leader.peer.term;
    }
  }

  stop(name: string): boolean {
    const n = this.node(name);
    if (!n || !n.peer.running) return false;
    const now = this.opts.clock.now();
    const wasLeader = n.role === 'leader';
    n.peer.running = false;
    n.role = 'follower';
    n.lead = undefined;
    this.clearElectionTimer(n);
    this.emit('member-stopped', n, {});
    if (wasLeader) {
      this.emit('leader-lost', n, { leader: n.peer.name });
      this.clearStepDown();
      // Followers heard the last heartbeat on the leader's 100 ms grid; each times out on its own.
      const lastBeat = this.leaderSince + Math.floor((now - this.leaderSince) / HEARTBEAT_MS) * HEARTBEAT_MS;
      for (const f of this.nodes) {
        if (!f.peer.running) continue;
        f.lastHeard = lastBeat;
        this.resetElectionTimer(f, lastBeat);
      }
    } else if (this.leaderNode() && this.runningCount < this.quorum) {
      this.scheduleStepDown(now);
    }
    return true;
  }

  start(name: string): boolean {
    const n = this.node(name);
    if (!n || n.peer.running) return false;
    const now = this.opts.clock.now();
    n.peer.running = true;
    n.role = 'follower';
    n.lead = undefined;
    n.lastHeard = now;
    this.log(n, `${n.peer.id} became follower at term ${n.peer.term}`);
    this.log(
      n,
      `newRaft ${n.peer.id} [peers: [], term: ${n.peer.term}, commit: ${n.peer.raftIndex}, applied: ${n.peer.appliedIndex}, lastindex: ${n.peer.raftIndex}, lastterm: ${n.lastTerm}]`,
    );
    this.emit('member-started', n, {});
    const leader = this.leaderNode();
    if (leader && this.runningCount >= this.quorum) {
      this.clearStepDown();
      this.scheduleJoin();
    } else {
      this.resetElectionTimer(n, now);
    }
    return true;
  }

  /**
   * Leadership transfer (etcdctl move-leader): the leader sends MsgTimeoutNow and the target
   * campaigns at once, without pre-vote and ignoring leader leases. Returns an error text or
   * undefined on success.
   */
  transferLeadership(target: string): string | undefined {
    const l = this.leaderNode();
    const t = this.node(target);
    if (!l) return 'etcdserver: no leader';
    if (!t) return 'etcdserver: bad leader transferee';
    if (t === l) return undefined;
    // The leader waits for the transferee to catch up; in this model a running follower either
    // has the leader's log or gets it on the next heartbeat, so a lagging one just times out.
    if (!t.peer.running || this.runningCount < this.quorum || t.lead !== l.peer.name || t.peer.raftIndex !== l.peer.raftIndex) {
      return 'etcdserver: request timed out, leader transfer took too long';
    }
    const term = l.peer.term;
    this.log(l, `${l.peer.id} [term ${term}] starts to transfer leadership to ${t.peer.id}`);
    this.log(l, `${l.peer.id} sends MsgTimeoutNow to ${t.peer.id} immediately as ${t.peer.id} already has up-to-date log`);
    this.log(t, `${t.peer.id} [term ${t.peer.term}] received MsgTimeoutNow from ${l.peer.id} and starts an election to get leadership.`);
    this.log(t, `${t.peer.id} is starting a new election at term ${t.peer.term}`);
    const now = this.opts.clock.now();
    const prevLead = t.lead;
    this.becomeCandidate(t);
    const result = this.poll(t, 'MsgVote', t.peer.term, now, true, () => {
      if (prevLead !== undefined) this.lostLeader(t, prevLead);
    });
    if (result !== 'won') return 'etcdserver: request timed out, leader transfer took too long';
    this.emit('leader-lost', l, { leader: l.peer.name });
    this.becomeLeader(t);
    return undefined;
  }

  private leaderNode(): Node | undefined {
    for (const n of this.nodes) if (n.role === 'leader' && n.peer.running) return n;
    return undefined;
  }

  private node(name: string): Node | undefined {
    return this.nodes.find((n) => n.peer.name === name);
  }

  private randomTimeout(): number {
    return ELECTION_TIMEOUT_MS + this.opts.random.int(ELECTION_TIMEOUT_MS);
  }

  private resetElectionTimer(n: Node, from: number): void {
    this.clearElectionTimer(n);
    const at = Math.max(from + this.randomTimeout(), this.opts.clock.now());
    n.electionTimer = this.opts.clock.setTimeout(() => {
      n.electionTimer = undefined;
      this.campaign(n);
    }, at - this.opts.clock.now());
  }

  private clearElectionTimer(n: Node): void {
    if (n.electionTimer !== undefined) this.opts.clock.clear(n.electionTimer);
    n.electionTimer = undefined;
  }

  private clearStepDown(): void {
    if (this.stepDownTimer !== undefined) this.opts.clock.clear(this.stepDownTimer);
    this.stepDownTimer = undefined;
  }

  /** Rejoining members hear the leader's next heartbeat and catch up on the log. */
  private scheduleJoin(): void {
    if (this.joinTimer !== undefined) return;
    const now = this.opts.clock.now();
    const next = this.leaderSince + (Math.floor((now - this.leaderSince) / HEARTBEAT_MS) + 1) * HEARTBEAT_MS;
    this.joinTimer = this.opts.clock.setTimeout(() => {
      this.joinTimer = undefined;
      const leader = this.leaderNode();
      if (!leader) return;
      for (const n of this.nodes) {
        if (!n.peer.running || n === leader || n.lead === leader.peer.name) continue;
        this.clearElectionTimer(n);
        this.follow(n, leader, 'MsgHeartbeat');
        this.catchUp(n, leader);
      }
    }, next - now);
  }

  /** Check-quorum: a leader that has not heard from a quorum for a whole election timeout steps down. */
  private scheduleStepDown(now: number): void {
    if (this.stepDownTimer !== undefined) return;
    const elapsed = now - this.leaderSince;
    const nextCheck = this.leaderSince + (Math.floor(elapsed / ELECTION_TIMEOUT_MS) + 1) * ELECTION_TIMEOUT_MS;
    // The check right after the loss still sees the member as recently active; the next one fails.
    const at = nextCheck + ELECTION_TIMEOUT_MS;
    this.stepDownTimer = this.opts.clock.setTimeout(() => {
      this.stepDownTimer = undefined;
      const leader = this.leaderNode();
      if (!leader || this.runningCount >= this.quorum) return;
      const t = this.opts.clock.now();
      this.log(leader, `${leader.peer.id} stepped down to follower since quorum is not active`);
      this.becomeFollower(leader, leader.peer.term, undefined);
      this.emit('leader-lost', leader, { leader: leader.peer.name });
      for (const n of this.nodes) {
        if (!n.peer.running) continue;
        if (n !== leader && n.lead !== undefined) {
          n.lastHeard = t;
        }
        this.resetElectionTimer(n, t);
      }
    }, at - now);
  }

  private campaign(c: Node): void {
    if (!c.peer.running || c.role === 'leader') return;
    const now = this.opts.clock.now();
    const id = c.peer.id;
    this.log(c, `${id} is starting a new election at term ${c.peer.term}`);
    // Pre-vote: ask for votes at term+1 without raising our own term.
    const hadLead = c.lead;
    c.role = 'pre-candidate';
    c.lead = undefined;
    this.log(c, `${id} became pre-candidate at term ${c.peer.term}`);
    // raft.node notices the lost leader once this step (vote requests included) is done.
    const pre = this.poll(c, 'MsgPreVote', c.peer.term + 1, now, false, () => {
      if (hadLead !== undefined) this.lostLeader(c, hadLead);
    });
    if (pre === 'won') {
      this.becomeCandidate(c);
      const vote = this.poll(c, 'MsgVote', c.peer.term, now);
      if (vote === 'won') {
        this.becomeLeader(c);
        return;
      }
    }
    if (c.peer.running) this.resetElectionTimer(c, now);
  }

  /** Sends vote requests, collects the answers of running peers in member order. */
  private poll(
    c: Node,
    type: 'MsgPreVote' | 'MsgVote',
    msgTerm: number,
    now: number,
    force = false,
    afterSend?: () => void,
  ): 'won' | 'lost' | 'pending' {
    const id = c.peer.id;
    const resp = `${type}Resp`;
    this.log(c, `${id} received ${resp} from ${id} at term ${c.peer.term}`);
    if (this.quorum === 1) {
      afterSend?.();
      return 'won';
    }
    const peers = this.nodes.filter((n) => n !== c).sort((a, b) => compareIds(a.peer.id, b.peer.id));
    for (const p of peers) {
      this.log(c, `${id} [logterm: ${c.lastTerm}, index: ${c.peer.raftIndex}] sent ${type} request to ${p.peer.id} at term ${c.peer.term}`);
    }
    afterSend?.();
    let granted = 1;
    let rejected = 0;
    for (const p of peers) {
      if (!p.peer.running) continue;
      const answer = this.answerVote(p, c, type, msgTerm, now, force);
      if (answer === 'ignored') continue;
      const grant = answer === 'granted';
      if (!grant && answer.higherTerm > c.peer.term) {
        // A rejection from a later term: catch up on the term and stop campaigning.
        this.log(c, `${id} [term: ${c.peer.term}] received a ${resp} message with higher term from ${p.peer.id} [term: ${answer.higherTerm}]`);
        this.becomeFollower(c, answer.higherTerm, undefined);
        return 'lost';
      }
      if (grant) granted++;
      else rejected++;
      this.log(c, grant ? `${id} received ${resp} from ${p.peer.id} at term ${c.peer.term}` : `${id} received ${resp} rejection from ${p.peer.id} at term ${c.peer.term}`);
      this.log(c, `${id} has received ${granted} ${resp} votes and ${rejected} vote rejections`);
      if (granted >= this.quorum) return 'won';
      if (rejected >= this.quorum) {
        this.becomeFollower(c, c.peer.term, undefined);
        return 'lost';
      }
    }
    return 'pending';
  }

  private answerVote(
    p: Node,
    c: Node,
    type: 'MsgPreVote' | 'MsgVote',
    msgTerm: number,
    now: number,
    force: boolean,
  ): 'granted' | 'ignored' | { higherTerm: number } {
    const pid = p.peer.id;
    const cand = `${c.peer.id} [logterm: ${c.lastTerm}, index: ${c.peer.raftIndex}]`;
    const self = () => `${pid} [logterm: ${p.lastTerm}, index: ${p.peer.raftIndex}, vote: ${p.vote ?? '0'}]`;
    if (msgTerm > p.peer.term) {
      const sinceHeard = now - p.lastHeard;
      if (!force && p.lead !== undefined && sinceHeard < ELECTION_TIMEOUT_MS) {
        const ticks = Math.ceil((ELECTION_TIMEOUT_MS - sinceHeard) / HEARTBEAT_MS);
        this.log(p, `${self()} ignored ${type} from ${cand} at term ${p.peer.term}: lease is not expired (remaining ticks: ${ticks})`);
        return 'ignored';
      }
      if (type === 'MsgVote') {
        this.log(p, `${pid} [term: ${p.peer.term}] received a ${type} message with higher term from ${c.peer.id} [term: ${msgTerm}]`);
        this.becomeFollower(p, msgTerm, undefined);
      }
    } else if (msgTerm < p.peer.term) {
      this.log(p, `${self()} rejected ${type} from ${cand} at term ${p.peer.term}`);
      return { higherTerm: p.peer.term };
    }
    const canVote = p.vote === c.peer.id || (p.vote === undefined && p.lead === undefined) || (type === 'MsgPreVote' && msgTerm > p.peer.term);
    const upToDate = c.lastTerm > p.lastTerm || (c.lastTerm === p.lastTerm && c.peer.raftIndex >= p.peer.raftIndex);
    if (canVote && upToDate) {
      this.log(p, `${self()} cast ${type} for ${cand} at term ${p.peer.term}`);
      if (type === 'MsgVote') {
        p.vote = c.peer.id;
        p.lastHeard = now;
        this.resetElectionTimer(p, now);
      }
      return 'granted';
    }
    this.log(p, `${self()} rejected ${type} from ${cand} at term ${p.peer.term}`);
    return { higherTerm: p.peer.term };
  }

  private becomeCandidate(c: Node): void {
    c.peer.term++;
    c.vote = c.peer.id;
    c.role = 'candidate';
    c.lead = undefined;
    this.log(c, `${c.peer.id} became candidate at term ${c.peer.term}`);
  }

  private becomeLeader(l: Node): void {
    const now = this.opts.clock.now();
    this.clearStepDown();
    l.role = 'leader';
    l.lead = l.peer.name;
    this.leaderSince = now;
    this.clearElectionTimer(l);
    this.log(l, `${l.peer.id} became leader at term ${l.peer.term}`);
    this.log(l, `raft.node: ${l.peer.id} elected leader ${l.peer.id} at term ${l.peer.term}`);
    // The new leader appends an empty entry of its term; followers learn of it by MsgApp.
    l.peer.raftIndex++;
    l.peer.appliedIndex = l.peer.raftIndex;
    l.lastTerm = l.peer.term;
    this.emit('leader-elected', l, { leader: l.peer.name });
    for (const n of this.nodes) {
      if (n === l || !n.peer.running) continue;
      this.clearElectionTimer(n);
      this.follow(n, l, 'MsgApp');
      this.catchUp(n, l);
    }
  }

  /** A node hears from leader `l` (heartbeat or append) and follows it. */
  private follow(n: Node, l: Node, via: 'MsgApp' | 'MsgHeartbeat'): void {
    const prev = n.lead;
    if (l.peer.term > n.peer.term) {
      this.log(n, `${n.peer.id} [term: ${n.peer.term}] received a ${via} message with higher term from ${l.peer.id} [term: ${l.peer.term}]`);
      n.vote = undefined;
      n.peer.term = l.peer.term;
      this.log(n, `${n.peer.id} became follower at term ${n.peer.term}`);
    }
    n.role = 'follower';
    n.lead = l.peer.name;
    n.lastHeard = this.opts.clock.now();
    const prevNode = prev !== undefined ? this.node(prev) : undefined;
    if (prevNode && prev !== l.peer.name) {
      this.log(n, `raft.node: ${n.peer.id} changed leader from ${prevNode.peer.id} to ${l.peer.id} at term ${l.peer.term}`);
    } else if (prev !== l.peer.name) {
      this.log(n, `raft.node: ${n.peer.id} elected leader ${l.peer.id} at term ${l.peer.term}`);
    }
  }

  private catchUp(n: Node, l: Node): void {
    const behind = n.peer.raftIndex < l.peer.raftIndex;
    n.peer.raftIndex = l.peer.raftIndex;
    n.peer.appliedIndex = l.peer.raftIndex;
    n.lastTerm = l.lastTerm;
    if (behind) this.emit('caught-up', n, { leader: l.peer.name });
  }

  private becomeFollower(n: Node, term: number, lead: string | undefined): void {
    const prevLead = n.lead;
    if (term !== n.peer.term) n.vote = undefined;
    n.peer.term = term;
    n.role = 'follower';
    n.lead = lead;
    this.log(n, `${n.peer.id} became follower at term ${term}`);
    if (prevLead !== undefined && lead === undefined) this.lostLeader(n, prevLead);
    // raft's reset(): the election clock starts over, so a follower left without a leader campaigns.
    if (n.peer.running && lead === undefined) this.resetElectionTimer(n, this.opts.clock.now());
  }

  private lostLeader(n: Node, leadName: string): void {
    const lead = this.node(leadName);
    this.log(n, `raft.node: ${n.peer.id} lost leader ${lead?.peer.id ?? '0'} at term ${n.peer.term}`);
  }

  private log(n: Node, message: string): void {
    this.opts.log(n.peer.name, message);
  }

  private emit(type: RaftEventType, n: Node, extra: { leader?: string }): void {
    this.opts.event({ type, member: n.peer.name, term: n.peer.term, at: this.opts.clock.now(), ...extra });
  }
}

/** Orders member IDs as the uint64 values they print (raft sorts voters numerically). */
export function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
