/**
 * The `:api` view's data: the API server's request log as table rows (newest first), and for
 * one request every stage it went through: authentication, authorization, each admission plugin
 * in order (the mutation as a diff of the object as sent against the object as stored),
 * validation, the etcd write and the watchers told about it.
 */
import type { Cluster } from '../../core/cluster.js';
import type { RequestRecord, StageRecord } from '../../core/apiserver/requestlog.js';
import { toYaml } from '../../commands/kubectl/printers/index.js';
import type { Renderer, Row } from './renderer.js';
import type { RowProvider } from './table-model.js';

export const REQUEST_COLUMNS = ['TIME', 'VERB', 'RESOURCE', 'NAMESPACE', 'NAME', 'USER', 'CODE', 'LATENCY'];

export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

function resourceOf(r: RequestRecord): string {
  return r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
}

export const requestRenderer: Renderer<RequestRecord> = {
  columns: REQUEST_COLUMNS,
  flexible: ['USER', 'NAME', 'NAMESPACE', 'RESOURCE'],
  optional: ['NAMESPACE'],
  statusColumn: REQUEST_COLUMNS.indexOf('CODE'),
  row(r: RequestRecord): Row {
    const error = r.code >= 400;
    return {
      key: String(r.id),
      cells: [clockTime(r.at), r.verb.toUpperCase(), resourceOf(r), r.namespace ?? '', r.name ?? '', r.user, String(r.code), `${r.latencyMs.toFixed(1)}ms`],
      problem: error ? `HTTP ${r.code}` : '',
      tone: error ? 'error' : 'ok',
    };
  },
};

/** How many requests the table lists (the log keeps more for /metrics' sake). */
export const REQUESTS_SHOWN = 500;

export function requestProvider(cluster: Cluster): RowProvider {
  return {
    version: () => cluster.api.log.version,
    renderer: () => requestRenderer,
    objects: () => cluster.api.log.recent(REQUESTS_SHOWN).reverse(),
    header: () => {
      const log = cluster.api.log;
      const chain = cluster.api.admissionChain();
      return [
        `requests seen: ${log.version}  (newest first; Enter shows every stage of a request)`,
        `admission: mutating ${chain.mutating.join(', ') || 'none'} | validating ${chain.validating.join(', ') || 'none'}`,
      ];
    },
  };
}

export function findRequest(cluster: Cluster, id: number): RequestRecord | undefined {
  return cluster.api.log.recent().find((r) => r.id === id);
}

const STAGE_TITLES: Record<StageRecord['stage'], string> = {
  authentication: 'Authentication',
  authorization: 'Authorization',
  'mutating-admission': 'Mutating admission',
  validation: 'Validation',
  'validating-admission': 'Validating admission',
  storage: 'Storage (etcd)',
  watch: 'Watch',
};

function stageLines(stages: StageRecord[], stage: StageRecord['stage'], empty: string): string[] {
  const mine = stages.filter((s) => s.stage === stage);
  if (mine.length === 0) return [`  ${empty}`];
  return mine.map((s) => `  ${s.name.padEnd(24)} ${s.decision.padEnd(7)} ${s.detail ?? ''}`.trimEnd());
}

/** Every stage of one request, in the order the API server ran them. */
export function requestDetail(cluster: Cluster, r: RequestRecord): string[] {
  const chain = cluster.api.admissionChain();
  const target = `${resourceOf(r)}${r.namespace ? ` -n ${r.namespace}` : ''}${r.name ? ` ${r.name}` : ''}`;
  const failed = r.stages.find((s) => s.decision === 'deny' || s.decision === 'error');
  const out: string[] = [
    `Request #${r.id}: ${r.verb.toUpperCase()} ${target}`,
    `  at ${clockTime(r.at)}  status ${r.code}  latency ${r.latencyMs.toFixed(2)}ms`,
    `  user ${r.user}${r.userAgent ? `  user-agent ${r.userAgent}` : ''}`,
    ...(failed ? [`  stopped at ${STAGE_TITLES[failed.stage]} (${failed.name}): ${failed.detail ?? failed.decision}`] : []),
    '',
    '1. Authentication (who, how)',
    ...stageLines(r.stages, 'authentication', 'no credentials recorded'),
    '2. Authorization (which binding allowed it, or why not)',
    ...stageLines(r.stages, 'authorization', 'not reached'),
  ];
  const writes = r.verb !== 'get' && r.verb !== 'list' && r.verb !== 'watch';
  const reached = (stage: StageRecord['stage']): boolean => r.stages.some((s) => s.stage === stage);
  const pastAuthz = r.stages.some((s) => s.stage !== 'authentication' && s.stage !== 'authorization') || (r.code < 400 && reached('authorization'));
  if (writes) {
    out.push(`3. Mutating admission, in order: ${chain.mutating.join(' -> ') || 'none'}`);
    const muts = r.stages.filter((s) => s.stage === 'mutating-admission');
    if (muts.length) out.push(...stageLines(r.stages, 'mutating-admission', ''));
    else out.push(pastAuthz ? '  every plugin let the object pass unchanged' : '  not reached');
    out.push('4. Validation');
    out.push(...stageLines(r.stages, 'validation', pastAuthz ? 'nothing to validate (delete)' : 'not reached'));
    out.push(`5. Validating admission, in order: ${chain.validating.join(' -> ') || 'none'}`);
    const vals = r.stages.filter((s) => s.stage === 'validating-admission');
    if (vals.length) out.push(...stageLines(r.stages, 'validating-admission', ''));
    else out.push(reached('storage') && r.code < 400 ? '  every plugin admitted it' : '  not reached');
    out.push('6. etcd write');
    if (r.etcdKey) out.push(`  key ${r.etcdKey}`, `  revision ${r.revision ?? '?'}`);
    out.push(...stageLines(r.stages, 'storage', 'not written'));
  } else {
    out.push('3. Read from the watch cache (no admission, no etcd write)');
    out.push(...stageLines(r.stages, 'storage', r.code < 400 ? `served ${r.verb}` : 'not served'));
  }
  out.push(`${writes ? '7' : '4'}. Watchers notified`);
  if (r.watchersNotified !== undefined) out.push(`  ${r.watchersNotified} watch${r.watchersNotified === 1 ? '' : 'es'} received the event`);
  else if (writes && r.revision !== undefined) out.push(`  every watch on ${r.resource} that can see the object got the event at revision ${r.revision} (the count is not recorded)`);
  else out.push('  none (nothing was written)');
  if (writes && r.before !== undefined && r.after !== undefined) {
    out.push('', 'Mutation: the object as sent (-) and as stored (+): defaulting, admission and server fields');
    out.push(...diffLines(objectLines(r.before), objectLines(r.after)));
  }
  return out;
}

function objectLines(o: unknown): string[] {
  try {
    return toYaml(o).replace(/\n$/, '').split('\n');
  } catch {
    return [String(o)];
  }
}

const DIFF_MAX = 600;

/** A unified-style diff (changed lines with 2 lines of context), by longest common subsequence. */
export function diffLines(a: string[], b: string[]): string[] {
  if (a.length > DIFF_MAX || b.length > DIFF_MAX) return [`  (object too large to diff: ${a.length} and ${b.length} lines)`];
  const n = a.length;
  const m = b.length;
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const ops: Array<{ t: ' ' | '-' | '+'; s: string }> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ t: ' ', s: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) ops.push({ t: '-', s: a[i++]! });
    else ops.push({ t: '+', s: b[j++]! });
  }
  while (i < n) ops.push({ t: '-', s: a[i++]! });
  while (j < m) ops.push({ t: '+', s: b[j++]! });
  if (!ops.some((o) => o.t !== ' ')) return ['  (no difference)'];
  const keep = new Set<number>();
  ops.forEach((o, k) => {
    if (o.t === ' ') return;
    for (let d = -2; d <= 2; d++) keep.add(k + d);
  });
  const out: string[] = [];
  let last = -1;
  ops.forEach((o, k) => {
    if (!keep.has(k)) return;
    if (last >= 0 && k > last + 1) out.push('  ...');
    out.push(`${o.t} ${o.s}`);
    last = k;
  });
  return out;
}
