/**
 * Challenge results, kept in $KUBEDRILL_HOME/scores.json (default ~/.kubedrill).
 *
 * Writes are atomic: the new file is written to a temporary file in the same folder, fsynced,
 * and renamed over the old one (then the folder is fsynced), so a crash leaves either the old
 * file or the new one, never half of one. A file that cannot be read as scores (not JSON, or a
 * version this kubedrill does not know) is never overwritten: it is moved to scores.json.bak
 * (or .bak.1, .bak.2, ...) when the next result is saved, and the caller is told so.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ChallengeResult } from '../challenge/session.js';

export const SCORES_VERSION = 1;
export const SCORES_FILE = 'scores.json';

/** A finished challenge as kept on disk: its result with the score's total and when it ended. */
export type ScoreRecord = Omit<ChallengeResult, 'score'> & {
  score: number;
  /** Wall-clock time the challenge ended, ISO 8601. */
  finishedAt: string;
};

export interface ScoresFile {
  version: typeof SCORES_VERSION;
  results: ScoreRecord[];
}

export interface LoadResult {
  results: ScoreRecord[];
  /** Why the file could not be used, when it could not. */
  problem?: string;
  /** Entries skipped because they were malformed. */
  skipped: number;
}

/** Best results of one scenario. */
export interface ScenarioBest {
  scenario: string;
  title: string;
  difficulty: string;
  attempts: number;
  solved: number;
  /** Fastest solved time, ms. */
  bestTimeMs?: number;
  bestScore: number;
  lastPlayed: string;
}

/** $KUBEDRILL_HOME, or ~/.kubedrill. */
export function kubedrillHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBEDRILL_HOME && env.KUBEDRILL_HOME.trim() !== '' ? env.KUBEDRILL_HOME : join(homedir(), '.kubedrill');
}

const OUTCOMES = new Set(['solved', 'timeout', 'gave-up']);

function isRecord(x: unknown): x is ScoreRecord {
  if (!x || typeof x !== 'object') return false;
  const r = x as Record<string, unknown>;
  const num = (k: string): boolean => typeof r[k] === 'number' && Number.isFinite(r[k]);
  return typeof r.scenario === 'string' && typeof r.outcome === 'string' && OUTCOMES.has(r.outcome)
    && num('timeMs') && num('score') && typeof r.finishedAt === 'string';
}

export class ScoreStore {
  readonly file: string;

  constructor(readonly dir: string = kubedrillHome(), private readonly now: () => Date = () => new Date()) {
    this.file = join(dir, SCORES_FILE);
  }

  /** Reads the file; a missing file is an empty list, an unreadable one is reported in `problem`. */
  load(): LoadResult {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { results: [], skipped: 0 };
      return { results: [], skipped: 0, problem: `cannot read ${this.file}: ${(err as Error).message}` };
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      return { results: [], skipped: 0, problem: `${this.file} is not valid JSON (${(err as Error).message})` };
    }
    if (!data || typeof data !== 'object' || !Array.isArray((data as ScoresFile).results)) {
      return { results: [], skipped: 0, problem: `${this.file} is not a kubedrill scores file (no "results" list)` };
    }
    const version = (data as { version?: unknown }).version;
    if (version !== SCORES_VERSION) {
      return { results: [], skipped: 0, problem: `${this.file} has version ${JSON.stringify(version)}; this kubedrill reads version ${SCORES_VERSION}` };
    }
    const all = (data as ScoresFile).results;
    const results = all.filter(isRecord);
    return { results, skipped: all.length - results.length };
  }

  /**
   * Appends one result. Returns notes for the user: where it went, and whether an unreadable
   * file was moved aside first.
   */
  record(result: Omit<ScoreRecord, 'finishedAt'> & { finishedAt?: string }): { record: ScoreRecord; notes: string[] } {
    const notes: string[] = [];
    const loaded = this.load();
    if (loaded.problem) {
      if (existsSync(this.file)) {
        const bak = this.backupName();
        renameSync(this.file, bak);
        notes.push(`${loaded.problem}: moved it to ${bak} and started a new scores file`);
      } else {
        throw new Error(loaded.problem);
      }
    }
    const record: ScoreRecord = { ...result, finishedAt: result.finishedAt ?? this.now().toISOString() };
    this.write({ version: SCORES_VERSION, results: [...loaded.results, record] });
    notes.push(`Saved to ${this.file}`);
    return { record, notes };
  }

  private backupName(): string {
    let bak = `${this.file}.bak`;
    for (let i = 1; existsSync(bak); i++) bak = `${this.file}.bak.${i}`;
    return bak;
  }

  /** Atomic replace: temp file in the same folder, fsync, rename, fsync the folder. */
  write(data: ScoresFile): void {
    mkdirSync(this.dir, { recursive: true });
    const tmp = join(this.dir, `.${SCORES_FILE}.${process.pid}.${this.now().getTime()}.tmp`);
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(data, null, 2)}\n`);
      fsyncSync(fd);
    } catch (err) {
      closeSync(fd);
      try {
        unlinkSync(tmp);
      } catch {
        // Leave nothing half-written behind if we can.
      }
      throw err;
    }
    closeSync(fd);
    renameSync(tmp, this.file);
    syncDir(dirname(this.file));
  }
}

function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not every platform can fsync a directory (Windows); the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Per scenario: attempts, solves, fastest solved time, best score; sorted by scenario name. */
export function bestByScenario(results: readonly ScoreRecord[]): ScenarioBest[] {
  const by = new Map<string, ScenarioBest>();
  for (const r of results) {
    let b = by.get(r.scenario);
    if (!b) {
      b = { scenario: r.scenario, title: r.title ?? '', difficulty: r.difficulty ?? '', attempts: 0, solved: 0, bestScore: 0, lastPlayed: r.finishedAt };
      by.set(r.scenario, b);
    }
    b.attempts++;
    if (r.outcome === 'solved') {
      b.solved++;
      if (b.bestTimeMs === undefined || r.timeMs < b.bestTimeMs) b.bestTimeMs = r.timeMs;
    }
    b.bestScore = Math.max(b.bestScore, r.score);
    if (r.finishedAt > b.lastPlayed) b.lastPlayed = r.finishedAt;
    if (r.title) b.title = r.title;
  }
  return [...by.values()].sort((a, b) => a.scenario.localeCompare(b.scenario));
}
