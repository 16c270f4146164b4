/** A sandbox scenario run and a dashboard controller over it, with a hand-driven wall clock. */
import { findScenario } from '../../src/scenarios/library.js';
import { ScenarioRun } from '../../src/scenarios/runtime.js';
import { DashboardController } from '../../src/tui/controller.js';

export interface Harness {
  run: ScenarioRun;
  c: DashboardController;
  wall: { now: number };
  quits: number[];
  keys(...names: string[]): void;
}

export function sandbox(opts: { columns?: number; rows?: number; advanceMs?: number; seed?: number } = {}): Harness {
  const run = new ScenarioRun(findScenario('sandbox'), { seed: opts.seed ?? 1 }).start();
  run.advance(opts.advanceMs ?? 30_000);
  // The service account controller may not have made shop's default account yet; pods need it.
  if (!run.cluster.api.cached('serviceaccounts', 'shop', 'default')) run.run('kubectl create serviceaccount default -n shop');
  const wall = { now: 1_000_000 };
  const quits: number[] = [];
  const c = new DashboardController(run, {
    namespace: run.session.namespace,
    columns: opts.columns ?? 120,
    rows: opts.rows ?? 40,
    wallNow: () => wall.now,
    onQuit: () => quits.push(wall.now),
  });
  return { run, c, wall, quits, keys: (...names) => names.forEach((n) => c.press(n)) };
}

/** Types a line into the open prompt, one key per character. */
export function typeLine(h: Harness, text: string): void {
  for (const ch of text) h.c.press(ch === ' ' ? 'space' : ch);
}
