/**
 * The `:sched` view's lines, as kube-scheduler-simulator shows an attempt: for one pod, every
 * node with each filter plugin's verdict and reason, and each score plugin's raw, normalised
 * and weighted score, from the scheduler's own trace of its last attempt.
 */
import type { Cluster } from '../../core/cluster.js';
import type { SchedulerComponent, SchedulingTrace } from '../../core/scheduler/index.js';

export function schedulerOf(cluster: Cluster): SchedulerComponent | undefined {
  const s = cluster.scheduler as Partial<SchedulerComponent>;
  return typeof s.trace === 'function' ? (s as SchedulerComponent) : undefined;
}

/** Changes whenever the scheduler makes an attempt (the trace may have changed). */
export function schedVersion(cluster: Cluster): number {
  return schedulerOf(cluster)?.stats.attempts ?? 0;
}

function cpu(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

function mem(b: number): string {
  const mi = b / (1024 * 1024);
  return mi >= 1024 && mi % 1024 === 0 ? `${mi / 1024}Gi` : `${Math.round(mi)}Mi`;
}

export function schedLines(cluster: Cluster, key: string): string[] {
  const [ns = '', name = ''] = key.split('/');
  const sched = schedulerOf(cluster);
  if (!sched) return ['The scheduler of this cluster keeps no traces.'];
  const pod = cluster.api.cached('pods', ns, name);
  const trace = sched.trace(ns, name);
  if (!trace) {
    const where = pod?.spec?.nodeName ? `it runs on ${pod.spec.nodeName}; its trace has aged out (the last 1000 scheduled pods keep one)` : pod ? 'the scheduler has not tried it yet' : 'the pod does not exist';
    return [`Pod ${key}: no scheduling attempt recorded (${where}).`];
  }
  return traceLines(trace, (n) => {
    const s = sched.nodeSummary(n);
    return s ? `cpu ${cpu(s.requested.cpuMillis)}/${cpu(s.allocatable.cpuMillis)}  memory ${mem(s.requested.memoryBytes)}/${mem(s.allocatable.memoryBytes)}  pods ${s.pods}/${s.allocatable.pods}` : '';
  });
}

export function traceLines(t: SchedulingTrace, nodeInfo: (node: string) => string = () => ''): string[] {
  const out: string[] = [
    `Pod ${t.pod}  attempt ${t.attempt} at ${t.time.slice(11, 19)}: ${t.result}${t.node ? ` on ${t.node}` : ''}`,
    ...(t.message ? [`  ${t.message}`] : []),
    `  nodes: ${t.totalNodes} in the cluster, ${t.evaluatedNodes} evaluated, ${t.feasibleNodes} feasible`,
  ];
  if (t.preFilter.length) {
    out.push('PreFilter');
    for (const p of t.preFilter) out.push(`  ${p.plugin.padEnd(32)} ${p.result}${p.reasons.length ? `: ${p.reasons.join('; ')}` : ''}`);
  }
  const w = Math.max(4, ...t.nodes.map((n) => n.node.length)) + 2;
  out.push('', `${'NODE'.padEnd(w)}${'FILTERS'.padEnd(44)}SCORE`);
  for (const n of t.nodes) {
    const rejected = n.filters.find((f) => f.result === 'Rejected');
    const passed = n.filters.filter((f) => f.result === 'Passed').length;
    const run = n.filters.filter((f) => f.result !== 'Skipped').length;
    const verdict = rejected ? `rejected by ${rejected.plugin}` : `passed ${passed}/${run} (${n.filters.length - run} skipped)`;
    const score = n.total !== undefined ? String(n.total) : n.feasible ? '(not kept)' : '-';
    out.push(`${n.node.padEnd(w)}${verdict.padEnd(44)}${score}${n.selected ? '  <- selected' : ''}`);
  }
  out.push('', 'Filter plugins, per node (Passed, Rejected with the reason, Skipped by PreFilter, NotRun after a rejection)');
  for (const n of t.nodes) {
    const info = nodeInfo(n.node);
    out.push(`${n.node}${n.feasible ? '  feasible' : '  infeasible'}${info ? `  (${info})` : ''}`);
    for (const f of n.filters) {
      const why = f.result === 'Rejected' ? `  ${f.code ?? ''}: ${(f.reasons ?? []).join('; ')}` : '';
      out.push(`  ${f.plugin.padEnd(32)} ${f.result}${why}`);
    }
  }
  const scored = t.nodes.filter((n) => n.scores);
  out.push('', 'Score plugins, per feasible node (raw, normalised 0-100, x weight = weighted)');
  if (scored.length === 0) out.push('  no node was scored (none feasible, or only one: the scheduler skips scoring then)');
  for (const n of scored) {
    out.push(`${n.node}  total ${n.total ?? '?'}${n.selected ? '  <- selected' : ''}`);
    for (const s of n.scores!) {
      out.push(s.skipped ? `  ${s.plugin.padEnd(32)} skipped` : `  ${s.plugin.padEnd(32)} raw ${String(s.raw).padStart(4)}  normalised ${String(s.normalized).padStart(3)} x ${s.weight} = ${s.weighted}`);
    }
  }
  return out;
}
