/**
 * The `kubedrill` command: subcommands run, check, scenarios (and the dashboard, `ui`).
 * Usage errors exit 2 with a message saying what is wrong; nothing ever crashes with a stack.
 */
import { runCommand } from './cli/run.js';
import { checkCommand } from './cli/check.js';
import { scenariosCommand } from './cli/scenarios.js';
import { uiCommand } from './cli/ui.js';
import { challengeCommand } from './cli/challenge.js';
import { scoresCommand } from './cli/scores.js';
import { serveCommand } from './cli/serve.js';
import { sshCommand } from './cli/ssh.js';
import { CliError, processIo, type Io } from './cli/io.js';
import { ScenarioError } from './scenarios/errors.js';

export const HELP = `kubedrill: practise Kubernetes and OpenShift troubleshooting on a simulated cluster.

Usage:
  kubedrill [COMMAND] [ARGS]

With no command, opens the dashboard on the sandbox scenario (same as 'kubedrill ui').

Commands:
  ui [FILE|NAME]     the dashboard (k9s-style) on a scenario's cluster: --seed N, --speed X
  run FILE|NAME      run a scenario headless: --for, --cmd, --solve, --check steps in order
  check FILE|NAME... prove scenarios broken before and fixed after their solution (--all: the library)
  scenarios          list the scenario library
  challenge NAME     a scenario as a timed, scored challenge in the dashboard (--random [--difficulty D])
  scores [NAME]      challenge results: best time per scenario ($KUBEDRILL_HOME/scores.json)
  serve [FILE|NAME]  the cluster over the Kubernetes API for the real kubectl: --port, --address, --ui
  ssh                serve the dashboard over SSH, a cluster per connection (demos, classrooms)

Run 'kubedrill COMMAND --help' for a command's options.
`;


export function main(argv: string[], io: Io = processIo): number | Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case undefined:
        return uiCommand([], io);
      case 'ui':
        return uiCommand(rest, io);
      case '-h':
      case '--help':
      case 'help':
        io.out(HELP);
        return 0;
      case 'run':
        return runCommand(rest, io);
      case 'check':
        return checkCommand(rest, io);
      case 'scenarios':
        return scenariosCommand(rest, io);
      case 'challenge':
        return challengeCommand(rest, io);
      case 'scores':
        return scoresCommand(rest, io);
      case 'serve':
        return serveCommand(rest, io);
      case 'ssh':
        return sshCommand(rest, io);
      default:
        io.err(`kubedrill: unknown command "${cmd}"\n\n${HELP}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ScenarioError) {
      io.err(`${err.message}\n`);
      return 1;
    }
    if (err instanceof CliError || (err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`kubedrill: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
