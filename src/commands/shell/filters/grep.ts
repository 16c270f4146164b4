/** Simulated GNU grep (3.x) over stdin: options, output format, messages and exit codes. */
import { getopt, type LongOption } from '../getopt.js';
import type { CommandResult } from '../pipeline.js';
import { anyMatch, compilePatterns, firstMatch, type RegexMode } from '../regex.js';
import { splitLines } from '../text.js';

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

// GNU grep's long option table, in its order (the order shows in "ambiguous" messages).
const LONG: LongOption[] = [
  { name: 'basic-regexp', arg: 'none', key: 'G' },
  { name: 'extended-regexp', arg: 'none', key: 'E' },
  { name: 'fixed-regexp', arg: 'none', key: 'F' },
  { name: 'fixed-strings', arg: 'none', key: 'F' },
  { name: 'perl-regexp', arg: 'none', key: 'P' },
  { name: 'after-context', arg: 'required', key: 'A' },
  { name: 'before-context', arg: 'required', key: 'B' },
  { name: 'binary-files', arg: 'required', key: 'binary-files' },
  { name: 'byte-offset', arg: 'none', key: 'b' },
  { name: 'context', arg: 'required', key: 'C' },
  { name: 'color', arg: 'optional', key: 'color' },
  { name: 'colour', arg: 'optional', key: 'color' },
  { name: 'count', arg: 'none', key: 'c' },
  { name: 'devices', arg: 'required', key: 'D' },
  { name: 'directories', arg: 'required', key: 'd' },
  { name: 'dereference-recursive', arg: 'none', key: 'R' },
  { name: 'exclude', arg: 'required', key: 'exclude' },
  { name: 'exclude-from', arg: 'required', key: 'exclude-from' },
  { name: 'exclude-dir', arg: 'required', key: 'exclude-dir' },
  { name: 'file', arg: 'required', key: 'f' },
  { name: 'files-with-matches', arg: 'none', key: 'l' },
  { name: 'files-without-match', arg: 'none', key: 'L' },
  { name: 'group-separator', arg: 'required', key: 'group-separator' },
  { name: 'help', arg: 'none', key: 'help' },
  { name: 'include', arg: 'required', key: 'include' },
  { name: 'ignore-case', arg: 'none', key: 'i' },
  { name: 'no-ignore-case', arg: 'none', key: 'no-ignore-case' },
  { name: 'initial-tab', arg: 'none', key: 'T' },
  { name: 'label', arg: 'required', key: 'label' },
  { name: 'line-buffered', arg: 'none', key: 'line-buffered' },
  { name: 'line-number', arg: 'none', key: 'n' },
  { name: 'line-regexp', arg: 'none', key: 'x' },
  { name: 'max-count', arg: 'required', key: 'm' },
  { name: 'no-filename', arg: 'none', key: 'h' },
  { name: 'no-group-separator', arg: 'none', key: 'no-group-separator' },
  { name: 'no-messages', arg: 'none', key: 's' },
  { name: 'null', arg: 'none', key: 'Z' },
  { name: 'null-data', arg: 'none', key: 'z' },
  { name: 'only-matching', arg: 'none', key: 'o' },
  { name: 'quiet', arg: 'none', key: 'q' },
  { name: 'recursive', arg: 'none', key: 'r' },
  { name: 'regexp', arg: 'required', key: 'e' },
  { name: 'invert-match', arg: 'none', key: 'v' },
  { name: 'silent', arg: 'none', key: 'q' },
  { name: 'text', arg: 'none', key: 'a' },
  { name: 'binary', arg: 'none', key: 'U' },
  { name: 'unix-byte-offsets', arg: 'none', key: 'u' },
  { name: 'version', arg: 'none', key: 'V' },
  { name: 'with-filename', arg: 'none', key: 'H' },
  { name: 'word-regexp', arg: 'none', key: 'w' },
];

const SHORT = '0123456789A:B:C:D:EFGHIPTUVX:abcd:e:f:hiLlm:noqRrsuvwxyZz';

/** Valid GNU options that make no sense without a file system or a terminal. */
const UNSUPPORTED = new Set(['D', 'd', 'R', 'r', 'T', 'X', 'b', 'u', 'Z', 'z', 'exclude', 'exclude-from', 'exclude-dir', 'include', 'binary-files']);
const IGNORED = new Set(['a', 'U', 'I', 'line-buffered', 'color', 'label']);

const HELP = `Usage: grep [OPTION]... PATTERNS [FILE]...
Search for PATTERNS in each FILE.
Example: grep -i 'hello world' menu.h main.c
PATTERNS can contain multiple patterns separated by newlines.

Pattern selection and interpretation:
  -E, --extended-regexp     PATTERNS are extended regular expressions
  -F, --fixed-strings       PATTERNS are strings
  -G, --basic-regexp        PATTERNS are basic regular expressions
  -P, --perl-regexp         PATTERNS are Perl regular expressions
  -e, --regexp=PATTERNS     use PATTERNS for matching
  -i, --ignore-case         ignore case distinctions in patterns and data
      --no-ignore-case      do not ignore case distinctions (default)
  -w, --word-regexp         match only whole words
  -x, --line-regexp         match only whole lines

Miscellaneous:
  -s, --no-messages         suppress error messages
  -v, --invert-match        select non-matching lines

Output control:
  -m, --max-count=NUM       stop after NUM selected lines
  -n, --line-number         print line number with output lines
  -H, --with-filename       print file name with output lines
  -h, --no-filename         suppress the file name prefix on output
  -o, --only-matching       show only nonempty parts of lines that match
  -q, --quiet, --silent     suppress all normal output
  -L, --files-without-match  print only names of FILEs with no selected lines
  -l, --files-with-matches  print only names of FILEs with selected lines
  -c, --count               print only a count of selected lines per FILE

Context control:
  -B, --before-context=NUM  print NUM lines of leading context
  -A, --after-context=NUM   print NUM lines of trailing context
  -C, --context=NUM         print NUM lines of output context
  -NUM                      same as --context=NUM
      --group-separator=SEP  print SEP on line between matches with context
      --no-group-separator  do not print separator for matches with context

When FILE is '-', read standard input.  With no FILE, read '-'.
Exit status is 0 if any line is selected, 1 otherwise;
if any error occurs and -q is not given, the exit status is 2.
(kubedrill: a simulated grep over the palette's pipes; files cannot be read.)
`;

const STDIN_LABEL = '(standard input)';

function usageError(message: string): CommandResult {
  return { stdout: '', stderr: `${message}\n${USAGE}`, exitCode: 2 };
}

function contextArg(value: string): number | undefined {
  return /^\+?\d+$/.test(value) ? Number(value) : undefined;
}

export function grep(argv: string[], stdin: string): CommandResult {
  const parsed = getopt(argv.slice(1), { prog: 'grep', short: SHORT, long: LONG });
  if (!parsed.ok) return usageError(parsed.message);

  let mode: RegexMode | 'perl' | undefined;
  let ignoreCase = false;
  let invert = false;
  let count = false;
  let word = false;
  let line = false;
  let lineNumbers = false;
  let onlyMatching = false;
  let quiet = false;
  let noMessages = false;
  let listFiles: 'with' | 'without' | undefined;
  let withFilename: boolean | undefined;
  let maxCount = Infinity;
  let after = -1;
  let before = -1;
  let defaultContext = -1;
  let groupSeparator: string | undefined = '--';
  const patterns: string[] = [];
  let patternGiven = false;
  let digitArgIndex = -1;
  let digits = '';

  for (const opt of parsed.options) {
    const { key, value = '' } = opt;
    if (/^\d$/.test(key)) {
      // -NUM: consecutive digits in one argument form one number.
      digits = digitArgIndex === opt.argIndex ? digits + key : key;
      digitArgIndex = opt.argIndex;
      defaultContext = Number(digits);
      continue;
    }
    digitArgIndex = -1;
    if (UNSUPPORTED.has(key)) {
      const spelled = key.length === 1 ? `-${key}` : `--${key}`;
      return { stdout: '', stderr: `grep: ${spelled}: not supported in kubedrill's simulated shell (there are no files)\n`, exitCode: 2 };
    }
    if (IGNORED.has(key)) continue;
    switch (key) {
      case 'help':
        return { stdout: HELP, stderr: '', exitCode: 0 };
      case 'V':
        return { stdout: 'grep (GNU grep) 3.11\n', stderr: '', exitCode: 0 };
      case 'E':
      case 'F':
      case 'G':
      case 'P': {
        const m = key === 'E' ? 'extended' : key === 'F' ? 'fixed' : key === 'G' ? 'basic' : 'perl';
        if (mode !== undefined && mode !== m) return { stdout: '', stderr: 'grep: conflicting matchers specified\n', exitCode: 2 };
        mode = m;
        break;
      }
      case 'A':
      case 'B':
      case 'C': {
        const n = contextArg(value);
        if (n === undefined) return { stdout: '', stderr: `grep: ${value}: invalid context length argument\n`, exitCode: 2 };
        if (key === 'A') after = n;
        else if (key === 'B') before = n;
        else defaultContext = n;
        break;
      }
      case 'e':
        patterns.push(...value.split('\n'));
        patternGiven = true;
        break;
      case 'f':
        return { stdout: '', stderr: `grep: ${value}: No such file or directory\n`, exitCode: 2 };
      case 'i':
      case 'y':
        ignoreCase = true;
        break;
      case 'no-ignore-case':
        ignoreCase = false;
        break;
      case 'v':
        invert = true;
        break;
      case 'c':
        count = true;
        break;
      case 'w':
        word = true;
        break;
      case 'x':
        line = true;
        break;
      case 'n':
        lineNumbers = true;
        break;
      case 'o':
        onlyMatching = true;
        break;
      case 'q':
        quiet = true;
        break;
      case 's':
        noMessages = true;
        break;
      case 'l':
        listFiles = 'with';
        break;
      case 'L':
        listFiles = 'without';
        break;
      case 'H':
        withFilename = true;
        break;
      case 'h':
        withFilename = false;
        break;
      case 'm': {
        if (!/^-?\d+$/.test(value)) return { stdout: '', stderr: 'grep: invalid max count\n', exitCode: 2 };
        const n = Number(value);
        maxCount = n < 0 ? Infinity : n;
        break;
      }
      case 'group-separator':
        groupSeparator = value;
        break;
      case 'no-group-separator':
        groupSeparator = undefined;
        break;
    }
  }

  const operands = [...parsed.operands];
  if (!patternGiven) {
    if (operands.length === 0) return { stdout: '', stderr: USAGE, exitCode: 2 };
    patterns.push(...operands.shift()!.split('\n'));
  }
  if (after < 0) after = defaultContext;
  if (before < 0) before = defaultContext;
  const contextOn = after >= 0 || before >= 0;
  after = Math.max(after, 0);
  before = Math.max(before, 0);

  let regexes: RegExp[];
  if (mode === 'perl') {
    if (patterns.length > 1) {
      return { stdout: '', stderr: 'grep: the -P option only supports a single pattern\n', exitCode: 2 };
    }
    try {
      let src = patterns[0]!;
      if (word) src = `(?<!\\w)(?:${src})(?!\\w)`;
      if (line) src = `^(?:${src})$`;
      regexes = [new RegExp(src, `g${ignoreCase ? 'i' : ''}`)];
    } catch (err) {
      return { stdout: '', stderr: `grep: ${(err as Error).message}\n`, exitCode: 2 };
    }
  } else {
    const compiled = compilePatterns(patterns, { mode: mode ?? 'basic', ignoreCase, word, line });
    if (!compiled.ok) return { stdout: '', stderr: `grep: ${compiled.message}\n`, exitCode: 2 };
    regexes = compiled.regexes;
  }

  const files = operands.length === 0 ? ['-'] : operands;
  const prefixNames = withFilename ?? files.length > 1;
  let stdout = '';
  let stderr = '';
  let anySelected = false;
  let hadError = false;
  let stdinUsed = false;

  for (const file of files) {
    if (file !== '-') {
      hadError = true;
      if (!noMessages) stderr += `grep: ${file}: No such file or directory\n`;
      continue;
    }
    // A second `-` finds stdin already consumed, as in a real pipe.
    const text = stdinUsed ? '' : stdin;
    stdinUsed = true;
    const r = searchText(splitLines(text), {
      regexes,
      invert,
      maxCount,
      onlyMatching,
      lineNumbers,
      label: prefixNames ? STDIN_LABEL : undefined,
      after,
      before,
      groupSeparator: contextOn ? groupSeparator : undefined,
      outputLines: !(count || quiet || listFiles),
    });
    if (r.selected > 0) anySelected = true;
    if (quiet) {
      if (anySelected) break;
      continue;
    }
    if (listFiles === 'with') {
      if (r.selected > 0) stdout += `${STDIN_LABEL}\n`;
    } else if (listFiles === 'without') {
      if (r.selected === 0) stdout += `${STDIN_LABEL}\n`;
    } else if (count) {
      stdout += prefixNames ? `${STDIN_LABEL}:${r.selected}\n` : `${r.selected}\n`;
    } else {
      stdout += r.output;
    }
  }
  const exitCode = hadError && !(quiet && anySelected) ? 2 : anySelected ? 0 : 1;
  return { stdout, stderr, exitCode };
}

interface SearchOptions {
  regexes: RegExp[];
  invert: boolean;
  maxCount: number;
  onlyMatching: boolean;
  lineNumbers: boolean;
  label: string | undefined;
  after: number;
  before: number;
  /** undefined: no separators (no context option given, or --no-group-separator). */
  groupSeparator: string | undefined;
  outputLines: boolean;
}

function searchText(lines: string[], o: SearchOptions): { selected: number; output: string } {
  const out: string[] = [];
  let selected = 0;
  let lastPrinted = -1;
  let afterLeft = 0;

  const prefix = (i: number, sep: string): string =>
    (o.label !== undefined ? o.label + sep : '') + (o.lineNumbers ? `${i + 1}${sep}` : '');

  const emit = (i: number, isSelected: boolean): void => {
    if (o.groupSeparator !== undefined && lastPrinted >= 0 && i > lastPrinted + 1) out.push(o.groupSeparator);
    lastPrinted = i;
    const text = lines[i]!;
    if (!o.onlyMatching) {
      out.push(prefix(i, isSelected ? ':' : '-') + text);
      return;
    }
    // -o prints the matching parts of selected lines; context lines print nothing.
    if (!isSelected || o.invert) return;
    let from = 0;
    while (from <= text.length) {
      const m = firstMatch(o.regexes, text, from);
      if (!m) break;
      if (m.end === m.index) {
        from = m.index + 1;
        continue;
      }
      out.push(prefix(i, ':') + text.slice(m.index, m.end));
      from = m.end;
    }
  };

  let i = 0;
  for (; i < lines.length && selected < o.maxCount; i++) {
    const isSelected = anyMatch(o.regexes, lines[i]!) !== o.invert;
    if (isSelected) {
      selected++;
      if (!o.outputLines) continue;
      for (let b = Math.max(lastPrinted + 1, i - o.before); b < i; b++) emit(b, false);
      emit(i, true);
      afterLeft = o.after;
    } else if (o.outputLines && afterLeft > 0) {
      emit(i, false);
      afterLeft--;
    }
  }
  // After -m stops, GNU still prints the trailing context (whatever those lines are).
  for (; o.outputLines && afterLeft > 0 && i < lines.length; i++, afterLeft--) emit(i, false);
  return { selected, output: out.length ? `${out.join('\n')}\n` : '' };
}
