/** Simulated GNU cut over stdin: -f with -d/-s/--output-delimiter, -b, -c, --complement. */
import { getopt, type LongOption } from '../getopt.js';
import type { CommandResult } from '../pipeline.js';
import { joinLines, quote, splitLines, usageError } from '../text.js';

const LONG: LongOption[] = [
  { name: 'bytes', arg: 'required', key: 'b' },
  { name: 'characters', arg: 'required', key: 'c' },
  { name: 'delimiter', arg: 'required', key: 'd' },
  { name: 'fields', arg: 'required', key: 'f' },
  { name: 'only-delimited', arg: 'none', key: 's' },
  { name: 'output-delimiter', arg: 'required', key: 'output-delimiter' },
  { name: 'complement', arg: 'none', key: 'complement' },
  { name: 'zero-terminated', arg: 'none', key: 'z' },
  { name: 'help', arg: 'none', key: 'help' },
  { name: 'version', arg: 'none', key: 'version' },
];

export const CUT_HELP = `Usage: cut OPTION... [FILE]...
Print selected parts of lines from each FILE to standard output.

With no FILE, or when FILE is -, read standard input.

  -b, --bytes=LIST        select only these bytes
  -c, --characters=LIST   select only these characters
  -d, --delimiter=DELIM   use DELIM instead of TAB for field delimiter
  -f, --fields=LIST       select only these fields;  also print any line
                            that contains no delimiter character, unless
                            the -s option is specified
      --complement        complement the set of selected bytes, characters
                            or fields
  -s, --only-delimited    do not print lines not containing delimiters
      --output-delimiter=STRING  use STRING as the output delimiter
                            the default is to use the input delimiter
      --help        display this help and exit
`;

type Range = [number, number]; // 1-based inclusive, hi = Infinity for open ranges

function parseList(list: string, fields: boolean): Range[] | string {
  const ranges: Range[] = [];
  const numberedFrom1 = fields ? 'fields are numbered from 1' : 'byte/character positions are numbered from 1';
  for (const part of list.split(/[, ]/)) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '' && m[2] === '') || part === '-') {
      if (part === '') return numberedFrom1;
      return fields ? `invalid field value ${quote(part)}` : `invalid byte/character position ${quote(part)}`;
    }
    const lo = m[1] === '' ? 1 : Number(m[1]);
    const hi = m[2] === '' ? lo : m[3] === '' ? Infinity : Number(m[3]);
    if ((m[1] !== '' && lo === 0) || (m[3] !== '' && Number(m[3]) === 0)) return numberedFrom1;
    if (hi < lo) return 'invalid decreasing range';
    ranges.push([lo, hi]);
  }
  return ranges;
}

export function cut(argv: string[], stdin: string): CommandResult {
  const parsed = getopt(argv.slice(1), { prog: 'cut', short: 'b:c:d:f:nsz', long: LONG });
  if (!parsed.ok) return usageError('cut', parsed.message);
  let mode: 'b' | 'c' | 'f' | undefined;
  let list = '';
  let delim: string | undefined;
  let onlyDelimited = false;
  let outDelim: string | undefined;
  let complement = false;
  for (const { key, value = '' } of parsed.options) {
    switch (key) {
      case 'help':
        return { stdout: CUT_HELP, stderr: '', exitCode: 0 };
      case 'version':
        return { stdout: 'cut (GNU coreutils) 9.4\n', stderr: '', exitCode: 0 };
      case 'b':
      case 'c':
      case 'f':
        if (mode !== undefined) return usageError('cut', 'cut: only one list may be specified');
        mode = key;
        list = value;
        break;
      case 'd':
        if ([...value].length > 1) return usageError('cut', 'cut: the delimiter must be a single character');
        delim = value === '' ? '\0' : value;
        break;
      case 's':
        onlyDelimited = true;
        break;
      case 'output-delimiter':
        outDelim = value;
        break;
      case 'complement':
        complement = true;
        break;
      case 'n':
        break; // ignored by GNU cut too
      case 'z':
        return { stdout: '', stderr: "cut: -z: not supported in kubedrill's simulated shell\n", exitCode: 1 };
    }
  }
  if (mode === undefined) return usageError('cut', 'cut: you must specify a list of bytes, characters, or fields');
  if (mode !== 'f' && delim !== undefined) {
    return usageError('cut', 'cut: an input delimiter may be specified only when operating on fields');
  }
  if (mode !== 'f' && onlyDelimited) {
    return usageError('cut', 'cut: suppressing non-delimited lines makes sense\n\tonly when operating on fields');
  }
  const ranges = parseList(list, mode === 'f');
  if (typeof ranges === 'string') return usageError('cut', `cut: ${ranges}`);
  for (const file of parsed.operands) {
    if (file !== '-') return { stdout: '', stderr: `cut: ${file}: No such file or directory\n`, exitCode: 1 };
  }
  const selected = (n: number): boolean => ranges.some(([lo, hi]) => n >= lo && n <= hi) !== complement;

  const out: string[] = [];
  for (const line of splitLines(stdin)) {
    if (mode === 'f') {
      const d = delim ?? '\t';
      if (!line.includes(d)) {
        if (!onlyDelimited) out.push(line);
        continue;
      }
      const parts = line.split(d);
      out.push(parts.filter((_, i) => selected(i + 1)).join(outDelim ?? d));
    } else if (mode === 'c') {
      const chars = [...line];
      out.push(chars.filter((_, i) => selected(i + 1)).join(''));
    } else {
      const bytes = Buffer.from(line, 'utf8');
      const kept = [...bytes].filter((_, i) => selected(i + 1));
      out.push(Buffer.from(kept).toString('utf8'));
    }
  }
  return { stdout: joinLines(out), stderr: '', exitCode: 0 };
}
