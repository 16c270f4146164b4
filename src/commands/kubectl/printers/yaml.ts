/**
 * YAML as `kubectl -o yaml` writes it: sigs.k8s.io/yaml turns the JSON into go-yaml v2
 * values and marshals those, so keys come out in go-yaml's natural order, sequences are not
 * indented under their key, strings that would read back as another type (numbers, bools,
 * timestamps) are double-quoted, strings with indicators are single-quoted, multi-line
 * strings are literal blocks, and long scalars fold at column 80 (the emitter's best_width).
 */

const BEST_WIDTH = 80;

// ---- go-yaml v2 resolve(): what a plain scalar would read back as ----

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = [
  /^\d{4}-\d{1,2}-\d{1,2}$/,
  /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/,
  /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,9})?$/,
];

/** strconv.ParseInt/ParseUint(s, 0, 64) accept it (after go-yaml removed underscores). */
function goParsesInt(s: string): boolean {
  const m = /^[+-]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  try {
    const body = s.replace(/^[+-]/, '');
    let v: bigint;
    if (/^0[xXoObB]/.test(body)) v = BigInt(body.toLowerCase());
    else if (body.length > 1 && body.startsWith('0')) v = BigInt(`0o${body.slice(1)}`);
    else v = BigInt(body);
    return v < 1n << 64n;
  } catch {
    return false;
  }
}

function resolvesToString(s: string): boolean {
  if (s === '') return false;
  const c = s[0]!;
  const hint = c === '+' || c === '-' ? 'S' : c >= '0' && c <= '9' ? 'D' : 'yYnNtTfFoO~'.includes(c) ? 'M' : c === '.' ? '.' : '';
  if (!hint) return true;
  if (RESOLVE_MAP.has(s)) return false;
  if (hint === '.') return !YAML_STYLE_FLOAT.test(s);
  if (hint === 'D' || hint === 'S') {
    if (TIMESTAMP.some((re) => re.test(s))) return false;
    const plain = s.replace(/_/g, '');
    if (goParsesInt(plain)) return false;
    if (YAML_STYLE_FLOAT.test(plain)) return false;
    if (/^-?0b[01]+$/.test(plain)) return false;
  }
  return true;
}

// ---- the emitter's scalar analysis ----

function isPrintable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    c === 0x85 ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

const isBreak = (ch: string | undefined): boolean => ch === '\n' || ch === '\r' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';
const isBlankz = (ch: string | undefined): boolean => ch === undefined || ch === ' ' || ch === '\t' || isBreak(ch);

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function analyze(value: string): Analysis {
  if (value === '') return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const chars = Array.from(value);
  let blockIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) blockIndicators = true;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const followedByWhitespace = isBlankz(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':') && followedByWhitespace) blockIndicators = true;
      else if (ch === '-' && followedByWhitespace) blockIndicators = true;
    } else if (ch === ':' && followedByWhitespace) blockIndicators = true;
    else if (ch === '#' && precededByWhitespace) blockIndicators = true;
    if (!isPrintable(ch) || ch === '\ufeff') specialCharacters = true;
    if (isBreak(ch)) lineBreaks = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(ch);
  }
  const a: Analysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

// ---- writers (column-aware, folding like yaml_emitter_write_*_scalar) ----

class Out {
  text = '';
  column = 0;
  write(s: string): void {
    this.text += s;
    for (const ch of s) {
      if (ch === '\n') this.column = 0;
      else this.column++;
    }
  }
  indent(n: number): void {
    this.text += '\n' + ' '.repeat(n);
    this.column = n;
  }
}

function writePlain(out: Out, value: string, indent: number, allowBreaks: boolean): void {
  const chars = Array.from(value);
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === ' ') {
      if (allowBreaks && !spaces && out.column > BEST_WIDTH && chars[i + 1] !== ' ') out.indent(indent);
      else out.write(ch);
      spaces = true;
    } else {
      out.write(ch);
      spaces = false;
    }
  }
}

function writeSingle(out: Out, value: string, indent: number, allowBreaks: boolean): void {
  const chars = Array.from(value);
  out.write("'");
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === ' ') {
      if (allowBreaks && !spaces && out.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1 && chars[i + 1] !== ' ') out.indent(indent);
      else out.write(ch);
      spaces = true;
    } else {
      out.write(ch === "'" ? "''" : ch);
      spaces = false;
    }
  }
  out.write("'");
}

const ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\x0b': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\u0085': 'N', '\u00a0': '_', '\u2028': 'L', '\u2029': 'P',
};

function writeDouble(out: Out, value: string, indent: number, allowBreaks: boolean): void {
  const chars = Array.from(value);
  out.write('"');
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const code = ch.codePointAt(0)!;
    if (!isPrintable(ch) || ch === '\ufeff' || isBreak(ch) || ch === '"' || ch === '\\') {
      const e = ESCAPES[ch];
      if (e) out.write(`\\${e}`);
      else if (code <= 0xff) out.write(`\\x${code.toString(16).toUpperCase().padStart(2, '0')}`);
      else if (code <= 0xffff) out.write(`\\u${code.toString(16).toUpperCase().padStart(4, '0')}`);
      else out.write(`\\U${code.toString(16).toUpperCase().padStart(8, '0')}`);
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && out.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
        out.indent(indent);
        if (chars[i + 1] === ' ') out.write('\\');
      } else out.write(ch);
      spaces = true;
    } else {
      out.write(ch);
      spaces = false;
    }
  }
  out.write('"');
}

function writeLiteral(out: Out, value: string, indent: number): void {
  let hints = '|';
  if (value[0] === ' ' || isBreak(value[0])) hints += '2';
  const last = value[value.length - 1];
  if (!isBreak(last)) hints += '-';
  else if (value.length === 1 || isBreak(value[value.length - 2])) hints += '+';
  out.write(hints);
  // Content lines at `indent`; empty lines carry no indentation.
  const body = value.endsWith('\n') ? value.slice(0, -1) : value;
  for (const line of body.split('\n')) {
    if (line === '') {
      out.text += '\n';
      out.column = 0;
    } else out.indent(indent), out.write(line);
  }
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function scalarStyle(s: string, simpleKey: boolean): Style {
  let style: Style = s.includes('\n') ? 'literal' : resolvesToString(s) && !BASE60_FLOAT.test(s) ? 'plain' : 'double';
  const a = analyze(s);
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single';
    else if (s === '' && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

function writeString(out: Out, s: string, indent: number, simpleKey: boolean): void {
  const style = scalarStyle(s, simpleKey);
  const allowBreaks = !simpleKey;
  if (style === 'plain') writePlain(out, s, indent, allowBreaks);
  else if (style === 'single') writeSingle(out, s, indent, allowBreaks);
  else if (style === 'double') writeDouble(out, s, indent, allowBreaks);
  else writeLiteral(out, s, indent);
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64), as go-yaml prints floats. */
function goFloatG(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (Number.isInteger(f) && Math.abs(f) < 1e21) return String(f);
  const exp = Math.floor(Math.log10(Math.abs(f)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = f.toExponential().split('e') as [string, string];
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(f);
}

function scalarText(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloatG(v);
  if (typeof v === 'bigint') return v.toString();
  return undefined;
}

// ---- go-yaml v2's key order (keyList.Less) ----

const isLetter = (ch: string): boolean => /\p{L}/u.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

export function yamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

function sortedKeys(obj: Record<string, unknown>): string[] {
  return Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

// ---- block structure ----

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Writes a node that starts at the current position; `indent` is the node's block indent. */
function writeNode(out: Out, v: unknown, indent: number): void {
  if (Array.isArray(v)) {
    if (v.length === 0) return out.write('[]');
    v.forEach((item, i) => {
      if (i > 0) out.indent(indent);
      out.write('- ');
      writeNode(out, item, indent + 2);
    });
    return;
  }
  if (isMap(v)) {
    const keys = sortedKeys(v);
    if (keys.length === 0) return out.write('{}');
    keys.forEach((k, i) => {
      if (i > 0) out.indent(indent);
      writeString(out, k, indent + 2, true);
      out.write(':');
      const val = v[k];
      if (Array.isArray(val) && val.length > 0) {
        // Sequences in a mapping are "indentless": "- " at the key's column.
        out.indent(indent);
        writeNode(out, val, indent);
      } else if (isMap(val) && sortedKeys(val).length > 0) {
        out.indent(indent + 2);
        writeNode(out, val, indent + 2);
      } else {
        out.write(' ');
        writeNode(out, val, indent + 2);
      }
    });
    return;
  }
  if (typeof v === 'string') return writeString(out, v, indent, false);
  out.write(scalarText(v) ?? String(v));
}

/** Marshals JSON-like data the way `kubectl -o yaml` does. Ends with a newline. */
export function toYaml(value: unknown): string {
  const out = new Out();
  // Plain JSON round trip first: drops undefined and functions, turns Dates into strings.
  const data = value === undefined ? null : JSON.parse(JSON.stringify(value));
  writeNode(out, data, 0);
  return out.text + '\n';
}
