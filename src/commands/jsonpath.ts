/**
 * kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath, as `-o jsonpath=` prints them):
 * fields, [n], [*], [a:b:c], unions [a,b], ['key'], `..` recursive descent, filters
 * [?(@.x=="y")], {range ...}{end}, literal text and quoted strings. The parser is a port of the
 * Go one so the same templates fail with the same messages; output follows kubectl: several
 * results of one action are joined by spaces, maps and lists print as compact JSON.
 */

// ---- nodes ----

interface Param {
  value: number;
  known: boolean;
  derived: boolean;
}

type Node =
  | { t: 'list'; nodes: Node[] }
  | { t: 'text'; text: string }
  | { t: 'field'; name: string }
  | { t: 'array'; params: [Param, Param, Param] }
  | { t: 'filter'; left: ListNode; right: ListNode; op: string }
  | { t: 'int'; value: number }
  | { t: 'float'; value: number }
  | { t: 'bool'; value: boolean }
  | { t: 'wildcard' }
  | { t: 'recursive' }
  | { t: 'union'; nodes: ListNode[] }
  | { t: 'identifier'; name: string };

type ListNode = { t: 'list'; nodes: Node[] };

function newList(): ListNode {
  return { t: 'list', nodes: [] };
}

/** A float literal from the template: Go keeps int and float apart when comparing. */
class GoFloat {
  constructor(readonly value: number) {}
}

export class JsonPathError extends Error {
  /** The bare reason ("nope is not found"), without kubectl's wrapping. */
  readonly reason: string;
  constructor(message: string, reason: string) {
    super(message);
    this.name = 'JsonPathError';
    this.reason = reason;
  }
}

// ---- parser (port of parser.go) ----

const EOF = '';

function isSpace(r: string): boolean {
  return r === ' ' || r === '\t';
}
function isEndOfLine(r: string): boolean {
  return r === '\r' || r === '\n';
}
function isTerminator(r: string): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === EOF || '.,[]$@{}'.includes(r);
}
function isDigit(r: string): boolean {
  return r >= '0' && r <= '9' && r.length === 1;
}
function isAlphaNumeric(r: string): boolean {
  return r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);
}

/** Go's %#U: U+0023 '#'. */
function goRuneU(r: string): string {
  const cp = r.codePointAt(0)!;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(r) ? `U+${hex} '${r}'` : `U+${hex}`;
}

const SLICE_RE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const DICT_KEY_RE = /^'([^']*)'$/;
const FILTER_RE = /^([^!<>=]+)([!<>=]+)(.+?)$/s;

class Parser {
  root: ListNode = newList();
  private input = '';
  private pos = 0;
  private start = 0;
  private width = 0;

  parse(text: string): void {
    this.input = text;
    this.root = newList();
    this.pos = 0;
    this.start = 0;
    this.parseText(this.root);
  }

  private consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const cp = this.input.codePointAt(this.pos)!;
    const r = String.fromCodePoint(cp);
    this.width = r.length;
    this.pos += this.width;
    return r;
  }

  private peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ t: 'text', text: this.consumeText() });
        this.parseLeftDelim(cur);
        return;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ t: 'text', text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const node = newList();
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  private parseInsideAction(cur: ListNode): void {
    // A loop instead of Go's tail recursion: each branch either returns or continues.
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith('}')) {
        this.pos += 1;
        this.consumeText();
        this.parseText(this.root);
        return;
      }
      if (rest.startsWith('[?(')) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new Error('unclosed action');
      if (r === ' ') this.consumeText();
      else if (r === '@' || r === '$') this.consumeText();
      else if (r === '[') this.parseArray(cur);
      else if (r === '"' || r === "'") this.parseQuote(cur, r);
      else if (r === '.') this.parseField(cur);
      else if (r === '+' || r === '-' || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else throw new Error(`unrecognized character in action: ${goRuneU(r)}`);
    }
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ t: 'bool', value: value === 'true' });
    else cur.nodes.push({ t: 'identifier', name: value });
  }

  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last && last.t === 'recursive') throw new Error('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ t: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    let r = this.peek();
    if (r === '+' || r === '-') this.next();
    for (;;) {
      r = this.next();
      if (r !== '.' && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) {
      cur.nodes.push({ t: 'int', value: Number(value) });
      return;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) {
      cur.nodes.push({ t: 'float', value: Number(value) });
      return;
    }
    throw new Error(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new Error('unterminated array');
      if (r === ']') break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === '*') text = ':';

    const strs = text.split(',');
    if (strs.length > 1) {
      const union: ListNode[] = [];
      for (const s of strs) union.push(parseAction(`[${s.replace(/^ +| +$/g, '')}]`));
      cur.nodes.push({ t: 'union', nodes: union });
      return;
    }

    const dict = DICT_KEY_RE.exec(text);
    if (dict) {
      const sub = parseAction(`.${dict[1]}`);
      cur.nodes.push(...sub.nodes);
      return;
    }

    const m = SLICE_RE.exec(text);
    if (!m) throw new Error(`invalid array index ${text}`);
    const value = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: [Param, Param, Param] = [
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      let v = value[i]!;
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params[i]!.known = false;
        else {
          if (!/^[+-]?\d+$/.test(v)) throw new Error(`array index ${v} is not a number`);
          params[i]!.known = true;
          params[i]!.value = Number(v);
        }
      } else if (i === 1) {
        params[1] = { known: true, value: params[0].value + 1, derived: true };
      }
    }
    cur.nodes.push({ t: 'array', params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new Error('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')') {
        if (begin === end) break;
      }
    }
    if (this.next() !== ']') throw new Error('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = FILTER_RE.exec(text);
    if (!m) {
      cur.nodes.push({ t: 'filter', left: parseAction(text), right: newList(), op: 'exists' });
    } else {
      cur.nodes.push({ t: 'filter', left: parseAction(m[1]!), right: parseAction(m[3]!), op: m[2]! });
    }
  }

  private parseQuote(cur: ListNode, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new Error('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    const s = unquoteExtend(value);
    if (s === undefined) throw new Error(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ t: 'text', text: s });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    for (;;) {
      const r = this.next();
      if (r === '\\') this.next();
      else if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ t: 'wildcard' });
    else cur.nodes.push({ t: 'field', name: value.replace(/\\/g, '') });
  }
}

/** parseAction: parses `{text}` and returns the action's list. */
function parseAction(text: string): ListNode {
  const p = new Parser();
  p.parse(`{${text}}`);
  return p.root.nodes[0] as ListNode;
}

/** strconv.Unquote, extended to single-quoted strings; undefined on bad syntax. */
function unquoteExtend(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const quote = s[0]!;
  if (quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) return undefined;
  const body = s.slice(1, -1);
  if (!body.includes('\\') && !body.includes(quote)) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === quote) return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    switch (e) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
      case "'":
        if (e !== quote) return undefined;
        out += e;
        break;
      case 'x':
      case 'u':
      case 'U': {
        const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + n);
        if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) return undefined;
        out += String.fromCodePoint(cp);
        i += n;
        break;
      }
      default: {
        const oct = body.slice(i, i + 3);
        if (!/^[0-7]{3}$/.test(oct)) return undefined;
        const v = parseInt(oct, 8);
        if (v > 255) return undefined;
        out += String.fromCharCode(v);
        i += 2;
      }
    }
  }
  return out;
}

// ---- Go-style formatting ----

function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort();
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoFloat);
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64), as fmt's %v prints a float64. */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expStr] = f.toExponential().split('e') as [string, string];
  const exp = Number(expStr);
  // Shortest 'g': exponent form below 1e-4 and from 1e6 up, exponent at least two digits.
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  // Plain decimal: JS toString never uses exponents in this range.
  return String(f);
}

/** A JSON number as the unstructured object holds it: integers are int64, others float64. */
function goNumber(v: number | GoFloat): string {
  if (v instanceof GoFloat) return goFloat(v.value);
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : goFloat(v);
}

/** json.Marshal: sorted map keys, HTML characters escaped. */
function goJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) => {
    if (val instanceof GoFloat) return val.value;
    if (isMap(val)) {
      const out: Record<string, unknown> = {};
      for (const k of sortedKeys(val)) out[k] = val[k];
      return out;
    }
    return val;
  })
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go's %q. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go's %v of an unstructured value. */
function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || v instanceof GoFloat) return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isMap(v)) return `map[${sortedKeys(v).map((k) => `${k}:${goV(v[k])}`).join(' ')}]`;
  return String(v);
}

/** Go's %#v of an unstructured value (the debugging dump kubectl prints on errors). */
function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || v instanceof GoFloat) return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  if (isMap(v)) return `map[string]interface {}{${sortedKeys(v).map((k) => `${goQuote(k)}:${goSharpV(v[k])}`).join(', ')}}`;
  return String(v);
}

/** reflect's Type().String() for an unstructured value. */
function goTypeName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoFloat) return 'float64';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  return 'interface {}';
}

// ---- evaluation ----

class ExecError extends Error {}

type Kind = 'bool' | 'int' | 'float' | 'string';

function basicKind(v: unknown): Kind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (v instanceof GoFloat) return 'float';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  throw new ExecError('invalid type for comparison');
}

function numOf(v: unknown): number {
  return v instanceof GoFloat ? v.value : (v as number);
}

/** text/template's eq/ne/lt/le/gt/ge as the filter uses them. */
function compare(op: string, a: unknown, b: unknown): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) throw new ExecError('incompatible types for comparison');
  if (op === '==' || op === '!=') {
    const eq = ka === 'int' || ka === 'float' ? numOf(a) === numOf(b) : a === b;
    return op === '==' ? eq : !eq;
  }
  if (ka === 'bool') throw new ExecError('invalid type for comparison');
  const x = ka === 'string' ? (a as string) : numOf(a);
  const y = ka === 'string' ? (b as string) : numOf(b);
  switch (op) {
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
    default:
      throw new ExecError(`unrecognized filter operator ${op}`);
  }
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isMap(v)) return sortedKeys(v).map((k) => v[k]);
  if (typeof v === 'string') return [...Buffer.from(v, 'utf8')];
  return [];
}

class Executor {
  constructor(private readonly allowMissingKeys: boolean) {}

  walk(input: unknown[], node: Node): unknown[] {
    switch (node.t) {
      case 'list':
        return this.evalList(input, node);
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(input, node.name);
      case 'array':
        return this.evalArray(input, node.params);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
        return input.map(() => node.value);
      case 'float':
        return input.map(() => new GoFloat(node.value));
      case 'bool':
        return input.map(() => node.value);
      case 'wildcard': {
        const out: unknown[] = [];
        for (const v of input) if (v !== null && v !== undefined) out.push(...children(v));
        return out;
      }
      case 'recursive':
        return this.evalRecursive(input);
      case 'union': {
        const out: unknown[] = [];
        for (const l of node.nodes) out.push(...this.evalList(input, l));
        return out;
      }
      case 'identifier':
        if (node.name === 'range' || node.name === 'end') return input; // handled by execute()
        throw new ExecError(`unrecognized identifier ${node.name}`);
    }
  }

  evalList(input: unknown[], list: ListNode): unknown[] {
    let cur = input;
    for (const n of list.nodes) cur = this.walk(cur, n);
    return cur;
  }

  private evalField(input: unknown[], name: string): unknown[] {
    const out: unknown[] = [];
    if (input.length === 0) return out;
    for (const v of input) {
      if (isMap(v) && Object.prototype.hasOwnProperty.call(v, name)) out.push(v[name] ?? null);
    }
    if (out.length === 0 && !this.allowMissingKeys) throw new ExecError(`${name} is not found`);
    return out;
  }

  private evalArray(input: unknown[], params: [Param, Param, Param]): unknown[] {
    const out: unknown[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      if (!Array.isArray(v)) throw new ExecError(`${goTypeName(v)} is not array or slice`);
      const len = v.length;
      let start = params[0].known ? params[0].value : 0;
      if (start < 0) start += len;
      let end = params[1].known ? params[1].value : len;
      if (end < 0 || (end === 0 && params[1].derived)) end += len;
      if (end === start) continue; // zero elements requested: allowed
      if (start >= len || start < 0) throw new ExecError(`array index out of bounds: index ${start}, length ${len}`);
      if (end > len || end < 0) throw new ExecError(`array index out of bounds: index ${end - 1}, length ${len}`);
      if (start > end) throw new ExecError(`starting index ${start} is greater than ending index ${end}`);
      let step = 1;
      if (params[2].known) {
        if (params[2].value <= 0) throw new ExecError('step must be > 0');
        step = params[2].value;
      }
      for (let i = start; i < end; i += step) out.push(v[i]);
    }
    return out;
  }

  private evalRecursive(input: unknown[]): unknown[] {
    const out: unknown[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      const kids = children(v);
      if (kids.length === 0) continue;
      out.push(v);
      out.push(...this.evalRecursive(typeof v === 'string' ? [] : kids));
    }
    return out;
  }

  private evalFilter(input: unknown[], node: { left: ListNode; right: ListNode; op: string }): unknown[] {
    const out: unknown[] = [];
    for (const v of input) {
      if (!Array.isArray(v)) throw new ExecError(`${goV(v)} is not array or slice and cannot be filtered`);
      for (const el of v) {
        const temp = [el];
        if (node.op === 'exists') {
          let lefts: unknown[] = [];
          try {
            lefts = this.evalList(temp, node.left);
          } catch {
            lefts = [];
          }
          if (lefts.length > 0) out.push(el);
          continue;
        }
        const lefts = this.evalList(temp, node.left);
        if (lefts.length === 0) continue;
        if (lefts.length !== 1) throw new ExecError('can only compare one element at a time');
        const rights = this.evalList(temp, node.right);
        if (rights.length === 0) continue;
        if (rights.length !== 1) throw new ExecError('can only compare one element at a time');
        if (!['<', '>', '==', '!=', '<=', '>='].includes(node.op)) throw new ExecError(`unrecognized filter operator ${node.op}`);
        if (compare(node.op, lefts[0], rights[0])) out.push(el);
      }
    }
    return out;
  }

  /** Runs top-level nodes; {range X}...{end} repeats the nodes between for each result of X. */
  execute(nodes: Node[], cur: unknown[], out: unknown[][], nested: boolean): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const head = node.t === 'list' ? node.nodes[0] : undefined;
      if (head?.t === 'identifier' && head.name === 'range') {
        const results = this.evalList(cur, { t: 'list', nodes: (node as ListNode).nodes.slice(1) });
        const end = findEnd(nodes, i + 1);
        const body = nodes.slice(i + 1, end);
        for (const r of results) this.execute(body, [r], out, true);
        if (end < nodes.length) {
          i = end;
          continue;
        }
        // Unclosed range: Go resumes after the last nested {end} it met, else runs the body
        // once more on the current object ("{range .items[*]}[{.x}]" ends with "[]").
        for (let k = nodes.length - 1; k > i; k--) {
          if (isIdent(nodes[k], 'end')) {
            i = k;
            break;
          }
        }
        continue;
      }
      if (head?.t === 'identifier' && head.name === 'end' && !nested) throw new ExecError('not in range, nothing to end');
      out.push(this.walk(cur, node));
    }
  }
}

function isIdent(node: Node | undefined, name: string): boolean {
  if (node?.t !== 'list') return false;
  const h = node.nodes[0];
  return h?.t === 'identifier' && h.name === name;
}

/** Index of the {end} matching a {range} whose body starts at `from` (nodes.length if unclosed). */
function findEnd(nodes: Node[], from: number): number {
  let depth = 0;
  for (let i = from; i < nodes.length; i++) {
    if (isIdent(nodes[i], 'range')) depth++;
    else if (isIdent(nodes[i], 'end')) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return nodes.length;
}

function printResults(results: unknown[]): string {
  const parts: string[] = [];
  for (const r of results) {
    if (Array.isArray(r) || isMap(r)) parts.push(goJson(r));
    else if (r === null || r === undefined) parts.push('null');
    else if (typeof r === 'number' || r instanceof GoFloat) parts.push(goNumber(r));
    else if (typeof r === 'string') parts.push(r);
    else parts.push(String(r));
  }
  return parts.join(' ');
}

// ---- public API ----

export interface JsonPathOptions {
  /** kubectl's --allow-missing-template-keys (default true): a missing field prints nothing. */
  allowMissingKeys?: boolean;
}

export interface CompiledJsonPath {
  readonly template: string;
  execute(data: unknown, opts?: JsonPathOptions): string;
}

const compiled = new Map<string, Node[]>();

/** Parses a template; throws JsonPathError "error parsing jsonpath TEMPLATE, REASON". */
export function compileJsonPath(template: string): CompiledJsonPath {
  let nodes = compiled.get(template);
  if (!nodes) {
    const p = new Parser();
    try {
      p.parse(template);
    } catch (e) {
      const reason = (e as Error).message;
      throw new JsonPathError(`error parsing jsonpath ${template}, ${reason}`, reason);
    }
    nodes = p.root.nodes;
    if (compiled.size > 500) compiled.clear();
    compiled.set(template, nodes);
  }
  const tree = nodes;
  return {
    template,
    execute(data: unknown, opts: JsonPathOptions = {}): string {
      const ex = new Executor(opts.allowMissingKeys ?? true);
      const groups: unknown[][] = [];
      try {
        ex.execute(tree, [data], groups, false);
      } catch (e) {
        if (!(e instanceof ExecError)) throw e;
        const reason = e.message;
        throw new JsonPathError(
          `error executing jsonpath ${goQuote(template)}: Error executing template: ${reason}. Printing more information for debugging the template:\n` +
            `\ttemplate was:\n\t\t${template}\n` +
            `\tobject given to jsonpath engine was:\n\t\t${goSharpV(data)}\n\n\n`,
          reason,
        );
      }
      return groups.map(printResults).join('');
    },
  };
}

/**
 * Renders data with a kubectl JSONPath template, e.g. `{.items[*].metadata.name}`. Errors are
 * JsonPathError with kubectl's message minus its "error: " prefix (the CLI adds it).
 */
export function jsonpath(template: string, data: unknown, opts?: JsonPathOptions): string {
  if (template === '') throw new JsonPathError('template format specified but no template given', 'no template given');
  return compileJsonPath(template).execute(data, opts);
}

/** The raw results of each action, as JSONPath.FindResults returns them (for sort-by and columns). */
export function findResults(template: string, data: unknown, opts: JsonPathOptions = {}): unknown[][] {
  compileJsonPath(template); // parses (and caches) or throws the parse error
  const ex = new Executor(opts.allowMissingKeys ?? true);
  const groups: unknown[][] = [];
  try {
    ex.execute(compiled.get(template)!, [data], groups, false);
  } catch (e) {
    if (e instanceof ExecError) throw new JsonPathError(e.message, e.message);
    throw e;
  }
  return groups.map((g) => g.map((v) => (v instanceof GoFloat ? v.value : v)));
}

/** fmt.Sprint of a value as Go prints unstructured data ("map[cpu:1 memory:1Gi]", "[a b]"). */
export function formatGoValue(v: unknown): string {
  return goV(v);
}

/**
 * kubectl's RelaxedJSONPathExpression (custom-columns, sort-by, wait --for=jsonpath):
 * "metadata.name", ".metadata.name", "{metadata.name}" all become "{.metadata.name}".
 */
export function relaxedJSONPathExpression(expr: string): string {
  if (expr.length === 0) return expr;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expr);
  if (!m) {
    throw new JsonPathError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
      'unexpected path string',
    );
  }
  return `{.${m[1] ? m[1] : m[2]}}`;
}

/** One custom-columns cell: every result with Go's %v, joined by ",", or "<none>". */
export function customColumnValue(fieldSpec: string, data: unknown): string {
  const groups = findResults(relaxedJSONPathExpression(fieldSpec), data, { allowMissingKeys: true });
  const parts: string[] = [];
  if (groups.length === 0 || groups[0]!.length === 0) parts.push('<none>');
  for (const g of groups) for (const v of g) parts.push(goV(v));
  return parts.join(',');
}
