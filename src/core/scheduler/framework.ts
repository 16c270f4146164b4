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
  /** Filter plugins that pass every node for this pod (not called per node). */
  passedFilters: ReadonlySet<string>;
  /** Nodes examined: `count` nodes of the (immutable) node list from `start`, wrapping around. */
  nodeList: readonly NodeInfo[];
  start: number;
  count: number;
  /**
   * The rejected ones only: offset from start (empty when every examined node was rejected:
   * offsets are then 0..count-1), index of the rejecting plugin, its status.
   */
  failOffsets: number[];
  failPlugins: number[] | Uint8Array;
  failStatuses: Status[];
  scorePlugins: Array<{ name: string; weight: number; skipped: boolean }>;
  /** Number of feasible nodes (the examined nodes that were not rejected, in order). */
  feasibleCount: number;
  /**
   * Scores packed in one array (kept for 1000s of pods, so one allocation): for the k-th plugin
   * that ran, raw scores at [2k*M + j] and normalised at [(2k+1)*M + j]; totals at [2K*M + j],
   * j = position among the kept nodes, M = kept count, K = plugins that ran.
   */
  scores?: Int32Array;
  /**
   * Feasible indices whose scores are kept, ascending; undefined = all. On big clusters only the
   * best TRACE_SCORED_NODES are kept, which bounds the memory of 1000 traces.
   */
  scoreIndex?: Int32Array;
}

/** Above this many feasible nodes, a trace keeps the scores of the best ones only. */
export const TRACE_SCORED_NODES = 100;

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
  // Scratch arrays reused by every attempt (attempts run one at a time): less garbage per pod.
  private feasibleBuf: NodeInfo[] = [];
  private rawBufs: number[][];
  private normBufs: number[][];
  private totalsBuf: number[] = [];
  private candBuf: NodeInfo[] = [];
  private verdictBuf: Array<Status | null> = [];
  private byBuf: number[] = [];

  constructor(
    readonly filters: readonly FilterPlugin[],
    readonly scorers: readonly ScorePlugin[],
    private readonly random: SeededRandom,
    private readonly nodes: () => readonly NodeInfo[],
  ) {
    this.filterNames = filters.map((f) => f.name);
    this.rawBufs = scorers.map(() => []);
    this.normBufs = scorers.map(() => []);
  }

  schedule(pod: PodInfo): AttemptResult {
    const state = new CycleState();
    const all = this.nodes();
    const record: AttemptRecord = {
      preFilter: [],
      filterPlugins: this.filterNames,
      skippedFilters: new Set(),
      passedFilters: new Set(),
      nodeList: all,
      start: 0,
      count: 0,
      failOffsets: [],
      failPlugins: [],
      failStatuses: [],
      scorePlugins: [],
      feasibleCount: 0,
    };
    if (all.length === 0) return { evaluatedNodes: 0, feasibleNodes: 0, noNodes: true, state, record };

    // PreFilter: a rejection here applies to every node.
    const active: FilterPlugin[] = [];
    const activeIndex: number[] = [];
    const skipped = record.skippedFilters as Set<string>;
    for (let i = 0; i < this.filters.length; i++) {
      const f = this.filters[i]!;
      if (f.passAll?.(pod)) {
        (record.passedFilters as Set<string>).add(f.name);
        continue;
      }
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
    const feasible = this.feasibleBuf;
    feasible.length = 0;
    const start = this.nextStartNodeIndex % n;
    record.start = start;
    const failedPlugins = new Set<string>();
    const nodeStatuses: FitError['nodeStatuses'] = [];
    // In chunks of the number of nodes still needed, plugin by plugin: the same nodes are
    // examined as one by one (a chunk never goes past the last feasible node needed).
    const cand = this.candBuf;
    const verdicts = this.verdictBuf;
    const by = this.byBuf;
    let offset = 0;
    while (feasible.length < toFind && offset < n) {
      const chunk = Math.min(toFind - feasible.length, n - offset);
      cand.length = 0;
      verdicts.length = 0;
      by.length = 0;
      for (let i = 0; i < chunk; i++) {
        cand.push(all[(start + offset + i) % n]!);
        verdicts.push(null);
        by.push(-1);
      }
      for (let p = 0; p < active.length; p++) {
        const f = active[p]!;
        if (f.filterAll) f.filterAll(state, pod, cand, verdicts);
        else for (let i = 0; i < chunk; i++) if (verdicts[i] === null) verdicts[i] = f.filter(state, pod, cand[i]!);
        const idx = activeIndex[p]!;
        for (let i = 0; i < chunk; i++) if (by[i] === -1 && verdicts[i] !== null) by[i] = idx;
      }
      for (let i = 0; i < chunk; i++) {
        const rejection = verdicts[i];
        if (rejection) {
          record.failOffsets.push(offset + i);
          (record.failPlugins as number[]).push(by[i]!);
          record.failStatuses.push(rejection);
          failedPlugins.add(this.filterNames[by[i]!]!);
          nodeStatuses.push({ node: cand[i]!.name, status: rejection });
        } else feasible.push(cand[i]!);
      }
      offset += chunk;
    }
    cand.length = 0;
    const processed = offset;
    // Pending pods keep their trace: keep it small on big clusters.
    if (feasible.length === 0) record.failOffsets = [];
    record.failPlugins = Uint8Array.from(record.failPlugins);
    this.nextStartNodeIndex = (start + processed) % n;
    record.count = processed;
    record.feasibleCount = feasible.length;

    if (feasible.length === 0) {
      return {
        evaluatedNodes: processed,
        feasibleNodes: 0,
        state,
        record,
        fitError: { numAllNodes: n, nodeStatuses, unschedulablePlugins: failedPlugins },
      };
    }
    if (feasible.length === 1) {
      const host = feasible[0]!.name;
      feasible.length = 0;
      return { host, evaluatedNodes: processed, feasibleNodes: 1, state, record };
    }

    // Score.
    const F = feasible.length;
    const totals = this.totalsBuf;
    resize(totals, F);
    const ran: number[][] = [];
    for (let s = 0; s < this.scorers.length; s++) {
      const sp = this.scorers[s]!;
      const run = sp.preScore ? sp.preScore(state, pod, feasible) : true;
      record.scorePlugins.push({ name: sp.name, weight: sp.weight, skipped: !run });
      if (!run) continue;
      const raw = this.rawBufs[s]!;
      resize(raw, F);
      if (sp.scoreAll) sp.scoreAll(state, pod, feasible, raw);
      else for (let i = 0; i < F; i++) raw[i] = sp.score(state, pod, feasible[i]!);
      let norm = raw;
      if (sp.normalize) {
        norm = this.normBufs[s]!;
        resize(norm, F);
        for (let i = 0; i < F; i++) norm[i] = raw[i]!;
        sp.normalize(state, pod, norm);
      }
      ran.push(raw, norm);
      const w = sp.weight;
      for (let i = 0; i < F; i++) totals[i] += norm[i]! * w;
    }
    record.scores = pack(ran, totals, record);

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
    const host = feasible[best]!.name;
    feasible.length = 0;
    return { host, evaluatedNodes: processed, feasibleNodes: F, state, record };
  }
}

let totalsHistogram = new Int32Array(1400);

/** Sets a scratch array to n zeros, growing by push so it stays a packed (fast) array. */
function resize(arr: number[], n: number): void {
  if (arr.length > n) arr.length = n;
  for (let i = 0; i < arr.length; i++) arr[i] = 0;
  while (arr.length < n) arr.push(0);
}

// Packed score arrays are carved out of shared slabs: one typed-array backing store per slab
// instead of one per attempt (those allocations dominated the packing cost).
const SLAB_SIZE = 16384;
let slab = new Int32Array(SLAB_SIZE);
let slabUsed = 0;

function allocPacked(n: number): Int32Array {
  if (n > SLAB_SIZE / 4) return new Int32Array(n);
  if (slabUsed + n > SLAB_SIZE) {
    slab = new Int32Array(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + n);
  slabUsed += n;
  return out;
}

/** Packs the score arrays of an attempt, keeping the best TRACE_SCORED_NODES when there are more. */
function pack(ran: number[][], totals: number[], record: AttemptRecord): Int32Array {
  const F = totals.length;
  let keep: Int32Array | undefined;
  if (F > TRACE_SCORED_NODES) {
    // Totals are small non-negative integers: a histogram finds the cut-off without sorting.
    let max = 0;
    for (let i = 0; i < F; i++) if (totals[i]! > max) max = totals[i]!;
    if (totalsHistogram.length <= max) totalsHistogram = new Int32Array(max + 1);
    else totalsHistogram.fill(0, 0, max + 1);
    for (let i = 0; i < F; i++) totalsHistogram[Math.max(0, totals[i]!)]!++;
    let threshold = max;
    let seen = totalsHistogram[max]!;
    while (seen < TRACE_SCORED_NODES && threshold > 0) seen += totalsHistogram[--threshold]!;
    let equal = TRACE_SCORED_NODES - (seen - totalsHistogram[threshold]!);
    keep = allocPacked(Math.min(F, TRACE_SCORED_NODES));
    let j = 0;
    for (let i = 0; i < F && j < keep.length; i++) {
      const t = totals[i]!;
      if (t > threshold || (t === threshold && equal-- > 0)) keep[j++] = i;
    }
    record.scoreIndex = keep;
  }
  const M = keep ? keep.length : F;
  const out = allocPacked((ran.length + 1) * M);
  for (let k = 0; k <= ran.length; k++) {
    const row = k < ran.length ? ran[k]! : totals;
    const base = k * M;
    if (keep) for (let j = 0; j < M; j++) out[base + j] = row[keep[j]!]!;
    else for (let j = 0; j < M; j++) out[base + j] = row[j]!;
  }
  return out;
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
