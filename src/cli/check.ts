/** `kubedrill check FILE|NAME...|--all`: validates and proves scenarios. */
import { parseArgs } from 'node:util';
import { findScenario, listScenarios } from '../scenarios/library.js';
import { ScenarioError } from '../scenarios/errors.js';
import { checkScenario } from '../scenarios/check.js';
import { parseSeed } from './run.js';
import { CliError, type Io } from './io.js';

export const CHECK_HELP = `Validate scenario files and prove each one: after goal.settle its goal is false,
and after its reference solution, within timeLimit, the goal holds for holdFor.

Usage:
  kubedrill check FILE|NAME... [--seed N]
  kubedrill check --all [--seed N]

Prints one line per scenario (PASS or FAIL) and exits 1 if any fails, 2 on a usage error.
A malformed file gets FILE:LINE:COLUMN and what is wrong, and nothing of it runs.
`;

export function checkCommand(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { all: { type: 'boolean' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(CHECK_HELP);
    return 0;
  }
  const seed = parseSeed(values.seed);
  const refs = values.all ? listScenarios().map((e) => e.file) : positionals;
  if (refs.length === 0) throw new CliError(`check needs FILE, NAME or --all\n\n${CHECK_HELP}`);
  let failed = 0;
  for (const ref of refs) {
    let scenario;
    try {
      scenario = findScenario(ref);
    } catch (err) {
      failed++;
      if (err instanceof ScenarioError) io.out(`FAIL ${ref}: invalid scenario file\n${err.message}\n`);
      else io.out(`FAIL ${ref}: ${err instanceof Error ? err.message : String(err)}\n`);
      continue;
    }
    const outcome = checkScenario(scenario, { seed });
    if (!outcome.ok) failed++;
    io.out(`${outcome.ok ? 'PASS' : 'FAIL'} ${outcome.name}: ${outcome.summary}\n`);
    for (const d of outcome.details) io.out(`  ${d}\n`);
  }
  if (refs.length > 1) io.out(`${refs.length - failed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
