import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { SeededRandom } from '../../src/core/random.js';
import { EtcdCluster, ERR_NO_LEADER, ERR_TIMEOUT, formatEtcdLog, type EtcdLogLine } from '../../src/core/etcd/cluster.js';
import { EtcdError } from '../../src/core/etcd/mvcc.js';
import type { RaftEvent } from '../../src/core/etcd/raft.js';

const SPECS = [
  { name: 'master-0', ip: '10.0.0.3' },
  { name: 'master-1', ip: '10.0.0.4' },
  { name: 'master-2', ip: '10.0.0.5' },
];

function setup(seed = 1, opts: { members?: typeof SPECS; initialLeader?: string } = {}) {
  const clock = new VirtualClock();
  const etcd = new EtcdCluster({ clock, random: new SeededRandom(seed), members: opts.members ?? SPECS, initialLeader: opts.initialLeader });
  const logs: EtcdLogLine[] = [];
  const events: RaftEvent[] = [];
  etcd.onLog((l) => logs.push(l));
  etcd.onEvent((e) => events.push(e));
  return { clock, etcd, logs, events };
}

function errorOf(fn: () => unknown): EtcdError | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof EtcdError) return e;
    throw e;
  }
  return undefined;
}

describe('raft group: steady state', () => {
  it('starts with one leader at term 2, quorum floor(n/2)+1, and no timers on the clock', () => {
    const { clock, etcd } = setup();
    expect(etcd.leader()).toBeDefined();
    expect(etcd.term).toBe(2);
    expect(etcd.quorum).toBe(2);
    expect(clock.pendingTasks()).toBe(0);
    // Heartbeats are implicit: an hour of quiet time schedules nothing.
    clock.advance(3_600_000);
    expect(clock.pendingTasks()).toBe(0);
    expect(etcd.leader()).toBeDefined();
    expect(setup(1, { members: [...SPECS, { name: 'master-3', ip: '10.0.0.6' }, { name: 'master-4', ip: '10.0.0.7' }] }).etcd.quorum).toBe(3);
  });

  it('replicates every committed write to the raft index of running members', () => {
    const { etcd } = setup();
    const before = etcd.members.map((m) => m.raftIndex);
    etcd.put('/a', 1, 1);
    etcd.put('/b', 1, 1);
    etcd.members.forEach((m, i) => {
      expect(m.raftIndex).toBe(before[i]! + 2);
      expect(m.appliedIndex).toBe(m.raftIndex);
    });
  });

  it('member IDs print like Go %x (no leading zeros) and are deterministic per seed', () => {
    const a = setup(5).etcd.members.map((m) => m.id);
    const b = setup(5).etcd.members.map((m) => m.id);
    expect(a).toEqual(b);
    for (const id of a) expect(id).toMatch(/^[1-9a-f][0-9a-f]{0,15}$/);
  });
});

describe('raft group: losing the leader', () => {
  it('elects a new leader at term+1 among running members within the election timeout', () => {
    const { clock, etcd, logs, events } = setup(3, { initialLeader: 'master-0' });
    clock.advance(250);
    const t0 = clock.now();
    etcd.stopMember('master-0');
    // Followers still believe in the old leader: proposals time out rather than fail fast.
    expect(errorOf(() => etcd.put('/k', 1, 1))?.message).toBe(ERR_TIMEOUT);
    expect(etcd.leader()).toBeUndefined();
    clock.advance(999 - 50);
    expect(etcd.leader()).toBeUndefined();
    clock.advance(1100);
    const leader = etcd.leader();
    expect(leader).toBeDefined();
    expect(leader!.name).not.toBe('master-0');
    expect(etcd.term).toBe(3);
    const elected = events.find((e) => e.type === 'leader-elected')!;
    // Last heartbeat at 200 ms; the election fires 1000-1999 ms after it.
    expect(elected.at - (t0 - 50)).toBeGreaterThanOrEqual(1000);
    expect(elected.at - (t0 - 50)).toBeLessThan(2000);
    expect(elected).toMatchObject({ leader: leader!.name, term: 3 });
    expect(() => etcd.put('/k', 1, 1)).not.toThrow();
    expect(clock.pendingTasks()).toBe(0);

    const id = leader!.id;
    const msgs = logs.filter((l) => l.member === leader!.name).map((l) => l.message);
    expect(msgs).toContain(`${id} is starting a new election at term 2`);
    expect(msgs).toContain(`${id} became pre-candidate at term 2`);
    expect(msgs).toContain(`${id} became candidate at term 3`);
    expect(msgs).toContain(`${id} became leader at term 3`);
    expect(msgs).toContain(`raft.node: ${id} elected leader ${id} at term 3`);
    expect(msgs.indexOf(`${id} became pre-candidate at term 2`)).toBeLessThan(msgs.indexOf(`${id} became candidate at term 3`));
    const other = etcd.members.find((m) => m.running && m.name !== leader!.name)!;
    const otherMsgs = logs.filter((l) => l.member === other.name).map((l) => l.message);
    expect(otherMsgs).toContain(`raft.node: ${other.id} elected leader ${id} at term 3`);
    expect(otherMsgs.some((m) => m.startsWith(`${other.id} [logterm: 2, index: `) && m.includes(`cast MsgVote for ${id} [logterm: 2, index: `))).toBe(true);
    expect(logs.every((l) => l.logger === 'raft' || !l.message.includes('term'))).toBe(true);
  });

  it('writes the whole election log in etcd/raft order, identical for the same seed', () => {
    const run = () => {
      const { clock, etcd, logs } = setup(11, { initialLeader: 'master-1' });
      etcd.stopMember('master-1');
      clock.advance(3000);
      return logs.map((l) => `${l.at} ${l.member} ${l.message}`);
    };
    const a = run();
    expect(run()).toEqual(a);
    const raftLines = a.map((l) => l.split(' ').slice(2).join(' '));
    const i = raftLines.findIndex((l) => l.includes('is starting a new election'));
    expect(raftLines[i + 1]).toMatch(/ became pre-candidate at term 2$/);
    expect(raftLines[i + 2]).toMatch(/^(\w+) received MsgPreVoteResp from \1 at term 2$/);
    expect(raftLines[i + 3]).toMatch(/^\w+ \[logterm: 2, index: \d+\] sent MsgPreVote request to \w+ at term 2$/);
    expect(raftLines[i + 4]).toMatch(/^\w+ \[logterm: 2, index: \d+\] sent MsgPreVote request to \w+ at term 2$/);
    expect(raftLines[i + 5]).toMatch(/^raft\.node: \w+ lost leader \w+ at term 2$/);
  });

  it('loses quorum: no leader, writes and reads fail, and a minority never elects', () => {
    const { clock, etcd } = setup(4, { initialLeader: 'master-0' });
    etcd.stopMember('master-1');
    expect(() => etcd.put('/ok', 1, 1)).not.toThrow();
    etcd.stopMember('master-2');
    // Leader still in office but cannot commit: proposals time out.
    expect(etcd.leader()?.name).toBe('master-0');
    expect(errorOf(() => etcd.put('/k', 1, 1))?.message).toBe(ERR_TIMEOUT);
    expect(errorOf(() => etcd.range('/', { prefix: true }))?.message).toBe(ERR_TIMEOUT);
    // Check-quorum makes it step down within two election timeouts.
    clock.advance(2000);
    expect(etcd.leader()).toBeUndefined();
    expect(etcd.roleOf('master-0')).not.toBe('leader');
    expect(errorOf(() => etcd.put('/k', 1, 1))).toMatchObject({ message: ERR_NO_LEADER, code: 'no-leader' });
    expect(errorOf(() => etcd.get('/ok'))?.message).toBe(ERR_NO_LEADER);
    clock.advance(60_000);
    expect(etcd.leader()).toBeUndefined();
    expect(etcd.term).toBe(2); // pre-vote keeps a lonely member from inflating the term
    expect(clock.pendingTasks()).toBeLessThanOrEqual(1);
    expect(etcd.isHealthy('master-0')).toBe(false);
  });

  it('a restarted member rejoins as follower and catches up the raft index', () => {
    const { clock, etcd, logs } = setup(8, { initialLeader: 'master-0' });
    etcd.stopMember('master-2');
    for (let i = 0; i < 5; i++) etcd.put(`/k${i}`, i, 1);
    const m2 = etcd.member('master-2')!;
    const leader = etcd.leader()!;
    expect(m2.raftIndex).toBe(leader.raftIndex - 5);
    expect(etcd.isHealthy('master-2')).toBe(false);
    etcd.startMember('master-2');
    expect(etcd.roleOf('master-2')).toBe('follower');
    clock.advance(100);
    expect(m2.raftIndex).toBe(leader.raftIndex);
    expect(m2.appliedIndex).toBe(leader.raftIndex);
    expect(etcd.leader()!.name).toBe('master-0');
    expect(etcd.isHealthy('master-2')).toBe(true);
    expect(clock.pendingTasks()).toBe(0);
    const msgs = logs.filter((l) => l.member === 'master-2').map((l) => l.message);
    expect(msgs).toContain(`${m2.id} became follower at term 2`);
    expect(msgs).toContain(`raft.node: ${m2.id} elected leader ${leader.id} at term 2`);
  });

  it('a restarted old leader with a lower term follows the new leader at the higher term', () => {
    const { clock, etcd, logs } = setup(9, { initialLeader: 'master-0' });
    etcd.stopMember('master-0');
    clock.advance(2500);
    const leader = etcd.leader()!;
    etcd.put('/after', 1, 1);
    etcd.startMember('master-0');
    clock.advance(200);
    const m0 = etcd.member('master-0')!;
    expect(m0.term).toBe(3);
    expect(m0.raftIndex).toBe(leader.raftIndex);
    expect(logs.map((l) => l.message)).toContain(`${m0.id} [term: 2] received a MsgHeartbeat message with higher term from ${leader.id} [term: 3]`);
  });

  it('regaining quorum after losing it elects a leader again', () => {
    const { clock, etcd, events } = setup(12, { initialLeader: 'master-0' });
    etcd.stopMember('master-0');
    etcd.stopMember('master-1');
    clock.advance(10_000);
    expect(etcd.leader()).toBeUndefined();
    etcd.startMember('master-1');
    clock.advance(2000);
    expect(etcd.leader()).toBeDefined();
    expect(etcd.term).toBe(3);
    expect(events.filter((e) => e.type === 'leader-elected')).toHaveLength(1);
    expect(events.map((e) => e.type)).toContain('member-started');
  });

  it('bumps version on state changes and formats zap JSON log lines', () => {
    const { clock, etcd, logs } = setup(2, { initialLeader: 'master-0' });
    const v = etcd.version;
    etcd.stopMember('master-1');
    expect(etcd.version).toBeGreaterThan(v);
    etcd.stopMember('master-0');
    clock.advance(5000);
    const line = logs.find((l) => l.message.includes('became pre-candidate'))!;
    expect(formatEtcdLog(line)).toBe(
      `{"level":"info","ts":"${new Date(line.at).toISOString().replace('Z', '000Z')}","logger":"raft","caller":"etcdserver/zap_raft.go:77","msg":"${line.message}"}`,
    );
  });

  it('moveLeader hands leadership over at term+1 without pre-vote', () => {
    const { clock, etcd, logs } = setup(13, { initialLeader: 'master-0' });
    const from = etcd.member('master-0')!;
    const to = etcd.member('master-2')!;
    etcd.moveLeader('master-2');
    expect(etcd.leader()!.name).toBe('master-2');
    expect(etcd.term).toBe(3);
    expect(etcd.roleOf('master-0')).toBe('follower');
    const msgs = logs.map((l) => l.message);
    expect(msgs).toContain(`${from.id} [term 2] starts to transfer leadership to ${to.id}`);
    expect(msgs).toContain(`${to.id} [term 2] received MsgTimeoutNow from ${from.id} and starts an election to get leadership.`);
    expect(msgs.some((m) => m.includes('pre-candidate'))).toBe(false);
    // The old leader's vote was not needed; it learns of the new leader from its first MsgApp.
    expect(msgs).toContain(`${from.id} [term: 2] received a MsgApp message with higher term from ${to.id} [term: 3]`);
    expect(msgs).toContain(`raft.node: ${from.id} changed leader from ${from.id} to ${to.id} at term 3`);
    expect(clock.pendingTasks()).toBe(0);
    etcd.stopMember('master-1');
    expect(() => etcd.moveLeader('master-1')).toThrow('etcdserver: request timed out, leader transfer took too long');
  });
});

describe('raft group: random fault sequences', () => {
  it('never has two leaders, commits whenever a leader has quorum, and always heals once every member runs', () => {
    const five = [...SPECS, { name: 'master-3', ip: '10.0.0.6' }, { name: 'master-4', ip: '10.0.0.7' }];
    for (let seed = 1; seed <= 40; seed++) {
      const members = seed % 2 ? SPECS : five;
      const { clock, etcd } = setup(seed, { members });
      const dice = new SeededRandom(seed * 7919);
      for (let step = 0; step < 60; step++) {
        const m = dice.pick(etcd.members);
        const roll = dice.int(10);
        if (roll < 2) etcd.stopMember(m.name);
        else if (roll < 5) etcd.startMember(m.name);
        else if (roll < 7) {
          const target = dice.pick(etcd.members);
          try {
            etcd.moveLeader(target.name);
          } catch {
            // refused transfers are fine
          }
        } else clock.advance(dice.int(3000));
        const leaders = etcd.members.filter((x) => etcd.roleOf(x.name) === 'leader');
        expect(leaders.length).toBeLessThanOrEqual(1);
        const running = etcd.members.filter((x) => x.running).length;
        if (leaders.length === 1 && running >= etcd.quorum) {
          expect(() => etcd.put(`/s${seed}/${step}`, step, 1)).not.toThrow();
        }
        if (running < etcd.quorum) expect(() => etcd.put('/never', 1, 1)).toThrow(EtcdError);
      }
      for (const m of etcd.members) etcd.startMember(m.name);
      clock.advance(10_000);
      const leader = etcd.leader();
      expect(leader, `seed ${seed}`).toBeDefined();
      for (const m of etcd.members) {
        expect(m.term, `seed ${seed} ${m.name}`).toBe(leader!.term);
        expect(m.raftIndex, `seed ${seed} ${m.name}`).toBe(leader!.raftIndex);
      }
      expect(clock.pendingTasks(), `seed ${seed}`).toBe(0);
      expect(() => etcd.put('/healed', 1, 1)).not.toThrow();
    }
  });
});
