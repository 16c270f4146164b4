/** A real cluster plus a palette session for the kubectl write-command tests. */
import { Cluster, type ClusterOptions } from '../../src/core/cluster.js';
import { createSession, type Session } from '../../src/commands/session.js';
import { runPalette, type CommandResult } from '../../src/commands/palette.js';

export interface Drill {
  cluster: Cluster;
  session: Session;
  files: Record<string, string>;
  run(line: string): CommandResult;
}

export function drill(opts: ClusterOptions = {}): Drill {
  const cluster = new Cluster({ controlPlane: 1, workers: [{ name: 'worker-1' }, { name: 'worker-2' }], seed: 3, ...opts }).start();
  const files: Record<string, string> = {};
  const session = createSession(cluster, {
    files: {
      read(f: string): string {
        if (f in files) return files[f]!;
        throw new Error(`the path "${f}" does not exist`);
      },
    },
  });
  return { cluster, session, files, run: (line) => runPalette(session, line) };
}

/** stdout, stderr and exit code in one comparable value. */
export function out(r: CommandResult): { stdout: string; stderr: string; exitCode: number } {
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}
