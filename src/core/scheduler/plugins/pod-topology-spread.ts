/**
 * PodTopologySpread: DoNotSchedule constraints filter (matching pods in the node's domain, plus
 * the pod itself if it matches, minus the smallest domain's count, must not exceed maxSkew);
 * ScheduleAnyway constraints score (fewer matching pods in the domain is better). Matching pods
 * are counted once per attempt from the namespace's assigned pods, not per node.
 */
import type { SchedulerCache } from '../cache.js';
import type { NodeInfo } from '../nodeinfo.js';
import type { PodInfo, SpreadConstraint } from '../podinfo.js';
import { matches } from '../../api/labels.js';
import { Code, MAX_NODE_SCORE, SKIP, status, type FilterPlugin, type ScorePlugin } from '../types.js';
import { firstUntolerated } from './tolerations.js';

export const ERR_CONSTRAINTS = "node(s) didn't match pod topology spread constraints";
export const ERR_MISSING_LABEL = `${ERR_CONSTRAINTS} (missing required label)`;
const REJECT = status(Code.Unschedulable, ERR_CONSTRAINTS);
const REJECT_LABEL = status(Code.UnschedulableAndUnresolvable, ERR_MISSING_LABEL);
const HOSTNAME = 'kubernetes.io/hostname';

/** Matching pods (same namespace, not terminating) per node, per constraint. */
function countByNode(cache: SchedulerCache, pod: PodInfo, constraints: readonly SpreadConstraint[]): Map<NodeInfo, number[]> {
  const out = new Map<NodeInfo, number[]>();
  for (const ap of cache.podsInNamespace(pod.namespace)) {
    if (ap.info.terminating) continue;
    for (let i = 0; i < constraints.length; i++) {
      if (!matches(constraints[i]!.selector, ap.info.labels)) continue;
      let arr = out.get(ap.node);
      if (!arr) out.set(ap.node, (arr = new Array(constraints.length).fill(0)));
      arr[i]++;
    }
  }
  return out;
}

function hasAllKeys(node: NodeInfo, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (node.labels[c.topologyKey] === undefined) return false;
  return true;
}

/** matchNodeInclusionPolicies: node affinity honoured by default, taints only when asked. */
function included(c: SpreadConstraint, pod: PodInfo, node: NodeInfo): boolean {
  if (c.honorNodeAffinity && pod.requiredNodeMatcher && !pod.requiredNodeMatcher(node.labels, node.name)) return false;
  if (c.honorTaints && firstUntolerated(node.filterTaints, pod.tolerations)) return false;
  return true;
}

interface FilterState {
  constraints: SpreadConstraint[];
  counts: Array<Map<string, number>>;
  min: number[];
}

export function podTopologySpreadFilter(cache: SchedulerCache): FilterPlugin {
  return {
    name: 'PodTopologySpread',
    preFilter(state, pod) {
      const constraints = pod.spread.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
      if (constraints.length === 0) return SKIP;
      const byNode = countByNode(cache, pod, constraints);
      const counts = constraints.map(() => new Map<string, number>());
      for (const node of cache.nodes()) {
        if (!hasAllKeys(node, constraints)) continue;
        const n = byNode.get(node);
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i]!;
          if (!included(c, pod, node)) continue;
          const v = node.labels[c.topologyKey]!;
          counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + (n ? n[i]! : 0));
        }
      }
      const min = counts.map((m, i) => {
        if (m.size < constraints[i]!.minDomains) return 0;
        let lo = Infinity;
        for (const v of m.values()) if (v < lo) lo = v;
        return lo === Infinity ? 0 : lo;
      });
      state.write('PodTopologySpread', { constraints, counts, min } satisfies FilterState);
      return null;
    },
    filter(state, pod, node) {
      const s = state.read<FilterState>('PodTopologySpread');
      if (!s) return null;
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i]!;
        const v = node.labels[c.topologyKey];
        if (v === undefined) return REJECT_LABEL;
        const self = matches(c.selector, pod.labels) ? 1 : 0;
        const skew = (s.counts[i]!.get(v) ?? 0) + self - s.min[i]!;
        if (skew > c.maxSkew) return REJECT;
      }
      return null;
    },
  };
}

interface ScoreState {
  constraints: SpreadConstraint[];
  counts: Array<Map<string, number>>;
  weights: number[];
  byNode: Map<NodeInfo, number[]>;
  ignored: Set<NodeInfo>;
}

const INVALID = -1;

export function podTopologySpreadScore(cache: SchedulerCache): ScorePlugin {
  return {
    name: 'PodTopologySpread',
    weight: 2,
    preScore(state, pod, nodes) {
      const constraints = pod.spread.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
      if (constraints.length === 0) return false;
      const ignored = new Set<NodeInfo>();
      const counts = constraints.map(() => new Map<string, number>());
      for (const n of nodes) {
        if (!hasAllKeys(n, constraints)) {
          ignored.add(n);
          continue;
        }
        constraints.forEach((c, i) => {
          if (c.topologyKey !== HOSTNAME) counts[i]!.set(n.labels[c.topologyKey]!, 0);
        });
      }
      const weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? nodes.length - ignored.size : counts[i]!.size) + 2));
      const byNode = countByNode(cache, pod, constraints);
      for (const node of cache.nodes()) {
        if (!hasAllKeys(node, constraints)) continue;
        const n = byNode.get(node);
        if (!n) continue;
        constraints.forEach((c, i) => {
          if (c.topologyKey === HOSTNAME || !included(c, pod, node)) return;
          const v = node.labels[c.topologyKey]!;
          if (counts[i]!.has(v)) counts[i]!.set(v, counts[i]!.get(v)! + n[i]!);
        });
      }
      state.write('PodTopologySpreadScore', { constraints, counts, weights, byNode, ignored } satisfies ScoreState);
      return true;
    },
    score(state, _pod, node) {
      const s = state.read<ScoreState>('PodTopologySpreadScore')!;
      if (s.ignored.has(node)) return INVALID;
      let score = 0;
      s.constraints.forEach((c, i) => {
        const v = node.labels[c.topologyKey];
        if (v === undefined) return;
        const cnt = c.topologyKey === HOSTNAME ? (s.byNode.get(node)?.[i] ?? 0) : (s.counts[i]!.get(v) ?? 0);
        score += cnt * s.weights[i]! + (c.maxSkew - 1);
      });
      return Math.round(score);
    },
    normalize(_state, _pod, scores) {
      let min = Infinity;
      let max = 0;
      for (const s of scores) {
        if (s === INVALID) continue;
        if (s < min) min = s;
        if (s > max) max = s;
      }
      for (let i = 0; i < scores.length; i++) {
        const s = scores[i]!;
        if (s === INVALID) scores[i] = 0;
        else if (max === 0) scores[i] = MAX_NODE_SCORE;
        else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - s)) / max);
      }
    },
  };
}
