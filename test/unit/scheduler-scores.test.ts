import { describe, expect, it } from 'vitest';
import { CycleState, defaultNormalizeScore, type ScorePlugin } from '../../src/core/scheduler/types.js';
import { taintTolerationScore } from '../../src/core/scheduler/plugins/taint-toleration.js';
import { nodeAffinityScore } from '../../src/core/scheduler/plugins/node-affinity.js';
import { leastRequestedScore, nodeResourcesFitScore } from '../../src/core/scheduler/plugins/node-resources-fit.js';
import { balancedAllocation, balancedScore } from '../../src/core/scheduler/plugins/balanced-allocation.js';
import { imageLocality, imageLocalityPriority } from '../../src/core/scheduler/plugins/image-locality.js';
import { SchedulerCache } from '../../src/core/scheduler/cache.js';
import { numFeasibleNodesToFind, fitErrorMessage, preemptionMessage } from '../../src/core/scheduler/framework.js';
import { Code, status } from '../../src/core/scheduler/types.js';
import type { Pod } from '../../src/core/api/types.js';
import type { NodeInfo } from '../../src/core/scheduler/nodeinfo.js';
import { makeNode, makePod, nodeInfo, podInfo } from './scheduler-helpers.js';

function scores(plugin: ScorePlugin, pod: Pod, nodes: NodeInfo[]): { raw: number[]; normalized: number[] } {
  const state = new CycleState();
  const info = podInfo(pod);
  if (plugin.preScore && !plugin.preScore(state, info, nodes)) return { raw: [], normalized: [] };
  const raw = nodes.map((n) => plugin.score(state, info, n));
  const normalized = raw.slice();
  plugin.normalize?.(state, info, normalized);
  return { raw, normalized };
}

describe('score plugins', () => {
  it('TaintToleration counts untolerated PreferNoSchedule taints, normalised in reverse', () => {
    const nodes = [
      nodeInfo(makeNode('a')),
      nodeInfo(makeNode('b', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] })),
      nodeInfo(makeNode('c', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }, { key: 'y', effect: 'PreferNoSchedule' }] })),
    ];
    expect(scores(taintTolerationScore, makePod('p'), nodes)).toEqual({ raw: [0, 1, 2], normalized: [100, 50, 0] });
    const tolerant = makePod('p', { spec: { tolerations: [{ key: 'x', operator: 'Exists', effect: 'PreferNoSchedule' }] } });
    expect(scores(taintTolerationScore, tolerant, nodes).normalized).toEqual([100, 100, 0]);
    expect(scores(taintTolerationScore, makePod('p'), [nodes[0]!]).normalized).toEqual([100]);
  });

  it('NodeAffinity sums preferred weights, normalised to the best node', () => {
    const pod = makePod('p', {
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 80, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
              { weight: 20, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
            ],
          },
        },
      },
    });
    const nodes = [nodeInfo(makeNode('a', { labels: { disk: 'ssd', zone: 'a' } })), nodeInfo(makeNode('b', { labels: { disk: 'ssd' } })), nodeInfo(makeNode('c', { labels: { zone: 'a' } }))];
    expect(scores(nodeAffinityScore, pod, nodes)).toEqual({ raw: [100, 80, 20], normalized: [100, 80, 20] });
    expect(scores(nodeAffinityScore, makePod('q'), nodes).raw).toEqual([]);
  });

  it('NodeResourcesFit LeastAllocated uses non-zero requests (100m / 200Mi defaults)', () => {
    expect(leastRequestedScore(1000, 4000)).toBe(75);
    expect(leastRequestedScore(5000, 4000)).toBe(0);
    const empty = nodeInfo(makeNode('a', { cpu: '4', memory: '16Gi' }));
    const busy = nodeInfo(makeNode('b', { cpu: '4', memory: '16Gi' }), [makePod('x', { cpu: '2', memory: '8Gi', nodeName: 'b' })]);
    // (4000-1000)/4000 -> 75; (16Gi-4Gi)/16Gi -> 75
    expect(scores(nodeResourcesFitScore, makePod('p', { cpu: '1', memory: '4Gi' }), [empty, busy]).raw).toEqual([75, 25]);
    // No requests: 100m and 200Mi count: cpu 97, memory 98 -> 97
    expect(scores(nodeResourcesFitScore, makePod('p'), [empty]).raw).toEqual([97]);
  });

  it('BalancedAllocation prefers equal cpu and memory fractions', () => {
    expect(balancedScore([0.5, 0.5])).toBe(100);
    expect(balancedScore([0.75, 0.25])).toBe(75);
    const node = nodeInfo(makeNode('a', { cpu: '4', memory: '16Gi' }));
    expect(scores(balancedAllocation, makePod('p', { cpu: '2', memory: '8Gi' }), [node]).raw).toEqual([100]);
    expect(scores(balancedAllocation, makePod('p', { cpu: '3', memory: '4Gi' }), [node]).raw).toEqual([75]);
  });

  it('ImageLocality scales image size by spread and clamps at 23 MB .. 1000 MB per container', () => {
    const MB = 1024 * 1024;
    expect(imageLocalityPriority(10 * MB, 1)).toBe(0);
    expect(imageLocalityPriority(2000 * MB, 1)).toBe(100);
    const cache = new SchedulerCache();
    cache.setNode(makeNode('a', { images: [{ names: ['docker.io/library/big@sha256:1', 'big:1.0'], sizeBytes: 500 * MB }] }));
    cache.setNode(makeNode('b'));
    const plugin = imageLocality(cache);
    const [a, b] = cache.nodes();
    // 500 MB * (1 of 2 nodes) = 250 MB -> (250-23)*100/(1000-23) = 23
    expect(scores(plugin, makePod('p', { image: 'big:1.0' }), [a!, b!]).raw).toEqual([23, 0]);
    expect(scores(plugin, makePod('p', { image: 'other' }), [a!]).raw).toEqual([0]);
  });

  it('defaultNormalizeScore', () => {
    const s = [0, 5, 10];
    defaultNormalizeScore(s, false);
    expect(s).toEqual([0, 50, 100]);
    const z = [0, 0];
    defaultNormalizeScore(z, false);
    expect(z).toEqual([0, 0]);
  });
});

describe('framework helpers', () => {
  it('numFeasibleNodesToFind: all below 100 nodes, adaptive percentage above, at least 100', () => {
    expect(numFeasibleNodesToFind(4)).toBe(4);
    expect(numFeasibleNodesToFind(99)).toBe(99);
    expect(numFeasibleNodesToFind(100)).toBe(100);
    expect(numFeasibleNodesToFind(1000)).toBe(420);
    expect(numFeasibleNodesToFind(5000)).toBe(500);
    expect(numFeasibleNodesToFind(6000)).toBe(300);
    expect(numFeasibleNodesToFind(150)).toBe(100);
  });

  it('FitError message: reasons counted and sorted as strings, preemption suffix by status code', () => {
    const taint = status(Code.UnschedulableAndUnresolvable, 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');
    const cpu = status(Code.Unschedulable, 'Insufficient cpu');
    const cpuMem = status(Code.Unschedulable, 'Insufficient cpu', 'Insufficient memory');
    const fit = {
      numAllNodes: 4,
      nodeStatuses: [
        { node: 'm', status: taint },
        { node: 'a', status: cpu },
        { node: 'b', status: cpuMem },
        { node: 'c', status: cpu },
      ],
      unschedulablePlugins: new Set(['TaintToleration', 'NodeResourcesFit']),
    };
    const pod = podInfo(makePod('p'));
    expect(fitErrorMessage({ ...fit, postFilterMsg: preemptionMessage(pod, fit) })).toBe(
      '0/4 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    );
    const never = podInfo(makePod('p', { spec: { preemptionPolicy: 'Never' } }));
    expect(preemptionMessage(never, fit)).toBe('preemption: not eligible due to preemptionPolicy=Never');
    const pre = { numAllNodes: 3, preFilterMsg: 'pod has unbound immediate PersistentVolumeClaims', nodeStatuses: ['a', 'b', 'c'].map((node) => ({ node, status: status(Code.UnschedulableAndUnresolvable, 'pod has unbound immediate PersistentVolumeClaims') })), unschedulablePlugins: new Set(['VolumeBinding']) };
    expect(fitErrorMessage({ ...pre, postFilterMsg: preemptionMessage(pod, pre) })).toBe(
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });
});
