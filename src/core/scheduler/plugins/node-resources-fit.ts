/**
 * NodeResourcesFit: the filter checks the pod count and every requested resource against the
 * node's allocatable minus what its pods (bound or assumed) request; the score is
 * LeastAllocated over cpu and memory (weights 1), on non-zero requests.
 */
import { Code, MAX_NODE_SCORE, status, type FilterPlugin, type ScorePlugin, type Status } from '../types.js';

export const TOO_MANY_PODS = 'Too many pods';

export const nodeResourcesFitFilter: FilterPlugin = {
  name: 'NodeResourcesFit',
  filterAll(state, pod, nodes, verdicts) {
    const r = pod.requests;
    const simple = !r.scalar;
    for (let i = 0; i < nodes.length; i++) {
      if (verdicts[i] !== null) continue;
      const node = nodes[i]!;
      const a = node.allocatable;
      const used = node.requested;
      // Fast path: everything fits (the common case); otherwise build the reasons.
      if (
        simple &&
        node.pods.size + 1 <= a.pods &&
        (r.cpu === 0 || r.cpu <= a.cpu - used.cpu) &&
        (r.memory === 0 || r.memory <= a.memory - used.memory) &&
        (r.ephemeral === 0 || r.ephemeral <= a.ephemeral - used.ephemeral)
      )
        continue;
      verdicts[i] = this.filter(state, pod, node);
    }
  },
  filter(_state, pod, node): Status | null {
    let reasons: string[] | undefined;
    if (node.pods.size + 1 > node.allocatable.pods) (reasons ??= []).push(TOO_MANY_PODS);
    const r = pod.requests;
    if (r.cpu === 0 && r.memory === 0 && r.ephemeral === 0 && !r.scalar) return reasons ? status(Code.Unschedulable, ...reasons) : null;
    const a = node.allocatable;
    const used = node.requested;
    if (r.cpu > 0 && r.cpu > a.cpu - used.cpu) (reasons ??= []).push('Insufficient cpu');
    if (r.memory > 0 && r.memory > a.memory - used.memory) (reasons ??= []).push('Insufficient memory');
    if (r.ephemeral > 0 && r.ephemeral > a.ephemeral - used.ephemeral) (reasons ??= []).push('Insufficient ephemeral-storage');
    if (r.scalar) {
      for (const name of Object.keys(r.scalar).sort()) {
        const want = r.scalar[name]!;
        if (want === 0) continue;
        if (want > (a.scalar?.[name] ?? 0) - (used.scalar?.[name] ?? 0)) (reasons ??= []).push(`Insufficient ${name}`);
      }
    }
    return reasons ? status(Code.Unschedulable, ...reasons) : null;
  },
};

export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export const nodeResourcesFitScore: ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  scoreAll(_state, pod, nodes, out) {
    const pc = pod.nonZero.cpu;
    const pm = pod.nonZero.memory;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const a = node.allocatable;
      let sum = 0;
      let weights = 0;
      if (a.cpu > 0) {
        sum += leastRequestedScore(node.nonZero.cpu + pc, a.cpu);
        weights++;
      }
      if (a.memory > 0) {
        sum += leastRequestedScore(node.nonZero.memory + pm, a.memory);
        weights++;
      }
      out[i] = weights === 0 ? 0 : Math.trunc(sum / weights);
    }
  },
  score(_state, pod, node) {
    const a = node.allocatable;
    let sum = 0;
    let weights = 0;
    if (a.cpu > 0) {
      sum += leastRequestedScore(node.nonZero.cpu + pod.nonZero.cpu, a.cpu);
      weights++;
    }
    if (a.memory > 0) {
      sum += leastRequestedScore(node.nonZero.memory + pod.nonZero.memory, a.memory);
      weights++;
    }
    return weights === 0 ? 0 : Math.trunc(sum / weights);
  },
};
