import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { challengeCommand, summary } from '../../src/cli/challenge.js';
import { scoresCommand } from '../../src/cli/scores.js';
import { CliError } from '../../src/cli/io.js';
import { launch } from '../../src/challenge/launch.js';
import { ScoreStore } from '../../src/scores/store.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'kd-cli-scores-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

const tty = { stdin: { isTTY: true }, stdout: { isTTY: true }, stderr: {} } as never;

describe('kubedrill challenge: arguments', () => {
  it('needs a scenario or --random, a known difficulty, and a terminal', async () => {
    let io = capture();
    expect(await main(['challenge'], io)).toBe(2);
    expect(io.stderr).toMatch(/^kubedrill: challenge needs a scenario \(FILE or NAME\) or --random/);
    io = capture();
    expect(await main(['challenge', '--random', '--difficulty', 'extreme'], io)).toBe(2);
    expect(io.stderr).toBe('kubedrill: --difficulty: invalid value "extreme" (easy, medium or hard)\n');
    io = capture();
    expect(await main(['challenge', 'frontend-bad-tag', '--random'], io)).toBe(2);
    expect(io.stderr).toBe('kubedrill: challenge: give a scenario or --random, not both\n');
    io = capture();
    expect(await main(['challenge', 'frontend-bad-tag', '--speed', '0.5'], io)).toBe(2);
    expect(io.stderr).toBe('kubedrill: --speed: a challenge runs at 1x or faster, got "0.5"\n');
    io = capture();
    expect(await main(['challenge', 'frontend-bad-tag'], io)).toBe(2);
    expect(io.stderr).toMatch(/challenge needs an interactive terminal/);
    io = capture();
    expect(await main(['challenge', '--help'], io)).toBe(0);
    expect(io.stdout).toContain('kubedrill challenge --random [--difficulty easy|medium|hard] [--seed N] [--speed X]');
  });

  it('refuses the sandbox: nothing to fix', () => {
    expect(() => challengeCommand(['sandbox'], capture(), tty, { KUBEDRILL_HOME: tmp() })).toThrow(CliError);
    expect(() => challengeCommand(['sandbox'], capture(), tty, { KUBEDRILL_HOME: tmp() })).toThrow(/sandbox is a sandbox .* has no challenge/);
  });

  it('prints a one-line summary after the dashboard', () => {
    const l = launch('frontend-bad-tag', 'challenge', { seed: 1 });
    l.run.advance(42_000);
    expect(summary(l)).toBe('frontend-bad-tag: left unfinished after 0:42 (not saved)\n');
    l.challenge!.giveUp();
    expect(summary(l)).toBe('frontend-bad-tag: gave up after 0:42 of 10:00, 0 hints, score 0\n');
  });
});

describe('kubedrill scores', () => {
  it('says where results will go when there are none', () => {
    const home = tmp();
    const io = capture();
    expect(scoresCommand([], io, { KUBEDRILL_HOME: home })).toBe(0);
    expect(io.stdout).toBe(`No challenge results yet in ${join(home, 'scores.json')}.\nPlay one: kubedrill challenge NAME (or --random).\n`);
  });

  it('shows the best time per scenario, and every result with --all or NAME', () => {
    const home = tmp();
    const store = new ScoreStore(home);
    const base = { title: 't', difficulty: 'easy', timeLimitMs: 600_000, hintsTotal: 2, questionsCorrect: 0, questionsTotal: 0 };
    store.record({ ...base, scenario: 'frontend-bad-tag', outcome: 'solved', timeMs: 112_000, hintsUsed: 1, score: 807, finishedAt: '2026-11-24T10:00:00.000Z' });
    store.record({ ...base, scenario: 'frontend-bad-tag', outcome: 'solved', timeMs: 95_000, hintsUsed: 0, score: 920, finishedAt: '2026-11-24T11:00:00.000Z' });
    store.record({ ...base, scenario: 'cart-rollout-stuck', difficulty: 'medium', outcome: 'gave-up', timeMs: 30_000, hintsUsed: 2, score: 0, finishedAt: '2026-11-24T12:00:00.000Z' });
    let io = capture();
    expect(scoresCommand([], io, { KUBEDRILL_HOME: home })).toBe(0);
    expect(io.stdout).toBe(
      'SCENARIO             DIFFICULTY   BEST TIME   BEST SCORE   SOLVED   LAST PLAYED (UTC)\n'
      + 'cart-rollout-stuck   medium       -           0            0/1      2026-11-24 12:00\n'
      + 'frontend-bad-tag     easy         1:35        920          2/2      2026-11-24 11:00\n',
    );
    io = capture();
    expect(scoresCommand(['frontend-bad-tag'], io, { KUBEDRILL_HOME: home })).toBe(0);
    expect(io.stdout).toBe(
      'WHEN (UTC)         SCENARIO           OUTCOME   TIME         HINTS   SCORE\n'
      + '2026-11-24 11:00   frontend-bad-tag   solved    1:35/10:00   0/2     920\n'
      + '2026-11-24 10:00   frontend-bad-tag   solved    1:52/10:00   1/2     807\n',
    );
    io = capture();
    expect(scoresCommand(['--all'], io, { KUBEDRILL_HOME: home })).toBe(0);
    expect(io.stdout.split('\n')[1]).toMatch(/^2026-11-24 12:00 +cart-rollout-stuck +gave up +0:30\/10:00 +2\/2 +0$/);
  });

  it('reports a corrupt file without touching it', () => {
    const home = tmp();
    writeFileSync(join(home, 'scores.json'), 'not json');
    const io = capture();
    expect(scoresCommand([], io, { KUBEDRILL_HOME: home })).toBe(1);
    expect(io.stderr).toMatch(/^kubedrill: .*scores\.json is not valid JSON \(.*\)\nIt is kept as it is; the next saved result moves it to .*scores\.json\.bak and starts a new file\.\n$/);
  });
});
