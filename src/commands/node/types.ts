/** A shell on a node (what `oc debug node/X` / `kubectl debug node/X` opens), simulated. */
import type { CommandResult } from '../shell/pipeline.js';
import type { Session } from '../session.js';

export interface NodeShell {
  session: Session;
  /** The node the debug pod runs on. */
  node: string;
  /** True after `chroot /host`: the host's binaries (systemctl, crictl, journalctl) are reachable. */
  chroot: boolean;
}

/** One node tool: argv[0] is its name. Never throws for bad input; returns the tool's own error text. */
export type NodeTool = (argv: string[], stdin: string, shell: NodeShell) => CommandResult;
