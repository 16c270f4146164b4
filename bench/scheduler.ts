/**
 * Scheduler throughput check (not a test): `node bin/run-ts.js bench/scheduler.ts [nodes] [pods]`.
 * 1. framework only: the cache, filters, scores and assume, no API server;
 * 2. in a Cluster: pods created through the API, bound through the API, events on or off.
 */
import { performance } from 'node:perf_hooks';

/** Wall and CPU milliseconds of fn (CPU time matters on a shared machine). */
function measure(fn: () => void): { wall: number; cpu: number } {
  const w = performance.now();
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return { wall: performance.now() - w, cpu: (d.user + d.system) / 1000 };
}

function rate(n: number, ms: number): number {
  return Math.round((n / ms) * 1000);
}
import { SchedulerCache } from '../src/core/scheduler/cache.js';
import { Scheduler } from '../src/core/scheduler/scheduler.js';
import { newPodInfo } from '../src/core/scheduler/podinfo.js';
import { Cluster } from '../src/core/cluster.js';
import type { Node, Pod } from '../src/core/api/types.js';

const NODES = Number(process.argv[2] ?? 1000);
const PODS = Number(process.argv[3] ?? 20000);

function node(name: string, zone: string): Node {
  const alloc = { cpu: '32', memory: '128Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone } },
    spec: {},
    status: { capacity: alloc, allocatable: alloc, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function pod(i: number, ns = 'bench'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${i}`, namespace: ns, labels: { app: `app-${i % 50}` } },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
  };
}

function frameworkOnly(): void {
  const cluster = new Cluster({ flavor: 'kubernetes', controlPlane: 1, workers: [] });
  const sched = cluster.scheduler as Scheduler;
  // Use the scheduler's own cache and framework without starting it.
  const cache: SchedulerCache = sched.cache;
  for (let i = 0; i < NODES; i++) cache.setNode(node(`n-${i}`, `zone-${i % 3}`));
  const infos = Array.from({ length: PODS }, (_, i) => newPodInfo(pod(i)));
  let placed = 0;
  const m = measure(() => {
    for (const info of infos) {
      const res = sched.framework.schedule(info);
      if (res.host) {
        cache.assume(info, res.host);
        placed++;
      }
    }
  });
  console.log(`framework only: ${placed}/${PODS} pods on ${NODES} nodes: wall ${m.wall.toFixed(0)} ms (${rate(placed, m.wall)} pods/s), cpu ${m.cpu.toFixed(0)} ms (${rate(placed, m.cpu)} pods/s)`);
}

function inCluster(events: boolean): void {
  const cluster = new Cluster({ flavor: 'kubernetes', controlPlane: 1, workers: [], events });
  cluster.start();
  cluster.controllerManager.stop();
  for (const k of cluster.kubelets.values()) k.stop();
  const sched = cluster.scheduler as Scheduler;
  for (let i = 0; i < NODES; i++) {
    const n = cluster.admin.create<Node>(node(`n-${i}`, `zone-${i % 3}`));
    cluster.admin.update({ ...n, spec: { taints: [] } });
  }
  if (!cluster.admin.tryGet('namespaces', undefined, 'bench')) cluster.admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
  if (!cluster.admin.tryGet('serviceaccounts', 'bench', 'default')) cluster.admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'bench' } });
  cluster.advance(1);
  sched.stop();
  for (let i = 0; i < PODS; i++) cluster.api.handle({ verb: 'create', resource: 'pods', namespace: 'bench', body: pod(i), user: { username: 'system:admin', groups: ['system:masters'] } });
  cluster.advance(1);
  const m = measure(() => {
    sched.start();
    cluster.advance(1);
  });
  const n = sched.stats.scheduled;
  console.log(
    `in cluster (events ${events ? 'on' : 'off'}): ${n}/${PODS} pods bound through the API on ${NODES} nodes: wall ${m.wall.toFixed(0)} ms (${rate(n, m.wall)} pods/s), cpu ${m.cpu.toFixed(0)} ms (${rate(n, m.cpu)} pods/s)`,
  );
}

frameworkOnly();
inCluster(false);
inCluster(true);
