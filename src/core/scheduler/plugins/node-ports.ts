/** NodePorts: a hostPort already taken on the node (same protocol, overlapping IP) rejects it. */
import { Code, SKIP, status, type FilterPlugin } from '../types.js';

export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";
const REJECT = status(Code.Unschedulable, ERR_REASON_PORTS);

export const nodePorts: FilterPlugin = {
  name: 'NodePorts',
  preFilter(_state, pod) {
    return pod.hostPorts.length > 0 ? null : SKIP;
  },
  filter(_state, pod, node) {
    if (node.usedPorts.size === 0) return null;
    for (const hp of pod.hostPorts) if (node.portConflict(hp)) return REJECT;
    return null;
  },
};
