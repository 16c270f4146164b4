import { describe, expect, it } from 'vitest';
import { SchedulingQueue, backoffDuration } from '../../src/core/scheduler/queue.js';
import { Framework } from '../../src/core/scheduler/framework.js';
import { SchedulerCache } from '../../src/core/scheduler/cache.js';
import { TraceStore } from '../../src/core/scheduler/trace.js';
import { KlogBuffer } from '../../src/core/scheduler/klog.js';
import { SeededRandom } from '../../src/core/random.js';
import { nodeResourcesFitFilter, nodeResourcesFitScore } from '../../src/core/scheduler/plugins/node-resources-fit.js';
import { taintTolerationFilter, taintTolerationScore } from '../../src/core/scheduler/plugins/taint-toleration.js';
import { balancedAllocation } from '../../src/core/scheduler/plugins/balanced-allocation.js';
import { SIM_EPOCH } from '../../src/core/clock.js';
import { makeNode, makePod, podInfo } from './scheduler-helpers.js';

describe('SchedulingQueue', () => {
  it('pops by priority, then in arrival order', () => {
    let now = 1000;
    const q = new SchedulingQueue(() => now);
    q.add(podInfo(makePod('low-1')));
    now++;
    q.add(podInfo(makePod('high', { priority: 1000 })));
    now++;
    q.add(podInfo(makePod('low-2')));
    expect([q.pop()!.info.name, q.pop()!.info.name, q.pop()!.info.name]).toEqual(['high', 'low-1', 'low-2']);
    expect(q.pop()).toBeUndefined();
  });

  it('back-off doubles from 1 s to a 10 s cap per attempt', () => {
    expect([1, 2, 3, 4, 5, 6].map(backoffDuration)).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('unschedulable pods move only on events their plugins care about, via backoffQ while backing off', () => {
    let now = 100_000;
    const q = new SchedulingQueue(() => now);
    q.add(podInfo(makePod('fit')));
    q.add(podInfo(makePod('taint')));
    const a = q.pop()!;
    const b = q.pop()!;
    q.addUnschedulable(a, ['NodeResourcesFit']);
    q.addUnschedulable(b, ['TaintToleration']);
    expect(q.stats()).toEqual({ active: 0, backoff: 0, unschedulable: 2, inFlight: 0 });
    expect(q.moveForEvent(new Set(['InterPodAffinity']))).toBe(0);
    expect(q.moveForEvent(new Set(['NodeResourcesFit']))).toBe(1);
    // Still within its 1 s back-off: backoffQ, then activeQ once it expires.
    expect(q.stats()).toEqual({ active: 0, backoff: 1, unschedulable: 1, inFlight: 0 });
    now += 999;
    q.flushBackoff();
    expect(q.stats().backoff).toBe(1);
    now += 1;
    q.flushBackoff();
    expect(q.stats()).toEqual({ active: 1, backoff: 0, unschedulable: 1, inFlight: 0 });
    expect(q.pop()!.info.name).toBe('fit');
    // After 5 minutes the other one is retried regardless.
    now += 5 * 60_000;
    q.flushUnschedulableLeftover();
    expect(q.pop()!.info.name).toBe('taint');
  });

  it('a spec change moves an unschedulable pod; a status-only change does not', () => {
    const now = 100_000;
    const q = new SchedulingQueue(() => now);
    q.add(podInfo(makePod('p')));
    const a = q.pop()!;
    q.addUnschedulable(a, ['NodeAffinity']);
    q.update(podInfo(makePod('p')), false);
    expect(q.stats().unschedulable).toBe(1);
    q.update(podInfo(makePod('p', { spec: { nodeSelector: { x: 'y' } } })), true);
    expect(q.stats().unschedulable).toBe(0);
    q.delete('default/p');
    expect(q.stats()).toEqual({ active: 0, backoff: 0, unschedulable: 0, inFlight: 0 });
  });
});

describe('Framework', () => {
  function framework(cache: SchedulerCache, seed = 1): Framework {
    return new Framework([taintTolerationFilter, nodeResourcesFitFilter], [taintTolerationScore, nodeResourcesFitScore, balancedAllocation], new SeededRandom(seed), () => cache.nodes());
  }

  it('stops searching once enough feasible nodes are found and rotates the start node', () => {
    const cache = new SchedulerCache();
    for (let i = 0; i < 250; i++) cache.setNode(makeNode(`n${String(i).padStart(3, '0')}`));
    const fw = framework(cache);
    const r1 = fw.schedule(podInfo(makePod('a')));
    // 250 nodes: max(5, 50 - 250/125 = 48)% = 120 nodes are enough.
    expect([r1.evaluatedNodes, r1.feasibleNodes]).toEqual([120, 120]);
    expect(r1.record.start).toBe(0);
    const r2 = fw.schedule(podInfo(makePod('b')));
    expect(r2.record.start).toBe(120);
    const r3 = fw.schedule(podInfo(makePod('c')));
    expect(r3.record.start).toBe(240);
    // The trace keeps every examined node's verdicts but only the best 100 nodes' scores.
    const store = new TraceStore();
    store.record({ pod: 'default/c', attempt: 1, timeMs: SIM_EPOCH, result: 'Scheduled', node: r3.host, totalNodes: 250, evaluatedNodes: r3.evaluatedNodes, feasibleNodes: r3.feasibleNodes, record: r3.record });
    const tr = store.get('default/c')!;
    expect(tr.nodes).toHaveLength(120);
    expect(tr.nodes[0]!.node).toBe('n240');
    expect(tr.nodes.filter((n) => n.scores).length).toBe(100);
    const chosen = tr.nodes.find((n) => n.selected)!;
    expect(chosen.node).toBe(r3.host);
    expect(chosen.total).toBe(Math.max(...tr.nodes.map((n) => n.total ?? -1)));
    expect(chosen.filters.map((f) => f.result)).toEqual(['Passed', 'Passed']);
  });

  it('fails with every node examined and counts reasons; same seed, same choices', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('small', { cpu: '1' }));
    cache.setNode(makeNode('tainted', { taints: [{ key: 'k', value: 'v', effect: 'NoExecute' }] }));
    const res = framework(cache).schedule(podInfo(makePod('big', { cpu: '2' })));
    expect(res.host).toBeUndefined();
    expect(res.fitError!.nodeStatuses.map((n) => [n.node, n.status.reasons])).toEqual([
      ['small', ['Insufficient cpu']],
      ['tainted', ['node(s) had untolerated taint {k: v}']],
    ]);
    expect([...res.fitError!.unschedulablePlugins].sort()).toEqual(['NodeResourcesFit', 'TaintToleration']);

    const pick = (seed: number) => {
      const c = new SchedulerCache();
      for (let i = 0; i < 10; i++) c.setNode(makeNode(`n${i}`));
      const fw = framework(c, seed);
      return Array.from({ length: 5 }, (_, i) => fw.schedule(podInfo(makePod(`p${i}`))).host);
    };
    expect(pick(42)).toEqual(pick(42));
  });
});

describe('klog', () => {
  it('formats lines like kube-scheduler', () => {
    const log = new KlogBuffer(() => SIM_EPOCH + 5123, 1, 3);
    log.log('I', 'schedule_one.go:1055', 'Unable to schedule pod; no fit; waiting', [
      ['pod', 'web/api-0'],
      ['err', '0/1 nodes are available: 1 Insufficient cpu.'],
    ]);
    log.logf('I', 'leaderelection.go:271', 'successfully acquired lease kube-system/kube-scheduler');
    expect(log.all()).toEqual([
      'I1124 09:00:05.123000       1 schedule_one.go:1055] "Unable to schedule pod; no fit; waiting" pod="web/api-0" err="0/1 nodes are available: 1 Insufficient cpu."',
      'I1124 09:00:05.123001       1 leaderelection.go:271] successfully acquired lease kube-system/kube-scheduler',
    ]);
    for (let i = 0; i < 3; i++) log.logf('E', 'x.go:1', `line ${i}`);
    expect(log.all().map((l) => l.slice(-6))).toEqual(['line 0', 'line 1', 'line 2']);
  });
});
