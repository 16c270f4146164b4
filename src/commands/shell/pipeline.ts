/**
 * Runs a parsed palette command line: pipelines feed each stage's stdout to the next
 * stage's stdin; sequences (`;`, `&&`, `||`) run like bash without `set -o pipefail`.
 * Every command is simulated: runners are plain functions, nothing reaches the host.
 */
import { expandWords, parseCommandLine, ShellSyntaxError, type CommandLine, type Pipeline, type SimpleCommand } from './tokenize.js';

export type CommandResult = { stdout: string; stderr: string; exitCode: number };

export type CommandRunner = (argv: string[], stdin: string) => CommandResult;

/** Finds the runner for a command name (argv[0]); undefined means "command not found". */
export type CommandResolver = (name: string) => CommandRunner | undefined;

export function ok(stdout = ''): CommandResult {
  return { stdout, stderr: '', exitCode: 0 };
}

export function fail(stderr: string, exitCode = 1, stdout = ''): CommandResult {
  return { stdout, stderr, exitCode };
}

function withNewline(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}

/** Substitutions inside substitutions deeper than this are refused (a line is short; this is a guard). */
const MAX_SUBSTITUTION_DEPTH = 8;
let substitutionDepth = 0;

/** The command's words with $(...) expanded; the substitutions' stderr goes to `errors`. */
function expandArgv(cmd: SimpleCommand, resolve: CommandResolver, errors: string[]): string[] {
  if (!cmd.words) return cmd.argv;
  if (substitutionDepth >= MAX_SUBSTITUTION_DEPTH) throw new ShellSyntaxError('kubedrill: command substitution nested too deeply');
  substitutionDepth++;
  try {
    return expandWords(cmd.words, (line) => {
      const r = runPipeline(line, resolve);
      if (r.stderr) errors.push(r.stderr);
      return r.stdout;
    });
  } finally {
    substitutionDepth--;
  }
}

function runCommand(cmd: SimpleCommand, stdin: string, resolve: CommandResolver): CommandResult {
  const subErrors: string[] = [];
  let argv: string[];
  try {
    argv = expandArgv(cmd, resolve, subErrors);
  } catch (err) {
    if (err instanceof ShellSyntaxError) return fail(withNewline(err.message), err.exitCode);
    throw err;
  }
  const name = argv[0] ?? '';
  const runner = resolve(name);
  let result: CommandResult;
  if (argv.length === 0) {
    // Every word expanded to nothing (`$(true)`): bash runs nothing and succeeds.
    result = ok();
  } else if (!runner) {
    result = fail(`bash: ${name}: command not found\n`, 127);
  } else {
    try {
      result = runner(argv, stdin);
    } catch (err) {
      // A bug in a simulated command must not take the palette down with it.
      const msg = err instanceof Error ? err.message : String(err);
      result = fail(`${name}: internal error: ${msg}\n`, 1);
    }
  }
  let { stdout } = result;
  let stderr = subErrors.join('') + result.stderr;
  // Applied left to right like bash, using the streams as they were (no interleaving order
  // is kept: merged stderr is appended after stdout).
  for (const r of cmd.redirects) {
    if (r.fd === 2) {
      if (r.to === 'null') stderr = '';
      else if (r.to === 'stdout') {
        stdout += stderr;
        stderr = '';
      }
    } else if (r.to === 'null') stdout = '';
    else if (r.to === 'stderr') {
      stderr += stdout;
      stdout = '';
    }
  }
  return { stdout, stderr, exitCode: result.exitCode };
}

export function runParsedPipeline(pipeline: Pipeline, resolve: CommandResolver, stdin = ''): CommandResult {
  let input = stdin;
  let stderr = '';
  let last: CommandResult = ok();
  for (const cmd of pipeline.commands) {
    last = runCommand(cmd, input, resolve);
    stderr += last.stderr;
    input = last.stdout;
  }
  return { stdout: last.stdout, stderr, exitCode: last.exitCode };
}

export function runCommandLine(parsed: CommandLine, resolve: CommandResolver): CommandResult {
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  for (const item of parsed.items) {
    if (item.op === '&&' && exitCode !== 0) continue;
    if (item.op === '||' && exitCode === 0) continue;
    const r = runParsedPipeline(item.pipeline, resolve);
    stdout += r.stdout;
    stderr += r.stderr;
    exitCode = r.exitCode;
  }
  return { stdout, stderr, exitCode };
}

/**
 * Parses and runs one palette line. Syntax errors come back as a result (bash's message,
 * exit 2), never as an exception.
 */
export function runPipeline(line: string, resolve: CommandResolver): CommandResult {
  let parsed: CommandLine;
  try {
    parsed = parseCommandLine(line);
  } catch (err) {
    if (err instanceof ShellSyntaxError) return fail(withNewline(err.message), err.exitCode);
    throw err;
  }
  return runCommandLine(parsed, resolve);
}
