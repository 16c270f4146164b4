/**
 * A challenge played end to end in a real terminal: `kubedrill challenge frontend-bad-tag` in
 * tmux (a private server, -L), a hint, the fix typed into the ':' palette, the solved screen with
 * its score, and the result in `kubedrill scores`. KUBEDRILL_HOME is a temp folder. Waits poll
 * the screen; nothing asserts on wall-clock timing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasTmux && process.env.KUBEDRILL_OUTER_CI !== 'true') console.warn('test/tui/challenge-tmux.test.ts: tmux is not installed; the end-to-end challenge test is skipped');

const ROOT = new URL('../../', import.meta.url).pathname;
const SOCKET = `kubedrill-challenge-${process.pid}`;
const SESSION = 'challenge';
const home = mkdtempSync(join(tmpdir(), 'kd-e2e-home-'));
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const capture = (): string => tmux('capture-pane', '-p', '-t', SESSION);
const keys = (...k: string[]): string => tmux('send-keys', '-t', SESSION, ...k);
const type = (text: string): string => tmux('send-keys', '-t', SESSION, '-l', text);

async function waitFor(test: (screen: string) => boolean, what: string, ms = 120_000): Promise<string> {
  const end = Date.now() + ms;
  let screen = '';
  while (Date.now() < end) {
    screen = capture();
    if (test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
}

describe.skipIf(!hasTmux && process.env.KUBEDRILL_OUTER_CI !== 'true')('a challenge in tmux', () => {
  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // Already gone.
    }
    rmSync(home, { recursive: true, force: true });
  });

  it('start, hint, fix through the palette, solved screen with score, then kubedrill scores', async () => {
    // 10x: the first hint unlocks after 6 s, the goal is judged from 12 s, the 10m limit is a minute away.
    const cmd = `cd ${ROOT} && env -u CI KUBEDRILL_HOME=${home} node bin/kubedrill.js challenge frontend-bad-tag --speed 10; echo "EXIT $?"; sleep 120`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', cmd);
    const ticket = await waitFor((s) => s.includes('ticket: frontend-bad-tag'), 'the ticket');
    expect(ticket).toMatch(/Scenario: ⏱ \d+:\d\d left {2}The new storefront/);
    expect(ticket).toContain('The web team created a storefront deployment');

    await waitFor((s) => s.includes('Press H for hint 1'), 'the first hint to unlock');
    keys('H');
    await waitFor((s) => s.includes('1. Describe one of the pods and read the Events at the bottom.'), 'the hint on the ticket');

    type(':kubectl -n web set image deployment/storefront web=nginx:1.25');
    keys('Enter');
    await waitFor((s) => s.includes('deployment.apps/storefront image updated'), 'the palette output');

    const solved = await waitFor((s) => s.includes('SOLVED: The new storefront never starts'), 'the solved screen');
    expect(solved).toMatch(/Time: {7}\d+:\d\d of 10:00/);
    expect(solved).toContain('Hints used: 1 of 2');
    const score = Number(/Score: {6}(\d+)/.exec(solved)?.[1]);
    expect(score).toBeGreaterThan(400);
    expect(score).toBeLessThanOrEqual(900);
    expect(solved).toContain(`Saved to ${join(home, 'scores.json')}`);
    expect(solved).toContain('Debrief');

    type(':q');
    keys('Enter');
    const after = await waitFor((s) => s.includes('EXIT 0'), 'the exit');
    expect(after).toMatch(new RegExp(`frontend-bad-tag: solved in \\d+:\\d\\d of 10:00, 1 hint, score ${score}`));

    const saved = JSON.parse(readFileSync(join(home, 'scores.json'), 'utf8'));
    expect(saved.results).toHaveLength(1);
    expect(saved.results[0]).toMatchObject({ scenario: 'frontend-bad-tag', outcome: 'solved', hintsUsed: 1, score });

    const out = execFileSync('node', ['bin/kubedrill.js', 'scores'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, KUBEDRILL_HOME: home } });
    expect(out.split('\n')[0]).toMatch(/^SCENARIO +DIFFICULTY +BEST TIME +BEST SCORE +SOLVED +LAST PLAYED \(UTC\)$/);
    expect(out).toMatch(new RegExp(`^frontend-bad-tag +easy +\\d+:\\d\\d +${score} +1/1 +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`, 'm'));
  });

  it(':scenarios in kubedrill ui restarts the dashboard on the picked scenario as a challenge', async () => {
    const s = 'picker';
    const cmd = `cd ${ROOT} && env -u CI KUBEDRILL_HOME=${home} node bin/kubedrill.js ui frontend-bad-tag; echo "EXIT $?"; sleep 120`;
    tmux('new-session', '-d', '-s', s, '-x', '120', '-y', '40', cmd);
    const cap = (): string => tmux('capture-pane', '-p', '-t', s);
    const wait = async (test: (x: string) => boolean, what: string): Promise<string> => {
      const end = Date.now() + 120_000;
      let x = '';
      while (Date.now() < end) {
        x = cap();
        if (test(x)) return x;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`timed out waiting for ${what}; screen:\n${x}`);
    };
    await wait((x) => x.includes('Scenario: The new storefront never starts'), 'the practice dashboard');
    tmux('send-keys', '-t', s, '-l', ':scenarios');
    tmux('send-keys', '-t', s, 'Enter');
    // The cursor starts on the scenario being played; its best time comes from the first test.
    const list = await wait((x) => /scenarios\[\d+\]/.test(x), 'the picker');
    expect(list).toMatch(/NAME +TITLE +DIFFICULTY +MODULES +BEST/);
    expect(list).toMatch(/frontend-bad-tag +The new storefront never starts +easy +debugging +\d+:\d\d/);
    tmux('send-keys', '-t', s, 'Enter');
    await wait((x) => x.includes('Start frontend-bad-tag as: p practice   c challenge'), 'the mode question');
    tmux('send-keys', '-t', s, 'c');
    const ticket = await wait((x) => x.includes('ticket: frontend-bad-tag'), 'the challenge ticket');
    expect(ticket).toMatch(/Scenario: ⏱ \d+:\d\d left {2}The new storefront/);
    expect(ticket).toContain('<home> <ticket>');
    tmux('send-keys', '-t', s, '-l', ':q');
    tmux('send-keys', '-t', s, 'Enter');
    await wait((x) => x.includes('EXIT 0'), 'the exit');
  });
});
