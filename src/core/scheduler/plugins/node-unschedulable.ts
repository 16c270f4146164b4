/** NodeUnschedulable: a cordoned node takes only pods tolerating node.kubernetes.io/unschedulable. */
import { Code, status, type FilterPlugin } from '../types.js';
import { tolerationsTolerateTaint } from './tolerations.js';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };
const REJECT = status(Code.UnschedulableAndUnresolvable, ERR_REASON_UNSCHEDULABLE);

export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  filterAll(_state, pod, nodes, verdicts) {
    let tolerates: boolean | undefined;
    for (let i = 0; i < nodes.length; i++) {
      if (verdicts[i] !== null || !nodes[i]!.unschedulable) continue;
      tolerates ??= tolerationsTolerateTaint(pod.tolerations, UNSCHEDULABLE_TAINT);
      if (!tolerates) verdicts[i] = REJECT;
    }
  },
  filter(_state, pod, node) {
    if (!node.unschedulable) return null;
    return tolerationsTolerateTaint(pod.tolerations, UNSCHEDULABLE_TAINT) ? null : REJECT;
  },
};
