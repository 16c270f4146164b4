/**
 * NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in equal
 * proportion after placing the pod: 100 * (1 - std deviation of the requested fractions).
 */
import { MAX_NODE_SCORE, type ScorePlugin } from '../types.js';

export function balancedScore(fractions: number[]): number {
  if (fractions.length < 2) return MAX_NODE_SCORE;
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) * (f - mean), 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export const balancedAllocation: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  scoreAll(_state, pod, nodes, out) {
    const pc = pod.requests.cpu;
    const pm = pod.requests.memory;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const a = node.allocatable;
      if (a.cpu > 0 && a.memory > 0) {
        const fc = Math.min(1, (node.requested.cpu + pc) / a.cpu);
        const fm = Math.min(1, (node.requested.memory + pm) / a.memory);
        out[i] = Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
      } else out[i] = this.score(_state, pod, node);
    }
  },
  score(_state, pod, node) {
    const a = node.allocatable;
    const fractions: number[] = [];
    if (a.cpu > 0) fractions.push(Math.min(1, (node.requested.cpu + pod.requests.cpu) / a.cpu));
    if (a.memory > 0) fractions.push(Math.min(1, (node.requested.memory + pod.requests.memory) / a.memory));
    return balancedScore(fractions);
  },
};
