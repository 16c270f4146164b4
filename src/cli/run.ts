/** `kubedrill run FILE|NAME [--seed N] [--for D] [--cmd C]... [--solve] [--check]`: steps in order. */
import { parseArgs } from 'node:util';
import { formatGoDuration, parseDuration } from '../core/clock.js';
import { findScenario } from '../scenarios/library.js';
import { ScenarioRun } from '../scenarios/runtime.js';
import { describeCheck } from '../scenarios/goal.js';
import { folderFiles } from '../commands/session.js';
import { CliError, type Io } from './io.js';

export const RUN_HELP = `Run a scenario headless, taking the steps in the order given.

Usage:
  kubedrill run FILE|NAME [--seed N] [--for DURATION] [--cmd COMMAND]... [--solve] [--check]

Steps (repeatable, run in order):
  --for DURATION    advance the simulated clock (90s, 10m, 1h30m)
  --cmd COMMAND     run a command-palette command; prints "$ COMMAND", its output, then "[exit N]"
  --solve           apply the scenario's reference solution
  --check           print each goal check's state; the exit status is 0 when the goal holds, 1 when not

Options:
  --seed N          seed of the simulation's random source (default 1)
  -h, --help        show this help

Examples:
  kubedrill run sandbox --for 120s --cmd "kubectl get nodes" --cmd "kubectl get pods -A"
  kubedrill run ./my-scenario.yaml --for 2m --check --solve --for 1m --check
`;

export function runCommand(argv: string[], io: Io): number {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    tokens: true,
    options: {
      seed: { type: 'string' },
      for: { type: 'string', multiple: true },
      cmd: { type: 'string', multiple: true },
      solve: { type: 'boolean', multiple: true },
      check: { type: 'boolean', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(RUN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError(`run needs exactly one scenario (FILE or NAME), got ${positionals.length}\n\n${RUN_HELP}`);
  const seed = parseSeed(values.seed);
  const scenario = findScenario(positionals[0]!);
  const run = new ScenarioRun(scenario, { seed, files: folderFiles(process.cwd()) }).start();
  let exit = 0;
  for (const tok of tokens ?? []) {
    if (tok.kind !== 'option') continue;
    switch (tok.name) {
      case 'for': {
        const ms = parseDuration(tok.value ?? '');
        if (ms === undefined) throw new CliError(`--for: invalid duration "${tok.value}" (use e.g. 90s, 10m, 1h30m)`);
        run.advance(ms);
        break;
      }
      case 'cmd': {
        const line = tok.value ?? '';
        const r = run.run(line);
        io.out(`$ ${line}\n`);
        if (r.stdout) io.out(r.stdout.endsWith('\n') ? r.stdout : `${r.stdout}\n`);
        if (r.stderr) io.out(r.stderr.endsWith('\n') ? r.stderr : `${r.stderr}\n`);
        io.out(`[exit ${r.exitCode}]\n`);
        break;
      }
      case 'solve': {
        run.solve((step, result) => {
          io.out(`$ ${step}\n`);
          if (result) {
            if (result.stdout) io.out(result.stdout.endsWith('\n') ? result.stdout : `${result.stdout}\n`);
            if (result.stderr) io.out(result.stderr.endsWith('\n') ? result.stderr : `${result.stderr}\n`);
            io.out(`[exit ${result.exitCode}]\n`);
          }
        });
        break;
      }
      case 'check': {
        const g = run.goal();
        io.out(`goal at ${formatGoDuration(run.elapsed())}: ${g.met ? 'met' : 'not met'}\n`);
        for (const c of g.checks) io.out(`  ${c.ok ? 'ok  ' : 'FAIL'} ${describeCheck(c.check)}: ${c.detail}\n`);
        exit = g.met ? 0 : 1;
        break;
      }
      default:
        break;
    }
  }
  for (const e of run.faultErrors) io.err(`${e}\n`);
  return exit;
}

export function parseSeed(text: string | undefined): number {
  if (text === undefined) return 1;
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff) throw new CliError(`--seed: invalid value "${text}" (a whole number from 0 to 4294967295)`);
  return Number(text);
}
