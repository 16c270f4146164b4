/**
 * A kubectl/oc subcommand, as cobra defines one: its flags, its help text, and what it does.
 * Commands return a CommandResult; ApiErrors they throw are printed the way kubectl does.
 */
import type { Client } from '../../core/apiserver/client.js';
import type { FlagSpec, ParseResult } from '../flags.js';
import type { CommandResult } from '../shell/pipeline.js';
import type { Session } from '../session.js';
import type { TraceEntry } from './trace.js';

export interface KubectlContext {
  session: Session;
  /** Which binary the user typed: the CLI name shown in messages and help. */
  cli: 'kubectl' | 'oc';
  /** The client for this invocation (--as, --as-group, --token applied). */
  client: Client;
  /** -n/--namespace, else the session's current namespace. */
  namespace: string;
  /** True when -n/--namespace was given. */
  namespaceExplicit: boolean;
  stdin: string;
  /** "kubectl get", "oc adm drain": for help and error messages. */
  commandPath: string;
  /** Global -v level (kubectl -v=8 prints request/response lines). */
  verbosity: number;
  /** Records a request for the -v=6+ log (set only when verbosity >= 6); client requests are recorded on their own. */
  trace?: (entry: TraceEntry) => void;
}

export interface KubectlCommand {
  name: string;
  aliases?: string[];
  /** One line for the command list of `kubectl --help`. */
  short: string;
  /** Usage line(s) and examples shown by `--help`. */
  help: string;
  flags?: FlagSpec[];
  subcommands?: KubectlCommand[];
  /** Only oc has it (project, whoami, rsh...). */
  ocOnly?: boolean;
  /** Listed under `oc adm` too (cordon, uncordon, drain, taint, top...). */
  adm?: boolean;
  run?(ctx: KubectlContext, args: string[], parsed: ParseResult): CommandResult;
}
