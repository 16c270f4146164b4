/** Simulated GNU head over stdin: -n [-]N, -c [-]N, -N, multiplier suffixes. */
import { getopt, type LongOption } from '../getopt.js';
import type { CommandResult } from '../pipeline.js';
import { joinLines, parseCount, quote, quoteaf, splitLines, usageError } from '../text.js';

const LONG: LongOption[] = [
  { name: 'bytes', arg: 'required', key: 'c' },
  { name: 'lines', arg: 'required', key: 'n' },
  { name: 'quiet', arg: 'none', key: 'q' },
  { name: 'silent', arg: 'none', key: 'q' },
  { name: 'verbose', arg: 'none', key: 'v' },
  { name: 'zero-terminated', arg: 'none', key: 'z' },
  { name: 'help', arg: 'none', key: 'help' },
  { name: 'version', arg: 'none', key: 'version' },
];

export const HEAD_HELP = `Usage: head [OPTION]... [FILE]...
Print the first 10 lines of each FILE to standard output.
With more than one FILE, precede each with a header giving the file name.

With no FILE, or when FILE is -, read standard input.

  -c, --bytes=[-]NUM       print the first NUM bytes of each file;
                             with the leading '-', print all but the last
                             NUM bytes of each file
  -n, --lines=[-]NUM       print the first NUM lines instead of the first 10;
                             with the leading '-', print all but the last
                             NUM lines of each file
  -q, --quiet, --silent    never print headers giving file names
  -v, --verbose            always print headers giving file names
      --help        display this help and exit

NUM may have a multiplier suffix:
b 512, kB 1000, K 1024, MB 1000*1000, M 1024*1024,
GB 1000*1000*1000, G 1024*1024*1024, and so on for T, P, E, Z, Y, R, Q.
`;

export function head(argv: string[], stdin: string): CommandResult {
  const parsed = getopt(argv.slice(1), { prog: 'head', short: 'c:n:qvz0123456789', long: LONG });
  if (!parsed.ok) return usageError('head', parsed.message);
  let unit: 'lines' | 'bytes' = 'lines';
  let count = 10;
  let allBut = false;
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
      allBut = false;
      continue;
    }
    if (key === 'help') return { stdout: HEAD_HELP, stderr: '', exitCode: 0 };
    if (key === 'version') return { stdout: 'head (GNU coreutils) 9.4\n', stderr: '', exitCode: 0 };
    if (key === 'q') verbose = false;
    else if (key === 'v') verbose = true;
    else if (key === 'z') return { stdout: '', stderr: 'head: -z: not supported in kubedrill\'s simulated shell\n', exitCode: 1 };
    else if (key === 'n' || key === 'c') {
      unit = key === 'n' ? 'lines' : 'bytes';
      allBut = value.startsWith('-');
      const n = parseCount(allBut ? value.slice(1) : value.replace(/^\+/, ''));
      if (n === undefined) return { stdout: '', stderr: `head: invalid number of ${unit}: ${quote(value)}\n`, exitCode: 1 };
      count = n;
    }
  }
  const files = parsed.operands.length ? parsed.operands : ['-'];
  const headers = verbose ?? files.length > 1;
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  let first = true;
  for (const file of files) {
    if (file !== '-') {
      stderr += `head: cannot open ${quoteaf(file)} for reading: No such file or directory\n`;
      exitCode = 1;
      continue;
    }
    if (headers) stdout += `${first ? '' : '\n'}==> standard input <==\n`;
    first = false;
    stdout += takeHead(stdin, unit, count, allBut);
    stdin = '';
  }
  return { stdout, stderr, exitCode };
}

function takeHead(text: string, unit: 'lines' | 'bytes', count: number, allBut: boolean): string {
  if (unit === 'bytes') {
    const buf = Buffer.from(text, 'utf8');
    const end = allBut ? Math.max(0, buf.length - count) : Math.min(buf.length, count);
    return buf.subarray(0, end).toString('utf8');
  }
  const lines = splitLines(text);
  const keep = allBut ? lines.slice(0, Math.max(0, lines.length - count)) : lines.slice(0, count);
  // Keep a missing final newline missing, like head copying bytes.
  const out = joinLines(keep);
  return keep.length === lines.length && !text.endsWith('\n') ? out.slice(0, -1) : out;
}
