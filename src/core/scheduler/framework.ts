/**
 * One scheduling attempt (schedule_one.go schedulePod): PreFilter, Filter over the nodes from a
 * rotating start index until enough feasible nodes are found (percentageOfNodesToScore),
 * PreScore/Score/NormalizeScore with weights, and a reservoir pick among the best. A failed
 * attempt returns a FitError whose message is the real aggregated one.
 */
import type { SeededRandom } from '../random.js';
import type { NodeInfo } from './nodeinfo.js';
import type { PodInfo } from './podinfo.js';
import { Code, CycleState, type FilterPlugin, type ScorePlugin, type Status } from './types.js';

export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** numFeasibleNodesToFind with the adaptive default percentage (percentageOfNodesToScore 0). */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

export interface PluginVerdict {
  plugin: string;
  status: Status | null;
}

/** What one attempt did, compactly (expanded by trace.ts on demand). */
export interface AttemptRecord {
  preFilter: Array<{ plugin: string; status: Status | null }>;
  filterPlugins: readonly string[];
  /** Filter plugins skipped by their PreFilter for this pod. */
  skippedFilters: ReadonlySet<string>;
  /** Nodes examined, in order, each with the index (into filterPlugins) of the plugin that rejected it, or -1. */
  examined: NodeInfo[];
  rejectedBy: number[];
  rejections: Array<Status | null>;
  scorePlugins: Array<{ name: string; weight: number; skipped: boolean }>;
  feasible: NodeInfo[];
  /** Per score plugin (aligned with scorePlugins), per feasible node. */
  raw: number[][];
  normalized: number[][];
  totals: number[];
}

export interface FitError {
  numAllNodes: number;
  /** Message of a PreFilter rejection (same status for every node). */
  preFilterMsg?: string;
  /** Status of every node that failed (all nodes when PreFilter rejected). */
  nodeStatuses: Array<{ node: string; status: Status }>;
  unschedulablePlugins: Set<string>;
  postFilterMsg?: string;
}

export interface AttemptResult {
  host?: string;
  evaluatedNodes: number;
  feasibleNodes: number;
  fitError?: FitError;
  /** "no nodes available to schedule pods" (ErrNoNodesAvailable). */
  noNodes?: boolean;
  state: CycleState;
  record: AttemptRecord;
}

export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export class Framework {
  private nextStartNodeIndex = 0;
  readonly filterNames: readonly string[];

  constructor(
    readonly filters: readonly FilterPlugin[],
    readonly scorers: readonly ScorePlugin[],
    private readonly random: SeededRandom,
    private readonly nodes: () => readonly NodeInfo[],
  ) {
    this.filterNames = filters.map((f) => f.name);
  }

  schedule(pod: PodInfo): AttemptResult {
    const state = new CycleState();
    const all = this.nodes();
    const record: AttemptRecord = {
      preFilter: [],
      filterPlugins: this.filterNames,
      skippedFilters: new Set(),
      examined: [],
      rejectedBy: [],
      rejections: [],
      scorePlugins: [],
      feasible: [],
      raw: [],
      normalized: [],
      totals: [],
    };
    if (all.length === 0) return { evaluatedNodes: 0, feasibleNodes: 0, noNodes: true, state, record };

    // PreFilter: a rejection here applies to every node.
    const active: FilterPlugin[] = [];
    const activeIndex: number[] = [];
    const skipped = record.skippedFilters as Set<string>;
    for (let i = 0; i < this.filters.length; i++) {
      const f = this.filters[i]!;
      const st = f.preFilter ? f.preFilter(state, pod) : null;
      if (f.preFilter) record.preFilter.push({ plugin: f.name, status: st });
      if (st && st.code === Code.Skip) {
        skipped.add(f.name);
        continue;
      }
      if (st) {
        return {
          evaluatedNodes: all.length,
          feasibleNodes: 0,
          state,
          record,
          fitError: {
            numAllNodes: all.length,
            preFilterMsg: st.reasons.join(', '),
            nodeStatuses: all.map((n) => ({ node: n.name, status: st })),
            unschedulablePlugins: new Set([f.name]),
          },
        };
      }
      active.push(f);
      activeIndex.push(i);
    }

    // Filter from where the last attempt stopped, until enough feasible nodes are found.
    const n = all.length;
    const toFind = numFeasibleNodesToFind(n);
    const feasible = record.feasible;
    const start = this.nextStartNodeIndex % n;
    let processed = 0;
    const failedPlugins = new Set<string>();
    const nodeStatuses: FitError['nodeStatuses'] = [];
    for (let i = 0; i < n; i++) {
      const node = all[(start + i) % n]!;
      processed++;
      let rejectedBy = -1;
      let rejection: Status | null = null;
      for (let p = 0; p < active.length; p++) {
        const st = active[p]!.filter(state, pod, node);
        if (st) {
          rejectedBy = activeIndex[p]!;
          rejection = st;
          break;
        }
      }
      record.examined.push(node);
      record.rejectedBy.push(rejectedBy);
      record.rejections.push(rejection);
      if (rejection) {
        failedPlugins.add(this.filterNames[rejectedBy]!);
        nodeStatuses.push({ node: node.name, status: rejection });
      } else {
        feasible.push(node);
        if (feasible.length >= toFind) break;
      }
    }
    this.nextStartNodeIndex = (start + processed) % n;

    if (feasible.length === 0) {
      return {
        evaluatedNodes: processed,
        feasibleNodes: 0,
        state,
        record,
        fitError: { numAllNodes: n, nodeStatuses, unschedulablePlugins: failedPlugins },
      };
    }
    if (feasible.length === 1) return { host: feasible[0]!.name, evaluatedNodes: processed, feasibleNodes: 1, state, record };

    // Score.
    const totals = new Array<number>(feasible.length).fill(0);
    for (const sp of this.scorers) {
      const run = sp.preScore ? sp.preScore(state, pod, feasible) : true;
      record.scorePlugins.push({ name: sp.name, weight: sp.weight, skipped: !run });
      if (!run) {
        record.raw.push([]);
        record.normalized.push([]);
        continue;
      }
      const raw = new Array<number>(feasible.length);
      for (let i = 0; i < feasible.length; i++) raw[i] = sp.score(state, pod, feasible[i]!);
      let norm = raw;
      if (sp.normalize) {
        norm = raw.slice();
        sp.normalize(state, pod, norm);
      }
      record.raw.push(raw);
      record.normalized.push(norm);
      for (let i = 0; i < feasible.length; i++) totals[i] += norm[i]! * sp.weight;
    }
    record.totals = totals;

    // selectHost: the best total; ties broken by reservoir sampling.
    let best = 0;
    let ties = 1;
    for (let i = 1; i < totals.length; i++) {
      if (totals[i]! > totals[best]!) {
        best = i;
        ties = 1;
      } else if (totals[i] === totals[best]) {
        ties++;
        if (this.random.int(ties) === 0) best = i;
      }
    }
    return { host: feasible[best]!.name, evaluatedNodes: processed, feasibleNodes: feasible.length, state, record };
  }
}

const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

function histogram(statuses: Iterable<Status>): string {
  const counts = new Map<string, number>();
  for (const st of statuses) for (const r of st.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, c]) => `${c} ${r}`).sort().join(', ');
}

/**
 * DefaultPreemption's PostFilter message, computed as if no pod could be evicted: nodes that
 * failed for reasons eviction cannot fix are "not helpful", the rest find no victims.
 */
export function preemptionMessage(pod: PodInfo, fit: FitError): string {
  if (pod.pod.spec.preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never';
  const verdicts = fit.nodeStatuses.map((ns) => (ns.status.code === Code.UnschedulableAndUnresolvable ? NOT_HELPFUL_STATUS : NO_VICTIMS_STATUS));
  return `preemption: 0/${fit.numAllNodes} nodes are available: ${histogram(verdicts)}`;
}

const NOT_HELPFUL_STATUS: Status = { code: Code.UnschedulableAndUnresolvable, reasons: [NOT_HELPFUL] };
const NO_VICTIMS_STATUS: Status = { code: Code.UnschedulableAndUnresolvable, reasons: [NO_VICTIMS] };

/** FitError.Error(): "0/N nodes are available: <reasons>. <postfilter>." */
export function fitErrorMessage(fit: FitError): string {
  let msg = `0/${fit.numAllNodes} nodes are available:`;
  if (fit.preFilterMsg) msg += ` ${fit.preFilterMsg}.`;
  else {
    const h = histogram(fit.nodeStatuses.map((n) => n.status));
    if (h) msg += ` ${h}.`;
  }
  if (fit.postFilterMsg) msg += ` ${fit.postFilterMsg}.`;
  return msg;
}
