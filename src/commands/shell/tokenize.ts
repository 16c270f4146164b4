/**
 * POSIX-sh style parsing of one palette command line into an AST:
 *   line     := pipeline ((';' | '&&' | '||' | newline) pipeline)* [';']
 *   pipeline := command (('|' | '|&') command)*
 *   command  := word+ with redirections 2>&1, 1>&2, >/dev/null, 2>/dev/null, &>/dev/null
 *
 * Quoting follows bash: '...' is literal; $'...' takes C escapes; "..." keeps everything but \" \\ \$ \` and
 * backslash-newline; an unquoted backslash escapes the next character; adjacent parts
 * join into one word (a"b"'c' -> abc); '' is an empty word; # starts a comment at the
 * start of a word.
 *
 * Deliberately NOT done (the palette never touches the host and has no variables):
 * parameter expansion ($VAR, ${VAR} stay literal), globbing (* stays literal, as bash
 * does when nothing matches), tilde expansion. Subshells, background jobs and file
 * redirections are refused with a clear message.
 *
 * Command substitution, $(...) and `...`, is kept as a part of its word and expanded when the
 * command runs (see expandWords), so `crictl logs $(crictl ps --name=etcd -q)` works as in bash.
 */

export type RedirectTarget = 'null' | 'stdout' | 'stderr';

export interface Redirect {
  /** Which stream is redirected: 1 stdout, 2 stderr. */
  fd: 1 | 2;
  to: RedirectTarget;
}

/** A piece of a word: literal text, or a command substitution (`quoted` when inside "..."). */
export type WordPart = { kind: 'text'; text: string } | { kind: 'sub'; line: string; quoted: boolean };

export interface SimpleCommand {
  /** The words; a word holding a substitution has its literal text only (see `words`). */
  argv: string[];
  redirects: Redirect[];
  /** Set when some word holds a command substitution: every word as parts, expanded at run time. */
  words?: WordPart[][];
}

export interface Pipeline {
  commands: SimpleCommand[];
}

export type SequenceOp = ';' | '&&' | '||';

export interface SequenceItem {
  pipeline: Pipeline;
  /** Operator joining this pipeline to the previous one (undefined for the first). */
  op?: SequenceOp;
}

export interface CommandLine {
  items: SequenceItem[];
}

/** A parse error; `message` is the full line bash would print (exit status 2). */
export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    /** 2 for syntax errors (as bash), 1 for a redirection that cannot be done. */
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

type Token =
  | { kind: 'word'; value: string; quoted: boolean; parts?: WordPart[] }
  | { kind: 'op'; value: string };

const OPERATORS = ['&&', '||', '|&', ';;', '&>', '2>&1', '1>&2', '>&2', '2>', '1>', '>>', '>', '<', '|', ';', '&', '(', ')'];
const META = new Set([' ', '\t', '\n', '|', '&', ';', '<', '>', '(', ')']);

function unexpectedEof(quote: string): ShellSyntaxError {
  return new ShellSyntaxError(`bash: unexpected EOF while looking for matching \`${quote}'`);
}

function nearToken(tok: string): ShellSyntaxError {
  return new ShellSyntaxError(`bash: syntax error near unexpected token \`${tok}'`);
}

const UNEXPECTED_END = 'bash: syntax error: unexpected end of file';

/** Index just past the `)` closing a `$(` whose body starts at `start` (quotes and nesting respected). */
function closeParen(line: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '\\') i += 2;
    else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw unexpectedEof("'");
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
      if (i >= line.length) throw unexpectedEof('"');
      i++;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth--;
      i++;
      if (depth === 0) return i;
    } else i++;
  }
  throw unexpectedEof(')');
}

/** Index just past the backquote closing one whose body starts at `start`. */
function closeBackquote(line: string, start: number): number {
  let i = start;
  while (i < line.length) {
    if (line[i] === '\\') i += 2;
    else if (line[i] === '`') return i + 1;
    else i++;
  }
  throw unexpectedEof('`');
}

function lex(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'op', value: ';' });
      i++;
      continue;
    }
    if (c === '#') {
      // Comment: only reachable at the start of a word.
      while (i < n && line[i] !== '\n') i++;
      continue;
    }
    // `2>&1` and friends only count as operators when the digit starts a word.
    // Operators are only recognised at a token start, so `2>&1` counts only as a whole word.
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', value: op });
      i += op.length;
      continue;
    }
    // A word: concatenation of unquoted, single- and double-quoted parts.
    let value = '';
    let quoted = false;
    let parts: WordPart[] | undefined;
    let cut = 0;
    /** Records a substitution at the current end of `value`; returns the index after it. */
    const substitution = (at: number, inQuotes: boolean): number => {
      const backquote = line[at] === '`';
      const end = backquote ? closeBackquote(line, at + 1) : closeParen(line, at + 2);
      const body = backquote ? line.slice(at + 1, end - 1) : line.slice(at + 2, end - 1);
      parts ??= [];
      if (value.length > cut) parts.push({ kind: 'text', text: value.slice(cut) });
      parts.push({ kind: 'sub', line: body, quoted: inQuotes });
      cut = value.length;
      return end;
    };
    while (i < n) {
      const ch = line[i]!;
      if (META.has(ch)) break;
      if (ch === '$' && line[i + 1] === "'") {
        const r = ansiCString(line, i + 2);
        value += r.value;
        quoted = true;
        i = r.end;
      } else if (ch === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw unexpectedEof("'");
        value += line.slice(i + 1, end);
        quoted = true;
        i = end + 1;
      } else if (ch === '"') {
        i++;
        quoted = true;
        let closed = false;
        while (i < n) {
          const d = line[i]!;
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          if (d === '\\' && i + 1 < n) {
            const e = line[i + 1]!;
            if (e === '"' || e === '\\' || e === '$' || e === '`') {
              value += e;
              i += 2;
              continue;
            }
            if (e === '\n') {
              i += 2;
              continue;
            }
          }
          if (d === '`' || (d === '$' && line[i + 1] === '(')) {
            i = substitution(i, true);
            continue;
          }
          value += d;
          i++;
        }
        if (!closed) throw unexpectedEof('"');
      } else if (ch === '\\') {
        if (i + 1 >= n) {
          // A trailing backslash is kept literally (bash -c does the same).
          value += '\\';
          i++;
        } else if (line[i + 1] === '\n') {
          i += 2;
        } else {
          value += line[i + 1];
          quoted = true;
          i += 2;
        }
      } else if (ch === '`' || (ch === '$' && line[i + 1] === '(')) {
        i = substitution(i, false);
      } else {
        value += ch;
        i++;
      }
    }
    if (parts) {
      if (value.length > cut) parts.push({ kind: 'text', text: value.slice(cut) });
      tokens.push({ kind: 'word', value, quoted, parts });
    } else tokens.push({ kind: 'word', value, quoted });
  }
  return tokens;
}

const ANSI_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** bash's $'...' quoting: backslash escapes like C (\n, \t, \xHH, \NNN octal). */
function ansiCString(line: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start;
  while (i < line.length) {
    const c = line[i]!;
    if (c === "'") return { value, end: i + 1 };
    if (c === '\\' && i + 1 < line.length) {
      const e = line[i + 1]!;
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(line.slice(i + 1));
      const oct = /^([0-7]{1,3})/.exec(line.slice(i + 1));
      if (ANSI_ESCAPES[e] !== undefined) {
        value += ANSI_ESCAPES[e];
        i += 2;
      } else if (hex) {
        value += String.fromCharCode(parseInt(hex[1]!, 16));
        i += 1 + hex[0].length;
      } else if (oct) {
        value += String.fromCharCode(parseInt(oct[1]!, 8));
        i += 1 + oct[0].length;
      } else {
        value += `\\${e}`;
        i += 2;
      }
      continue;
    }
    value += c;
    i++;
  }
  throw unexpectedEof("'");
}

function redirectFor(op: string, target: Token | undefined): { redirects: Redirect[]; consumed: number } {
  switch (op) {
    case '2>&1':
      return { redirects: [{ fd: 2, to: 'stdout' }], consumed: 0 };
    case '1>&2':
    case '>&2':
      return { redirects: [{ fd: 1, to: 'stderr' }], consumed: 0 };
  }
  // Operators that need a file name.
  if (!target) throw new ShellSyntaxError("bash: syntax error near unexpected token `newline'");
  if (target.kind !== 'word') throw nearToken(target.value);
  if (op === '<') {
    if (target.value === '/dev/null') return { redirects: [], consumed: 1 };
    throw new ShellSyntaxError(`bash: ${target.value}: No such file or directory`, 1);
  }
  if (target.value !== '/dev/null') {
    throw new ShellSyntaxError(
      `kubedrill: cannot write to ${target.value}: the palette has no file system (only /dev/null and 2>&1 are supported)`,
      1,
    );
  }
  if (op === '2>') return { redirects: [{ fd: 2, to: 'null' }], consumed: 1 };
  if (op === '&>') return { redirects: [{ fd: 1, to: 'null' }, { fd: 2, to: 'null' }], consumed: 1 };
  return { redirects: [{ fd: 1, to: 'null' }], consumed: 1 };
}

/** Parses a full command line. Throws ShellSyntaxError with bash's wording. */
export function parseCommandLine(line: string): CommandLine {
  const tokens = lex(line);
  const items: SequenceItem[] = [];
  let pendingOp: SequenceOp | undefined;
  let commands: SimpleCommand[] = [];
  let current: SimpleCommand | undefined;
  /** Set after `|`, `&&`, `||`: a command must follow. */
  let needCommand = false;

  const finishPipeline = (): void => {
    if (current) commands.push(current);
    current = undefined;
    if (commands.length > 0) {
      items.push(pendingOp ? { pipeline: { commands }, op: pendingOp } : { pipeline: { commands } });
    }
    commands = [];
  };

  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (tok.kind === 'word') {
      current ??= { argv: [], redirects: [] };
      if (tok.parts && !current.words) current.words = current.argv.map((text) => [{ kind: 'text', text }]);
      current.words?.push(tok.parts ?? [{ kind: 'text', text: tok.value }]);
      current.argv.push(tok.value);
      needCommand = false;
      continue;
    }
    const op = tok.value;
    switch (op) {
      case '|':
      case '|&': {
        if (!current || current.argv.length === 0) throw nearToken(op);
        if (op === '|&') current.redirects.push({ fd: 2, to: 'stdout' });
        commands.push(current);
        current = undefined;
        needCommand = true;
        break;
      }
      case '&&':
      case '||':
      case ';': {
        if (!current || current.argv.length === 0) throw nearToken(op);
        finishPipeline();
        pendingOp = op;
        needCommand = op !== ';';
        break;
      }
      case ';;':
        throw nearToken(op);
      case '&':
        throw new ShellSyntaxError('kubedrill: background jobs (&) are not supported in the palette');
      case '(':
      case ')':
        if (op === '(' && !current) {
          throw new ShellSyntaxError('kubedrill: subshells ( ... ) are not supported in the palette');
        }
        // bash reports the token after `(` (`echo (a)` -> near `a'), or newline.
        if (op === '(') throw nearToken(tokens[t + 1]?.value ?? 'newline');
        throw nearToken(op);
      default: {
        const { redirects, consumed } = redirectFor(op, tokens[t + 1]);
        current ??= { argv: [], redirects: [] };
        current.redirects.push(...redirects);
        t += consumed;
      }
    }
  }
  if (needCommand) throw new ShellSyntaxError(UNEXPECTED_END);
  if (current && current.argv.length === 0) {
    // Only redirections, e.g. `2>/dev/null`: bash runs nothing and succeeds.
    current = undefined;
  }
  finishPipeline();
  return { items };
}

/**
 * bash's expansion of words holding command substitutions: each substitution's output loses
 * its trailing newlines; unquoted, it is split on blanks into separate words (an empty one
 * gives no word), quoted it stays one word. `run` runs one command line.
 */
export function expandWords(words: WordPart[][], run: (line: string) => string): string[] {
  const out: string[] = [];
  for (const word of words) {
    let cur = '';
    let have = false;
    for (const part of word) {
      if (part.kind === 'text') {
        cur += part.text;
        have = true;
        continue;
      }
      const text = run(part.line).replace(/\n+$/, '');
      if (part.quoted) {
        cur += text;
        have = true;
        continue;
      }
      text.split(/[ \t\n]+/).forEach((piece, idx) => {
        if (idx > 0 && have) {
          out.push(cur);
          cur = '';
          have = false;
        }
        cur += piece;
        have ||= piece.length > 0;
      });
    }
    if (have) out.push(cur);
  }
  return out;
}

/**
 * Convenience for a single pipeline: the argv of each stage. Throws ShellSyntaxError on a
 * syntax error, and also when the line holds a sequence (`;`, `&&`, `||`) — use
 * parseCommandLine for those.
 */
export function tokenize(line: string): string[][] {
  const parsed = parseCommandLine(line);
  if (parsed.items.length > 1) {
    throw new ShellSyntaxError('kubedrill: tokenize() handles one pipeline; use parseCommandLine() for sequences');
  }
  const first = parsed.items[0];
  return first ? first.pipeline.commands.map((c) => c.argv) : [];
}

/** Splits one simple command into words (no pipes or sequences expected). */
export function splitWords(line: string): string[] {
  return tokenize(line).flat();
}
