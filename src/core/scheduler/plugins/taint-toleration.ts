/**
 * TaintToleration: the filter rejects nodes with a NoSchedule/NoExecute taint the pod does not
 * tolerate (naming the first one); the score counts untolerated PreferNoSchedule taints, fewer
 * is better (normalised in reverse).
 */
import type { Taint } from '../../api/types.js';
import { Code, defaultNormalizeScore, status, type FilterPlugin, type ScorePlugin, type Status } from '../types.js';
import { firstUntolerated, tolerationsTolerateTaint } from './tolerations.js';

export function untoleratedTaintReason(t: Taint): string {
  return `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
}

export const taintTolerationFilter: FilterPlugin = {
  name: 'TaintToleration',
  filterAll(state, pod, nodes, verdicts) {
    for (let i = 0; i < nodes.length; i++) if (verdicts[i] === null && nodes[i]!.filterTaints.length > 0) verdicts[i] = this.filter(state, pod, nodes[i]!);
  },
  filter(_state, pod, node): Status | null {
    if (node.filterTaints.length === 0) return null;
    const t = firstUntolerated(node.filterTaints, pod.tolerations);
    return t ? status(Code.UnschedulableAndUnresolvable, untoleratedTaintReason(t)) : null;
  },
};

export const taintTolerationScore: ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  score(_state, pod, node) {
    if (node.preferTaints.length === 0) return 0;
    let n = 0;
    // Only PreferNoSchedule tolerations count here (getAllTolerationPreferNoSchedule).
    const tols = pod.tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    for (const t of node.preferTaints) if (!tolerationsTolerateTaint(tols, t)) n++;
    return n;
  },
  scoreAll(state, pod, nodes, out) {
    for (let i = 0; i < nodes.length; i++) out[i] = nodes[i]!.preferTaints.length === 0 ? 0 : this.score(state, pod, nodes[i]!);
  },
  normalize(_state, _pod, scores) {
    defaultNormalizeScore(scores, true);
  },
};
