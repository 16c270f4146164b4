/** Simulated GNU tail over stdin: -n [+]N, -c [+]N, -N; -f is a no-op on a pipe. */
import { getopt, type LongOption } from '../getopt.js';
import type { CommandResult } from '../pipeline.js';
import { joinLines, parseCount, quote, quoteaf, splitLines, usageError } from '../text.js';

const LONG: LongOption[] = [
  { name: 'bytes', arg: 'required', key: 'c' },
  { name: 'follow', arg: 'optional', key: 'f' },
  { name: 'lines', arg: 'required', key: 'n' },
  { name: 'pid', arg: 'required', key: 'pid' },
  { name: 'quiet', arg: 'none', key: 'q' },
  { name: 'silent', arg: 'none', key: 'q' },
  { name: 'retry', arg: 'none', key: 'retry' },
  { name: 'sleep-interval', arg: 'required', key: 's' },
  { name: 'verbose', arg: 'none', key: 'v' },
  { name: 'zero-terminated', arg: 'none', key: 'z' },
  { name: 'help', arg: 'none', key: 'help' },
  { name: 'version', arg: 'none', key: 'version' },
];

export const TAIL_HELP = `Usage: tail [OPTION]... [FILE]...
Print the last 10 lines of each FILE to standard output.
With more than one FILE, precede each with a header giving the file name.

With no FILE, or when FILE is -, read standard input.

  -c, --bytes=[+]NUM       output the last NUM bytes; or use -c +NUM to
                             output starting with byte NUM of each file
  -f, --follow             output appended data as the file grows
                             (ignored when reading a pipe)
  -n, --lines=[+]NUM       output the last NUM lines, instead of the last 10;
                             or use -n +NUM to skip NUM-1 lines at the start
  -q, --quiet, --silent    never output headers giving file names
  -v, --verbose            always output headers giving file names
      --help        display this help and exit
`;

export function tail(argv: string[], stdin: string): CommandResult {
  const parsed = getopt(argv.slice(1), { prog: 'tail', short: 'c:n:fFqs:vz0123456789', long: LONG });
  if (!parsed.ok) return usageError('tail', parsed.message);
  let unit: 'lines' | 'bytes' = 'lines';
  let count = 10;
  let fromStart = false;
  let verbose: boolean | undefined;
  let digits = '';
  let digitArg = -1;
  for (const opt of parsed.options) {
    const { key, value = '' } = opt;
    if (/^\d$/.test(key)) {
      digits = digitArg === opt.argIndex ? digits + key : key;
      digitArg = opt.argIndex;
      unit = 'lines';
      count = Number(digits);
      fromStart = false;
      continue;
    }
    if (key === 'help') return { stdout: TAIL_HELP, stderr: '', exitCode: 0 };
    if (key === 'version') return { stdout: 'tail (GNU coreutils) 9.4\n', stderr: '', exitCode: 0 };
    if (key === 'q') verbose = false;
    else if (key === 'v') verbose = true;
    else if (key === 'z') return { stdout: '', stderr: 'tail: -z: not supported in kubedrill\'s simulated shell\n', exitCode: 1 };
    else if (key === 'n' || key === 'c') {
      unit = key === 'n' ? 'lines' : 'bytes';
      fromStart = value.startsWith('+');
      const n = parseCount(value.replace(/^[+-]/, ''));
      if (n === undefined) return { stdout: '', stderr: `tail: invalid number of ${unit}: ${quote(value)}\n`, exitCode: 1 };
      count = n;
    }
    // -f/-F/-s/--pid/--retry: following a pipe is ineffective, as in GNU tail.
  }
  const files = parsed.operands.length ? parsed.operands : ['-'];
  const headers = verbose ?? files.length > 1;
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  let first = true;
  for (const file of files) {
    if (file !== '-') {
      stderr += `tail: cannot open ${quoteaf(file)} for reading: No such file or directory\n`;
      exitCode = 1;
      continue;
    }
    if (headers) stdout += `${first ? '' : '\n'}==> standard input <==\n`;
    first = false;
    stdout += takeTail(stdin, unit, count, fromStart);
    stdin = '';
  }
  return { stdout, stderr, exitCode };
}

function takeTail(text: string, unit: 'lines' | 'bytes', count: number, fromStart: boolean): string {
  if (unit === 'bytes') {
    const buf = Buffer.from(text, 'utf8');
    const start = fromStart ? Math.max(0, count - 1) : Math.max(0, buf.length - count);
    return buf.subarray(start).toString('utf8');
  }
  const lines = splitLines(text);
  const keep = fromStart ? lines.slice(Math.max(0, count - 1)) : count === 0 ? [] : lines.slice(-count);
  const out = joinLines(keep);
  return keep.length > 0 && !text.endsWith('\n') ? out.slice(0, -1) : out;
}
