import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { findScenario } from '../../src/scenarios/library.js';
import type { Scenario } from '../../src/scenarios/types.js';
import { ChallengeSession, type ChallengeTarget } from '../../src/challenge/session.js';
import { formatClock, maxScore, score } from '../../src/challenge/scoring.js';
import { catalog, isChallenge, launch, pickRandom } from '../../src/challenge/launch.js';

const base = findScenario('frontend-bad-tag');

/** A target whose goal the test sets by hand, on a real virtual clock. */
function fake(over: Partial<Scenario> & { goal?: Partial<Scenario['goal']> } = {}) {
  const clock = new VirtualClock();
  const start = clock.now();
  const state = { met: false };
  const scenario: Scenario = {
    ...base,
    ...over,
    metadata: { ...base.metadata, timeLimitMs: 600_000, ...(over.metadata ?? {}) },
    goal: { ...base.goal, settleMs: 120_000, holdForMs: 30_000, ...(over.goal ?? {}) },
  };
  const target: ChallengeTarget = {
    scenario,
    cluster: { clock },
    elapsed: () => clock.now() - start,
    goal: () => ({ met: state.met, checks: [] }),
  };
  return { clock, state, target };
}

describe('scoring', () => {
  it('gives 500 for the fix plus a time bonus for the time left, minus 100 per hint', () => {
    expect(score({ outcome: 'solved', timeMs: 150_000, timeLimitMs: 600_000, hintsUsed: 1, questionsCorrect: 0 }))
      .toEqual({ fix: 500, timeBonus: 375, hints: -100, questions: 0, total: 775 });
    expect(score({ outcome: 'gave-up', timeMs: 100_000, timeLimitMs: 600_000, hintsUsed: 2, questionsCorrect: 1 }).total).toBe(0);
    expect(score({ outcome: 'timeout', timeMs: 600_000, timeLimitMs: 600_000, hintsUsed: 0, questionsCorrect: 1 }).total).toBe(100);
    expect(maxScore(1)).toBe(1100);
  });

  it('formats the countdown as m:ss, rounding up while counting down', () => {
    expect(formatClock(754_000)).toBe('12:34');
    expect(formatClock(59_001, true)).toBe('1:00');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatClock(-5)).toBe('0:00');
  });
});

describe('ChallengeSession', () => {
  it('counts down on the virtual clock and times out at timeLimit', () => {
    const { clock, target } = fake();
    const s = new ChallengeSession(target).start();
    expect(s.remaining()).toBe(600_000);
    clock.advance(61_500);
    expect(s.remaining()).toBe(538_500);
    expect(s.state).toBe('running');
    clock.advance(600_000);
    expect(s.state).toBe('timeout');
    expect(s.remaining()).toBe(0);
    const r = s.result()!;
    expect(r.outcome).toBe('timeout');
    expect(r.timeMs).toBe(600_000);
    expect(r.score.total).toBe(0);
  });

  it('is solved once the goal has held for holdFor, not before settle, charging the time the hold began', () => {
    const { clock, state, target } = fake();
    const s = new ChallengeSession(target).start();
    clock.advance(40_000);
    state.met = true; // fixed at 40s: samples from 41s on see it
    clock.advance(60_000); // 100s: held 59s, but settle is 120s
    expect(s.state).toBe('running');
    expect(s.heldFor()).toBe(59_000);
    clock.advance(20_000); // 120s
    expect(s.state).toBe('solved');
    expect(s.endedAt).toBe(120_000);
    const r = s.result()!;
    expect(r.timeMs).toBe(41_000);
    expect(r.score).toEqual({ fix: 500, timeBonus: Math.round((500 * 559_000) / 600_000), hints: 0, questions: 0, total: 966 });
    // Over: the clock no longer changes it.
    clock.advance(600_000);
    expect(s.state).toBe('solved');
    expect(s.elapsed()).toBe(120_000);
  });

  it('restarts the hold when the goal breaks again', () => {
    const { clock, state, target } = fake({ goal: { settleMs: 0, holdForMs: 30_000 } } as never);
    const s = new ChallengeSession(target).start();
    state.met = true;
    clock.advance(20_000);
    state.met = false;
    clock.advance(5_000);
    expect(s.holdSince).toBeUndefined();
    state.met = true;
    clock.advance(29_000); // 54s: held since 26s
    expect(s.state).toBe('running');
    clock.advance(2_000);
    expect(s.state).toBe('solved');
    expect(s.result()!.timeMs).toBe(26_000);
  });

  it('does not charge a fix before the last fault was injected', () => {
    const fault = { type: 'scheduler-down' as const, atMs: 45_000, pos: { file: 'x', line: 1, column: 1 } };
    const { clock, state, target } = fake({ faults: [fault], goal: { settleMs: 60_000, holdForMs: 10_000 } } as never);
    const s = new ChallengeSession(target).start();
    state.met = true;
    clock.advance(60_000);
    expect(s.state).toBe('solved');
    expect(s.result()!.timeMs).toBe(45_000);
  });

  it('must complete the hold within timeLimit', () => {
    const { clock, state, target } = fake({ metadata: { ...base.metadata, timeLimitMs: 150_000 } });
    const s = new ChallengeSession(target).start();
    clock.advance(130_000);
    state.met = true; // would complete the 30s hold at 161s
    clock.advance(40_000);
    expect(s.state).toBe('timeout');
  });

  it('gates hints by time and charges each one taken', () => {
    const { clock, target } = fake();
    const s = new ChallengeSession(target).start();
    expect(s.nextHint()).toEqual({ kind: 'locked', index: 0, inMs: 60_000 });
    clock.advance(60_000);
    const first = s.nextHint();
    expect(first).toMatchObject({ kind: 'taken', index: 0, cost: 100 });
    expect(s.nextHint()).toEqual({ kind: 'locked', index: 1, inMs: 120_000 });
    clock.advance(120_000);
    expect(s.nextHint().kind).toBe('taken');
    expect(s.nextHint()).toEqual({ kind: 'none-left' });
    s.giveUp();
    expect(s.nextHint()).toEqual({ kind: 'over' });
    const r = s.result()!;
    expect(r.outcome).toBe('gave-up');
    expect(r.hintsUsed).toBe(2);
    expect(r.timeMs).toBe(180_000);
    expect(s.solutionLines()).toEqual(['kubectl -n web set image deployment/storefront web=nginx:1.25', 'wait 60s']);
  });

  it('takes one answer per question and scores the right ones', () => {
    const questions = [{ ask: 'Which node?', choices: ['worker-1', 'worker-2'], answer: 'worker-2' }, { ask: 'Which?', choices: ['a', 'b'], answer: 'a' }];
    const { clock, state, target } = fake({ questions, goal: { settleMs: 0, holdForMs: 0 } } as never);
    const s = new ChallengeSession(target).start();
    expect(s.answer(0, 'worker-3')).toBeUndefined();
    expect(s.answer(0, 'worker-2')).toBe(true);
    expect(s.answer(0, 'worker-1')).toBeUndefined();
    expect(s.answer(1, 'b')).toBe(false);
    state.met = true;
    clock.advance(1_000);
    const r = s.result()!;
    expect(r.questionsCorrect).toBe(1);
    expect(r.questionsTotal).toBe(2);
    expect(r.score.questions).toBe(100);
  });

  it('calls record once with the result, and keeps its notes (or the error)', () => {
    const { target } = fake();
    const seen: number[] = [];
    const s = new ChallengeSession(target, { record: (r) => (seen.push(r.score.total), ['saved']) }).start();
    s.giveUp();
    s.giveUp();
    expect(seen).toEqual([0]);
    expect(s.recordNotes).toEqual(['saved']);
    const { target: t2 } = fake();
    const s2 = new ChallengeSession(t2, { record: () => { throw new Error('disk full'); } }).start();
    s2.giveUp();
    expect(s2.recordNotes).toEqual(['The result could not be saved: disk full']);
  });
});

describe('a real challenge: frontend-bad-tag', () => {
  it('is solved by the reference fix, with the time the rollout became ready', () => {
    const { run, challenge } = launch('frontend-bad-tag', 'challenge', { seed: 1 });
    const s = challenge!;
    run.advance(60_000);
    expect(s.state).toBe('running');
    expect(s.lastGoal?.met).toBe(false);
    expect(s.nextHint().kind).toBe('taken');
    expect(run.run('kubectl -n web set image deployment/storefront web=nginx:1.25').exitCode).toBe(0);
    run.advance(120_000);
    expect(s.state).toBe('solved');
    const r = s.result()!;
    expect(r.hintsUsed).toBe(1);
    expect(r.timeMs).toBeGreaterThan(60_000);
    expect(r.timeMs).toBeLessThan(90_000);
    expect(r.score.total).toBe(400 + r.score.timeBonus);
  });

  it('the same seed and inputs give the same result', () => {
    const play = () => {
      const { run, challenge } = launch('frontend-bad-tag', 'challenge', { seed: 7 });
      run.advance(30_000);
      run.run('kubectl -n web set image deployment/storefront web=nginx:1.25');
      run.advance(150_000);
      return challenge!.result();
    };
    expect(play()).toEqual(play());
  });

  it('sandbox has no challenge; --random picks only challenges, by seed', () => {
    expect(() => launch('sandbox', 'challenge')).toThrow(/sandbox .*has no challenge/);
    const entries = catalog();
    expect(entries.find((e) => e.name === 'sandbox')?.challenge).toBe(false);
    expect(isChallenge(base)).toBe(true);
    const a = pickRandom(entries, 3, 'easy');
    expect(a?.difficulty).toBe('easy');
    expect(pickRandom(entries, 3, 'easy')).toEqual(a);
    const picks = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => pickRandom(entries, seed)?.name));
    expect(picks.size).toBeGreaterThan(1);
    expect(picks.has('sandbox')).toBe(false);
  });
});
