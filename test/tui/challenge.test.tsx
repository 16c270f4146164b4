import React from 'react';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { renderToString } from 'ink';
import { App, Screen } from '../../src/tui/app.js';
import { DashboardController } from '../../src/tui/controller.js';
import { detectTheme, ThemeContext, type Theme } from '../../src/tui/theme.js';
import { launch, type CatalogEntry, type PlayMode } from '../../src/challenge/launch.js';
import { ScoreStore } from '../../src/scores/store.js';
import { topView } from '../../src/tui/state.js';

const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
const home = mkdtempSync(join(tmpdir(), 'kd-challenge-ui-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
afterEach(() => cleanup());

function challenge(opts: { columns?: number; rows?: number; entries?: CatalogEntry[]; opened?: Array<[string, PlayMode]> } = {}) {
  const store = new ScoreStore(home, () => new Date('2026-11-24T10:00:00Z'));
  const { run, challenge: session } = launch('frontend-bad-tag', 'challenge', { seed: 1, store });
  const wall = { now: 1_000_000 };
  const c = new DashboardController(run, {
    namespace: run.session.namespace,
    columns: opts.columns ?? 120,
    rows: opts.rows ?? 40,
    wallNow: () => wall.now,
    challenge: session,
    scenarios: {
      entries: () => opts.entries ?? [],
      open: (name, mode) => void opts.opened?.push([name, mode]),
    },
  });
  return { run, session: session!, c, wall, store, keys: (...k: string[]) => k.forEach((x) => c.press(x)) };
}

function screen(c: DashboardController, theme: Theme = detectTheme({})): string {
  return stripAnsi(renderToString(
    <ThemeContext.Provider value={theme}>
      <Screen c={c} state={c.ui} layout={c.size} />
    </ThemeContext.Provider>,
    { columns: c.size.columns },
  ));
}

async function until(frame: () => string | undefined, test: (f: string) => boolean): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const f = stripAnsi(frame() ?? '');
    if (test(f)) return f;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`frame never matched:\n${stripAnsi(frame() ?? '')}`);
}

describe('the challenge in the dashboard', () => {
  it('opens on the ticket, shows the countdown in the header and the challenge keys in hints and help', () => {
    const h = challenge();
    h.run.advance(30_000);
    h.c.tick();
    expect(topView(h.c.ui).kind).toBe('ticket');
    const text = screen(h.c);
    expect(text).toContain('Scenario: ⏱ 9:30 left  The new storefront never sta…');
    expect(text).toContain('The new storefront never starts  (easy, debugging)');
    expect(text).toContain('Time left: 9:30 of 10:00 (simulated time)');
    expect(text).toContain('The web team created a storefront deployment in namespace `web` an hour ago');
    expect(text).toMatch(/Goal: not met \(2 of 2 checks failing\)/);
    expect(text).toContain('FAIL deployments/storefront -n web: status.readyReplicas == 2: false for storefront');
    expect(text).toContain('Hints (0 of 2 taken; 100 points each)');
    expect(text).toContain('Hint 1 unlocks in 0:30.');
    expect(text.split('\n')[1]).toMatch(/^Flavor: .*<shift-t> Ticket/);
    expect(text).toContain('<shift-h> Hint');
    expect(text).toContain('<ctrl-g> Give up');
    expect(text).not.toContain('<space> Pause');
    expect(text).not.toContain('<enter> Answer'); // no questions in this scenario
    expect(text).toContain('<home> <ticket>');
    // ASCII timer without colours (NO_COLOR) and with TERM=dumb.
    expect(screen(h.c, detectTheme({ NO_COLOR: '1' }))).toContain('Scenario: 9:30 left  The new storefront never starts');
    expect(screen(h.c, detectTheme({ TERM: 'dumb' }))).not.toContain('⏱');
    h.keys('?');
    const help = screen(h.c);
    expect(help).toMatch(/<shift-h> +Take the next hint \(unlocks with time; each costs 100 points\)/);
    expect(help).toMatch(/<ctrl-g> +Give up, after confirming/);
  });

  it('gates the hint, will not pause, and is solved by a fix through the palette: result screen with score, saved', () => {
    const h = challenge();
    h.run.advance(30_000);
    h.keys('H');
    expect(h.c.ui.flash).toMatchObject({ text: 'Hint 1 unlocks in 0:30', level: 'warn' });
    h.keys('space');
    expect(h.c.ui.flash?.text).toMatch(/^A challenge cannot be paused/);
    expect(h.run.cluster.clock.paused).toBe(false);
    h.run.advance(30_000);
    h.keys('esc');
    expect(topView(h.c.ui).kind).toBe('home');
    h.keys('H');
    expect(h.c.ui.flash?.text).toBe('Hint 1 (-100 points): Describe one of the pods and read the Events at the bottom.');
    expect(topView(h.c.ui).kind).toBe('ticket');
    expect(screen(h.c)).toContain('1. Describe one of the pods and read the Events at the bottom.');
    h.keys(':');
    for (const ch of 'kubectl -n web set image deployment/storefront web=nginx:1.25') h.c.press(ch === ' ' ? 'space' : ch);
    h.keys('enter');
    expect(screen(h.c)).toContain('deployment.apps/storefront image updated');
    h.run.advance(120_000);
    h.c.tick();
    expect(h.session.state).toBe('solved');
    expect(topView(h.c.ui).kind).toBe('result');
    const text = screen(h.c);
    const r = h.session.result()!;
    expect(text).toContain('SOLVED: The new storefront never starts');
    expect(text).toContain(`Time:       ${Math.floor(r.timeMs / 60_000)}:${String(Math.floor(r.timeMs / 1000) % 60).padStart(2, '0')} of 10:00`);
    expect(text).toContain('Hints used: 1 of 2');
    expect(text).toContain(`Score:      ${r.score.total}`);
    expect(text).toContain(`fix 500 + time bonus ${r.score.timeBonus} + questions 0 - hints 100`);
    expect(text).toContain(`Saved to ${join(home, 'scores.json')}`);
    expect(text).toContain('Debrief');
    expect(text).toContain('The kubelet asks the container runtime to pull every image');
    expect(text).not.toContain('Solution');
    expect(text).toContain(`Scenario: SOLVED in `);
    expect(h.store.load().results.at(-1)).toMatchObject({ scenario: 'frontend-bad-tag', outcome: 'solved', hintsUsed: 1, score: r.score.total });
    // Over: pausing works again, the challenge keys say so.
    h.keys('esc', 'H');
    expect(h.c.ui.flash?.text).toBe('The challenge is over');
  });

  it('giving up asks first, then shows the solution', () => {
    const h = challenge();
    h.run.advance(10_000);
    h.keys('ctrl-g');
    expect(h.c.ui.dialog?.message).toBe('Give up frontend-bad-tag? The fix scores 0 and the solution is shown.');
    h.keys('esc');
    expect(h.session.state).toBe('running');
    h.keys('ctrl-g', 'y');
    expect(h.session.state).toBe('gave-up');
    expect(topView(h.c.ui).kind).toBe('result');
    const text = screen(h.c);
    expect(text).toContain('GAVE UP: The new storefront never starts');
    expect(text).toContain('Time:       0:10 played of 10:00');
    expect(text).toContain('Score:      0');
    expect(text).toContain('Solution');
    expect(text).toContain('$ kubectl -n web set image deployment/storefront web=nginx:1.25');
    expect(text).toContain('wait 60s');
  });

  it('answers questions on the ticket with the cursor and Enter', () => {
    const h = challenge();
    const q = { ask: 'Which field is wrong?', choices: ['replicas', 'image', 'selector'], answer: 'image' };
    (h.session.scenario as { questions: unknown[] }).questions = [q];
    (h.session.answers as unknown[]).length = 1;
    expect(screen(h.c)).toContain('<enter> Answer');
    h.keys('j');
    expect(screen(h.c)).toMatch(/> image/);
    h.keys('enter');
    expect(h.c.ui.flash?.text).toBe('Right: image (+100 points)');
    expect(screen(h.c)).toContain('answered image: right');
  });
});

describe(':scenarios picker', () => {
  const entries: CatalogEntry[] = [
    { name: 'frontend-bad-tag', title: 'The new storefront never starts', difficulty: 'easy', modules: ['debugging'], timeLimitMs: 600_000, challenge: true, bestTimeMs: 75_000 },
    { name: 'node-notready-kubelet', title: 'A worker went NotReady', difficulty: 'medium', modules: ['controllers', 'debugging'], timeLimitMs: 600_000, challenge: true },
    { name: 'sandbox', title: 'Sandbox, a small healthy shop to explore', difficulty: 'easy', modules: [], timeLimitMs: 3_600_000, challenge: false },
  ];

  it('lists title, difficulty, modules and best time; Enter asks practice or challenge', async () => {
    const opened: Array<[string, PlayMode]> = [];
    const h = challenge({ entries, opened });
    const { lastFrame, stdin } = render(<App controller={h.c} columns={100} rows={30} />);
    await until(lastFrame, (f) => f.includes('ticket: frontend-bad-tag'));
    stdin.write(':scenarios');
    stdin.write('\r');
    const list = await until(lastFrame, (f) => f.includes('scenarios[3]'));
    expect(list).toMatch(/NAME +TITLE +DIFFICULTY +MODULES +BEST/);
    expect(list).toMatch(/frontend-bad-tag +The new storefront never starts +easy +debugging +1:15/);
    expect(list).toMatch(/node-notready-kubelet +A worker went NotReady +medium +controllers,debugging +-/);
    expect(list).toMatch(/sandbox +Sandbox, a small healthy shop to~ +easy +sandbox/);
    stdin.write('j');
    stdin.write('\r');
    await until(lastFrame, (f) => f.includes('Start node-notready-kubelet as: p practice   c challenge   (Esc cancels)'));
    stdin.write('c');
    await until(lastFrame, (f) => !f.includes('Start node-notready-kubelet as'));
    expect(opened).toEqual([['node-notready-kubelet', 'challenge']]);
    stdin.write('j');
    stdin.write('c');
    await until(lastFrame, (f) => f.includes('sandbox is a sandbox: nothing to fix'));
    stdin.write('p');
    await until(lastFrame, () => opened.length === 2);
    expect(opened[1]).toEqual(['sandbox', 'practice']);
  });

  it('without a way to switch it only lists; Esc cancels the choice, then goes back', () => {
    const h = challenge({ entries });
    h.keys(':', 's', 'c', 'e', 'n', 'a', 'r', 'i', 'o', 's', 'enter');
    expect(topView(h.c.ui).kind).toBe('scenarios');
    h.keys('enter');
    expect(topView(h.c.ui)).toMatchObject({ kind: 'scenarios', choosing: 'frontend-bad-tag' });
    h.keys('esc');
    expect(topView(h.c.ui)).toMatchObject({ kind: 'scenarios', choosing: undefined });
    h.keys('esc');
    expect(topView(h.c.ui).kind).toBe('home');
  });
});

describe('result lines', () => {
  it('wraps a long solution command instead of cutting it', async () => {
    const { resultLines } = await import('../../src/tui/challenge-ui.js');
    const { run, challenge: s } = launch('frontend-bad-tag', 'challenge', { seed: 1 });
    run.advance(1_000);
    s!.giveUp();
    const lines = resultLines(s!, 40).map((l) => l.text);
    const at = lines.indexOf('Solution');
    expect(lines.slice(at + 1, at + 4)).toEqual(['  $ kubectl -n web set image deployment', '    /storefront web=nginx:1.25', '  wait 60s']);
  });
});

describe('wrap', () => {
  it('re-flows the lines of a paragraph, keeps blank lines and list items', async () => {
    const { wrap } = await import('../../src/tui/challenge-ui.js');
    expect(wrap('The web team created a deployment\nan hour ago. Fix it.\n\n- first\n- second\n', 30, '  ')).toEqual([
      '  The web team created a', '  deployment an hour ago. Fix', '  it.', '  ', '  - first', '  - second',
    ]);
  });
});
