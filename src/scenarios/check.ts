/**
 * `kubedrill check`: proves a scenario. After goal.settle its goal must be false (the fault
 * shows), and after the reference solution, within timeLimit, it must hold for holdFor. A
 * sandbox (no faults, no solution) must instead hold from settle on.
 */
import { formatGoDuration } from '../core/clock.js';
import { ScenarioError } from './errors.js';
import { describeCheck } from './goal.js';
import { ScenarioRun, type RunOptions } from './runtime.js';
import type { Scenario } from './types.js';

export interface CheckOutcome {
  name: string;
  file: string;
  ok: boolean;
  /** One line: what was proven, or what failed. */
  summary: string;
  /** More lines (failing goal checks, a failed command's output). */
  details: string[];
}

export function checkScenario(scenario: Scenario, opts: RunOptions = {}): CheckOutcome {
  const name = scenario.metadata.name;
  const base = { name, file: scenario.file };
  const run = new ScenarioRun(scenario, opts);
  try {
    run.start();
  } catch (err) {
    if (err instanceof ScenarioError) return { ...base, ok: false, summary: 'objects rejected', details: err.message.split('\n') };
    throw err;
  }
  const settle = scenario.goal.settleMs;
  run.advance(settle);
  if (run.faultErrors.length) return { ...base, ok: false, summary: 'a fault could not be injected', details: run.faultErrors };
  if (isSandbox(scenario)) return checkSandbox(scenario, run, base);
  const before = run.goal();
  if (before.met) {
    return {
      ...base,
      ok: false,
      summary: `not broken: the goal already holds after settle (${formatGoDuration(settle)})`,
      details: before.checks.map((c) => `  ok  ${describeCheck(c.check)}`),
    };
  }
  const broken = before.checks.filter((c) => !c.ok).map((c) => `${describeCheck(c.check)}: ${c.detail}`);
  const solved = run.solve();
  if (!solved.ok) {
    const f = solved.failed!;
    return {
      ...base,
      ok: false,
      summary: `solution command failed: ${f.command} [exit ${f.result.exitCode}]`,
      details: (f.result.stderr || f.result.stdout).trimEnd().split('\n'),
    };
  }
  const deadline = Math.max(scenario.metadata.timeLimitMs, run.elapsed());
  const heldFrom = run.waitForGoal(deadline);
  if (heldFrom === undefined) {
    const after = run.goal();
    return {
      ...base,
      ok: false,
      summary: `not fixed: the goal did not hold for ${formatGoDuration(scenario.goal.holdForMs)} within timeLimit ${formatGoDuration(scenario.metadata.timeLimitMs)}`,
      details: after.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${describeCheck(c.check)}: ${c.detail}`),
    };
  }
  return {
    ...base,
    ok: true,
    summary: `broken after ${formatGoDuration(settle)} (${broken[0] ?? 'goal false'}), fixed at ${formatGoDuration(heldFrom)}`,
    details: [],
  };
}

/** A scenario with neither faults nor a solution is a sandbox: a healthy cluster to explore. */
export function isSandbox(scenario: Scenario): boolean {
  return scenario.faults.length === 0 && scenario.solution.length === 0;
}

/** A sandbox is proven healthy: after settle its goal holds, and keeps holding for holdFor. */
function checkSandbox(scenario: Scenario, run: ScenarioRun, base: { name: string; file: string }): CheckOutcome {
  const settle = scenario.goal.settleMs;
  const heldFrom = run.waitForGoal(settle + scenario.goal.holdForMs);
  if (heldFrom !== settle) {
    const g = run.goal();
    return {
      ...base,
      ok: false,
      summary: `sandbox not healthy: the goal did not hold from settle (${formatGoDuration(settle)}) for ${formatGoDuration(scenario.goal.holdForMs)}`,
      details: g.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${describeCheck(c.check)}: ${c.detail}`),
    };
  }
  return { ...base, ok: true, summary: `sandbox healthy: the goal holds from ${formatGoDuration(settle)} for ${formatGoDuration(scenario.goal.holdForMs)}`, details: [] };
}
