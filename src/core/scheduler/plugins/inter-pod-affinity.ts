/**
 * InterPodAffinity: required pod affinity (some matching pod in the node's topology domain),
 * required anti-affinity (none there), and the anti-affinity of pods already running (the new
 * pod must not land in the domain of a pod that repels it). PreFilter counts matching pods per
 * topology pair once; Filter is then a few map lookups per node. The score adds the weights of
 * the pod's preferred (anti-)affinity terms per topology domain.
 */
import type { AssignedPod } from '../cache.js';
import type { NodeInfo } from '../nodeinfo.js';
import { termMatches, type AffinityTerm, type PodInfo } from '../podinfo.js';
import { Code, MAX_NODE_SCORE, SKIP, status, type FilterPlugin, type FrameworkHandle, type ScorePlugin } from '../types.js';

export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

const REJECT_AFFINITY = status(Code.UnschedulableAndUnresolvable, ERR_AFFINITY);
const REJECT_ANTI = status(Code.Unschedulable, ERR_ANTI_AFFINITY);
const REJECT_EXISTING = status(Code.Unschedulable, ERR_EXISTING_ANTI_AFFINITY);

const STATE_KEY = 'InterPodAffinity';
const SCORE_KEY = 'InterPodAffinityScore';

type Counts = Map<string, number>;
const pair = (k: string, v: string): string => `${k}\u0000${v}`;

interface State {
  pod: PodInfo;
  existingAnti: Counts;
  affinity: Counts;
  anti: Counts;
}

function nsLabelsOf(handle: FrameworkHandle): (ns: string) => Readonly<Record<string, string>> | undefined {
  return (ns) => handle.namespaces.getByName(undefined, ns)?.metadata.labels;
}

/** Assigned pods a set of terms could select: their namespaces only, unless a namespaceSelector is used. */
function* candidates(handle: FrameworkHandle, terms: readonly AffinityTerm[]): Iterable<AssignedPod> {
  const names = new Set<string>();
  let any = false;
  for (const t of terms) {
    if (t.nsSelector) any = true;
    for (const n of t.namespaces) names.add(n);
  }
  const list = any ? [...handle.cache.namespaces()] : [...names];
  for (const ns of list) yield* handle.cache.podsInNamespace(ns);
}

function bump(m: Counts, key: string, node: NodeInfo, delta: number): void {
  const v = node.labels[key];
  if (v === undefined || !node.node) return;
  const p = pair(key, v);
  m.set(p, (m.get(p) ?? 0) + delta);
}

export function interPodAffinityFilter(handle: FrameworkHandle): FilterPlugin {
  const nsLabels = nsLabelsOf(handle);
  return {
    name: 'InterPodAffinity',
    preFilter(state, pod) {
      if (pod.requiredAffinity.length === 0 && pod.requiredAntiAffinity.length === 0 && handle.cache.withRequiredAntiAffinity.size === 0) return SKIP;
      const s: State = { pod, existingAnti: new Map(), affinity: new Map(), anti: new Map() };
      for (const ap of handle.cache.withRequiredAntiAffinity) {
        for (const t of ap.info.requiredAntiAffinity) if (termMatches(t, pod, nsLabels)) bump(s.existingAnti, t.topologyKey, ap.node, 1);
      }
      if (pod.requiredAffinity.length > 0) {
        for (const ap of candidates(handle, pod.requiredAffinity)) {
          if (pod.requiredAffinity.every((t) => termMatches(t, ap.info, nsLabels))) for (const t of pod.requiredAffinity) bump(s.affinity, t.topologyKey, ap.node, 1);
        }
      }
      if (pod.requiredAntiAffinity.length > 0) {
        for (const ap of candidates(handle, pod.requiredAntiAffinity)) {
          for (const t of pod.requiredAntiAffinity) if (termMatches(t, ap.info, nsLabels)) bump(s.anti, t.topologyKey, ap.node, 1);
        }
      }
      state.write(STATE_KEY, s);
      return null;
    },
    filter(state, pod, node) {
      const s = state.read<State>(STATE_KEY);
      if (!s) return null;
      if (pod.requiredAffinity.length > 0) {
        let podsExist = true;
        for (const t of pod.requiredAffinity) {
          const v = node.labels[t.topologyKey];
          if (v === undefined) return REJECT_AFFINITY;
          if ((s.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
        }
        // The first pod of a group that has affinity to itself may go anywhere.
        if (!podsExist && !(s.affinity.size === 0 && pod.requiredAffinity.every((t) => termMatches(t, pod, nsLabels)))) return REJECT_AFFINITY;
      }
      if (s.anti.size > 0) {
        for (const t of pod.requiredAntiAffinity) {
          const v = node.labels[t.topologyKey];
          if (v !== undefined && (s.anti.get(pair(t.topologyKey, v)) ?? 0) > 0) return REJECT_ANTI;
        }
      }
      if (s.existingAnti.size > 0) {
        for (const k in node.labels) if ((s.existingAnti.get(pair(k, node.labels[k]!)) ?? 0) > 0) return REJECT_EXISTING;
      }
      return null;
    },
  };
}

export function interPodAffinityScore(handle: FrameworkHandle): ScorePlugin {
  const nsLabels = nsLabelsOf(handle);
  return {
    name: 'InterPodAffinity',
    weight: 2,
    preScore(state, pod) {
      if (pod.preferredAffinity.length === 0 && pod.preferredAntiAffinity.length === 0) return false;
      // topologyKey -> value -> score
      const scores = new Map<string, Map<string, number>>();
      const terms = [...pod.preferredAffinity.map((t) => ({ t, sign: 1 })), ...pod.preferredAntiAffinity.map((t) => ({ t, sign: -1 }))];
      for (const ap of candidates(handle, terms.map((x) => x.t))) {
        if (!ap.node.node) continue;
        for (const { t, sign } of terms) {
          if (!termMatches(t, ap.info, nsLabels)) continue;
          const v = ap.node.labels[t.topologyKey];
          if (v === undefined) continue;
          let m = scores.get(t.topologyKey);
          if (!m) scores.set(t.topologyKey, (m = new Map()));
          m.set(v, (m.get(v) ?? 0) + sign * t.weight);
        }
      }
      state.write(SCORE_KEY, scores);
      return true;
    },
    score(state, _pod, node) {
      const scores = state.read<Map<string, Map<string, number>>>(SCORE_KEY);
      if (!scores) return 0;
      let s = 0;
      for (const [key, values] of scores) {
        const v = node.labels[key];
        if (v !== undefined) s += values.get(v) ?? 0;
      }
      return s;
    },
    normalize(state, _pod, scores) {
      const m = state.read<Map<string, Map<string, number>>>(SCORE_KEY);
      if (!m || m.size === 0) {
        scores.fill(0);
        return;
      }
      let min = Infinity;
      let max = -Infinity;
      for (const s of scores) {
        if (s < min) min = s;
        if (s > max) max = s;
      }
      const diff = max - min;
      for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
    },
  };
}
