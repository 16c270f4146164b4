/**
 * Per-pod record of the last scheduling attempt, for the `:sched` view (what
 * kube-scheduler-simulator shows): every examined node with each filter plugin's verdict and
 * each score plugin's raw, normalised and weighted score. Attempts are stored compactly and
 * expanded only when asked for; traces are kept for pending pods and the last 1000 scheduled.
 */
import type { AttemptRecord } from './framework.js';
import { CODE_NAMES, Code } from './types.js';

export interface FilterVerdict {
  plugin: string;
  /** Passed; Rejected (this plugin said no); Skipped (PreFilter said the pod does not need it); NotRun (an earlier plugin rejected). */
  result: 'Passed' | 'Rejected' | 'Skipped' | 'NotRun';
  code?: string;
  reasons?: string[];
}

export interface ScoreVerdict {
  plugin: string;
  weight: number;
  skipped: boolean;
  raw: number;
  normalized: number;
  weighted: number;
}

export interface NodeTrace {
  node: string;
  feasible: boolean;
  filters: FilterVerdict[];
  /** Absent for a feasible node when the trace kept only the best nodes' scores (big clusters). */
  scores?: ScoreVerdict[];
  total?: number;
  selected: boolean;
}

export interface SchedulingTrace {
  pod: string;
  uid?: string;
  attempt: number;
  time: string;
  timeMs: number;
  result: 'Scheduled' | 'Unschedulable' | 'Error' | 'WaitingForVolumes';
  node?: string;
  message?: string;
  totalNodes: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  preFilter: Array<{ plugin: string; result: string; reasons: string[] }>;
  nodes: NodeTrace[];
}

export interface TraceEntry {
  pod: string;
  uid?: string;
  attempt: number;
  timeMs: number;
  result: SchedulingTrace['result'];
  node?: string;
  message?: string;
  totalNodes: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  /** PreFilter rejection: every node gets this verdict. */
  preFilterReject?: { plugin: string; code: number; reasons: readonly string[]; nodes: string[] };
  record: AttemptRecord;
}

export const SCHEDULED_TRACES_KEPT = 1000;

export class TraceStore {
  private pending = new Map<string, TraceEntry>();
  private scheduled = new Map<string, TraceEntry>();

  record(entry: TraceEntry): void {
    if (entry.result === 'Scheduled') {
      this.pending.delete(entry.pod);
      this.scheduled.delete(entry.pod);
      this.scheduled.set(entry.pod, entry);
      if (this.scheduled.size > SCHEDULED_TRACES_KEPT) this.scheduled.delete(this.scheduled.keys().next().value!);
    } else {
      this.scheduled.delete(entry.pod);
      this.pending.set(entry.pod, entry);
    }
  }

  /** The pod is gone: a pending trace goes with it (scheduled ones age out). */
  forget(key: string): void {
    this.pending.delete(key);
  }

  clear(): void {
    this.pending.clear();
    this.scheduled.clear();
  }

  get size(): number {
    return this.pending.size + this.scheduled.size;
  }

  get(key: string): SchedulingTrace | undefined {
    const e = this.pending.get(key) ?? this.scheduled.get(key);
    return e && expand(e);
  }
}

function expand(e: TraceEntry): SchedulingTrace {
  const r = e.record;
  const preFilter = r.preFilter.map((p) => ({
    plugin: p.plugin,
    result: p.status === null ? 'Success' : CODE_NAMES[p.status.code],
    reasons: p.status && p.status.code !== Code.Skip ? [...p.status.reasons] : [],
  }));
  const nodes: NodeTrace[] = [];
  if (e.preFilterReject) {
    const rej = e.preFilterReject;
    for (const name of rej.nodes) {
      nodes.push({
        node: name,
        feasible: false,
        selected: false,
        filters: r.filterPlugins.map((plugin) =>
          plugin === rej.plugin
            ? { plugin, result: 'Rejected', code: CODE_NAMES[rej.code as 0], reasons: [...rej.reasons] }
            : { plugin, result: r.skippedFilters.has(plugin) ? 'Skipped' : 'NotRun' },
        ),
      });
    }
  }
  const allFailed = r.failOffsets.length === 0 && r.failStatuses.length > 0;
  const failAt = new Map(r.failOffsets.map((off, j) => [off, j]));
  const list = r.nodeList;
  const K = r.scorePlugins.filter((sp) => !sp.skipped).length;
  const kept = r.scoreIndex ? new Map(Array.from(r.scoreIndex, (fi, j) => [fi, j])) : undefined;
  const M = r.scoreIndex ? r.scoreIndex.length : r.feasibleCount;
  let fi = 0;
  for (let i = 0; i < r.count && list.length > 0; i++) {
    const node = list[(r.start + i) % list.length]!;
    const j = allFailed ? i : failAt.get(i);
    const by = j === undefined ? -1 : r.failPlugins[j]!;
    const filters: FilterVerdict[] = r.filterPlugins.map((plugin, p) => {
      if (r.skippedFilters.has(plugin)) return { plugin, result: 'Skipped' };
      if (by < 0 || p < by || r.passedFilters.has(plugin)) return { plugin, result: 'Passed' };
      if (p === by) return { plugin, result: 'Rejected', code: CODE_NAMES[r.failStatuses[j!]!.code], reasons: [...r.failStatuses[j!]!.reasons] };
      return { plugin, result: 'NotRun' };
    });
    const t: NodeTrace = { node: node.name, feasible: by < 0, filters, selected: node.name === e.node && by < 0 };
    if (by < 0) {
      const packed = r.scores;
      const j = kept ? kept.get(fi) : fi;
      if (packed && j !== undefined) {
        let k = 0;
        t.scores = r.scorePlugins.map((sp) => {
          if (sp.skipped) return { plugin: sp.name, weight: sp.weight, skipped: true, raw: 0, normalized: 0, weighted: 0 };
          const raw = packed[2 * k * M + j]!;
          const normalized = packed[(2 * k + 1) * M + j]!;
          k++;
          return { plugin: sp.name, weight: sp.weight, skipped: false, raw, normalized, weighted: normalized * sp.weight };
        });
        t.total = packed[2 * K * M + j];
      }
      fi++;
    }
    nodes.push(t);
  }
  return {
    pod: e.pod,
    uid: e.uid,
    attempt: e.attempt,
    time: new Date(e.timeMs).toISOString(),
    timeMs: e.timeMs,
    result: e.result,
    node: e.node,
    message: e.message,
    totalNodes: e.totalNodes,
    evaluatedNodes: e.evaluatedNodes,
    feasibleNodes: e.feasibleNodes,
    preFilter,
    nodes,
  };
}
