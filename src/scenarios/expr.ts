/**
 * The scenario `expect` language (docs: scenario-format.md, "Expressions"): its own tokenizer and
 * recursive-descent parser, never eval. Paths into the object with [n] indexing, ["key"] map keys
 * and [predicate] element picking; literals; == != < <= > >=; and/or/not; parentheses; len().
 * A missing path is null, never an exception. Strings that both parse as Kubernetes quantities
 * compare by value ("512Mi" < "1Gi").
 *
 * Grammar:
 *   or      := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | compare
 *   compare := primary (('=='|'!='|'<'|'<='|'>'|'>=') primary)?
 *   primary := literal | path | 'len' '(' or ')' | '(' or ')'
 *   path    := IDENT ('.' IDENT | '[' (INT | STRING | or) ']')*
 */

import { tryParseQuantity } from '../core/api/quantity.js';

export class ExprError extends Error {
  /** 1-based column in the expression text. */
  readonly column: number;
  constructor(message: string, column: number) {
    super(message);
    this.name = 'ExprError';
    this.column = column;
  }
}

export type Literal = string | number | boolean | null;
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Segment =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'key'; key: string }
  | { kind: 'pick'; predicate: Expr };

export type Expr =
  | { kind: 'literal'; value: Literal; column: number }
  | { kind: 'path'; segments: Segment[]; column: number }
  | { kind: 'len'; arg: Expr; column: number }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; column: number }
  | { kind: 'and' | 'or'; left: Expr; right: Expr; column: number }
  | { kind: 'not'; operand: Expr; column: number };

// ---- tokenizer ----

type TokKind = 'ident' | 'number' | 'string' | 'op' | 'punct' | 'end';
interface Token {
  kind: TokKind;
  text: string;
  value?: string | number;
  column: number;
}

const QUANTITY_TAIL = /^(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])(?![A-Za-z0-9_])/;

function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const column = i + 1;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let out = '';
      for (;;) {
        if (j >= src.length) throw new ExprError(`unterminated string starting at column ${column}`, column);
        const d = src[j]!;
        if (d === c) break;
        if (d === '\\') {
          const e = src[j + 1];
          if (e === undefined) throw new ExprError(`unterminated string starting at column ${column}`, column);
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };
          if (!(e in map)) throw new ExprError(`unknown escape '\\${e}' at column ${j + 1}`, j + 1);
          out += map[e];
          j += 2;
          continue;
        }
        out += d;
        j++;
      }
      toks.push({ kind: 'string', text: src.slice(i, j + 1), value: out, column });
      i = j + 1;
      continue;
    }
    const num = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num && (c !== '-' || /[\d.]/.test(src[i + 1] ?? ''))) {
      let text = num[0];
      let j = i + text.length;
      // 512Mi, 250m: a number glued to a quantity suffix is a quantity literal (kept as a string).
      const tail = QUANTITY_TAIL.exec(src.slice(j));
      if (tail && !/[eE]/.test(text)) {
        text += tail[0];
        j += tail[0].length;
        toks.push({ kind: 'string', text, value: text, column });
      } else {
        if (/^[A-Za-z_]/.test(src[j] ?? '')) throw new ExprError(`unexpected character '${src[j]}' at column ${j + 1}`, j + 1);
        toks.push({ kind: 'number', text, value: Number(text), column });
      }
      i = j;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(src.slice(i))!;
      let text = m[0];
      // A trailing '-' is never part of a name ("a- b" is an error below, not a field "a-").
      while (text.endsWith('-')) text = text.slice(0, -1);
      toks.push({ kind: 'ident', text, column });
      i += text.length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=' || two === '&&' || two === '||') {
      if (two === '&&' || two === '||') {
        const word = two === '&&' ? 'and' : 'or';
        throw new ExprError(`unexpected '${two}' at column ${column}, use '${word}'`, column);
      }
      toks.push({ kind: 'op', text: two, column });
      i += 2;
      continue;
    }
    if (c === '<' || c === '>') {
      toks.push({ kind: 'op', text: c, column });
      i++;
      continue;
    }
    if (c === '=') throw new ExprError(`unexpected '=' at column ${column}, use '==' to compare`, column);
    if (c === '!') throw new ExprError(`unexpected '!' at column ${column}, use 'not' or '!='`, column);
    if ('.[]()'.includes(c) || c === ',') {
      toks.push({ kind: 'punct', text: c, column });
      i++;
      continue;
    }
    throw new ExprError(`unexpected character '${c}' at column ${column}`, column);
  }
  toks.push({ kind: 'end', text: '', column: src.length + 1 });
  return toks;
}

// ---- parser ----

const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false', 'null']);

class Parser {
  private pos = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(offset = 0): Token {
    return this.toks[Math.min(this.pos + offset, this.toks.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private unexpected(t: Token): ExprError {
    if (t.kind === 'end') return new ExprError(`unexpected end of expression at column ${t.column}`, t.column);
    return new ExprError(`unexpected token '${t.text}' at column ${t.column}`, t.column);
  }

  private expect(text: string): Token {
    const t = this.peek();
    if (t.kind === 'end') throw new ExprError(`expected '${text}' at column ${t.column}, found end of expression`, t.column);
    if (t.text !== text || t.kind === 'string') throw new ExprError(`expected '${text}' at column ${t.column}, found '${t.text}'`, t.column);
    return this.next();
  }

  private isWord(t: Token, w: string): boolean {
    return t.kind === 'ident' && t.text === w;
  }

  parseTop(): Expr {
    const e = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') throw this.unexpected(t);
    return e;
  }

  parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or')) {
      const op = this.next();
      const right = this.parseAnd();
      left = { kind: 'or', left, right, column: op.column };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isWord(this.peek(), 'and')) {
      const op = this.next();
      const right = this.parseNot();
      left = { kind: 'and', left, right, column: op.column };
    }
    return left;
  }

  private parseNot(): Expr {
    const t = this.peek();
    if (this.isWord(t, 'not')) {
      this.next();
      return { kind: 'not', operand: this.parseNot(), column: t.column };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const left = this.parsePrimary();
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      const right = this.parsePrimary();
      return { kind: 'compare', op: t.text as CompareOp, left, right, column: t.column };
    }
    return left;
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
      case 'string':
        this.next();
        return { kind: 'literal', value: t.value!, column: t.column };
      case 'punct':
        if (t.text === '(') {
          this.next();
          const e = this.parseOr();
          this.expect(')');
          return e;
        }
        throw this.unexpected(t);
      case 'ident': {
        if (t.text === 'true' || t.text === 'false') {
          this.next();
          return { kind: 'literal', value: t.text === 'true', column: t.column };
        }
        if (t.text === 'null') {
          this.next();
          return { kind: 'literal', value: null, column: t.column };
        }
        if (KEYWORDS.has(t.text)) throw this.unexpected(t);
        const after = this.peek(1);
        if (after.kind === 'punct' && after.text === '(') {
          if (t.text !== 'len') throw new ExprError(`unknown function '${t.text}', only len() is supported`, t.column);
          this.next();
          this.next();
          const arg = this.parseOr();
          if (this.peek().text === ',') throw new ExprError(`len() takes one argument, found ',' at column ${this.peek().column}`, this.peek().column);
          this.expect(')');
          return { kind: 'len', arg, column: t.column };
        }
        return this.parsePath();
      }
      default:
        throw this.unexpected(t);
    }
  }

  private parsePath(): Expr {
    const first = this.next();
    const segments: Segment[] = [{ kind: 'field', name: first.text }];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '.') {
        this.next();
        const name = this.peek();
        // After a dot any word is a field name, keywords included (status.not is a field).
        if (name.kind !== 'ident') {
          if (name.kind === 'end') throw new ExprError(`expected a field name after '.' at column ${name.column}`, name.column);
          throw new ExprError(`expected a field name after '.' at column ${name.column}, found '${name.text}'`, name.column);
        }
        this.next();
        segments.push({ kind: 'field', name: name.text });
      } else if (t.kind === 'punct' && t.text === '[') {
        this.next();
        const a = this.peek();
        const b = this.peek(1);
        const closes = b.kind === 'punct' && b.text === ']';
        if (a.kind === 'number' && closes) {
          const n = a.value as number;
          if (!Number.isInteger(n)) throw new ExprError(`index must be an integer at column ${a.column}`, a.column);
          this.next();
          this.next();
          segments.push({ kind: 'index', index: n });
        } else if (a.kind === 'string' && closes) {
          this.next();
          this.next();
          segments.push({ kind: 'key', key: a.value as string });
        } else {
          if (a.kind === 'punct' && a.text === ']') throw new ExprError(`empty [] at column ${t.column}`, t.column);
          const predicate = this.parseOr();
          this.expect(']');
          segments.push({ kind: 'pick', predicate });
        }
      } else break;
    }
    return { kind: 'path', segments, column: first.column };
  }
}

/** Parses an expression; throws ExprError (with a 1-based column) on bad syntax. */
export function parseExpression(text: string): Expr {
  const toks = tokenize(text);
  if (toks.length === 1) throw new ExprError('empty expression', 1);
  return new Parser(toks).parseTop();
}

// ---- evaluation ----

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Truthiness for test(): null, false, 0, "" and empty lists/maps are false. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** A comparable numeric value: numbers, and strings that parse as quantities (with a digit). */
function numericOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /\d/.test(v)) return tryParseQuantity(v);
  return undefined;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function equal(a: unknown, b: unknown): boolean {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn;
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return true;
    const x = numericOf(a);
    const y = numericOf(b);
    return x !== undefined && y !== undefined && x === y;
  }
  if ((typeof a === 'number' && typeof b === 'string') || (typeof a === 'string' && typeof b === 'number')) {
    const x = numericOf(a);
    const y = numericOf(b);
    return x !== undefined && y !== undefined && x === y;
  }
  return deepEqual(a, b);
}

function order(op: CompareOp, a: unknown, b: unknown): boolean {
  let x: number | string | undefined;
  let y: number | string | undefined;
  const na = numericOf(a);
  const nb = numericOf(b);
  if (na !== undefined && nb !== undefined) {
    x = na;
    y = nb;
  } else if (typeof a === 'string' && typeof b === 'string') {
    x = a;
    y = b;
  } else return false; // mismatched types (or null) never order
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

function lengthOf(v: unknown): number | null {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (isObject(v)) return Object.keys(v).length;
  return null;
}

type Compiled = (obj: unknown) => unknown;

/** Expressions compile once to closures: goal checks run them on every matched object. */
const compiledCache = new WeakMap<Expr, Compiled>();

function compiled(expr: Expr): Compiled {
  let fn = compiledCache.get(expr);
  if (!fn) {
    fn = compile(expr);
    compiledCache.set(expr, fn);
  }
  return fn;
}

function compileSegments(segments: Segment[]): Compiled {
  const steps = segments.map((s): ((cur: unknown) => unknown) => {
    switch (s.kind) {
      case 'field':
      case 'key': {
        const k = s.kind === 'field' ? s.name : s.key;
        return (cur) => (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, k) ? cur[k] : null);
      }
      case 'index': {
        const idx = s.index;
        return (cur) => {
          if (!Array.isArray(cur)) return null;
          const i = idx < 0 ? cur.length + idx : idx;
          return i >= 0 && i < cur.length ? cur[i] : null;
        };
      }
      case 'pick': {
        const pred = compiled(s.predicate);
        return (cur) => {
          if (!Array.isArray(cur)) return null;
          for (const el of cur) if (truthy(pred(el))) return el;
          return null;
        };
      }
    }
  });
  return (root) => {
    let cur: unknown = root;
    for (let i = 0; i < steps.length; i++) {
      if (cur === undefined || cur === null) return null;
      cur = steps[i]!(cur);
    }
    return cur === undefined ? null : cur;
  };
}

function compile(expr: Expr): Compiled {
  switch (expr.kind) {
    case 'literal': {
      const v = expr.value;
      return () => v;
    }
    case 'path':
      return compileSegments(expr.segments);
    case 'len': {
      const arg = compiled(expr.arg);
      return (o) => lengthOf(arg(o));
    }
    case 'compare': {
      const l = compiled(expr.left);
      const r = compiled(expr.right);
      const op = expr.op;
      if (op === '==') return (o) => equal(l(o), r(o));
      if (op === '!=') return (o) => !equal(l(o), r(o));
      return (o) => order(op, l(o), r(o));
    }
    case 'and': {
      const l = compiled(expr.left);
      const r = compiled(expr.right);
      return (o) => truthy(l(o)) && truthy(r(o));
    }
    case 'or': {
      const l = compiled(expr.left);
      const r = compiled(expr.right);
      return (o) => truthy(l(o)) || truthy(r(o));
    }
    case 'not': {
      const x = compiled(expr.operand);
      return (o) => !truthy(x(o));
    }
  }
}

/** Evaluates against an object: a value from the object, a literal, a number (len) or a boolean. */
export function evaluate(expr: Expr, obj: unknown): boolean | number | string | null | unknown {
  return compiled(expr)(obj);
}

/** Whether the expression holds for the object (truthiness of the result). */
export function test(expr: Expr, obj: unknown): boolean {
  return truthy(compiled(expr)(obj));
}

// ---- printing ----

const IDENT_RE = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

function literalToString(v: Literal): string {
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function segmentsToString(segments: Segment[]): string {
  let out = '';
  segments.forEach((s, i) => {
    switch (s.kind) {
      case 'field':
        if (IDENT_RE.test(s.name) && !s.name.endsWith('-')) out += i === 0 ? s.name : `.${s.name}`;
        else out += `[${JSON.stringify(s.name)}]`;
        break;
      case 'key':
        out += `[${JSON.stringify(s.key)}]`;
        break;
      case 'index':
        out += `[${s.index}]`;
        break;
      case 'pick':
        out += `[${exprToString(s.predicate)}]`;
        break;
    }
  });
  return out;
}

const PREC: Record<Expr['kind'], number> = { or: 1, and: 2, not: 3, compare: 4, literal: 5, path: 5, len: 5 };

function wrap(e: Expr, min: number): string {
  const s = exprToString(e);
  return PREC[e.kind] < min ? `(${s})` : s;
}

/** Canonical text; parseExpression(exprToString(e)) gives back the same tree. */
export function exprToString(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return literalToString(expr.value);
    case 'path':
      return segmentsToString(expr.segments);
    case 'len':
      return `len(${exprToString(expr.arg)})`;
    case 'compare':
      return `${wrap(expr.left, 5)} ${expr.op} ${wrap(expr.right, 5)}`;
    case 'and':
      return `${wrap(expr.left, 2)} and ${wrap(expr.right, 3)}`;
    case 'or':
      return `${wrap(expr.left, 1)} or ${wrap(expr.right, 2)}`;
    case 'not':
      return `not ${wrap(expr.operand, 5)}`;
  }
}
