/**
 * Starting a scenario in practice or challenge mode, the catalogue the dashboard's
 * `:scenarios` picker lists, and the seeded `--random` choice. Shared by `kubedrill ui`,
 * `kubedrill challenge` and the picker, so all three build runs the same way.
 */
import { formatGoDuration } from '../core/clock.js';
import { SeededRandom } from '../core/random.js';
import type { FileSource } from '../commands/session.js';
import { findScenario, listScenarios } from '../scenarios/library.js';
import { ScenarioRun } from '../scenarios/runtime.js';
import type { Difficulty, Scenario } from '../scenarios/types.js';
import { bestByScenario, type ScoreStore } from '../scores/store.js';
import { ChallengeSession, type ChallengeResult } from './session.js';

export type PlayMode = 'practice' | 'challenge';

export interface Launch {
  run: ScenarioRun;
  challenge?: ChallengeSession;
}

export interface LaunchOptions {
  seed?: number;
  files?: FileSource;
  /** Where challenge results are saved; none: not saved. */
  store?: ScoreStore;
}

/** A scenario is a challenge when something is broken: it has faults or a reference solution. */
export function isChallenge(s: Scenario): boolean {
  return s.faults.length > 0 || s.solution.length > 0;
}

/** Builds and starts the run; in challenge mode also the session, recording to the store. */
export function launch(ref: string | Scenario, mode: PlayMode, opts: LaunchOptions = {}): Launch {
  const scenario = typeof ref === 'string' ? findScenario(ref) : ref;
  const run = new ScenarioRun(scenario, { seed: opts.seed ?? 1, files: opts.files }).start();
  if (mode === 'practice') return { run };
  if (!isChallenge(scenario)) throw new Error(`${scenario.metadata.name} is a sandbox (no faults, no solution): there is nothing to fix, so it has no challenge`);
  const store = opts.store;
  const challenge = new ChallengeSession(run, {
    seed: opts.seed ?? 1,
    record: store ? (r) => recordResult(store, r) : undefined,
  }).start();
  return { run, challenge };
}

/** Saves a result and says where, and how it compares with the best time so far. */
export function recordResult(store: ScoreStore, r: ChallengeResult): string[] {
  const before = store.load();
  const previous = before.problem ? undefined : bestByScenario(before.results).find((b) => b.scenario === r.scenario);
  const { notes } = store.record({
    scenario: r.scenario, title: r.title, difficulty: r.difficulty, outcome: r.outcome, timeMs: r.timeMs,
    timeLimitMs: r.timeLimitMs, hintsUsed: r.hintsUsed, hintsTotal: r.hintsTotal, questionsCorrect: r.questionsCorrect,
    questionsTotal: r.questionsTotal, score: r.score.total, ...(r.seed !== undefined ? { seed: r.seed } : {}),
  });
  if (r.outcome === 'solved') {
    const best = previous?.bestTimeMs;
    if (best === undefined) notes.push(`First solve of ${r.scenario}.`);
    else if (r.timeMs < best) notes.push(`New best time for ${r.scenario} (was ${formatGoDuration(best)}).`);
    else notes.push(`Best time for ${r.scenario}: ${formatGoDuration(best)}.`);
  }
  return notes;
}

export interface CatalogEntry {
  name: string;
  title: string;
  difficulty: string;
  modules: string[];
  timeLimitMs: number;
  challenge: boolean;
  bestTimeMs?: number;
  /** Load error of a broken library file. */
  error?: string;
}

/** The library with each scenario's best time from the store. */
export function catalog(store?: ScoreStore): CatalogEntry[] {
  const loaded = store?.load();
  const best = new Map(bestByScenario(loaded?.results ?? []).map((b) => [b.scenario, b.bestTimeMs]));
  return listScenarios().map((e) => {
    const m = e.scenario?.metadata;
    return {
      name: e.name,
      title: m?.title ?? '',
      difficulty: m?.difficulty ?? '',
      modules: m?.modules ?? [],
      timeLimitMs: m?.timeLimitMs ?? 0,
      challenge: e.scenario ? isChallenge(e.scenario) : false,
      bestTimeMs: best.get(e.name),
      error: e.error?.message.split('\n')[0],
    };
  });
}

/** A seeded choice among the library's challenges (optionally of one difficulty). */
export function pickRandom(entries: readonly CatalogEntry[], seed: number, difficulty?: Difficulty): CatalogEntry | undefined {
  const pool = entries.filter((e) => e.challenge && !e.error && (!difficulty || e.difficulty === difficulty));
  if (pool.length === 0) return undefined;
  return new SeededRandom(seed).fork('challenge-pick').pick(pool);
}

/** The dashboard's :scenarios catalogue: the library with best times, runs built as the CLI builds them. */
export function dashboardCatalog(opts: LaunchOptions & { store: ScoreStore; onLaunch?: (l: Launch) => void }): {
  entries(): CatalogEntry[];
  launch(name: string, mode: PlayMode): Launch;
} {
  return {
    entries: () => catalog(opts.store),
    launch: (name, mode) => {
      const l = launch(name, mode, opts);
      opts.onLaunch?.(l);
      return l;
    },
  };
}
