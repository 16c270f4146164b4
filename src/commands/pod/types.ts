/** A shell inside a running container (`kubectl exec POD -- ...`), simulated: nothing touches the host. */
import type { Container, Pod } from '../../core/api/types.js';
import type { CommandResult } from '../shell/pipeline.js';
import type { Session } from '../session.js';

export interface PodShell {
  session: Session;
  pod: Pod;
  container: Container;
  /** The container's environment as the kubelet resolved it at start. */
  env: Record<string, string>;
  /** A file as the container sees it (mounts, /etc/resolv.conf, /etc/hosts), or undefined. */
  file(path: string): string | undefined;
  /** When the container started (ms), for ps. */
  startedAt: number;
  /** Tools the image ships (undefined: all the simulation knows). */
  tools?: ReadonlySet<string>;
}

export type PodTool = (argv: string[], stdin: string, shell: PodShell) => CommandResult;

export const res = (stdout: string, stderr = '', exitCode = 0): CommandResult => ({ stdout, stderr, exitCode });
