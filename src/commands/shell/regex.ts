/**
 * Translates POSIX regular expressions as GNU grep reads them (BRE by default, ERE with
 * -E, fixed strings with -F) into JavaScript RegExps.
 *
 * BRE: \( \) \{ \} \| \+ \? are operators, bare ( ) { } | + ? are literals, ^ and $ anchor
 * only at the ends of an expression, a leading * is literal. ERE: the reverse; a `{` that
 * does not start a valid interval is literal, an unmatched `)` is literal.
 * Both: bracket expressions with [:classes:], \< \> \b \B \w \W \s \S, back-references.
 *
 * Top-level alternatives are returned separately so callers can pick the longest match
 * at the leftmost position (POSIX leftmost-longest), e.g. `grep -oE 'ab|abcd'` -> abcd.
 */

export type RegexMode = 'basic' | 'extended' | 'fixed';

export interface CompileOptions {
  mode: RegexMode;
  ignoreCase?: boolean;
  /** -w: the match must be a whole word. */
  word?: boolean;
  /** -x: the match must be the whole line. */
  line?: boolean;
}

export type CompileResult = { ok: true; regexes: RegExp[] } | { ok: false; message: string };

class RegexSyntaxError extends Error {}

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

const JS_SPECIAL = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}', '/']);

function escapeChar(c: string): string {
  return JS_SPECIAL.has(c) ? `\\${c}` : c;
}

export function escapeRegExp(s: string): string {
  let out = '';
  for (const c of s) out += escapeChar(c);
  return out;
}

function escapeInClass(c: string): string {
  return c === '\\' || c === ']' || c === '[' || c === '^' ? `\\${c}` : c;
}

/** Parses a bracket expression starting at p (just after `[`). Returns JS text and end index. */
function parseBracket(src: string, start: number): { text: string; end: number } {
  let p = start;
  let negate = false;
  if (src[p] === '^') {
    negate = true;
    p++;
  }
  // `[:space:]` used on its own is a classic mistake GNU grep reports.
  const whole = /^:([a-z]+):\]/.exec(src.slice(start));
  if (whole) throw new RegexSyntaxError(`character class syntax is [[:${whole[1]}:]], not [:${whole[1]}:]`);
  const items: string[] = [];
  let first = true;
  let prevChar: string | undefined;
  while (true) {
    if (p >= src.length) {
      throw new RegexSyntaxError(start >= src.length ? 'Invalid regular expression' : 'Unmatched [, [^, [:, [., or [=');
    }
    const c = src[p]!;
    if (c === ']' && !first) break;
    first = false;
    if (c === '[' && (src[p + 1] === ':' || src[p + 1] === '=' || src[p + 1] === '.')) {
      const kind = src[p + 1]!;
      const close = src.indexOf(`${kind}]`, p + 2);
      if (close < 0) throw new RegexSyntaxError('Unmatched [, [^, [:, [., or [=');
      const name = src.slice(p + 2, close);
      if (kind === ':') {
        const cls = CLASSES[name];
        if (cls === undefined) throw new RegexSyntaxError('Invalid character class name');
        items.push(cls);
        prevChar = undefined;
      } else {
        items.push(escapeInClass(name));
        prevChar = name;
      }
      p = close + 2;
      continue;
    }
    if (c === '-' && prevChar !== undefined && src[p + 1] !== undefined && src[p + 1] !== ']') {
      const hi = src[p + 1]!;
      if (hi < prevChar) throw new RegexSyntaxError('Invalid range end');
      items.push(`-${escapeInClass(hi)}`);
      prevChar = undefined;
      p += 2;
      continue;
    }
    items.push(c === '-' ? '\\-' : escapeInClass(c));
    prevChar = c;
    p++;
  }
  return { text: `[${negate ? '^' : ''}${items.join('')}]`, end: p + 1 };
}

interface Alternative {
  source: string;
  groupBase: number;
}

/** Translates one POSIX pattern into JS sources, one per top-level alternative. */
function translate(src: string, ere: boolean): string[] {
  const alts: Alternative[] = [];
  let out = '';
  let groupBase = 0;
  let groups = 0;
  const closedGroups = new Set<number>();
  const open: { index: number; outPos: number }[] = [];
  let atomStart = -1; // start in `out` of the last quantifiable atom; -1 = none
  let quantified = false;
  let exprStart = true; // at the start of an expression (BRE: `*` and `^` rules)

  const atom = (text: string): void => {
    atomStart = out.length;
    out += text;
    quantified = false;
    exprStart = false;
  };
  const noAtom = (text: string): void => {
    out += text;
    atomStart = -1;
    quantified = false;
  };
  const quantifier = (q: string): boolean => {
    if (atomStart < 0) return false;
    if (quantified) out = `${out.slice(0, atomStart)}(?:${out.slice(atomStart)})`;
    out += q;
    quantified = true;
    return true;
  };
  const alternate = (): void => {
    if (open.length === 0) {
      alts.push({ source: out, groupBase });
      out = '';
      groupBase = groups;
    } else {
      out += '|';
    }
    atomStart = -1;
    quantified = false;
    exprStart = true;
  };
  const openGroup = (): void => {
    groups++;
    open.push({ index: groups, outPos: out.length });
    out += '(';
    atomStart = -1;
    quantified = false;
    exprStart = true;
  };
  const closeGroup = (): void => {
    const g = open.pop()!;
    closedGroups.add(g.index);
    out += ')';
    atomStart = g.outPos;
    quantified = false;
    exprStart = false;
  };
  const interval = (body: string): string => {
    const m = /^(\d*)(,(\d*))?$/.exec(body);
    if (!m || (m[1] === '' && m[2] === undefined)) throw new RegexSyntaxError('Invalid content of \\{\\}');
    const lo = m[1] === '' ? 0 : Number(m[1]);
    if (m[2] === undefined) return `{${lo}}`;
    if (m[3] === '') return `{${lo},}`;
    const hi = Number(m[3]);
    if (hi < lo) throw new RegexSyntaxError('Invalid content of \\{\\}');
    return `{${lo},${hi}}`;
  };

  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      if (i + 1 >= src.length) throw new RegexSyntaxError('Trailing backslash');
      const e = src[i + 1]!;
      i += 2;
      if (!ere && e === '(') openGroup();
      else if (!ere && e === ')') {
        if (open.length === 0) throw new RegexSyntaxError('Unmatched ) or \\)');
        closeGroup();
      } else if (!ere && e === '|') alternate();
      else if (!ere && (e === '+' || e === '?')) {
        if (!quantifier(e)) atom(escapeChar(e));
      } else if (!ere && e === '{') {
        const close = src.indexOf('\\}', i);
        if (close < 0) throw new RegexSyntaxError('Unmatched \\{');
        const body = src.slice(i, close);
        i = close + 2;
        if (!quantifier(interval(body))) atom(escapeRegExp(`{${body}}`));
      } else if (e >= '1' && e <= '9') {
        const n = Number(e);
        if (!closedGroups.has(n)) throw new RegexSyntaxError('Invalid back reference');
        atom(n > groupBase ? `\\${n - groupBase}` : '(?!)');
      } else if (e === '<') noAtom('\\b(?=\\w)');
      else if (e === '>') noAtom('\\b(?<=\\w)');
      else if (e === 'b' || e === 'B') noAtom(`\\${e}`);
      else if (e === 'w' || e === 'W' || e === 's' || e === 'S') atom(`\\${e}`);
      else if (e === '`') noAtom('^');
      else if (e === "'") noAtom('$');
      else atom(escapeChar(e));
      continue;
    }
    if (c === '[') {
      const { text, end } = parseBracket(src, i + 1);
      atom(text);
      i = end;
      continue;
    }
    i++;
    switch (c) {
      case '.':
        atom('.');
        break;
      case '*':
        if (!quantifier('*')) {
          if (!ere) atom('\\*'); // BRE: a leading * is literal; ERE: GNU ignores it
        }
        break;
      case '+':
      case '?':
        if (ere) quantifier(c);
        else atom(`\\${c}`);
        break;
      case '{': {
        const close = src.indexOf('}', i);
        const body = close < 0 ? undefined : src.slice(i, close);
        if (ere && body !== undefined && /^(\d*)(,(\d*))?$/.test(body) && body !== '' && atomStart >= 0) {
          quantifier(interval(body));
          i = close + 1;
        } else atom('\\{');
        break;
      }
      case '^':
        if (ere || exprStart) noAtom('^');
        else atom('\\^');
        break;
      case '$': {
        const rest = src.slice(i);
        if (ere || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')) noAtom('$');
        else atom('\\$');
        break;
      }
      case '(':
        if (ere) openGroup();
        else atom('\\(');
        break;
      case ')':
        if (ere && open.length > 0) closeGroup();
        else atom('\\)');
        break;
      case '|':
        if (ere) alternate();
        else atom('\\|');
        break;
      default:
        atom(escapeChar(c));
    }
  }
  if (open.length > 0) throw new RegexSyntaxError('Unmatched ( or \\(');
  alts.push({ source: out, groupBase });
  return alts.map((a) => a.source);
}

/** Compiles grep patterns (one per -e, or per line of a pattern) into JS regexes. */
export function compilePatterns(patterns: readonly string[], opts: CompileOptions): CompileResult {
  const flags = `gs${opts.ignoreCase ? 'i' : ''}`;
  const regexes: RegExp[] = [];
  try {
    for (const pattern of patterns) {
      const sources = opts.mode === 'fixed' ? [escapeRegExp(pattern)] : translate(pattern, opts.mode === 'extended');
      for (let source of sources) {
        if (opts.word) source = `(?<!\\w)(?:${source})(?!\\w)`;
        if (opts.line) source = `^(?:${source})$`;
        regexes.push(new RegExp(source, flags));
      }
    }
  } catch (err) {
    if (err instanceof RegexSyntaxError) return { ok: false, message: err.message };
    // A translation we did not anticipate: report it like grep would rather than crash.
    return { ok: false, message: 'Invalid regular expression' };
  }
  return { ok: true, regexes };
}

/** The leftmost-longest match of any regex in `line` at or after `from`. */
export function firstMatch(regexes: readonly RegExp[], line: string, from: number): { index: number; end: number } | undefined {
  let best: { index: number; end: number } | undefined;
  for (const re of regexes) {
    re.lastIndex = from;
    const m = re.exec(line);
    if (!m) continue;
    const end = m.index + m[0].length;
    if (!best || m.index < best.index || (m.index === best.index && end > best.end)) best = { index: m.index, end };
  }
  return best;
}

export function anyMatch(regexes: readonly RegExp[], line: string): boolean {
  for (const re of regexes) {
    re.lastIndex = 0;
    if (re.test(line)) return true;
  }
  return false;
}
