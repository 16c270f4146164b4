/**
 * The command palette: a line as a user types it at a shell on the cluster (quoting, pipes,
 * `&&`), run against simulated commands only. Nothing here reaches the host.
 */
import { runPipeline, ok, type CommandResult, type CommandRunner } from './shell/pipeline.js';
import { grep } from './shell/filters/grep.js';
import { head } from './shell/filters/head.js';
import { tail } from './shell/filters/tail.js';
import { wc } from './shell/filters/wc.js';
import { runKubectl } from './kubectl/index.js';
import { runEtcdctl } from './etcdctl.js';
import type { Session } from './session.js';

export type { CommandResult } from './shell/pipeline.js';

function echo(argv: string[]): CommandResult {
  let args = argv.slice(1);
  let newline = true;
  if (args[0] === '-n') {
    newline = false;
    args = args.slice(1);
  }
  return ok(args.join(' ') + (newline ? '\n' : ''));
}

function cat(session: Session): CommandRunner {
  return (argv, stdin) => {
    const files = argv.slice(1).filter((a) => a !== '-');
    if (files.length === 0) return ok(stdin);
    let out = '';
    let err = '';
    for (const f of files) {
      try {
        out += session.files.read(f);
      } catch {
        err += `cat: ${f}: No such file or directory\n`;
      }
    }
    return { stdout: out, stderr: err, exitCode: err ? 1 : 0 };
  };
}

export function paletteCommands(session: Session): Record<string, CommandRunner> {
  return {
    kubectl: (argv, stdin) => runKubectl(argv.slice(1), stdin, session, 'kubectl'),
    oc: (argv, stdin) => runKubectl(argv.slice(1), stdin, session, 'oc'),
    etcdctl: (argv) => runEtcdctl(argv.slice(1), { etcd: session.cluster.etcd, clock: session.cluster.clock, dataDir: session.dataDir }),
    grep,
    head,
    tail,
    wc,
    echo,
    cat: cat(session),
  };
}

/** Runs one palette line. Never throws: every failure is a result with stderr and an exit code. */
export function runPalette(session: Session, line: string): CommandResult {
  const commands = paletteCommands(session);
  try {
    return runPipeline(line, (name) => commands[name]);
  } catch (err) {
    return { stdout: '', stderr: `${err instanceof Error ? err.message : String(err)}\n`, exitCode: 2 };
  }
}
