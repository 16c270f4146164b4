/**
 * `kubectl top node|pod` from the simulated metrics-server (cluster.metrics). Every cell is
 * tab-terminated as in kubectl's top printer, so the last column is padded too.
 */
import type { Node, Pod } from '../../../core/api/types.js';
import { cpuMillis, quantityValue } from '../../../core/api/quantity.js';
import { ALL_NAMESPACES_FLAG, type FlagSpec, type ParseResult } from '../../flags.js';
import type { CommandResult } from '../../shell/pipeline.js';
import { kubectlTable } from '../printers/index.js';
import type { KubectlCommand, KubectlContext } from '../types.js';

const MiB = 1024 * 1024;

function table(rows: string[][]): string {
  // printValue writes "%v\t" for every cell: an empty trailing cell makes the last column padded.
  return kubectlTable(rows.map((r) => [...r, '']));
}

/** Whether metrics-server answers at all: some node reports usage. */
function metricsAvailable(ctx: KubectlContext, nodes: Iterable<string> = []): boolean {
  const m = ctx.session.cluster.metrics;
  for (const n of nodes) if (m.nodeUsage(n) !== undefined) return true;
  for (const n of ctx.session.cluster.api.cachedList('nodes')) if (m.nodeUsage(n.metadata.name) !== undefined) return true;
  return ctx.session.cluster.info.nodes.some((n) => m.nodeUsage(n.name) !== undefined);
}

function validateSortBy(s: string): string | undefined {
  if (s && s !== 'cpu' && s !== 'memory') return `error: --sort-by accepts only cpu or memory\n`;
  return undefined;
}

const TOP_NODE_FLAGS: FlagSpec[] = [
  { name: 'no-headers', type: 'bool', usage: 'If present, print output without headers' },
  { name: 'selector', shorthand: 'l', type: 'string', usage: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'." },
  { name: 'show-capacity', type: 'bool', usage: 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.' },
  { name: 'sort-by', type: 'string', usage: "If non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'." },
  { name: 'use-protocol-buffers', type: 'bool', default: true, usage: 'Enables using protocol-buffers to access Metrics API.' },
];

export function runTopNode(ctx: KubectlContext, args: string[], parsed: ParseResult): CommandResult {
  const f = parsed.flags;
  const bad = validateSortBy(f['sort-by'] as string);
  if (bad) return { stdout: '', stderr: bad, exitCode: 1 };
  let nodes: Node[];
  if (args.length > 0) nodes = [ctx.client.get<Node>('nodes', undefined, args[0]!)];
  else nodes = ctx.client.list<Node>('nodes', undefined, f.selector ? { labelSelector: f.selector as string } : {}).items;
  const metrics = ctx.session.cluster.metrics;
  const withUsage: Array<{ node: Node; cpu: number; mem: number }> = [];
  const missing: string[] = [];
  for (const node of nodes) {
    const u = metrics.nodeUsage(node.metadata.name);
    if (u) withUsage.push({ node, cpu: u.cpuMillis, mem: u.memoryBytes });
    else missing.push(node.metadata.name);
  }
  if (withUsage.length === 0 && !metricsAvailable(ctx)) return { stdout: '', stderr: 'error: Metrics API not available\n', exitCode: 1 };
  if (args.length > 0 && withUsage.length === 0) {
    return { stdout: '', stderr: `Error from server (NotFound): nodemetrics.metrics.k8s.io "${args[0]}" not found\n`, exitCode: 1 };
  }
  if (withUsage.length === 0 && nodes.length > 0) return { stdout: '', stderr: 'error: metrics not available yet\n', exitCode: 1 };
  const sortBy = f['sort-by'] as string;
  withUsage.sort((a, b) => (sortBy === 'cpu' ? b.cpu - a.cpu : sortBy === 'memory' ? b.mem - a.mem : a.node.metadata.name < b.node.metadata.name ? -1 : 1));
  const rows: string[][] = [];
  if (!f['no-headers']) rows.push(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
  for (const { node, cpu, mem } of withUsage) {
    const avail = (f['show-capacity'] ? node.status?.capacity : node.status?.allocatable) ?? {};
    const cpuAvail = avail.cpu ? cpuMillis(avail.cpu) : 0;
    const memAvail = avail.memory ? quantityValue(avail.memory) : 0;
    // Quantity.MilliValue() of memory is bytes*1000 on both sides: the ratio is the same.
    const pct = (used: number, total: number): string => `${total ? Math.trunc((used / total) * 100) : 0}%`;
    rows.push([node.metadata.name, `${Math.round(cpu)}m`, pct(cpu, cpuAvail), `${Math.trunc(mem / MiB)}Mi`, pct(mem, memAvail)]);
  }
  for (const name of missing.sort()) rows.push([name, '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
  return { stdout: table(rows), stderr: '', exitCode: 0 };
}

const TOP_POD_FLAGS: FlagSpec[] = [
  ALL_NAMESPACES_FLAG,
  { name: 'containers', type: 'bool', usage: 'If present, print usage of containers within a pod.' },
  { name: 'field-selector', type: 'string', usage: "Selector (field query) to filter on, supports '=', '==', and '!='." },
  { name: 'no-headers', type: 'bool', usage: 'If present, print output without headers.' },
  { name: 'selector', shorthand: 'l', type: 'string', usage: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'." },
  { name: 'sort-by', type: 'string', usage: "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'." },
  { name: 'sum', type: 'bool', usage: 'Print the sum of the resource usage' },
  { name: 'use-protocol-buffers', type: 'bool', default: true, usage: 'Enables using protocol-buffers to access Metrics API.' },
];

export function runTopPod(ctx: KubectlContext, args: string[], parsed: ParseResult): CommandResult {
  const f = parsed.flags;
  const bad = validateSortBy(f['sort-by'] as string);
  if (bad) return { stdout: '', stderr: bad, exitCode: 1 };
  const all = !!f['all-namespaces'];
  const metrics = ctx.session.cluster.metrics;
  let pods: Pod[];
  if (args.length > 0) {
    const pod = ctx.client.get<Pod>('pods', ctx.namespace, args[0]!);
    pods = [pod];
  } else {
    const opts: Record<string, string> = {};
    if (f.selector) opts.labelSelector = f.selector as string;
    if (f['field-selector']) opts.fieldSelector = f['field-selector'] as string;
    pods = ctx.client.list<Pod>('pods', all ? undefined : ctx.namespace, opts).items;
  }
  const infos: Array<{ ns: string; name: string; containers: Array<{ name: string; cpu: number; mem: number }>; cpu: number; mem: number }> = [];
  for (const pod of pods) {
    const u = metrics.podUsage(pod.metadata.namespace ?? '', pod.metadata.name, pod.spec?.nodeName || undefined);
    if (!u) continue;
    const containers = u.containers.map((c) => ({ name: c.name, cpu: c.cpuMillis, mem: c.memoryBytes }));
    infos.push({
      ns: pod.metadata.namespace ?? '',
      name: pod.metadata.name,
      containers,
      cpu: containers.reduce((s, c) => s + c.cpu, 0),
      mem: containers.reduce((s, c) => s + c.mem, 0),
    });
  }
  if (infos.length === 0 && !metricsAvailable(ctx, pods.map((p) => p.spec?.nodeName ?? ''))) return { stdout: '', stderr: 'error: Metrics API not available\n', exitCode: 1 };
  if (args.length > 0 && infos.length === 0) {
    return { stdout: '', stderr: `Error from server (NotFound): podmetrics.metrics.k8s.io "${ctx.namespace}/${args[0]}" not found\n`, exitCode: 1 };
  }
  if (infos.length === 0) {
    if (pods.length === 0) return { stdout: '', stderr: all ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`, exitCode: 0 };
    return { stdout: '', stderr: 'error: metrics not available yet\n', exitCode: 1 };
  }
  const sortBy = f['sort-by'] as string;
  infos.sort((a, b) => (sortBy === 'cpu' ? b.cpu - a.cpu : sortBy === 'memory' ? b.mem - a.mem : a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.name < b.name ? -1 : 1));
  const rows: string[][] = [];
  const nsCol = all ? ['NAMESPACE'] : [];
  const withContainers = !!f.containers;
  if (!f['no-headers']) rows.push(withContainers ? [...nsCol, 'POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)'] : [...nsCol, 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
  const cell = (cpu: number, mem: number): string[] => [`${Math.round(cpu)}m`, `${Math.trunc(mem / MiB)}Mi`];
  for (const i of infos) {
    const ns = all ? [i.ns] : [];
    if (withContainers) for (const c of i.containers) rows.push([...ns, i.name, c.name, ...cell(c.cpu, c.mem)]);
    else rows.push([...ns, i.name, ...cell(i.cpu, i.mem)]);
  }
  if (f.sum) {
    const cpu = infos.reduce((s, i) => s + i.cpu, 0);
    const mem = infos.reduce((s, i) => s + i.mem, 0);
    const lead = [...nsCol.map(() => ''), ...(withContainers ? [''] : [])];
    rows.push([...lead, '', '________', '________'], [...lead, '', ...cell(cpu, mem)]);
  }
  return { stdout: table(rows), stderr: '', exitCode: 0 };
}

export const topCommand: KubectlCommand = {
  name: 'top',
  adm: true,
  short: 'Display resource (CPU/memory) usage',
  help: `Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.

Usage:
  kubectl top [flags] [options]`,
  subcommands: [
    {
      name: 'node',
      aliases: ['nodes', 'no'],
      short: 'Display resource (CPU/memory) usage of nodes',
      help: `Display resource (CPU/memory) usage of nodes.

 The top-node command allows you to see the resource consumption of nodes.

Usage:
  kubectl top node [NAME | -l label] [options]`,
      flags: TOP_NODE_FLAGS,
      run: runTopNode,
    },
    {
      name: 'pod',
      aliases: ['pods', 'po'],
      short: 'Display resource (CPU/memory) usage of pods',
      help: `Display resource (CPU/memory) usage of pods.

 The 'top pod' command allows you to see the resource consumption of pods.

 Due to the metrics pipeline delay, they may be unavailable for a few minutes since pod creation.

Usage:
  kubectl top pod [NAME | -l label] [options]`,
      flags: TOP_POD_FLAGS,
      run: runTopPod,
    },
  ],
};

