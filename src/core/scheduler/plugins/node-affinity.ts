/**
 * NodeAffinity: the filter applies spec.nodeSelector and required node affinity; the score sums
 * the weights of the preferred terms a node matches (normalised against the best node).
 */
import { Code, SKIP, defaultNormalizeScore, status, type FilterPlugin, type ScorePlugin } from '../types.js';

export const ERR_REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const REJECT = status(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_AFFINITY);

export const nodeAffinityFilter: FilterPlugin = {
  name: 'NodeAffinity',
  preFilter(_state, pod) {
    return pod.requiredNodeMatcher ? null : SKIP;
  },
  filter(_state, pod, node) {
    const m = pod.requiredNodeMatcher;
    return !m || m(node.labels, node.name) ? null : REJECT;
  },
  filterAll(_state, pod, nodes, verdicts) {
    const m = pod.requiredNodeMatcher;
    if (!m) return;
    for (let i = 0; i < nodes.length; i++) if (verdicts[i] === null && !m(nodes[i]!.labels, nodes[i]!.name)) verdicts[i] = REJECT;
  },
};

export const nodeAffinityScore: ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  preScore(_state, pod) {
    return pod.preferredNodeTerms.length > 0;
  },
  score(_state, pod, node) {
    let s = 0;
    for (const t of pod.preferredNodeTerms) if (t.match(node.labels, node.name)) s += t.weight;
    return s;
  },
  normalize(_state, _pod, scores) {
    defaultNormalizeScore(scores, false);
  },
};
