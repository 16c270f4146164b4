/**
 * Runs a scenario: builds its cluster, applies its objects through the API server, injects its
 * faults on the virtual clock, and offers the palette, the goal and the reference solution.
 */
import { Cluster } from '../core/cluster.js';
import { ApiError } from '../core/apiserver/errors.js';
import type { ImageBehaviour as CatalogueImage } from '../core/kubelet/images.js';
import { createSession, type FileSource, type Session } from '../commands/session.js';
import { runPalette, type CommandResult } from '../commands/palette.js';
import { ScenarioError, formatProblem } from './errors.js';
import { evaluateGoal, type GoalResult } from './goal.js';
import { injectFault, FaultError } from './faults/index.js';
import type { ImageBehaviour, Scenario } from './types.js';

export interface RunOptions {
  seed?: number;
  dataDir?: string;
  files?: FileSource;
}

/** A scenario's image section in the catalogue's terms. */
function toCatalogue(images: Record<string, ImageBehaviour>): Record<string, CatalogueImage> {
  const out: Record<string, CatalogueImage> = {};
  for (const [ref, b] of Object.entries(images)) {
    out[ref] = {
      ready: b.readyMs,
      listen: b.listen,
      cpu: b.cpuMilli !== undefined ? `${b.cpuMilli}m` : undefined,
      memory: b.memoryBytes !== undefined ? String(b.memoryBytes) : undefined,
      memoryGrowthPerSec: b.memoryGrowthPerSec,
      exit: b.exit ? { after: b.exit.afterMs, code: b.exit.code } : undefined,
      requires: { env: b.requires.env, files: b.requires.files, connect: b.requires.connect.map((c) => `${c.host}:${c.port}`) },
      logs: b.logs.map((l) => (l.kind === 'once' ? l.line : { every: l.everyMs, line: l.line })),
    };
  }
  return out;
}

export class ScenarioRun {
  readonly cluster: Cluster;
  readonly session: Session;
  private startedAt = 0;
  started = false;
  /** Faults that could not be injected (their error), so `check` and the UI can report them. */
  readonly faultErrors: string[] = [];

  constructor(readonly scenario: Scenario, opts: RunOptions = {}) {
    const c = scenario.cluster;
    this.cluster = new Cluster({
      flavor: c.flavor,
      controlPlane: c.controlPlane,
      workers: c.nodes.map((n) => ({ name: n.name, capacity: n.capacity, labels: n.labels, zone: n.zone, taints: n.taints, images: n.images })),
      seed: opts.seed ?? 1,
      images: toCatalogue(scenario.images),
      ...(c.csiDrivers ? { csiDrivers: c.csiDrivers } : {}),
    });
    this.session = createSession(this.cluster, { namespace: focusNamespace(scenario), dataDir: opts.dataDir, files: opts.files });
  }

  /** Starts the cluster, applies the objects in order and schedules the faults. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    this.cluster.start();
    this.startedAt = this.cluster.clock.now();
    const problems: Array<{ line: number; column: number; message: string }> = [];
    for (const [i, obj] of this.scenario.objects.entries()) {
      try {
        this.cluster.admin.create(obj.manifest);
      } catch (err) {
        const m = obj.manifest;
        const what = `${m.kind} ${m.metadata?.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata?.name ?? ''}`;
        const why = err instanceof ApiError ? err.kubectlMessage() : err instanceof Error ? err.message : String(err);
        problems.push({ line: obj.pos.line, column: obj.pos.column, message: `objects[${i}] (${what}) was rejected by the API server: ${why}` });
      }
      // Let controllers react between objects, as they would between kubectl's requests.
      this.cluster.clock.drainDeferred();
    }
    if (problems.length) throw new ScenarioError(this.scenario.file, problems);
    for (const fault of this.scenario.faults) {
      this.cluster.clock.setTimeout(() => {
        try {
          injectFault(this.cluster, fault);
        } catch (err) {
          const message = err instanceof FaultError ? err.message : String(err);
          this.faultErrors.push(formatProblem(this.scenario.file, { line: fault.pos.line, column: fault.pos.column, message }));
        }
      }, fault.atMs);
    }
    return this;
  }

  /** Simulated ms since the scenario started. */
  elapsed(): number {
    return this.cluster.clock.now() - this.startedAt;
  }

  advance(ms: number): void {
    this.cluster.advance(ms);
  }

  run(line: string): CommandResult {
    const result = runPalette(this.session, line);
    this.cluster.clock.drainDeferred();
    return result;
  }

  goal(): GoalResult {
    return evaluateGoal(this.cluster.api, this.scenario.goal);
  }

  /**
   * Applies the reference solution. Returns each step's result; stops at the first command that
   * fails (non-zero exit), which `check` reports.
   */
  solve(onStep?: (step: string, result?: CommandResult) => void): { ok: boolean; failed?: { command: string; result: CommandResult } } {
    for (const step of this.scenario.solution) {
      if (step.kind === 'wait') {
        this.advance(step.ms);
        onStep?.(`wait ${step.ms}ms`);
        continue;
      }
      const result = this.run(step.command);
      onStep?.(step.command, result);
      if (result.exitCode !== 0) return { ok: false, failed: { command: step.command, result } };
    }
    return { ok: true };
  }

  /**
   * Advances the clock in steps until the goal has held for holdFor, or the deadline (ms since
   * start) passes. Returns the elapsed time at which the goal started to hold, or undefined.
   */
  waitForGoal(deadlineMs: number, stepMs = 1000): number | undefined {
    const hold = this.scenario.goal.holdForMs;
    let since: number | undefined;
    for (;;) {
      if (this.goal().met) {
        since ??= this.elapsed();
        if (this.elapsed() - since >= hold) return since;
      } else since = undefined;
      if (this.elapsed() >= deadlineMs) return undefined;
      this.advance(Math.min(stepMs, Math.max(1, deadlineMs - this.elapsed())));
    }
  }
}

/** The namespace the scenario is about: the first namespace its objects create, else default. */
export function focusNamespace(scenario: Scenario): string {
  const ns = scenario.objects.find((o) => o.manifest.kind === 'Namespace');
  if (ns) return ns.manifest.metadata.name;
  const namespaced = scenario.objects.find((o) => o.manifest.metadata?.namespace);
  return namespaced?.manifest.metadata.namespace ?? 'default';
}
