import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../../src/core/api/types.js';
import { isolatedCluster, makePod } from './scheduler-helpers.js';

function events(cluster: ReturnType<typeof isolatedCluster>['cluster'], pod: string): Event[] {
  return (cluster.admin.list<Event>('events', 'default').items as Event[]).filter((e) => e.involvedObject.name === pod);
}

describe('scheduler in a cluster', () => {
  it('schedules pods created with the admin client, with a Scheduled event and PodScheduled=True', () => {
    const { cluster, scheduler } = isolatedCluster();
    for (let i = 0; i < 6; i++) cluster.admin.create(makePod(`web-${i}`, { cpu: '500m', memory: '256Mi' }));
    cluster.advance(100);
    const pods = cluster.admin.list<Pod>('pods', 'default').items as Pod[];
    expect(pods).toHaveLength(6);
    for (const p of pods) {
      expect(p.spec.nodeName).toMatch(/^worker-[123]$/);
      expect(p.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
      const ev = events(cluster, p.metadata.name);
      expect(ev.map((e) => [e.type, e.reason, e.message, e.source?.component])).toEqual([
        ['Normal', 'Scheduled', `Successfully assigned default/${p.metadata.name} to ${p.spec.nodeName}`, 'default-scheduler'],
      ]);
    }
    // Resources are spread by LeastAllocated: no worker gets all six.
    const perNode = new Map<string, number>();
    for (const p of pods) perNode.set(p.spec.nodeName!, (perNode.get(p.spec.nodeName!) ?? 0) + 1);
    expect(Math.max(...perNode.values())).toBeLessThanOrEqual(3);
    expect(scheduler.queueStats()).toEqual({ active: 0, backoff: 0, unschedulable: 0, inFlight: 0 });
    expect(scheduler.logs().some((l) => / schedule_one\.go:314\] "Successfully bound pod to node" pod="default\/web-0" node="worker-\d" evaluatedNodes=4 feasibleNodes=3$/.test(l))).toBe(true);
    const tr = scheduler.trace('default', 'web-0')!;
    expect(tr.result).toBe('Scheduled');
    expect(tr.nodes).toHaveLength(4);
    const master = tr.nodes.find((n) => n.node === 'master-0')!;
    expect(master.filters.find((f) => f.plugin === 'TaintToleration')).toEqual({
      plugin: 'TaintToleration',
      result: 'Rejected',
      code: 'UnschedulableAndUnresolvable',
      reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    });
    const chosen = tr.nodes.find((n) => n.selected)!;
    expect(chosen.node).toBe(tr.node);
    expect(chosen.scores!.map((s) => s.plugin)).toEqual([
      'TaintToleration',
      'NodeAffinity',
      'NodeResourcesFit',
      'VolumeBinding',
      'PodTopologySpread',
      'InterPodAffinity',
      'NodeResourcesBalancedAllocation',
      'ImageLocality',
    ]);
    expect(chosen.scores![0]).toMatchObject({ weight: 3, normalized: 100, weighted: 300 });
  });

  it('reports an untolerated taint and insufficient cpu with the real aggregated message', () => {
    const { cluster, scheduler } = isolatedCluster();
    cluster.admin.create(makePod('big', { cpu: '5' }));
    cluster.advance(100);
    const msg =
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.';
    const ev = events(cluster, 'big');
    expect(ev.map((e) => [e.type, e.reason, e.message, e.source?.component, e.count])).toEqual([['Warning', 'FailedScheduling', msg, 'default-scheduler', 1]]);
    const pod = cluster.admin.get<Pod>('pods', 'default', 'big');
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    expect(scheduler.queueStats().unschedulable).toBe(1);
    const tr = scheduler.trace('default', 'big')!;
    expect([tr.result, tr.message, tr.evaluatedNodes, tr.feasibleNodes]).toEqual(['Unschedulable', msg, 4, 0]);
    expect(tr.nodes.map((n) => [n.node, n.filters.filter((f) => f.result === 'Rejected').map((f) => `${f.plugin}: ${f.reasons!.join(', ')}`)])).toEqual([
      ['master-0', ['TaintToleration: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']],
      ['worker-1', ['NodeResourcesFit: Insufficient cpu']],
      ['worker-2', ['NodeResourcesFit: Insufficient cpu']],
      ['worker-3', ['NodeResourcesFit: Insufficient cpu']],
    ]);
    expect(tr.nodes[0]!.filters.map((f) => f.result)).toEqual(['Passed', 'Passed', 'Rejected', 'Skipped', 'Skipped', 'NotRun', 'Skipped', 'Skipped', 'Skipped']);
    expect(scheduler.logs().at(-1)).toMatch(/^I1124 09:00:00\.\d{6}       1 schedule_one\.go:1055\] "Unable to schedule pod; no fit; waiting" pod="default\/big" err="0\/4 nodes are available: /);
    // Retried after 5 minutes regardless: the event aggregates (count 2).
    cluster.advance(5 * 60_000 + 30_000);
    expect(events(cluster, 'big').map((e) => e.count)).toEqual([2]);
  });

  it('an untolerated taint alone gives the exact FailedScheduling message', () => {
    const { cluster } = isolatedCluster({ workers: [{ name: 'worker-1', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }] });
    cluster.admin.create(makePod('plain'));
    cluster.advance(100);
    expect(events(cluster, 'plain').map((e) => e.message)).toEqual([
      '0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    ]);
  });

  it('retries when a node is uncordoned, and the next pod sees resources already taken', () => {
    const { cluster } = isolatedCluster({ workers: [{ name: 'worker-1' }] });
    const w = cluster.admin.get('nodes', undefined, 'worker-1');
    cluster.admin.update({ ...w, spec: { ...w.spec, unschedulable: true } });
    cluster.advance(10);
    cluster.admin.create(makePod('a', { cpu: '3' }));
    cluster.admin.create(makePod('b', { cpu: '3' }));
    cluster.advance(100);
    expect(events(cluster, 'a').map((e) => e.message)[0]).toBe(
      '0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
    const w2 = cluster.admin.get('nodes', undefined, 'worker-1');
    cluster.admin.update({ ...w2, spec: { ...w2.spec, unschedulable: false } });
    cluster.advance(20_000);
    const a = cluster.admin.get<Pod>('pods', 'default', 'a');
    const b = cluster.admin.get<Pod>('pods', 'default', 'b');
    const placed = [a, b].filter((p) => p.spec.nodeName === 'worker-1');
    expect(placed).toHaveLength(1);
    const other = [a, b].find((p) => !p.spec.nodeName)!;
    expect(events(cluster, other.metadata.name).at(-1)!.message).toBe(
      '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    );
    // Deleting the placed pod frees the cpu: the other one is scheduled.
    cluster.admin.delete('pods', 'default', placed[0]!.metadata.name, { gracePeriodSeconds: 0 });
    cluster.advance(20_000);
    expect(cluster.admin.get<Pod>('pods', 'default', other.metadata.name).spec.nodeName).toBe('worker-1');
  });

  it('stop() leaves pods Pending with no events; start() schedules them', () => {
    const { cluster, scheduler } = isolatedCluster();
    scheduler.stop();
    cluster.admin.create(makePod('waiting'));
    cluster.advance(60_000);
    expect(cluster.admin.get<Pod>('pods', 'default', 'waiting').spec.nodeName).toBeUndefined();
    expect(events(cluster, 'waiting')).toEqual([]);
    expect(cluster.admin.get<Pod>('pods', 'default', 'waiting').status?.conditions ?? []).toEqual([]);
    scheduler.start();
    cluster.advance(100);
    expect(cluster.admin.get<Pod>('pods', 'default', 'waiting').spec.nodeName).toMatch(/^worker-/);
  });

  it('is deterministic: the same seed places the same pods on the same nodes', () => {
    const run = (): string[] => {
      const { cluster } = isolatedCluster({ seed: 11 });
      for (let i = 0; i < 12; i++) cluster.admin.create(makePod(`p-${i}`));
      cluster.advance(100);
      return (cluster.admin.list<Pod>('pods', 'default').items as Pod[]).map((p) => `${p.metadata.name}=${p.spec.nodeName}`).sort();
    };
    const a = run();
    expect(a).toHaveLength(12);
    expect(run()).toEqual(a);
  });

  it('ignores pods for another scheduler', () => {
    const { cluster } = isolatedCluster();
    cluster.admin.create(makePod('other', { spec: { schedulerName: 'my-scheduler' } }));
    cluster.advance(1000);
    expect(cluster.admin.get<Pod>('pods', 'default', 'other').spec.nodeName).toBeUndefined();
    expect(events(cluster, 'other')).toEqual([]);
  });
});
