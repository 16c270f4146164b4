import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bestByScenario, kubedrillHome, ScoreStore, type ScoreRecord } from '../../src/scores/store.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'kd-scores-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const at = new Date('2026-11-24T10:00:00.000Z');
const result = (over: Partial<ScoreRecord> = {}): Omit<ScoreRecord, 'finishedAt'> => ({
  scenario: 'frontend-bad-tag', title: 'The new storefront never starts', difficulty: 'easy', outcome: 'solved',
  timeMs: 75_000, timeLimitMs: 600_000, hintsUsed: 1, hintsTotal: 2, questionsCorrect: 0, questionsTotal: 0, score: 838, seed: 1, ...over,
});

describe('ScoreStore', () => {
  it('uses $KUBEDRILL_HOME, else ~/.kubedrill', () => {
    expect(kubedrillHome({ KUBEDRILL_HOME: '/x/y' })).toBe('/x/y');
    expect(kubedrillHome({})).toMatch(/\.kubedrill$/);
  });

  it('starts empty, appends results and reads them back', () => {
    const d = join(tmp(), 'nested', 'home');
    const store = new ScoreStore(d, () => at);
    expect(store.load()).toEqual({ results: [], skipped: 0 });
    const { record, notes } = store.record(result());
    expect(record.finishedAt).toBe('2026-11-24T10:00:00.000Z');
    expect(notes).toEqual([`Saved to ${join(d, 'scores.json')}`]);
    store.record(result({ timeMs: 60_000, score: 900 }));
    const loaded = store.load();
    expect(loaded.results.map((r) => r.timeMs)).toEqual([75_000, 60_000]);
    const file = JSON.parse(readFileSync(join(d, 'scores.json'), 'utf8'));
    expect(file.version).toBe(1);
    // Nothing but the file itself is left in the folder (the temp file was renamed).
    expect(readdirSync(d)).toEqual(['scores.json']);
  });

  it('never overwrites a corrupt file: it is moved to .bak, and the user is told', () => {
    const d = tmp();
    const file = join(d, 'scores.json');
    writeFileSync(file, '{"version": 1, "results": [');
    const store = new ScoreStore(d, () => at);
    const loaded = store.load();
    expect(loaded.results).toEqual([]);
    expect(loaded.problem).toMatch(/^.*scores\.json is not valid JSON \(/);
    const { notes } = store.record(result());
    expect(notes[0]).toMatch(/is not valid JSON .*: moved it to .*scores\.json\.bak and started a new scores file$/);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('{"version": 1, "results": [');
    expect(store.load().results).toHaveLength(1);
    // A second bad file does not clobber the first backup.
    writeFileSync(file, 'garbage');
    store.record(result());
    expect(readFileSync(`${file}.bak.1`, 'utf8')).toBe('garbage');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('{"version": 1, "results": [');
  });

  it('keeps a file of an unknown version aside instead of rewriting it', () => {
    const d = tmp();
    writeFileSync(join(d, 'scores.json'), JSON.stringify({ version: 2, results: [{ x: 1 }] }));
    const store = new ScoreStore(d, () => at);
    expect(store.load().problem).toMatch(/has version 2; this kubedrill reads version 1$/);
    store.record(result());
    expect(JSON.parse(readFileSync(join(d, 'scores.json.bak'), 'utf8')).version).toBe(2);
  });

  it('skips malformed entries and counts them', () => {
    const d = tmp();
    const good = { ...result(), finishedAt: at.toISOString() };
    writeFileSync(join(d, 'scores.json'), JSON.stringify({ version: 1, results: [good, { scenario: 3 }, null] }));
    const loaded = new ScoreStore(d).load();
    expect(loaded.results).toHaveLength(1);
    expect(loaded.skipped).toBe(2);
  });

  it('a failed write leaves the old file intact and no temp file behind', () => {
    const d = tmp();
    const store = new ScoreStore(d, () => at);
    store.record(result());
    const before = readFileSync(join(d, 'scores.json'), 'utf8');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => store.write({ version: 1, results: [circular as never] })).toThrow();
    expect(readFileSync(join(d, 'scores.json'), 'utf8')).toBe(before);
    expect(readdirSync(d)).toEqual(['scores.json']);
  });
});

describe('bestByScenario', () => {
  it('keeps the fastest solved time, the best score and counts attempts', () => {
    const rows = [
      { ...result({ timeMs: 90_000, score: 700 }), finishedAt: '2026-11-24T10:00:00Z' },
      { ...result({ outcome: 'gave-up', timeMs: 10_000, score: 0 }), finishedAt: '2026-11-24T11:00:00Z' },
      { ...result({ timeMs: 70_000, score: 650 }), finishedAt: '2026-11-24T09:00:00Z' },
      { ...result({ scenario: 'a-first', outcome: 'timeout', score: 0 }), finishedAt: '2026-11-24T08:00:00Z' },
    ] as ScoreRecord[];
    expect(bestByScenario(rows)).toEqual([
      { scenario: 'a-first', title: 'The new storefront never starts', difficulty: 'easy', attempts: 1, solved: 0, bestScore: 0, lastPlayed: '2026-11-24T08:00:00Z' },
      { scenario: 'frontend-bad-tag', title: 'The new storefront never starts', difficulty: 'easy', attempts: 3, solved: 2, bestTimeMs: 70_000, bestScore: 700, lastPlayed: '2026-11-24T11:00:00Z' },
    ]);
  });
});
