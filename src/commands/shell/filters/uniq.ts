/** Simulated GNU uniq over stdin: -c -d -u -i -f N -s N. */
import { getopt, type LongOption } from '../getopt.js';
import type { CommandResult } from '../pipeline.js';
import { quote, splitLines, usageError } from '../text.js';

const LONG: LongOption[] = [
  { name: 'count', arg: 'none', key: 'c' },
  { name: 'repeated', arg: 'none', key: 'd' },
  { name: 'skip-fields', arg: 'required', key: 'f' },
  { name: 'ignore-case', arg: 'none', key: 'i' },
  { name: 'skip-chars', arg: 'required', key: 's' },
  { name: 'unique', arg: 'none', key: 'u' },
  { name: 'help', arg: 'none', key: 'help' },
  { name: 'version', arg: 'none', key: 'version' },
];

export const UNIQ_HELP = `Usage: uniq [OPTION]... [INPUT [OUTPUT]]
Filter adjacent matching lines from INPUT (or standard input),
writing to OUTPUT (or standard output).

With no options, matching lines are merged to the first occurrence.

  -c, --count           prefix lines by the number of occurrences
  -d, --repeated        only print duplicate lines, one for each group
  -f, --skip-fields=N   avoid comparing the first N fields
  -i, --ignore-case     ignore differences in case when comparing
  -s, --skip-chars=N    avoid comparing the first N characters
  -u, --unique          only print unique lines
      --help        display this help and exit
`;

export function uniq(argv: string[], stdin: string): CommandResult {
  const parsed = getopt(argv.slice(1), { prog: 'uniq', short: 'cdDf:is:uw:z', long: LONG });
  if (!parsed.ok) return usageError('uniq', parsed.message);
  let count = false;
  let repeated = false;
  let uniqueOnly = false;
  let ignoreCase = false;
  let skipFields = 0;
  let skipChars = 0;
  for (const { key, value = '' } of parsed.options) {
    if (key === 'help') return { stdout: UNIQ_HELP, stderr: '', exitCode: 0 };
    if (key === 'version') return { stdout: 'uniq (GNU coreutils) 9.4\n', stderr: '', exitCode: 0 };
    if (key === 'c') count = true;
    else if (key === 'd') repeated = true;
    else if (key === 'u') uniqueOnly = true;
    else if (key === 'i') ignoreCase = true;
    else if (key === 'f' || key === 's') {
      if (!/^\d+$/.test(value)) {
        const what = key === 'f' ? 'number of fields to skip' : 'number of bytes to compare';
        return { stdout: '', stderr: `uniq: ${quote(value)}: invalid ${what}\n`, exitCode: 1 };
      }
      if (key === 'f') skipFields = Number(value);
      else skipChars = Number(value);
    } else {
      return { stdout: '', stderr: `uniq: -${key}: not supported in kubedrill's simulated shell\n`, exitCode: 1 };
    }
  }
  if (parsed.operands.length > 2) return usageError('uniq', `uniq: extra operand ${quote(parsed.operands[2]!)}`);
  const input = parsed.operands[0];
  if (input !== undefined && input !== '-') return { stdout: '', stderr: `uniq: ${input}: No such file or directory\n`, exitCode: 1 };
  if (parsed.operands[1] !== undefined) {
    return { stdout: '', stderr: `uniq: ${parsed.operands[1]}: Read-only file system\n`, exitCode: 1 };
  }

  const keyOf = (line: string): string => {
    let p = 0;
    for (let f = 0; f < skipFields; f++) {
      while (p < line.length && (line[p] === ' ' || line[p] === '\t')) p++;
      while (p < line.length && line[p] !== ' ' && line[p] !== '\t') p++;
    }
    const k = line.slice(p + skipChars);
    return ignoreCase ? k.toLowerCase() : k;
  };
  const lines = splitLines(stdin);
  let out = '';
  for (let i = 0; i < lines.length; ) {
    const k = keyOf(lines[i]!);
    let j = i + 1;
    while (j < lines.length && keyOf(lines[j]!) === k) j++;
    const n = j - i;
    if ((!repeated || n > 1) && (!uniqueOnly || n === 1)) {
      out += count ? `${String(n).padStart(7)} ${lines[i]}\n` : `${lines[i]}\n`;
    }
    i = j;
  }
  return { stdout: out, stderr: '', exitCode: 0 };
}
