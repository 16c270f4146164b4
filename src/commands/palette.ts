/**
 * The command palette: a line as a user types it at a shell on the cluster (quoting, pipes,
 * `&&`), run against simulated commands only. Nothing here reaches the host.
 */
import { runPipeline, type CommandResult, type CommandRunner } from './shell/pipeline.js';
import { FILTERS } from './shell/filters/index.js';
import { runKubectl } from './kubectl/index.js';
import { runEtcdctl } from './etcdctl.js';
import { xargs } from './xargs.js';
import { readSessionFile, type Session } from './session.js';

export type { CommandResult } from './shell/pipeline.js';

/** `cat FILE` reads files the session wrote (kubectl cp), then the session's folder (never the host's beyond it); `cat` alone copies stdin. */
function cat(session: Session): CommandRunner {
  return (argv, stdin) => {
    const files = argv.slice(1).filter((a) => a !== '-');
    if (files.length === 0) return FILTERS.cat!(argv, stdin);
    let out = '';
    let err = '';
    for (const f of files) {
      const own = readSessionFile(session, f);
      if (own !== undefined) {
        out += own;
        continue;
      }
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
  const commands: Record<string, CommandRunner> = {
    ...FILTERS,
    cat: cat(session),
    kubectl: (argv, stdin) => runKubectl(argv.slice(1), stdin, session, 'kubectl'),
    oc: (argv, stdin) => runKubectl(argv.slice(1), stdin, session, 'oc'),
    etcdctl: (argv) => runEtcdctl(argv.slice(1), { etcd: session.cluster.etcd, clock: session.cluster.clock, dataDir: session.dataDir }),
  };
  commands.xargs = xargs((name) => (Object.hasOwn(commands, name) ? commands[name] : undefined));
  return commands;
}

/** Runs one palette line. Never throws: every failure is a result with stderr and an exit code. */
export function runPalette(session: Session, line: string): CommandResult {
  const commands = paletteCommands(session);
  try {
    return runPipeline(line, (name) => (Object.hasOwn(commands, name) ? commands[name] : undefined));
  } catch (err) {
    return { stdout: '', stderr: `${err instanceof Error ? err.message : String(err)}\n`, exitCode: 2 };
  }
}
