/**
 * TaintNodesByCondition: a new Node starts tainted node.kubernetes.io/not-ready:NoSchedule,
 * so nothing schedules onto it before its kubelet reports Ready (the node lifecycle
 * controller then removes the taint).
 */
import type { AdmissionPlugin } from './types.js';

export const NOT_READY_TAINT = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' as const };

export const taintNodesByCondition: AdmissionPlugin = {
  name: 'TaintNodesByCondition',
  admit(attrs) {
    if (attrs.resource.plural !== 'nodes' || attrs.operation !== 'CREATE' || attrs.subresource || !attrs.object) return;
    const node = attrs.object;
    const taints: Array<{ key: string; effect: string }> = node.spec?.taints ?? [];
    if (taints.some((t) => t.key === NOT_READY_TAINT.key && t.effect === NOT_READY_TAINT.effect)) return;
    node.spec = { ...node.spec, taints: [...taints, { ...NOT_READY_TAINT }] };
    return 'added taint node.kubernetes.io/not-ready:NoSchedule';
  },
};
