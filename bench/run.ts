/**
 * `npm run bench`: the simulation at scale. For each size it builds a cluster, creates
 * Deployments for the pods, and advances the virtual clock until every pod runs, measuring wall
 * time, scheduling throughput and peak RSS. Not a test: numbers depend on the machine.
 *
 *   npm run bench                       both sizes (1,000 nodes / 30,000 pods; 5,000 / 150,000)
 *   npm run bench -- --size small       one size (tiny | small | large)
 *   npm run bench -- --json             JSON instead of a table
 *   npm run bench -- --events off       without Event objects (reported in the output)
 *   npm run bench -- --dashboard off    without the dashboard section (bench/tui.ts, 150,000 pods)
 */
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Cluster } from '../src/core/cluster.js';
import type { KObject } from '../src/core/api/types.js';

interface Size {
  name: string;
  nodes: number;
  pods: number;
}

const SIZES: Size[] = [
  { name: 'tiny', nodes: 200, pods: 6_000 },
  { name: 'small', nodes: 1_000, pods: 30_000 },
  { name: 'large', nodes: 5_000, pods: 150_000 },
];

interface Result {
  size: string;
  nodes: number;
  pods: number;
  events: boolean;
  setupSeconds: number;
  scheduledPerSecond: number;
  secondsUntilAllScheduled: number;
  secondsUntilAllRunning: number;
  simulatedSecondsUntilAllRunning: number;
  /** CPU time (user + system) this process spent until all ran: steadier than wall time on a shared machine. */
  cpuSecondsUntilAllRunning: number;
  peakRssMiB: number;
  allRunning: boolean;
}

let peakRss = 0;
function sampleRss(): void {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}

function deployment(i: number, replicas: number): KObject {
  const labels = { app: `app-${i}` };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `app-${i}`, namespace: 'bench' },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
      },
    },
  };
}

function runSize(size: Size, events: boolean, maxSimSeconds: number): Result {
  const t0 = performance.now();
  const cluster = new Cluster({
    flavor: 'kubernetes',
    controlPlane: 1,
    workers: Array.from({ length: size.nodes }, (_, i) => ({ name: `node-${i + 1}`, capacity: { cpu: '16', memory: '64Gi', pods: '110' }, images: ['nginx:1.25'] })),
    seed: 1,
    events,
  }).start();
  cluster.advance(1000);
  cluster.admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
  cluster.advance(1000);
  let scheduled = 0;
  let running = 0;
  const pods = cluster.informers.for('pods');
  pods.on({
    update(oldPod, newPod) {
      if (newPod.metadata.namespace !== 'bench') return;
      if (!oldPod.spec?.nodeName && newPod.spec?.nodeName) scheduled++;
      const was = oldPod.status?.phase === 'Running';
      const is = newPod.status?.phase === 'Running';
      if (!was && is) running++;
      else if (was && !is) running--;
    },
  });
  const setupSeconds = (performance.now() - t0) / 1000;
  sampleRss();
  const perDeployment = 300;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const simStart = cluster.clock.now();
  for (let i = 0; i * perDeployment < size.pods; i++) {
    cluster.admin.create(deployment(i, Math.min(perDeployment, size.pods - i * perDeployment)));
  }
  let allScheduledAt: number | undefined;
  let allRunningAt: number | undefined;
  while (cluster.clock.now() - simStart < maxSimSeconds * 1000) {
    cluster.advance(1000);
    sampleRss();
    if (allScheduledAt === undefined && scheduled >= size.pods) allScheduledAt = performance.now();
    if (running >= size.pods) {
      allRunningAt = performance.now();
      break;
    }
  }
  const end = allRunningAt ?? performance.now();
  const cpu = process.cpuUsage(cpuStart);
  const scheduledSeconds = ((allScheduledAt ?? end) - start) / 1000;
  return {
    size: size.name,
    nodes: size.nodes,
    pods: size.pods,
    events,
    setupSeconds: round(setupSeconds),
    scheduledPerSecond: Math.round(scheduled / scheduledSeconds),
    secondsUntilAllScheduled: round(scheduledSeconds),
    secondsUntilAllRunning: round((end - start) / 1000),
    simulatedSecondsUntilAllRunning: Math.round((cluster.clock.now() - simStart) / 1000),
    cpuSecondsUntilAllRunning: round((cpu.user + cpu.system) / 1e6),
    peakRssMiB: Math.round(peakRss / 1024 / 1024),
    allRunning: allRunningAt !== undefined,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function table(results: Result[]): string {
  const header = ['SIZE', 'NODES', 'PODS', 'EVENTS', 'SETUP(s)', 'PODS/s SCHEDULED', 'ALL SCHEDULED(s)', 'ALL RUNNING(s)', 'CPU(s)', 'SIM(s)', 'PEAK RSS(MiB)'];
  const rows = results.map((r) => [
    r.size,
    String(r.nodes),
    String(r.pods),
    r.events ? 'on' : 'off',
    String(r.setupSeconds),
    String(r.scheduledPerSecond),
    String(r.secondsUntilAllScheduled),
    r.allRunning ? String(r.secondsUntilAllRunning) : 'not all',
    String(r.cpuSecondsUntilAllRunning),
    String(r.simulatedSecondsUntilAllRunning),
    String(r.peakRssMiB),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows].map((row) => row.map((c, i) => c.padEnd(widths[i]! + 3)).join('').trimEnd()).join('\n');
}

const { values } = parseArgs({
  options: {
    size: { type: 'string' },
    json: { type: 'boolean' },
    events: { type: 'string', default: 'on' },
    'max-sim-seconds': { type: 'string', default: '600' },
    dashboard: { type: 'string', default: 'on' },
  },
});
const sizes = values.size ? SIZES.filter((s) => s.name === values.size) : SIZES.filter((s) => s.name !== 'tiny');
if (sizes.length === 0) {
  console.error(`bench: unknown --size "${values.size}" (tiny | small | large)`);
  process.exit(2);
}
let results: Result[];
if (values.size) {
  results = [runSize(sizes[0]!, values.events !== 'off', Number(values['max-sim-seconds']))];
} else {
  // One process per size, so each peak RSS is its own.
  const runner = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
  const self = fileURLToPath(import.meta.url);
  results = sizes.map((s) => {
    const out = execFileSync(process.execPath, [runner, self, '--size', s.name, '--json', '--events', values.events!, '--max-sim-seconds', values['max-sim-seconds']!], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return (JSON.parse(out) as Result[])[0]!;
  });
}
console.log(values.json ? JSON.stringify(results, null, 2) : table(results));
// The dashboard at 150,000 pods (bench/tui.ts), in its own process; `--dashboard off` skips it.
if (!values.size && values.dashboard !== 'off') {
  const runner = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
  const tui = fileURLToPath(new URL('./tui.ts', import.meta.url));
  if (!values.json) console.log('\nDashboard (bench/tui.ts)');
  execFileSync(process.execPath, [runner, tui, ...(values.json ? ['--json'] : [])], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CI: '' } });
}
