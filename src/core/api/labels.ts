/**
 * Label selectors (k8s.io/apimachinery/pkg/labels): the kubectl -l syntax, LabelSelector objects,
 * matching and the real validation messages. A parsed selector is immutable and precompiled so
 * `matches` is a tight loop (it runs once per pod on list/watch filtering).
 */

export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** Sorted, de-duplicated (set semantics, as the Go parser builds them). */
  readonly values: readonly string[];
  /** Values as a set for large in/notin lists. */
  readonly valueSet?: ReadonlySet<string>;
}

export interface Selector {
  /** Sorted by key (stable), as labels.Parse and Selector.Add leave them. */
  readonly requirements: readonly Requirement[];
  /** labels.Nothing(): matches no object (a nil LabelSelector). */
  readonly nothing?: boolean;
}

export type LabelMap = Readonly<Record<string, string>> | undefined | null;

const EVERYTHING: Selector = Object.freeze({ requirements: Object.freeze([]) as readonly Requirement[] });
const NOTHING: Selector = Object.freeze({ requirements: Object.freeze([]) as readonly Requirement[], nothing: true });

export function everything(): Selector {
  return EVERYTHING;
}

export function nothing(): Selector {
  return NOTHING;
}

// ---- validation (content.IsLabelKey / IsLabelValue, Kubernetes 1.32 wording) ----

const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE_FMT = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${re}')`;
}

export function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

const LABEL_KEY_MSG = regexError(
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  LABEL_KEY_FMT,
  'MyName',
  'my.name',
  '123-abc',
);

/** IsDNS1123Subdomain: error strings, empty when valid. */
export function validateDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errs;
}

function utf8Length(s: string): number {
  // Go measures bytes; labels are ASCII in practice, so only pay for the encoder when needed.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

/** IsQualifiedName / IsLabelKey: the error strings the API server joins with "; ". Empty when valid. */
export function validateLabelKey(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of validateDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      `a qualified name ${LABEL_KEY_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (utf8Length(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!LABEL_KEY_RE.test(name)) errs.push(`name part ${LABEL_KEY_MSG}`);
  return errs;
}

/** IsValidLabelValue: error strings, empty when valid. */
export function validateLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** Go's %q for the messages (ASCII labels: JSON quoting matches). */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go's %#v of a []string, as field.Invalid prints the values of a requirement. */
function goStringSlice(values: readonly string[] | undefined): string {
  if (values === undefined || values.length === 0) return values === undefined ? '[]string(nil)' : '[]string{}';
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

// ---- requirements ----

function makeRequirement(key: string, operator: Operator, values: readonly string[]): Requirement {
  const sorted = [...new Set(values)].sort();
  const req: Requirement = sorted.length > 6 ? { key, operator, values: sorted, valueSet: new Set(sorted) } : { key, operator, values: sorted };
  return Object.freeze(req);
}

/**
 * labels.NewRequirement: validates and builds. `path` is the field path the Go errors use
 * ("<nil>" for the string parser, "" for LabelSelector objects without a path).
 * `rawValues` undefined mimics a nil slice in messages.
 */
export function newRequirement(key: string, operator: Operator, rawValues: readonly string[] | undefined, path?: string): Requirement {
  const values = rawValues ?? [];
  const errs: string[] = [];
  const keyErrs = validateLabelKey(key);
  const keyPath = path === undefined ? 'key' : `${path}.key`;
  if (keyErrs.length) errs.push(`${keyPath}: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
  const valuesPath = path === undefined ? 'values' : `${path}.values`;
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0)
        errs.push(`${valuesPath}: Invalid value: ${goStringSlice(rawValues)}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1)
        errs.push(`${valuesPath}: Invalid value: ${goStringSlice(rawValues)}: exact-match compatibility requires one single value`);
      break;
    case 'exists':
    case '!':
      if (values.length !== 0)
        errs.push(`${valuesPath}: Invalid value: ${goStringSlice(rawValues)}: values set must be empty for exists and does not exist`);
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1)
        errs.push(`${valuesPath}: Invalid value: ${goStringSlice(rawValues)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      values.forEach((v, i) => {
        if (!/^[+-]?\d+$/.test(v))
          errs.push(`${valuesPath}[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
      });
      break;
    default:
      errs.push(
        `operator: Unsupported value: ${goQuote(operator)}: supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"`,
      );
  }
  values.forEach((v, i) => {
    const ve = validateLabelValue(v);
    if (ve.length) errs.push(`${valuesPath}[${i}][${key}]: Invalid value: ${goQuote(v)}: ${ve.join('; ')}`);
  });
  const unique = [...new Set(errs)];
  if (unique.length === 1) throw new Error(unique[0]);
  if (unique.length > 1) throw new Error(`[${unique.join(', ')}]`);
  return makeRequirement(key, operator, values);
}

function sortByKey(reqs: Requirement[]): Requirement[] {
  // Array.prototype.sort is stable, so same-key requirements keep their order.
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// ---- the kubectl -l / labelSelector= parser (a port of the Go lexer and parser) ----

const enum Tok {
  Error,
  End,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const STRING_TO_TOKEN_OBJ: Record<string, Tok> = {
  ')': Tok.ClosedPar,
  ',': Tok.Comma,
  '!': Tok.DoesNotExist,
  '==': Tok.DoubleEquals,
  '=': Tok.Equals,
  '>': Tok.GreaterThan,
  in: Tok.In,
  '<': Tok.LessThan,
  '!=': Tok.NotEquals,
  notin: Tok.NotIn,
  '(': Tok.OpenPar,
};

const STRING_TO_TOKEN = new Map<string, Tok>(Object.entries(STRING_TO_TOKEN_OBJ));

interface Item {
  tok: Tok;
  lit: string;
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecial(ch: string): boolean {
  return ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';
}

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      items.push({ tok: Tok.End, lit: '' });
      return items;
    }
    if (isSpecial(s[pos]!)) {
      let buffer = '';
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos]!)) {
        buffer += s[pos]!;
        const t = STRING_TO_TOKEN.get(buffer);
        if (t !== undefined) {
          last = { tok: t, lit: buffer };
          pos++;
        } else if (last) break;
        else pos++;
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buffer}'` });
    } else {
      const start = pos;
      while (pos < s.length && !isSpecial(s[pos]!) && !isWhitespace(s[pos]!)) pos++;
      const lit = s.slice(start, pos);
      const t = STRING_TO_TOKEN.get(lit);
      items.push({ tok: t ?? Tok.Identifier, lit });
    }
  }
}

class SelectorParser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}

  private look(values: boolean): Item {
    const it = this.items[this.pos]!;
    if (values && (it.tok === Tok.In || it.tok === Tok.NotIn)) return { tok: Tok.Identifier, lit: it.lit };
    return it;
  }

  private consume(values: boolean): Item {
    const it = this.look(values);
    this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      switch (tok) {
        case Tok.Identifier:
        case Tok.DoesNotExist: {
          let r: Requirement;
          try {
            r = this.parseRequirement();
          } catch (e) {
            throw new Error(`unable to parse requirement: ${(e as Error).message}`);
          }
          reqs.push(r);
          const t = this.consume(true);
          if (t.tok === Tok.End) return reqs;
          if (t.tok === Tok.Comma) {
            const t2 = this.look(true);
            if (t2.tok !== Tok.Identifier && t2.tok !== Tok.DoesNotExist) {
              throw new Error(`found '${t2.lit}', expected: identifier after ','`);
            }
          } else throw new Error(`found '${t.lit}', expected: ',' or 'end of string'`);
          break;
        }
        case Tok.End:
          return reqs;
        default:
          throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    let op: Operator | undefined;
    let t = this.consume(true);
    if (t.tok === Tok.DoesNotExist) {
      op = '!';
      t = this.consume(true);
    }
    if (t.tok !== Tok.Identifier) throw new Error(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = validateLabelKey(key);
    if (keyErrs.length) throw new Error(`<nil>: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
    const next = this.look(true).tok;
    if (next === Tok.End || next === Tok.Comma) {
      return newRequirement(key, op === '!' ? '!' : 'exists', []);
    }
    if (op === '!') return newRequirement(key, '!', []);
    const o = this.consume(false);
    switch (o.tok) {
      case Tok.In:
        op = 'in';
        break;
      case Tok.Equals:
        op = '=';
        break;
      case Tok.DoubleEquals:
        op = '==';
        break;
      case Tok.GreaterThan:
        op = 'gt';
        break;
      case Tok.LessThan:
        op = 'lt';
        break;
      case Tok.NotIn:
        op = 'notin';
        break;
      case Tok.NotEquals:
        op = '!=';
        break;
      default:
        throw new Error(`found '${o.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, [...values].sort());
  }

  private parseValues(): Set<string> {
    const t = this.consume(true);
    if (t.tok !== Tok.OpenPar) throw new Error(`found '${t.lit}' expected: '('`);
    const { tok, lit } = this.look(true);
    switch (tok) {
      case Tok.Identifier:
      case Tok.Comma: {
        const s = this.parseIdentifiersList();
        if (this.consume(true).tok !== Tok.ClosedPar) throw new Error(`found '${lit}', expected: ')'`);
        return s;
      }
      case Tok.ClosedPar:
        this.consume(true);
        return new Set(['']);
      default:
        throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
    }
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      switch (tok) {
        case Tok.Identifier: {
          s.add(lit);
          const t2 = this.look(true);
          if (t2.tok === Tok.Comma) continue;
          if (t2.tok === Tok.ClosedPar) return s;
          throw new Error(`found '${t2.lit}', expected: ',' or ')'`);
        }
        case Tok.Comma: {
          if (s.size === 0) s.add('');
          const t2 = this.look(true).tok;
          if (t2 === Tok.ClosedPar) {
            s.add('');
            return s;
          }
          if (t2 === Tok.Comma) s.add('');
          break;
        }
        default:
          throw new Error(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const t = this.look(true).tok;
    if (t === Tok.End || t === Tok.Comma) return new Set(['']);
    const { tok, lit } = this.consume(true);
    if (tok === Tok.Identifier) return new Set([lit]);
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

const parseCache = new Map<string, Selector>();

/**
 * Parses kubectl's -l syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`,
 * `a>1`, comma-separated. Throws Error with labels.Parse's message. Results are cached.
 */
export function parseSelector(text: string): Selector {
  const hit = parseCache.get(text);
  if (hit) return hit;
  const reqs = new SelectorParser(lex(text)).parse();
  const sel: Selector = reqs.length === 0 ? EVERYTHING : Object.freeze({ requirements: Object.freeze(sortByKey(reqs)) });
  if (parseCache.size > 5000) parseCache.clear();
  parseCache.set(text, sel);
  return sel;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

/**
 * metav1.LabelSelectorAsSelector: null/undefined -> nothing, empty -> everything.
 * Throws Error with the Go message for bad operators, keys or values.
 */
export function selectorFromLabelSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls === null || ls === undefined) return NOTHING;
  // Store objects are shared and immutable, so controllers asking again per pod hit the cache.
  const hit = fromObjectCache.get(ls);
  if (hit) return hit;
  const sel = buildFromLabelSelector(ls);
  fromObjectCache.set(ls, sel);
  return sel;
}

const fromObjectCache = new WeakMap<object, Selector>();

function buildFromLabelSelector(ls: LabelSelector): Selector {
  const ml = ls.matchLabels ?? {};
  const me = ls.matchExpressions ?? [];
  const keys = Object.keys(ml);
  if (keys.length + me.length === 0) return EVERYTHING;
  const reqs: Requirement[] = [];
  for (const k of keys) reqs.push(newRequirement(k, '=', [ml[k]!]));
  for (const e of me) {
    let op: Operator;
    switch (e.operator) {
      case 'In':
        op = 'in';
        break;
      case 'NotIn':
        op = 'notin';
        break;
      case 'Exists':
        op = 'exists';
        break;
      case 'DoesNotExist':
        op = '!';
        break;
      default:
        throw new Error(`${goQuote(String(e.operator))} is not a valid label selector operator`);
    }
    reqs.push(newRequirement(e.key, op, e.values && e.values.length ? e.values : undefined));
  }
  return Object.freeze({ requirements: Object.freeze(sortByKey(reqs)) });
}

/** labels.SelectorFromSet: equality on every pair (no validation). */
export function selectorFromSet(set: LabelMap): Selector {
  const keys = set ? Object.keys(set) : [];
  if (keys.length === 0) return EVERYTHING;
  const reqs = keys.map((k) => makeRequirement(k, '=', [set![k]!]));
  return Object.freeze({ requirements: Object.freeze(sortByKey(reqs)) });
}

function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>> | undefined | null): boolean {
  const has = labels != null && Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case '=':
    case '==':
    case 'in': {
      if (!has) return false;
      const v = labels![r.key]!;
      return r.valueSet ? r.valueSet.has(v) : r.values.includes(v);
    }
    case '!=':
    case 'notin': {
      if (!has) return true;
      const v = labels![r.key]!;
      return r.valueSet ? !r.valueSet.has(v) : !r.values.includes(v);
    }
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has) return false;
      const v = labels![r.key]!;
      if (!/^[+-]?\d+$/.test(v) || r.values.length !== 1) return false;
      const a = Number(v);
      const b = Number(r.values[0]);
      return r.operator === 'gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** Whether the labels satisfy every requirement. */
export function matches(selector: Selector, labels: LabelMap): boolean {
  if (selector.nothing) return false;
  const reqs = selector.requirements;
  for (let i = 0; i < reqs.length; i++) if (!requirementMatches(reqs[i]!, labels)) return false;
  return true;
}

/** True when the selector selects everything (no requirements; not `nothing`). */
export function isEmpty(selector: Selector): boolean {
  return !selector.nothing && selector.requirements.length === 0;
}

function requirementToString(r: Requirement): string {
  switch (r.operator) {
    case '!':
      return `!${r.key}`;
    case 'exists':
      return r.key;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values.join(',')}`;
    case 'lt':
      return `${r.key}<${r.values.join(',')}`;
    default:
      return `${r.key}${r.operator}${r.values.join(',')}`;
  }
}

/** Selector.String(): "app=web,tier in (be,fe),!canary". */
export function selectorToString(selector: Selector): string {
  return selector.requirements.map(requirementToString).join(',');
}

/**
 * The equality requirements as a map when the selector is nothing but equalities (`=`, `==`,
 * single-value `in`), so callers can use a label index; undefined otherwise. An empty selector
 * gives {} (everything).
 */
export function matchLabelsOnly(selector: Selector): Record<string, string> | undefined {
  if (selector.nothing) return undefined;
  const out: Record<string, string> = {};
  for (const r of selector.requirements) {
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) {
      if (r.key in out && out[r.key] !== r.values[0]) return undefined;
      out[r.key] = r.values[0]!;
    } else return undefined;
  }
  return out;
}

/** Selector.RequiresExactMatch: the single value a key must have, if any. */
export function requiresExactMatch(selector: Selector, key: string): string | undefined {
  for (const r of selector.requirements) {
    if (r.key !== key) continue;
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0];
    return undefined;
  }
  return undefined;
}

/** metav1.FormatLabelSelector, as kubectl describe prints selectors ("<none>" when empty). */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  if (ls === null || ls === undefined) return '<none>';
  let sel: Selector;
  try {
    sel = selectorFromLabelSelector(ls);
  } catch {
    return '<error>';
  }
  const s = selectorToString(sel);
  return s.length === 0 ? '<none>' : s;
}
