/**
 * Challenge scoring (documented in docs/challenges.md; the format leaves the numbers to the
 * project: "hints are offered in order; taking one costs points").
 *
 *   fix       solved: 500 + 500 x (time left / timeLimit), rounded; otherwise 0
 *   hints     -100 for each hint taken
 *   questions +100 for each question answered right (one try each)
 *   total     never below 0
 *
 * The time is simulated time from the start of the scenario to the moment the goal began to
 * hold (the holdFor wait that confirms it is not charged).
 */

export const FIX_BASE = 500;
export const FIX_TIME_BONUS = 500;
export const HINT_COST = 100;
export const QUESTION_POINTS = 100;

export type Outcome = 'solved' | 'timeout' | 'gave-up';

export interface ScoreInput {
  outcome: Outcome;
  /** Simulated ms to the fix (solved), or played (otherwise). */
  timeMs: number;
  timeLimitMs: number;
  hintsUsed: number;
  questionsCorrect: number;
}

export interface ScoreBreakdown {
  fix: number;
  timeBonus: number;
  hints: number;
  questions: number;
  total: number;
}

export function score(input: ScoreInput): ScoreBreakdown {
  const solved = input.outcome === 'solved';
  const left = Math.max(0, input.timeLimitMs - input.timeMs);
  const timeBonus = solved && input.timeLimitMs > 0 ? Math.round((FIX_TIME_BONUS * left) / input.timeLimitMs) : 0;
  const fix = solved ? FIX_BASE : 0;
  const hints = input.hintsUsed > 0 ? -HINT_COST * input.hintsUsed : 0;
  const questions = QUESTION_POINTS * input.questionsCorrect;
  return { fix, timeBonus, hints, questions, total: Math.max(0, fix + timeBonus + hints + questions) };
}

/** Highest possible score of a scenario with this many questions. */
export function maxScore(questions: number): number {
  return FIX_BASE + FIX_TIME_BONUS + QUESTION_POINTS * questions;
}

/** Challenge clock text: 9:05, 12:34, 1:02:03 (whole seconds, rounded up while counting down). */
export function formatClock(ms: number, roundUp = false): string {
  const total = Math.max(0, roundUp ? Math.ceil(ms / 1000) : Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
