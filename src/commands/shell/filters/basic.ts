/** Tiny builtins that make pipelines testable and useful: cat (stdin only), echo, true, false. */
import type { CommandResult } from '../pipeline.js';

export function cat(argv: string[], stdin: string): CommandResult {
  const operands = argv.slice(1).filter((a) => a !== '-');
  if (operands.length === 0) return { stdout: stdin, stderr: '', exitCode: 0 };
  const stderr = operands
    .filter((a) => !a.startsWith('-'))
    .map((a) => `cat: ${a}: No such file or directory\n`)
    .join('');
  if (!stderr) return { stdout: stdin, stderr: '', exitCode: 0 };
  return { stdout: '', stderr, exitCode: 1 };
}

/** bash's builtin echo: -n, -e, -E (combinable, e.g. -ne). */
export function echo(argv: string[]): CommandResult {
  const args = argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length && /^-[neE]+$/.test(args[0]!)) {
    for (const c of args.shift()!.slice(1)) {
      if (c === 'n') newline = false;
      else if (c === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = args.join(' ');
  if (escapes) {
    const cut = text.indexOf('\\c');
    if (cut >= 0) {
      text = text.slice(0, cut);
      newline = false;
    }
    text = text.replace(/\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|[abefnrtv\\])/g, (_, e: string) => {
      const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
      if (e in simple) return simple[e]!;
      if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
      return String.fromCharCode(parseInt(e.slice(1) || '0', 8));
    });
  }
  return { stdout: newline ? `${text}\n` : text, stderr: '', exitCode: 0 };
}

export const trueCmd = (): CommandResult => ({ stdout: '', stderr: '', exitCode: 0 });
export const falseCmd = (): CommandResult => ({ stdout: '', stderr: '', exitCode: 1 });

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };

/** bash's builtin printf, enough for test data: escapes, %s %d %i %b %c %x %%, format reuse. */
export function printf(argv: string[]): CommandResult {
  const args = argv.slice(1);
  if (args[0] === '--') args.shift();
  const format = args.shift();
  if (format === undefined) {
    return { stdout: '', stderr: 'bash: printf: usage: printf [-v var] format [arguments]\n', exitCode: 2 };
  }
  let out = '';
  let stderr = '';
  let exitCode = 0;
  const unescape = (s: string): string =>
    s.replace(/\\([abfnrtv\\"]|0?[0-7]{1,3}|x[0-9a-fA-F]{1,2})/g, (_, e: string) =>
      ESCAPES[e] ?? (e[0] === 'x' ? String.fromCharCode(parseInt(e.slice(1), 16)) : String.fromCharCode(parseInt(e, 8))),
    );
  do {
    let consumed = false;
    out += format.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdibcxX%])|\\([abfnrtv\\"]|0?[0-7]{1,3}|x[0-9a-fA-F]{1,2})/g, (whole, flags: string, width: string, prec: string, conv: string) => {
      if (conv === undefined) return unescape(whole);
      if (conv === '%') return '%';
      consumed = true;
      const arg = args.shift() ?? '';
      let text: string;
      if (conv === 'd' || conv === 'i' || conv === 'x' || conv === 'X') {
        const n = arg === '' ? 0 : Number(arg);
        if (!Number.isInteger(n)) {
          stderr += `bash: printf: ${arg}: invalid number\n`;
          exitCode = 1;
        }
        const v = Number.isInteger(n) ? n : Number.parseInt(arg, 10) || 0;
        text = conv === 'x' ? v.toString(16) : conv === 'X' ? v.toString(16).toUpperCase() : String(v);
      } else if (conv === 'b') text = unescape(arg);
      else if (conv === 'c') text = arg.slice(0, 1);
      else text = prec !== undefined ? arg.slice(0, Number(prec)) : arg;
      const w = Number(width || 0);
      if (text.length < w) {
        const pad = flags.includes('0') && conv !== 's' && !flags.includes('-') ? '0' : ' ';
        text = flags.includes('-') ? text.padEnd(w) : text.padStart(w, pad);
      }
      return text;
    });
    if (!consumed) break;
  } while (args.length > 0);
  return { stdout: out, stderr, exitCode };
}
