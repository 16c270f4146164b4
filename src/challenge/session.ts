/**
 * One challenge: the countdown from timeLimit, the goal sampled every simulated second, hints
 * (time-gated, each costs points), diagnose questions, giving up, and the scored result.
 * Everything runs on the scenario's VirtualClock, so a test drives it with clock.advance() and a
 * dashboard at 10x counts ten simulated seconds per wall second: the timer is simulated time.
 *
 * When is it solved? Once the goal has held for holdFor at a sample taken at or after
 * goal.settle (`check` proves every library scenario broken at settle, so a cluster that was
 * healthy only before its faults struck never counts). The time charged is when that hold began
 * (not before the last fault was injected); the holdFor wait is confirmation, not charged.
 * The hold must complete within timeLimit, as `kubedrill check` requires of the solution.
 */
import type { VirtualClock, TimerId } from '../core/clock.js';
import type { GoalResult } from '../scenarios/goal.js';
import type { Hint, Scenario } from '../scenarios/types.js';
import { HINT_COST, score, type Outcome, type ScoreBreakdown } from './scoring.js';

/** What a challenge needs from a running scenario (ScenarioRun has it). */
export interface ChallengeTarget {
  readonly scenario: Scenario;
  readonly cluster: { readonly clock: VirtualClock };
  /** Simulated ms since the scenario started. */
  elapsed(): number;
  goal(): GoalResult;
}

export type ChallengeState = 'running' | Outcome;

export interface ChallengeResult {
  scenario: string;
  title: string;
  difficulty: string;
  outcome: Outcome;
  /** Simulated ms: to the fix when solved, else how long it was played. */
  timeMs: number;
  timeLimitMs: number;
  hintsUsed: number;
  hintsTotal: number;
  questionsCorrect: number;
  questionsTotal: number;
  score: ScoreBreakdown;
  seed?: number;
}

export type HintOutcome =
  | { kind: 'taken'; index: number; hint: Hint; cost: number }
  | { kind: 'locked'; index: number; inMs: number }
  | { kind: 'none-left' }
  | { kind: 'over' };

export interface Answer {
  choice: string;
  correct: boolean;
}

export interface ChallengeOptions {
  /** Simulated ms between goal samples (default 1000). */
  sampleMs?: number;
  seed?: number;
  /** Called once when the challenge ends; returns lines for the result screen (where it was saved). */
  record?: (result: ChallengeResult) => string[];
}

export class ChallengeSession {
  state: ChallengeState = 'running';
  readonly hintsTaken: Hint[] = [];
  readonly answers: Array<Answer | undefined>;
  /** Bumped on every change the UI shows (not on every sample). */
  version = 0;
  /** Latest goal sample. */
  lastGoal: GoalResult | undefined;
  /** Elapsed ms when the current run of true samples began. */
  holdSince: number | undefined;
  /** Elapsed ms at the end (solved: when the hold completed). */
  endedAt: number | undefined;
  /** Lines from the record callback (where the result was saved, best time). */
  recordNotes: string[] = [];
  private timers: TimerId[] = [];
  private final: ChallengeResult | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly lastFaultAt: number;

  constructor(readonly target: ChallengeTarget, private readonly opts: ChallengeOptions = {}) {
    this.answers = target.scenario.questions.map(() => undefined);
    this.lastFaultAt = Math.max(0, ...target.scenario.faults.map((f) => f.atMs));
  }

  get scenario(): Scenario {
    return this.target.scenario;
  }

  get timeLimitMs(): number {
    return this.scenario.metadata.timeLimitMs;
  }

  /** Schedules the samples and the deadline on the scenario's clock. */
  start(): this {
    if (this.timers.length) return this;
    const clock = this.target.cluster.clock;
    const step = this.opts.sampleMs ?? 1000;
    const elapsed = this.target.elapsed();
    // First sample on the next whole step of scenario time, so samples fall on 1s, 2s, ...
    const first = step - (elapsed % step);
    this.timers.push(clock.setTimeout(() => {
      this.sample();
      if (this.state === 'running') this.timers.push(clock.setInterval(() => this.sample(), step));
    }, first));
    this.timers.push(clock.setTimeout(() => this.deadline(), Math.max(0, this.timeLimitMs - elapsed)));
    return this;
  }

  stop(): void {
    const clock = this.target.cluster.clock;
    for (const t of this.timers) clock.clear(t);
    this.timers = [];
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Simulated ms played so far (frozen once the challenge ends). */
  elapsed(): number {
    return this.endedAt ?? this.target.elapsed();
  }

  /** Simulated ms left on the countdown. */
  remaining(): number {
    return Math.max(0, this.timeLimitMs - this.elapsed());
  }

  /** How long the goal has held so far (0 when it does not hold). */
  heldFor(): number {
    if (this.holdSince === undefined || this.state !== 'running') return 0;
    return Math.max(0, this.target.elapsed() - this.holdSince);
  }

  /** One goal sample: advance the hold, end the challenge when it is solved. */
  sample(): void {
    if (this.state !== 'running') return;
    const now = this.target.elapsed();
    const g = this.target.goal();
    const changed = this.lastGoal?.met !== g.met || this.lastGoal.checks.some((c, i) => c.ok !== g.checks[i]?.ok);
    this.lastGoal = g;
    if (g.met) this.holdSince ??= now;
    else this.holdSince = undefined;
    const goal = this.scenario.goal;
    if (g.met && now >= goal.settleMs && now - this.holdSince! >= goal.holdForMs && now <= this.timeLimitMs) {
      this.end('solved', now);
      return;
    }
    if (changed) this.bump();
  }

  private deadline(): void {
    this.sample();
    if (this.state === 'running') this.end('timeout', this.target.elapsed());
  }

  /** The next hint, if its time has come; each one taken costs points. */
  nextHint(): HintOutcome {
    if (this.state !== 'running') return { kind: 'over' };
    const index = this.hintsTaken.length;
    const hint = this.scenario.hints[index];
    if (!hint) return { kind: 'none-left' };
    const wait = hint.afterMs - this.target.elapsed();
    if (wait > 0) return { kind: 'locked', index, inMs: wait };
    this.hintsTaken.push(hint);
    this.bump();
    return { kind: 'taken', index, hint, cost: HINT_COST };
  }

  /** Whether the next hint can be taken now, or in how many ms; undefined when none is left. */
  nextHintStatus(): { index: number; inMs: number } | undefined {
    const index = this.hintsTaken.length;
    const hint = this.scenario.hints[index];
    if (!hint) return undefined;
    return { index, inMs: Math.max(0, hint.afterMs - this.target.elapsed()) };
  }

  /** Answers question i (one try). Returns whether it was right, or undefined if not allowed. */
  answer(i: number, choice: string): boolean | undefined {
    const q = this.scenario.questions[i];
    if (!q || this.answers[i] || this.state !== 'running' || !q.choices.includes(choice)) return undefined;
    const correct = choice === q.answer;
    this.answers[i] = { choice, correct };
    this.bump();
    return correct;
  }

  giveUp(): void {
    if (this.state === 'running') this.end('gave-up', this.target.elapsed());
  }

  /** The scored result, once the challenge is over. */
  result(): ChallengeResult | undefined {
    return this.final;
  }

  /** The reference solution, as the result screen shows it after giving up or running out of time. */
  solutionLines(): string[] {
    return this.scenario.solution.map((s) => (s.kind === 'wait' ? `wait ${s.ms / 1000}s` : s.command));
  }

  private end(outcome: Outcome, at: number): void {
    this.state = outcome;
    this.endedAt = at;
    this.stop();
    const m = this.scenario.metadata;
    const timeMs = outcome === 'solved' ? Math.max(this.holdSince ?? at, Math.min(this.lastFaultAt, at)) : at;
    const questionsCorrect = this.answers.filter((a) => a?.correct).length;
    this.final = {
      scenario: m.name,
      title: m.title,
      difficulty: m.difficulty,
      outcome,
      timeMs,
      timeLimitMs: m.timeLimitMs,
      hintsUsed: this.hintsTaken.length,
      hintsTotal: this.scenario.hints.length,
      questionsCorrect,
      questionsTotal: this.scenario.questions.length,
      score: score({ outcome, timeMs, timeLimitMs: m.timeLimitMs, hintsUsed: this.hintsTaken.length, questionsCorrect }),
      ...(this.opts.seed !== undefined ? { seed: this.opts.seed } : {}),
    };
    try {
      this.recordNotes = this.opts.record?.(this.final) ?? [];
    } catch (err) {
      this.recordNotes = [`The result could not be saved: ${err instanceof Error ? err.message : String(err)}`];
    }
    this.bump();
  }

  private bump(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}
