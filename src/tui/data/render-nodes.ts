/** Nodes: NAME STATUS ROLES VERSION INTERNAL-IP AGE; NotReady is an error, cordoned is pending. */
import type { Node } from '../../core/api/types.js';
import { age, nodeRoles, nodeStatus } from '../../commands/kubectl/printers/index.js';
import { keyOfObject, type Renderer, type Row } from './renderer.js';

export function nodeRenderer(wide = true): Renderer<Node> {
  const columns = ['NAME', 'STATUS', 'ROLES', ...(wide ? ['VERSION', 'INTERNAL-IP', 'PODS'] : []), 'AGE'];
  return {
    columns,
    optional: ['PODS', 'INTERNAL-IP', 'VERSION'],
    flexible: ['ROLES', 'NAME'],
    statusColumn: 1,
    row(node: Node, now: number): Row {
      const status = nodeStatus(node);
      const cells = [node.metadata.name, status, nodeRoles(node)];
      if (wide) {
        cells.push(
          node.status?.nodeInfo?.kubeletVersion ?? '',
          node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '<none>',
          node.status?.capacity?.pods ?? '',
        );
      }
      cells.push(age(node.metadata.creationTimestamp, now));
      const ready = status.startsWith('Ready');
      const cordoned = status.includes('SchedulingDisabled');
      return {
        key: keyOfObject(node),
        cells,
        problem: ready ? '' : `node status: ${status}`,
        tone: !ready ? 'error' : cordoned ? 'pending' : 'ok',
      };
    },
  };
}
