/**
 * `kubedrill challenge FILE|NAME|--random [--difficulty D] [--seed N] [--speed X]`: a scenario as
 * a timed, scored challenge in the dashboard. Results go to $KUBEDRILL_HOME/scores.json.
 */
import { parseArgs } from 'node:util';
import { folderFiles } from '../commands/session.js';
import { catalog, dashboardCatalog, launch, pickRandom, type Launch } from '../challenge/launch.js';
import { formatClock } from '../challenge/scoring.js';
import { DIFFICULTIES, type Difficulty } from '../scenarios/types.js';
import { kubedrillHome, ScoreStore } from '../scores/store.js';
import { CliError, type Io } from './io.js';
import { parseSeed } from './run.js';
import { parseSpeed, type UiTerminal } from './ui.js';

export const CHALLENGE_HELP = `Play a scenario as a timed, scored challenge in the dashboard.

Usage:
  kubedrill challenge FILE|NAME [--seed N] [--speed X]
  kubedrill challenge --random [--difficulty easy|medium|hard] [--seed N] [--speed X]

The ticket opens first. The countdown starts at the scenario's timeLimit and runs on simulated
time; fix the cluster through the ':' command palette. The challenge is solved once the goal has
held for the scenario's holdFor. Keys: T the ticket, H the next hint (unlocks with time, costs
100 points), Ctrl-G give up (shows the solution), ? every key. A challenge cannot be paused.
Results are saved to $KUBEDRILL_HOME/scores.json (default ~/.kubedrill): 'kubedrill scores'.

Options:
  --random          pick a challenge from the library (a seeded choice: see --seed)
  --difficulty D    with --random: only easy, medium or hard scenarios
  --seed N          seed of the simulation, and of the --random pick (default 1)
  --speed X         simulated seconds per second at start: 1, 10 or 100 (default 1)
  -h, --help        show this help
`;

export function challengeCommand(
  argv: string[],
  io: Io,
  term: UiTerminal = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  env: NodeJS.ProcessEnv = process.env,
): number | Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      random: { type: 'boolean' },
      difficulty: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(CHALLENGE_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new CliError(`challenge takes one scenario (FILE or NAME), got ${positionals.length}\n\n${CHALLENGE_HELP}`);
  if (values.random && positionals.length) throw new CliError('challenge: give a scenario or --random, not both');
  if (!values.random && positionals.length === 0) throw new CliError(`challenge needs a scenario (FILE or NAME) or --random\n\n${CHALLENGE_HELP}`);
  const difficulty = values.difficulty;
  if (difficulty !== undefined && !(DIFFICULTIES as readonly string[]).includes(difficulty)) {
    throw new CliError(`--difficulty: invalid value "${difficulty}" (easy, medium or hard)`);
  }
  if (difficulty !== undefined && !values.random) throw new CliError('--difficulty goes with --random');
  const seed = parseSeed(values.seed);
  const speed = parseSpeed(values.speed);
  if (speed < 1) throw new CliError(`--speed: a challenge runs at 1x or faster, got "${values.speed}"`);
  const store = new ScoreStore(kubedrillHome(env));
  let name = positionals[0];
  if (values.random) {
    const pick = pickRandom(catalog(store), seed, difficulty as Difficulty | undefined);
    if (!pick) throw new CliError(`challenge --random: no ${difficulty ? `${difficulty} ` : ''}challenge in the library`);
    name = pick.name;
  }
  if (!term.stdin.isTTY || !term.stdout.isTTY) {
    throw new CliError("challenge needs an interactive terminal (stdin and stdout must be a TTY); for scripts use 'kubedrill run'");
  }
  const files = folderFiles(process.cwd());
  let current: Launch;
  try {
    current = launch(name!, 'challenge', { seed, files, store });
  } catch (err) {
    if (err instanceof Error && /has no challenge/.test(err.message)) throw new CliError(`challenge: ${err.message}`);
    throw err;
  }
  const first = current;
  const cat = dashboardCatalog({ seed, files, store, onLaunch: (l) => (current = l) });
  return import('../tui/start.js').then(async ({ runDashboard }) => {
    const code = await runDashboard(first.run, { ...term, speed, namespace: first.run.session.namespace, challenge: first.challenge, catalog: cat });
    for (const e of current.run.faultErrors) io.err(`${e}\n`);
    if (current.challenge) io.out(summary(current));
    return code;
  });
}

/** One line about the challenge, printed after the dashboard closes. */
export function summary(l: Launch): string {
  const s = l.challenge!;
  const r = s.result();
  const name = s.scenario.metadata.name;
  if (!r) return `${name}: left unfinished after ${formatClock(s.elapsed())} (not saved)\n`;
  const how = r.outcome === 'solved' ? `solved in ${formatClock(r.timeMs)}` : r.outcome === 'timeout' ? 'time ran out' : `gave up after ${formatClock(r.timeMs)}`;
  const hints = `${r.hintsUsed} hint${r.hintsUsed === 1 ? '' : 's'}`;
  return `${name}: ${how} of ${formatClock(r.timeLimitMs)}, ${hints}, score ${r.score.total}\n${s.recordNotes.map((n) => `${n}\n`).join('')}`;
}
