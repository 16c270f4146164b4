/**
 * ImageLocality: favours nodes that already have the pod's images, by image size scaled by how
 * many nodes have it (so an image everywhere does not pull pods to one node), clamped between
 * 23 MB and 1000 MB per container.
 */
import { MAX_NODE_SCORE, type ScorePlugin } from '../types.js';
import type { SchedulerCache } from '../cache.js';

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

export function imageLocalityPriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  if (maxThreshold === MIN_THRESHOLD) return 0;
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

export function imageLocality(cache: SchedulerCache): ScorePlugin {
  return {
    name: 'ImageLocality',
    weight: 1,
    scoreAll(state, pod, nodes, out) {
      for (let i = 0; i < nodes.length; i++) out[i] = nodes[i]!.images.size === 0 ? 0 : this.score(state, pod, nodes[i]!);
    },
    score(_state, pod, node) {
      if (node.images.size === 0 || pod.containerCount === 0) return 0;
      const total = cache.nodeCount;
      let sum = 0;
      for (const img of pod.images) {
        const size = node.images.get(img);
        if (size === undefined) continue;
        sum += Math.trunc(size * ((cache.imageNodes.get(img) ?? 0) / total));
      }
      return imageLocalityPriority(sum, pod.containerCount);
    },
  };
}
