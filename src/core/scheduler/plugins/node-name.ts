/** NodeName: a pod naming a node in spec.nodeName fits only that node. */
import { Code, status, type FilterPlugin } from '../types.js';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
const REJECT = status(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_NAME);

export const nodeName: FilterPlugin = {
  name: 'NodeName',
  passAll(pod) {
    return !pod.pod.spec.nodeName;
  },
  filter(_state, pod, node) {
    const want = pod.pod.spec.nodeName;
    return !want || want === node.name ? null : REJECT;
  },
};
