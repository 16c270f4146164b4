/** Simulated GNU wc over stdin: -l -w -c -m -L, GNU column widths. */
import { getopt, type LongOption } from '../getopt.js';
import type { CommandResult } from '../pipeline.js';
import { byteLength, usageError } from '../text.js';

const LONG: LongOption[] = [
  { name: 'bytes', arg: 'none', key: 'c' },
  { name: 'chars', arg: 'none', key: 'm' },
  { name: 'lines', arg: 'none', key: 'l' },
  { name: 'max-line-length', arg: 'none', key: 'L' },
  { name: 'words', arg: 'none', key: 'w' },
  { name: 'help', arg: 'none', key: 'help' },
  { name: 'version', arg: 'none', key: 'version' },
];

export const WC_HELP = `Usage: wc [OPTION]... [FILE]...
Print newline, word, and byte counts for each FILE, and a total line if
more than one FILE is specified.  A word is a nonempty sequence of non white
space delimited by white space characters or by start or end of input.

With no FILE, or when FILE is -, read standard input.

  -c, --bytes            print the byte counts
  -m, --chars            print the character counts
  -l, --lines            print the newline counts
  -L, --max-line-length  print the maximum display width
  -w, --words            print the word counts
      --help        display this help and exit
`;

function maxLineLength(text: string): number {
  let max = 0;
  for (const line of text.split('\n')) {
    let width = 0;
    for (const ch of line) width = ch === '\t' ? width + 8 - (width % 8) : width + 1;
    if (width > max) max = width;
  }
  return max;
}

export function wc(argv: string[], stdin: string): CommandResult {
  const parsed = getopt(argv.slice(1), { prog: 'wc', short: 'clLmw', long: LONG });
  if (!parsed.ok) return usageError('wc', parsed.message);
  const want = new Set<string>();
  for (const { key } of parsed.options) {
    if (key === 'help') return { stdout: WC_HELP, stderr: '', exitCode: 0 };
    if (key === 'version') return { stdout: 'wc (GNU coreutils) 9.4\n', stderr: '', exitCode: 0 };
    want.add(key);
  }
  if (want.size === 0) ['l', 'w', 'c'].forEach((k) => want.add(k));
  const files = parsed.operands.length ? parsed.operands : ['-'];
  let stderr = '';
  let stdout = '';
  for (const file of files) {
    if (file !== '-') {
      stderr += `wc: ${file}: No such file or directory\n`;
      continue;
    }
    const counts: number[] = [];
    // GNU's fixed column order, whatever order the options came in.
    if (want.has('l')) counts.push((stdin.match(/\n/g) ?? []).length);
    if (want.has('w')) counts.push(stdin.split(/[ \t\n\r\f\v]+/).filter((w) => w !== '').length);
    if (want.has('m')) counts.push([...stdin].length);
    if (want.has('c')) counts.push(byteLength(stdin));
    if (want.has('L')) counts.push(maxLineLength(stdin));
    // One count for one input prints bare; otherwise a pipe gets GNU's minimum width 7.
    const width = counts.length === 1 && files.length === 1 ? 1 : 7;
    const label = parsed.operands.length ? ` ${file}` : '';
    stdout += `${counts.map((n) => String(n).padStart(width)).join(' ')}${label}\n`;
    stdin = '';
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}
