/**
 * The scheduler framework's vocabulary (pkg/scheduler/framework): status codes, the per-cycle
 * state, and the Filter/Score plugin interfaces. Plugins are plain objects; the framework calls
 * preFilter once per attempt, filter per examined node, preScore once, score per feasible node,
 * then normalize over all scores.
 */
import type { Pod } from '../api/types.js';
import type { PodInfo } from './podinfo.js';
import type { NodeInfo } from './nodeinfo.js';
import type { SchedulerCache } from './cache.js';
import type { Informer } from '../apiserver/informer.js';
import type { KObject } from '../api/types.js';

export const Code = {
  Success: 0,
  Error: 1,
  Unschedulable: 2,
  UnschedulableAndUnresolvable: 3,
  Wait: 4,
  Skip: 5,
} as const;
export type CodeValue = (typeof Code)[keyof typeof Code];

export const CODE_NAMES: Record<CodeValue, string> = {
  0: 'Success',
  1: 'Error',
  2: 'Unschedulable',
  3: 'UnschedulableAndUnresolvable',
  4: 'Wait',
  5: 'Skip',
};

/** A non-success result of a plugin. Success is `null` (no allocation on the hot path). */
export interface Status {
  readonly code: CodeValue;
  readonly reasons: readonly string[];
}

const statusCache = new Map<string, Status>();

/** Shared, frozen status objects: plugins return the same object for the same verdict. */
export function status(code: CodeValue, ...reasons: string[]): Status {
  const key = `${code}\u0000${reasons.join('\u0000')}`;
  let s = statusCache.get(key);
  if (!s) {
    s = Object.freeze({ code, reasons: Object.freeze(reasons) });
    if (statusCache.size > 10_000) statusCache.clear();
    statusCache.set(key, s);
  }
  return s;
}

export const SKIP: Status = status(Code.Skip);

/** Per-attempt scratch space (framework.CycleState): each plugin keeps its own entry. */
export class CycleState {
  private data = new Map<string, unknown>();
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }
}

/** What plugins may look at besides the NodeInfo cache: the listers of the scheduler. */
export interface FrameworkHandle {
  cache: SchedulerCache;
  pvcs: Informer<KObject>;
  pvs: Informer<KObject>;
  storageClasses: Informer<KObject>;
  namespaces: Informer<KObject>;
}

export interface FilterPlugin {
  readonly name: string;
  /** Returns null (go on), SKIP (plugin not needed for this pod) or a rejection for every node. */
  preFilter?(state: CycleState, pod: PodInfo): Status | null;
  /** True when the plugin passes every node for this pod, so it need not run per node (shown as Passed). */
  passAll?(pod: PodInfo): boolean;
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null;
  /**
   * Optional batch form: for every i with verdicts[i] === null, sets verdicts[i] to the
   * rejection of nodes[i] (if any). Keeps the per-node loop inside the plugin (fast).
   */
  filterAll?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], verdicts: Array<Status | null>): void;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  /** Returns false to skip scoring for this pod (the plugin's scores are all 0). */
  preScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): boolean;
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Scores every node into `out` (a monomorphic loop inside the plugin; optional). */
  scoreAll?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: number[]): void;
  /** Rewrites raw scores into 0..100 in place. */
  normalize?(state: CycleState, pod: PodInfo, scores: number[]): void;
}

export const MAX_NODE_SCORE = 100;

/** framework/plugins/helper.DefaultNormalizeScore. */
export function defaultNormalizeScore(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) for (let i = 0; i < scores.length; i++) scores[i] = MAX_NODE_SCORE;
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((MAX_NODE_SCORE * scores[i]!) / max);
    if (reverse) s = MAX_NODE_SCORE - s;
    scores[i] = s;
  }
}

export type { Pod };
