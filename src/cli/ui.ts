/**
 * `kubedrill ui [FILE|NAME] [--seed N] [--speed X]`: the k9s-style dashboard on a scenario
 * (sandbox by default). Arguments and the scenario are checked synchronously (usage errors
 * throw CliError/ScenarioError like the other commands); the dashboard itself, with React and
 * Ink, loads only when it starts.
 */
import { parseArgs } from 'node:util';
import { findScenario } from '../scenarios/library.js';
import { ScenarioRun } from '../scenarios/runtime.js';
import { folderFiles } from '../commands/session.js';
import { CliError, type Io } from './io.js';
import { parseSeed } from './run.js';
import { dashboardCatalog } from '../challenge/launch.js';
import { kubedrillHome, ScoreStore } from '../scores/store.js';

export const UI_HELP = `Open the dashboard on a scenario's simulated cluster.

Usage:
  kubedrill ui [FILE|NAME] [--seed N] [--speed X]

Arguments:
  FILE|NAME         a scenario file or a library scenario name (default: sandbox)

Options:
  --seed N          seed of the simulation's random source (default 1)
  --speed X         simulated seconds per second at start: 1, 10 or 100 (default 1)
  -h, --help        show this help

Keys: ? shows every key of the current view; :q or Ctrl-C twice quits; :scenarios picks
another scenario, for practice or as a timed challenge (see 'kubedrill challenge --help').
Environment: NO_COLOR drops colours; TERM=dumb also drops attributes and the alternate screen.
`;

export interface UiTerminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export function uiCommand(argv: string[], io: Io, term: UiTerminal = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): number | Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      speed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(UI_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new CliError(`ui takes at most one scenario (FILE or NAME), got ${positionals.length}\n\n${UI_HELP}`);
  const seed = parseSeed(values.seed);
  const speed = parseSpeed(values.speed);
  if (!term.stdin.isTTY || !term.stdout.isTTY) {
    throw new CliError("ui needs an interactive terminal (stdin and stdout must be a TTY); for scripts use 'kubedrill run'");
  }
  const scenario = findScenario(positionals[0] ?? 'sandbox');
  const files = folderFiles(process.cwd());
  const run = new ScenarioRun(scenario, { seed, files }).start();
  // :scenarios can restart the dashboard on another scenario, in practice or challenge mode.
  const catalog = dashboardCatalog({ seed, files, store: new ScoreStore(kubedrillHome()) });
  return import('../tui/start.js').then(async ({ runDashboard }) => {
    const code = await runDashboard(run, { ...term, speed, namespace: run.session.namespace, catalog });
    for (const e of run.faultErrors) io.err(`${e}\n`);
    return code;
  });
}

export function parseSpeed(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text.replace(/x$/i, ''));
  if (!Number.isFinite(n) || n <= 0 || n > 1000) throw new CliError(`--speed: invalid value "${text}" (simulated seconds per second, e.g. 1, 10 or 100)`);
  return n;
}

// `node bin/run-ts.js src/cli/ui.ts [args]`: run the dashboard directly, before the CLI wires it.
if (process.argv[1] && /src[\\/]cli[\\/]ui\.ts$/.test(process.argv[1])) {
  const io: Io = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };
  try {
    process.exitCode = await uiCommand(process.argv.slice(2), io);
  } catch (err) {
    process.stderr.write(`kubedrill: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof CliError ? 2 : 1;
  }
}
