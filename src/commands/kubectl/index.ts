/**
 * kubectl and oc in the command palette: the same grammar as the real binaries (global flags
 * anywhere, cobra-style subcommands, `oc adm`), errors printed the way they print them.
 */
import { ApiError } from '../../core/apiserver/errors.js';
import { Client } from '../../core/apiserver/client.js';
import { FlagError, kubectlFlagSet, kubectlFlagErrorResult, KUBECTL_GLOBAL_FLAGS, type ParseResult } from '../flags.js';
import type { CommandResult } from '../shell/pipeline.js';
import type { Session } from '../session.js';
import { READ_COMMANDS } from './read/index.js';
import { WRITE_COMMANDS } from './write/index.js';
import type { KubectlCommand, KubectlContext } from './types.js';
import { formatTrace, tracingClient, type TraceEntry } from './trace.js';

export type { KubectlCommand, KubectlContext } from './types.js';

export function allCommands(cli: 'kubectl' | 'oc'): KubectlCommand[] {
  return [...READ_COMMANDS, ...WRITE_COMMANDS].filter((c) => cli === 'oc' || !c.ocOnly);
}

/** Global flags that take a value, so `kubectl -n shop get pods` finds "get" as the command. */
const VALUE_FLAGS = new Set<string>();
for (const f of KUBECTL_GLOBAL_FLAGS) {
  if (f.type === 'bool') continue;
  VALUE_FLAGS.add(`--${f.name}`);
  if (f.shorthand) VALUE_FLAGS.add(`-${f.shorthand}`);
}

/** Flags of a command that take a value (`-o yaml`), as `-x` and `--name`. */
function valueFlags(cmd: KubectlCommand | undefined): Set<string> {
  const out = new Set<string>();
  for (const f of cmd?.flags ?? []) {
    if (f.type === 'bool' || f.type === 'count') continue;
    out.add(`--${f.name}`);
    if (f.shorthand) out.add(`-${f.shorthand}`);
  }
  return out;
}

/** Index of the first word that is not a flag (or a flag's value), or -1. */
function firstWord(argv: string[], from = 0, extra: Set<string> = new Set()): number {
  for (let i = from; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return -1;
    if (!a.startsWith('-') || a === '-') return i;
    if (VALUE_FLAGS.has(a) || extra.has(a)) i++;
  }
  return -1;
}

function find(commands: KubectlCommand[], word: string): KubectlCommand | undefined {
  return commands.find((c) => c.name === word || c.aliases?.includes(word));
}

export function rootHelp(cli: 'kubectl' | 'oc', commands: KubectlCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 10) + 2;
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}${c.short}`);
  const title = cli === 'oc' ? 'OpenShift Client' : 'kubectl controls the Kubernetes cluster manager.';
  return `${title}\n\nAvailable Commands:\n${lines.join('\n')}\n\nUsage:\n  ${cli} [flags] [options]\n\nUse "${cli} <command> --help" for more information about a given command.\n`;
}

function commandHelp(cmd: KubectlCommand, path: string): string {
  let out = `${cmd.help.trimEnd()}\n`;
  if (cmd.subcommands?.length) {
    const width = Math.max(...cmd.subcommands.map((c) => c.name.length)) + 2;
    out += `\nAvailable Commands:\n${cmd.subcommands.map((c) => `  ${c.name.padEnd(width)}${c.short}`).join('\n')}\n`;
  }
  if (cmd.flags?.length) {
    out += `\nOptions:\n${cmd.flags
      .filter((f) => !f.hidden)
      .map((f) => `    ${f.shorthand ? `-${f.shorthand}, ` : ''}--${f.name}${f.type === 'bool' ? '' : '=' + (f.default !== undefined ? JSON.stringify(f.default) : "''")}:\n\t${f.usage ?? ''}`)
      .join('\n\n')}\n`;
  }
  out += `\nUse "${path.split(' ')[0]} options" for a list of global command-line options (applies to all commands).\n`;
  return out;
}

/** Renders an error from a command the way kubectl's CheckErr does. */
export function errorResult(err: unknown, stdout = ''): CommandResult {
  if (err instanceof ApiError) return { stdout, stderr: `${err.kubectlMessage()}\n`, exitCode: 1 };
  if (err instanceof FlagError) return { stdout, stderr: `error: ${err.message}\n`, exitCode: 1 };
  const message = err instanceof Error ? err.message : String(err);
  return { stdout, stderr: `${message.startsWith('error: ') || message.startsWith('Error') ? message : `error: ${message}`}\n`, exitCode: 1 };
}

export function runKubectl(argv: string[], stdin: string, session: Session, cli: 'kubectl' | 'oc'): CommandResult {
  let commands = allCommands(cli);
  let path: string = cli;
  let rest = [...argv];
  let cmd: KubectlCommand | undefined;
  let idx = firstWord(rest);
  if (idx < 0) {
    if (rest.includes('--help') || rest.includes('-h') || rest.length === 0) return { stdout: rootHelp(cli, commands), stderr: '', exitCode: 0 };
    if (rest.includes('--version')) return { stdout: '', stderr: `error: unknown flag: --version\nSee '${cli} --help' for usage.\n`, exitCode: 1 };
    const parsed = kubectlFlagSet(cli).parse(rest);
    void parsed;
    return { stdout: rootHelp(cli, commands), stderr: '', exitCode: 0 };
  }
  // `oc adm X` reaches the commands marked adm.
  if (cli === 'oc' && rest[idx] === 'adm') {
    rest.splice(idx, 1);
    path = 'oc adm';
    commands = commands.filter((c) => c.adm);
    idx = firstWord(rest, idx);
    if (idx < 0) return { stdout: rootHelp(cli, commands).replace('OpenShift Client', 'Administrative Commands'), stderr: '', exitCode: 0 };
  }
  // Walk down subcommands: `rollout status`, `create configmap`, `auth can-i`, `set image`.
  for (;;) {
    const word = rest[idx]!;
    const next = find(commands, word);
    if (!next) {
      if (!cmd) {
        return { stdout: '', stderr: `error: unknown command "${word}" for "${path}"\n\nRun '${path} --help' for usage.\n`, exitCode: 1 };
      }
      break;
    }
    cmd = next;
    path = `${path} ${next.name}`;
    rest.splice(idx, 1);
    if (!next.subcommands?.length) break;
    commands = next.subcommands;
    const after = firstWord(rest, idx, valueFlags(next));
    if (after < 0) break;
    idx = after;
  }
  if (!cmd) return { stdout: rootHelp(cli, commands), stderr: '', exitCode: 0 };
  const set = kubectlFlagSet(path, cmd.flags ?? []);
  let parsed: ParseResult;
  try {
    parsed = set.parse(rest);
  } catch (err) {
    if (err instanceof FlagError) return kubectlFlagErrorResult(err, path);
    throw err;
  }
  if (parsed.help) return { stdout: commandHelp(cmd, path), stderr: '', exitCode: 0 };
  if (!cmd.run) {
    if (parsed.args.length > 0) {
      return { stdout: '', stderr: `error: unknown command "${parsed.args[0]}" for "${path}"\n\nRun '${path} --help' for usage.\n`, exitCode: 1 };
    }
    return { stdout: commandHelp(cmd, path), stderr: '', exitCode: 0 };
  }
  let client = session.client;
  const token = parsed.flags.token as string | undefined;
  if (token) client = new Client(session.cluster.api, { token }, false, client.userAgent);
  const as = parsed.flags.as as string | undefined;
  if (as) client = client.impersonating(as, (parsed.flags['as-group'] as string[] | undefined)?.length ? (parsed.flags['as-group'] as string[]) : undefined);
  const ns = parsed.flags.namespace as string | undefined;
  const verbosity = Number(parsed.flags.v ?? 0);
  const trace: TraceEntry[] = [];
  if (verbosity >= 6) client = tracingClient(client, session.cluster, (e) => trace.push(e));
  const ctx: KubectlContext = {
    session,
    cli,
    client,
    namespace: ns || session.namespace,
    namespaceExplicit: !!ns,
    stdin,
    commandPath: path,
    verbosity,
    ...(verbosity >= 6 ? { trace: (e: TraceEntry) => void trace.push(e) } : {}),
  };
  const started = session.cluster.clock.now();
  let result: CommandResult;
  try {
    result = cmd.run(ctx, parsed.args, parsed);
  } catch (err) {
    result = errorResult(err);
  }
  // kubectl -v=6+: the request log comes first on stderr, as klog writes it before the output.
  return verbosity >= 6 ? { ...result, stderr: formatTrace(trace, verbosity, started) + result.stderr } : result;
}
