/** Helpers shared by the simulated text filters. */
import type { CommandResult } from './pipeline.js';

/**
 * Splits stdin into lines the way line-oriented tools see them: a trailing newline ends
 * the last line rather than starting an empty one.
 */
export function splitLines(input: string): string[] {
  if (input === '') return [];
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Joins lines back with a newline after each (GNU tools terminate the last line too). */
export function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * coreutils' quote() under a UTF-8 locale (C.UTF-8, en_US.UTF-8): ‘abc’. Used in
 * messages such as "head: invalid number of lines: ‘abc’".
 */
export function quote(s: string): string {
  return `\u2018${s}\u2019`;
}

/** coreutils' quoteaf(): shell-escaped, single quotes ('nofile'). */
export function quoteaf(s: string): string {
  return s.includes("'") ? `"${s}"` : `'${s}'`;
}

/** "Try 'prog --help' for more information." — the coreutils usage hint. */
export function tryHelp(prog: string): string {
  return `Try '${prog} --help' for more information.\n`;
}

/** An option/usage error in coreutils style: message, hint, given exit status. */
export function usageError(prog: string, message: string, exitCode = 1): CommandResult {
  return { stdout: '', stderr: `${message}\n${tryHelp(prog)}`, exitCode };
}

export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

const SUFFIXES: Record<string, number> = {
  b: 512,
  kB: 1000,
  K: 1024,
  KiB: 1024,
  MB: 1000 ** 2,
  M: 1024 ** 2,
  MiB: 1024 ** 2,
  GB: 1000 ** 3,
  G: 1024 ** 3,
  GiB: 1024 ** 3,
  TB: 1000 ** 4,
  T: 1024 ** 4,
  TiB: 1024 ** 4,
};

/** xstrtoumax-style count with head/tail multiplier suffixes (10, 2K, 1MB). */
export function parseCount(text: string): number | undefined {
  const m = /^(\d+)([A-Za-z]*)$/.exec(text);
  if (!m) return undefined;
  const mult = m[2] === '' ? 1 : SUFFIXES[m[2]!];
  if (mult === undefined) return undefined;
  return Number(m[1]) * mult;
}
