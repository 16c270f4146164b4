/** `kubedrill scores [NAME] [--all]`: challenge results from $KUBEDRILL_HOME/scores.json. */
import { parseArgs } from 'node:util';
import { formatClock } from '../challenge/scoring.js';
import { bestByScenario, kubedrillHome, ScoreStore, type ScoreRecord } from '../scores/store.js';
import { CliError, type Io } from './io.js';

export const SCORES_HELP = `Show challenge results: the best time per scenario.

Usage:
  kubedrill scores            best time and score per scenario
  kubedrill scores NAME       every result of one scenario, newest first
  kubedrill scores --all      every result, newest first

Results are kept in $KUBEDRILL_HOME/scores.json (default ~/.kubedrill/scores.json).

Options:
  --all             list every result
  -h, --help        show this help
`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd();
  return `${line(header)}\n${rows.map((r) => `${line(r)}\n`).join('')}`;
}

/** 2026-11-24 10:00 (UTC) from an ISO timestamp. */
function when(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

function outcome(r: ScoreRecord): string {
  return r.outcome === 'solved' ? 'solved' : r.outcome === 'timeout' ? 'time up' : 'gave up';
}

export function scoresCommand(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { all: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.out(SCORES_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new CliError(`scores takes at most one scenario NAME, got ${positionals.length}`);
  if (values.all && positionals.length) throw new CliError('scores: give a NAME or --all, not both');
  const store = new ScoreStore(kubedrillHome(env));
  const loaded = store.load();
  if (loaded.problem) {
    io.err(`kubedrill: ${loaded.problem}\nIt is kept as it is; the next saved result moves it to ${store.file}.bak and starts a new file.\n`);
    return 1;
  }
  if (loaded.skipped) io.err(`kubedrill: skipped ${loaded.skipped} malformed result${loaded.skipped === 1 ? '' : 's'} in ${store.file}\n`);
  const name = positionals[0];
  if (values.all || name) {
    const rows = loaded.results.filter((r) => !name || r.scenario === name).reverse();
    if (rows.length === 0) {
      io.out(name ? `No results for ${name} in ${store.file}.\n` : `No challenge results yet in ${store.file}.\n`);
      return 0;
    }
    io.out(table(
      ['WHEN (UTC)', 'SCENARIO', 'OUTCOME', 'TIME', 'HINTS', 'SCORE'],
      rows.map((r) => [when(r.finishedAt), r.scenario, outcome(r), `${formatClock(r.timeMs)}/${formatClock(r.timeLimitMs)}`, `${r.hintsUsed}/${r.hintsTotal}`, String(r.score)]),
    ));
    return 0;
  }
  const best = bestByScenario(loaded.results);
  if (best.length === 0) {
    io.out(`No challenge results yet in ${store.file}.\nPlay one: kubedrill challenge NAME (or --random).\n`);
    return 0;
  }
  io.out(table(
    ['SCENARIO', 'DIFFICULTY', 'BEST TIME', 'BEST SCORE', 'SOLVED', 'LAST PLAYED (UTC)'],
    best.map((b) => [b.scenario, b.difficulty, b.bestTimeMs !== undefined ? formatClock(b.bestTimeMs) : '-', String(b.bestScore), `${b.solved}/${b.attempts}`, when(b.lastPlayed)]),
  ));
  return 0;
}
