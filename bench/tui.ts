/**
 * The dashboard at scale (`npm run bench` runs it after the simulation sizes; alone:
 * `node bin/run-ts.js bench/tui.ts [--pods N] [--json]`).
 *
 * 150,000 pods are written straight through the API server (no scheduler or kubelets running:
 * the cluster is not started), and the dashboard lists them through the same watch it always
 * uses. The real renderer path runs: Ink in debug mode -> ScreenWriter (line diff) -> a fake
 * 120x40 terminal that timestamps and counts what it receives. Measured:
 *   - first frame: start to the first bytes on the terminal (home dashboard);
 *   - pods view: `:pods` Enter to its first frame (every pod listed and sorted once);
 *   - keypress to frame: p50/p95 over j/k/page/top/bottom presses, idle and while 1,000 pod
 *     updates a press arrive through the watch;
 *   - bytes per frame for those presses, and a full frame.
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { parseArgs } from 'node:util';
import React from 'react';
import { render } from 'ink';
import { Cluster } from '../src/core/cluster.js';
import type { KObject, Pod } from '../src/core/api/types.js';
import { createSession } from '../src/commands/session.js';
import { runPalette } from '../src/commands/palette.js';
import { App } from '../src/tui/app.js';
import { DashboardController, type DashboardRun } from '../src/tui/controller.js';
import { ScreenWriter } from '../src/tui/screen-writer.js';

const { values } = parseArgs({ options: { pods: { type: 'string', default: '150000' }, json: { type: 'boolean' }, presses: { type: 'string', default: '200' } } });
const POD_COUNT = Number(values.pods);
const PRESSES = Number(values.presses);
const NODES = Math.max(1, Math.ceil(POD_COUNT / 30));

/** A terminal that records when bytes arrive and how many. */
class FakeTerminal extends EventEmitter {
  columns = 120;
  rows = 40;
  isTTY = true;
  bytes = 0;
  writes: Array<{ at: number; bytes: number }> = [];
  write(chunk: string): boolean {
    const n = Buffer.byteLength(chunk);
    this.bytes += n;
    const at = performance.now();
    this.writes.push({ at, bytes: n });
    this.emit('frame', at);
    return true;
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  isRaw = false;
  setRawMode(on: boolean): this {
    this.isRaw = on;
    return this;
  }
  setEncoding(): this {
    return this;
  }
  read(): null {
    return null;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

function pod(i: number, nodes: number): KObject {
  const node = `node-${(i % nodes) + 1}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `app-${Math.floor(i / 300)}-${String(i).padStart(6, '0')}`, namespace: `ns-${i % 50}`, labels: { app: `app-${Math.floor(i / 300)}` } },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx:1.25' }] },
    status: {
      phase: 'Running',
      podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'nginx:1.25', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }],
    },
  };
}

/** Phases on stderr, so a slow run shows where it is. */
function progress(text: string): void {
  process.stderr.write(`bench/tui: ${text}\n`);
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

const r1 = (n: number): number => Math.round(n * 10) / 10;

/** The time of the first bytes on the terminal after `since` (waits for the write event, no polling). */
function frameAfter(term: FakeTerminal, since: number, timeoutMs = 120_000): Promise<number | undefined> {
  const last = term.writes[term.writes.length - 1];
  if (last && last.at >= since) return Promise.resolve(last.at);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      term.off('frame', onFrame);
      resolve(undefined);
    }, timeoutMs);
    const onFrame = (at: number): void => {
      clearTimeout(timer);
      term.off('frame', onFrame);
      resolve(at);
    };
    term.on('frame', onFrame);
  });
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const cluster = new Cluster({ flavor: 'kubernetes', controlPlane: 1, workers: [], seed: 1, events: false });
  for (let i = 0; i < 50; i++) {
    cluster.admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${i}` } });
    // The ServiceAccount admission plugin wants the namespace's default account (no controller runs).
    cluster.admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: `ns-${i}` } });
  }
  for (let i = 0; i < POD_COUNT; i++) cluster.admin.create(pod(i, NODES));
  cluster.clock.drainDeferred();
  const setupSeconds = (performance.now() - t0) / 1000;
  progress(`setup done: ${POD_COUNT} pods in ${setupSeconds.toFixed(1)} s`);

  const session = createSession(cluster);
  const run: DashboardRun = {
    cluster,
    scenario: { metadata: { name: 'bench', title: `bench: ${POD_COUNT} pods` } },
    run: (line) => runPalette(session, line),
    elapsed: () => 0,
    session,
  };
  const term = new FakeTerminal();
  /** Ink's own share of a frame: turning the laid-out tree into text. */
  const inkOutputMs: number[] = [];
  const screen = new ScreenWriter(term as unknown as NodeJS.WriteStream, { maxFps: 60 });
  const controller = new DashboardController(run, { columns: 120, rows: 40 });
  const startAt = performance.now();
  const ink = render(React.createElement(App, { controller }), {
    stdout: screen.stream,
    stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    debug: true,
    onRender: ({ renderTime }: { renderTime: number }) => void inkOutputMs.push(renderTime),
  } as Parameters<typeof render>[1]);
  const firstFrame = await frameAfter(term, startAt);
  const firstFrameMs = (firstFrame ?? performance.now()) - startAt;
  progress(firstFrame === undefined ? 'no first frame (timed out)' : `first frame after ${firstFrameMs.toFixed(0)} ms`);
  const homeBytes = term.bytes;

  // :pods across all namespaces (the controller starts on all namespaces here).
  await new Promise((r) => setTimeout(r, 50));
  const openAt = performance.now();
  for (const k of [':', 'p', 'o', 'd', 's', 'enter']) controller.press(k);
  const podsFrame = await frameAfter(term, openAt);
  const podsViewMs = (podsFrame ?? performance.now()) - openAt;
  progress(podsFrame === undefined ? 'no pods frame (timed out)' : `pods view after ${podsViewMs.toFixed(0)} ms`);
  const fullFrameBytes = term.writes.filter((w) => w.at >= openAt).reduce((s, w) => s + w.bytes, 0);

  const keys = ['j', 'j', 'k', 'ctrl-f', 'ctrl-b', 'G', 'g', 'j', 'ctrl-f', 'k'];
  const measure = async (churn: number): Promise<{ latencies: number[]; bytes: number[]; cpu: number[]; pressMs: number[]; inkMs: number[]; missed: number }> => {
    const latencies: number[] = [];
    const bytes: number[] = [];
    // CPU time from the press to its frame: what the dashboard costs, whatever else the machine runs.
    const cpu: number[] = [];
    const pressMs: number[] = [];
    const inkFrom = inkOutputMs.length;
    let seq = 0;
    let missed = 0;
    for (let i = 0; i < PRESSES; i++) {
      // Frames are at most 60 a second: leave the writer's gap so each press gets its own.
      await new Promise((r) => setTimeout(r, 20));
      for (let u = 0; u < churn; u++) {
        const n = (seq++ * 7919) % POD_COUNT;
        const p = cluster.api.cached('pods', `ns-${n % 50}`, (pod(n, NODES).metadata.name)) as Pod | undefined;
        if (!p) continue;
        const restarts = (p.status?.containerStatuses?.[0]?.restartCount ?? 0) + 1;
        cluster.admin.request({ verb: 'update', resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name, subresource: 'status', body: { ...p, status: { ...p.status, containerStatuses: [{ ...p.status!.containerStatuses![0]!, restartCount: restarts }] } } });
      }
      cluster.clock.drainDeferred();
      const before = term.writes.length;
      const at = performance.now();
      const c0 = process.cpuUsage();
      const p0 = performance.now();
      controller.press(keys[i % keys.length]!);
      pressMs.push(performance.now() - p0);
      // A press that draws nothing within a second is counted, not waited on (the bench must end).
      const got = await frameAfter(term, at, 1_000);
      if (got === undefined) {
        missed++;
        continue;
      }
      const c1 = process.cpuUsage(c0);
      cpu.push((c1.user + c1.system) / 1000);
      latencies.push(got - at);
      await new Promise((r) => setTimeout(r, 18));
      bytes.push(term.writes.slice(before).reduce((s, w) => s + w.bytes, 0));
    }
    return { latencies, bytes, cpu, pressMs, inkMs: inkOutputMs.slice(inkFrom), missed };
  };
  const idle = await measure(0);
  const busy = await measure(1000);
  ink.unmount();
  controller.stop();
  screen.close();

  const result = {
    pods: POD_COUNT,
    setupSeconds: r1(setupSeconds),
    firstFrameMs: r1(firstFrameMs),
    homeFrameBytes: homeBytes,
    podsViewFirstFrameMs: r1(podsViewMs),
    fullFrameBytes,
    keyToFrameP50Ms: r1(percentile(idle.latencies, 50)),
    keyToFrameP95Ms: r1(percentile(idle.latencies, 95)),
    keyCpuP50Ms: r1(percentile(idle.cpu, 50)),
    keyHandlerP50Ms: r1(percentile(idle.pressMs, 50)),
    inkOutputP50Ms: r1(percentile(idle.inkMs, 50)),
    keyCpuP95Ms: r1(percentile(idle.cpu, 95)),
    churnKeyCpuP50Ms: r1(percentile(busy.cpu, 50)),
    bytesPerKeyFrame: Math.round(idle.bytes.reduce((a, b) => a + b, 0) / Math.max(1, idle.bytes.length)),
    churnKeyToFrameP50Ms: r1(percentile(busy.latencies, 50)),
    churnKeyToFrameP95Ms: r1(percentile(busy.latencies, 95)),
    churnBytesPerKeyFrame: Math.round(busy.bytes.reduce((a, b) => a + b, 0) / Math.max(1, busy.bytes.length)),
    presses: idle.latencies.length + busy.latencies.length,
    pressesWithoutFrameWithin1s: idle.missed + busy.missed,
    peakRssMiB: Math.round(process.memoryUsage.rss() / 1024 / 1024),
  };
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const rows: Array<[string, string]> = [
    ['dashboard, pods listed', String(result.pods)],
    ['setup (pods written through the API server), s', String(result.setupSeconds)],
    ['first frame (home), ms', String(result.firstFrameMs)],
    ['home frame, bytes', String(result.homeFrameBytes)],
    [':pods Enter to its first frame, ms', String(result.podsViewFirstFrameMs)],
    ['full pods frame, bytes', String(result.fullFrameBytes)],
    ['keypress to frame p50 / p95, ms', `${result.keyToFrameP50Ms} / ${result.keyToFrameP95Ms}`],
    ['presses with no frame within 1 s (not in the figures)', String(result.pressesWithoutFrameWithin1s)],
    ['keypress to frame CPU time p50 / p95, ms', `${result.keyCpuP50Ms} / ${result.keyCpuP95Ms}`],
    ['  of which: key handler p50 / Ink output p50, ms', `${result.keyHandlerP50Ms} / ${result.inkOutputP50Ms}`],
    ['bytes per keypress frame', String(result.bytesPerKeyFrame)],
    ['with 1,000 pod updates per press: p50 / p95, ms', `${result.churnKeyToFrameP50Ms} / ${result.churnKeyToFrameP95Ms}`],
    ['CPU time per press with churn p50, ms (incl. the updates)', String(result.churnKeyCpuP50Ms)],
    ['bytes per keypress frame (churn)', String(result.churnBytesPerKeyFrame)],
    ['load average (1 min) while measuring', os.loadavg()[0]!.toFixed(1)],
    ['peak RSS, MiB', String(result.peakRssMiB)],
  ];
  const w = Math.max(...rows.map((r) => r[0].length)) + 3;
  console.log(rows.map(([k, v]) => k.padEnd(w) + v).join('\n'));
}

await main();
process.exit(0);
