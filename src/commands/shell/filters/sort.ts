/**
 * Simulated GNU sort over stdin: -r -n -g -h -f -b -u -s -c -k POS1[,POS2] -t SEP.
 * Collation is by code point, as GNU sort under C.UTF-8 (the usual container locale).
 */
import { getopt, type LongOption } from '../getopt.js';
import type { CommandResult } from '../pipeline.js';
import { joinLines, quote, splitLines, usageError } from '../text.js';

const LONG: LongOption[] = [
  { name: 'ignore-leading-blanks', arg: 'none', key: 'b' },
  { name: 'check', arg: 'optional', key: 'c' },
  { name: 'dictionary-order', arg: 'none', key: 'd' },
  { name: 'ignore-case', arg: 'none', key: 'f' },
  { name: 'general-numeric-sort', arg: 'none', key: 'g' },
  { name: 'human-numeric-sort', arg: 'none', key: 'h' },
  { name: 'ignore-nonprinting', arg: 'none', key: 'i' },
  { name: 'key', arg: 'required', key: 'k' },
  { name: 'merge', arg: 'none', key: 'm' },
  { name: 'month-sort', arg: 'none', key: 'M' },
  { name: 'numeric-sort', arg: 'none', key: 'n' },
  { name: 'output', arg: 'required', key: 'o' },
  { name: 'parallel', arg: 'required', key: 'parallel' },
  { name: 'random-sort', arg: 'none', key: 'R' },
  { name: 'reverse', arg: 'none', key: 'r' },
  { name: 'stable', arg: 'none', key: 's' },
  { name: 'buffer-size', arg: 'required', key: 'S' },
  { name: 'field-separator', arg: 'required', key: 't' },
  { name: 'temporary-directory', arg: 'required', key: 'T' },
  { name: 'unique', arg: 'none', key: 'u' },
  { name: 'version-sort', arg: 'none', key: 'V' },
  { name: 'zero-terminated', arg: 'none', key: 'z' },
  { name: 'help', arg: 'none', key: 'help' },
  { name: 'version', arg: 'none', key: 'version' },
];

export const SORT_HELP = `Usage: sort [OPTION]... [FILE]...
Write sorted concatenation of all FILE(s) to standard output.

With no FILE, or when FILE is -, read standard input.

Ordering options:
  -b, --ignore-leading-blanks  ignore leading blanks
  -f, --ignore-case           fold lower case to upper case characters
  -g, --general-numeric-sort  compare according to general numerical value
  -h, --human-numeric-sort    compare human readable numbers (e.g., 2K 1G)
  -n, --numeric-sort          compare according to string numerical value
  -r, --reverse               reverse the result of comparisons

Other options:
  -c, --check               check for sorted input; do not sort
  -k, --key=KEYDEF          sort via a key; KEYDEF gives location and type
  -s, --stable              stabilize sort by disabling last-resort comparison
  -t, --field-separator=SEP  use SEP instead of non-blank to blank transition
  -u, --unique              output only the first of an equal run
      --help        display this help and exit

KEYDEF is F[.C][OPTS][,F[.C][OPTS]] for start and stop position, where F is a
field number and C a character position in the field; both are origin 1, and
the stop position defaults to the line's end.  OPTS is one or more single-letter
ordering options [bfghnr], which override global ordering options for that key.
`;

interface KeyOpts {
  blanksStart: boolean;
  blanksEnd: boolean;
  fold: boolean;
  numeric: boolean;
  general: boolean;
  human: boolean;
  reverse: boolean;
}

interface Key extends KeyOpts {
  sField: number; // 0-based
  sChar: number; // 0-based offset
  eField: number; // 0-based, -1 = end of line
  eChar: number; // 1-based, 0 = end of field
}

const ORDER_LETTERS = 'bfghnr';

function emptyOpts(): KeyOpts {
  return { blanksStart: false, blanksEnd: false, fold: false, numeric: false, general: false, human: false, reverse: false };
}

function hasOrdering(o: KeyOpts): boolean {
  return o.blanksStart || o.blanksEnd || o.fold || o.numeric || o.general || o.human || o.reverse;
}

/** coreutils key_to_opts order, used in "options '-hn' are incompatible". */
function optsString(o: KeyOpts): string {
  return (
    (o.blanksStart || o.blanksEnd ? 'b' : '') +
    (o.fold ? 'f' : '') +
    (o.general ? 'g' : '') +
    (o.human ? 'h' : '') +
    (o.numeric ? 'n' : '') +
    (o.reverse ? 'r' : '')
  );
}

function applyLetter(o: KeyOpts, c: string, end: boolean): void {
  if (c === 'b') {
    if (end) o.blanksEnd = true;
    else o.blanksStart = true;
  } else if (c === 'f') o.fold = true;
  else if (c === 'g') o.general = true;
  else if (c === 'h') o.human = true;
  else if (c === 'n') o.numeric = true;
  else if (c === 'r') o.reverse = true;
}

function parseKey(spec: string): Key | string {
  const bad = (what: string): string => `sort: ${what}: invalid field specification ${quote(spec)}`;
  const m = /^(\d*)(?:\.(\d*))?([a-zA-Z]*)(?:,(\d*)(?:\.(\d*))?([a-zA-Z]*))?(.*)$/.exec(spec)!;
  const [, f1, c1, o1, f2, c2, o2, rest] = m;
  if (f1 === '') return `sort: invalid number at field start: invalid count at start of ${quote(spec)}`;
  if (Number(f1) === 0) return bad('field number is zero');
  if (c1 !== undefined && (c1 === '' || Number(c1) === 0)) return bad('character offset is zero');
  const opts = emptyOpts();
  for (const c of o1 ?? '') {
    if (!ORDER_LETTERS.includes(c)) return bad('stray character in field spec');
    applyLetter(opts, c, false);
  }
  let eField = -1;
  let eChar = 0;
  if (f2 !== undefined) {
    if (f2 === '') {
      return `sort: invalid number after ',': invalid count at start of ${quote(spec.slice(spec.indexOf(',') + 1))}`;
    }
    if (Number(f2) === 0) return bad('field number is zero');
    eField = Number(f2) - 1;
    eChar = c2 === undefined || c2 === '' ? 0 : Number(c2);
    for (const c of o2 ?? '') {
      if (!ORDER_LETTERS.includes(c)) return bad('stray character in field spec');
      applyLetter(opts, c, true);
    }
  }
  if (rest) return bad('stray character in field spec');
  return { ...opts, sField: Number(f1) - 1, sChar: c1 === undefined ? 0 : Number(c1) - 1, eField, eChar };
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Start offset of field `f` (0-based): with -t after f separators, else after f blank/non-blank runs. */
function fieldStart(line: string, f: number, tab: string | undefined): number {
  let p = 0;
  for (let i = 0; i < f && p < line.length; i++) {
    if (tab !== undefined) {
      const next = line.indexOf(tab, p);
      p = next < 0 ? line.length : next + 1;
    } else {
      while (p < line.length && isBlank(line[p])) p++;
      while (p < line.length && !isBlank(line[p])) p++;
    }
  }
  return p;
}

function fieldEnd(line: string, start: number, tab: string | undefined): number {
  if (tab !== undefined) {
    const next = line.indexOf(tab, start);
    return next < 0 ? line.length : next;
  }
  let p = start;
  while (p < line.length && isBlank(line[p])) p++;
  while (p < line.length && !isBlank(line[p])) p++;
  return p;
}

function extractKey(line: string, k: Key, tab: string | undefined): string {
  let start = fieldStart(line, k.sField, tab);
  if (k.blanksStart) while (start < line.length && isBlank(line[start])) start++;
  start = Math.min(start + k.sChar, line.length);
  let end = line.length;
  if (k.eField >= 0) {
    const fs = fieldStart(line, k.eField, tab);
    if (k.eChar === 0) end = fieldEnd(line, fs, tab);
    else {
      let p = fs;
      if (k.blanksEnd) while (p < line.length && isBlank(line[p])) p++;
      end = Math.min(p + k.eChar, line.length);
    }
  }
  return end <= start ? '' : line.slice(start, end);
}

function numericValue(s: string): number {
  const m = /^[ \t]*(-?)(\d*)(?:\.(\d*))?/.exec(s)!;
  if (m[2] === '' && (m[3] === undefined || m[3] === '')) return 0;
  return Number(`${m[1]}${m[2] || '0'}.${m[3] ?? ''}0`);
}

const HUMAN = ' KMGTPEZYRQ';

function humanValue(s: string): [number, number] {
  const m = /^[ \t]*(-?)(\d*)(?:\.(\d*))?([kKMGTPEZYRQ]?)/.exec(s)!;
  if (m[2] === '' && (m[3] === undefined || m[3] === '')) return [0, 0];
  const n = Number(`${m[1]}${m[2] || '0'}.${m[3] ?? ''}0`);
  const mag = m[4] ? HUMAN.indexOf(m[4].toUpperCase()) : 0;
  const sign = n < 0 ? -1 : n > 0 ? 1 : 0;
  return [sign * mag, n];
}

function generalValue(s: string): number {
  const v = Number.parseFloat(s.trim());
  return Number.isNaN(v) ? -Infinity : v;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type KeyValue = string | number | [number, number];

/** Precomputes what a key compares on, so a big sort extracts each key once. */
function keyValue(text: string, o: KeyOpts): KeyValue {
  if (o.numeric) return numericValue(text);
  if (o.human) return humanValue(text);
  if (o.general) return generalValue(text);
  if (o.fold) return text.toUpperCase();
  return text;
}

function compareValues(a: KeyValue, b: KeyValue, o: KeyOpts): number {
  let r: number;
  if (typeof a === 'string') r = cmpStr(a, b as string);
  else if (typeof a === 'number') {
    const vb = b as number;
    r = a === vb ? 0 : a < vb ? -1 : 1;
  } else {
    const [ma, na] = a;
    const [mb, nb] = b as [number, number];
    r = ma !== mb ? Math.sign(ma - mb) : Math.sign(na - nb);
  }
  return o.reverse ? -r : r;
}

export function sort(argv: string[], stdin: string): CommandResult {
  const parsed = getopt(argv.slice(1), { prog: 'sort', short: 'bcCdfghik:mMno:rRsS:t:T:uVy:z', long: LONG });
  if (!parsed.ok) return usageError('sort', parsed.message, 2);
  const global = emptyOpts();
  const keys: Key[] = [];
  let tab: string | undefined;
  let unique = false;
  let stable = false;
  let check = false;
  for (const { key, value = '' } of parsed.options) {
    switch (key) {
      case 'help':
        return { stdout: SORT_HELP, stderr: '', exitCode: 0 };
      case 'version':
        return { stdout: 'sort (GNU coreutils) 9.4\n', stderr: '', exitCode: 0 };
      case 'k': {
        const k = parseKey(value);
        if (typeof k === 'string') return { stdout: '', stderr: `${k}\n`, exitCode: 2 };
        keys.push(k);
        break;
      }
      case 't':
        if (value.length > 1 && value !== '\\0') return { stdout: '', stderr: `sort: multi-character tab ${quote(value)}\n`, exitCode: 2 };
        if (value === '') return { stdout: '', stderr: 'sort: empty tab\n', exitCode: 2 };
        if (tab !== undefined && tab !== value) return { stdout: '', stderr: 'sort: incompatible tabs\n', exitCode: 2 };
        tab = value;
        break;
      case 'u':
        unique = true;
        break;
      case 's':
        stable = true;
        break;
      case 'c':
      case 'C':
        check = true;
        break;
      case 'S':
      case 'T':
      case 'parallel':
      case 'y':
        break; // resource tuning: irrelevant in memory
      case 'd':
      case 'i':
      case 'M':
      case 'R':
      case 'V':
      case 'm':
      case 'o':
      case 'z':
        return {
          stdout: '',
          stderr: `sort: -${key}: not supported in kubedrill's simulated shell\n`,
          exitCode: 2,
        };
      default:
        applyLetter(global, key, false);
        if (key === 'b') global.blanksEnd = true;
    }
  }
  // Keys without their own ordering options inherit the global ones.
  const effective: Key[] = keys.length
    ? keys.map((k) => (hasOrdering(k) ? k : { ...k, ...global }))
    : [{ ...global, sField: 0, sChar: 0, eField: -1, eChar: 0 }];
  for (const k of effective) {
    if (Number(k.numeric) + Number(k.general) + Number(k.human) > 1) {
      return { stdout: '', stderr: `sort: options '-${optsString(k)}' are incompatible\n`, exitCode: 2 };
    }
  }
  for (const file of parsed.operands) {
    if (file !== '-') return { stdout: '', stderr: `sort: cannot read: ${file}: No such file or directory\n`, exitCode: 2 };
  }

  const lines = splitLines(stdin);
  interface Row {
    line: string;
    keys: KeyValue[];
  }
  const rows: Row[] = lines.map((line) => ({ line, keys: effective.map((k) => keyValue(extractKey(line, k, tab), k)) }));
  const compare = (a: Row, b: Row): number => {
    for (let i = 0; i < effective.length; i++) {
      const r = compareValues(a.keys[i]!, b.keys[i]!, effective[i]!);
      if (r !== 0) return r;
    }
    return 0;
  };
  const lastResort = !(stable || unique);
  const full = (a: Row, b: Row): number => {
    const r = compare(a, b);
    if (r !== 0 || !lastResort) return r;
    const c = cmpStr(a.line, b.line);
    return global.reverse ? -c : c;
  };

  if (check) {
    for (let i = 1; i < rows.length; i++) {
      const r = full(rows[i - 1]!, rows[i]!);
      if (r > 0 || (unique && r === 0)) {
        return { stdout: '', stderr: `sort: -:${i + 1}: disorder: ${rows[i]!.line}\n`, exitCode: 1 };
      }
    }
    return { stdout: '', stderr: '', exitCode: 0 };
  }

  const sorted = rows.sort(full);
  const out = unique ? sorted.filter((r, i) => i === 0 || compare(sorted[i - 1]!, r) !== 0) : sorted;
  return { stdout: joinLines(out.map((r) => r.line)), stderr: '', exitCode: 0 };
}
