/**
 * YAML parsing for scenario files, with positions. Only plain data gets through: custom tags
 * are rejected, aliases must resolve and may not expand beyond a fixed budget (billion laughs),
 * and the file size is capped. `Reader` walks the parsed nodes (never the converted JS), so every
 * problem it reports knows its line and column.
 */

import {
  Document, LineCounter, parseAllDocuments, visit,
  isAlias, isMap, isPair, isScalar, isSeq,
  type Node, type ParsedNode, type Scalar, type YAMLMap, type YAMLSeq,
} from 'yaml';
import type { ScenarioProblem } from './errors.js';
import { didYouMean } from './suggest.js';
import type { SourcePos } from './types.js';

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_ALIAS_COUNT = 100;

/** Tags a scenario may spell out: the YAML 1.2 core schema, and `<<` merge keys. */
const ALLOWED_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq', 'merge'].map((t) => `tag:yaml.org,2002:${t}`),
);

export interface ParsedYaml {
  doc?: Document.Parsed;
  lc: LineCounter;
  problems: ScenarioProblem[];
}

export function parseScenarioYaml(text: string): ParsedYaml {
  const lc = new LineCounter();
  const problems: ScenarioProblem[] = [];
  const at = (offset: number, message: string) => {
    const { line, col } = lc.linePos(offset);
    problems.push({ line, column: col, message });
  };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FILE_BYTES) {
    problems.push({ line: 1, column: 1, message: `file is too large (${bytes} bytes; the limit is ${MAX_FILE_BYTES} bytes, 1 MiB)` });
    return { lc, problems };
  }
  const docs = parseAllDocuments(text, {
    lineCounter: lc,
    keepSourceTokens: true,
    merge: true,
    prettyErrors: false,
    resolveKnownTags: false,
    uniqueKeys: true,
    strict: true,
  });
  // An empty stream is an empty array (with `errors`, if any, on the array itself).
  const list = docs as Document.Parsed[];
  for (const e of (docs as unknown as { errors?: Array<{ pos: [number, number]; message: string }> }).errors ?? []) {
    at(e.pos[0], `YAML syntax error: ${e.message}`);
  }
  if (list.length === 0 || list[0]!.contents === null) {
    if (problems.length === 0) {
      problems.push({ line: 1, column: 1, message: 'the file is empty: expected a scenario (apiVersion: kubedrill/v1, kind: Scenario)' });
    }
    return { lc, problems };
  }
  for (const d of list) {
    // The parser lists the root cause first; later structural errors are mostly its echoes.
    // Duplicate keys and tag warnings are independent, so all of those are kept.
    const structural = d.errors.find((e) => e.code !== 'DUPLICATE_KEY');
    const kept = d.errors.filter((e) => e === structural || e.code === 'DUPLICATE_KEY');
    for (const e of [...kept, ...d.warnings]) {
      const message = /Maximum call stack/.test(e.message)
        ? 'YAML nesting is too deep'
        : e.code === 'TAG_RESOLVE_FAILED'
        ? `${e.message.replace(/^Unresolved tag: /, 'custom tag ').replace('tag:yaml.org,2002:', '!!')} is not allowed: a scenario is plain data`
        : `YAML ${e.name === 'YAMLWarning' ? 'warning' : 'syntax error'}: ${e.message}`;
      at(e.pos[0], message);
    }
  }
  // A trailing `---` (an empty document) is harmless; a second scenario is not.
  const second = list.slice(1).find((d) => d.contents !== null);
  if (second) at(second.range[0], 'a scenario file holds exactly one YAML document; found another one here');
  const doc = list[0]!;
  if (problems.length > 0) return { lc, problems };

  let firstAlias: number | undefined;
  try {
    checkNodes(doc, at, (offset) => { firstAlias ??= offset; });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    at(0, 'YAML nesting is too deep');
  }
  if (problems.length > 0) return { lc, problems };
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const message = /Excessive alias count/.test(msg)
      ? `YAML aliases expand too much (over ${MAX_ALIAS_COUNT} alias uses per anchor): refusing a possible resource exhaustion attack`
      : e instanceof RangeError ? 'YAML nesting is too deep' : `YAML error: ${msg}`;
    at(firstAlias ?? 0, message);
    return { lc, problems };
  }
  return { doc, lc, problems };
}

/** Rejects custom tags, unknown aliases and merges of non-maps; reports the first alias's offset. */
function checkNodes(doc: Document.Parsed, at: (offset: number, message: string) => void, onAlias: (offset: number) => void): void {
  visit(doc, (_key, node) => {
    if (isPair(node) && isScalar(node.key) && typeof node.key.value === 'symbol') {
      // `<<` merge: only maps (or lists of maps) can be merged.
      const target = (n: unknown) => (isAlias(n) ? n.resolve(doc) : n);
      const v = target(node.value);
      const sources = isSeq(v) ? v.items.map(target) : [v];
      const bad = sources.find((s) => !isMap(s));
      if (bad !== undefined || sources.length === 0) {
        const at0 = (bad as ParsedNode | undefined)?.range?.[0] ?? (node.value as ParsedNode | null)?.range?.[0] ?? 0;
        at(at0, 'a << merge needs a map or a list of maps');
      }
    } else if (isAlias(node)) {
      onAlias(node.range?.[0] ?? 0);
      if (!node.resolve(doc)) at(node.range?.[0] ?? 0, `unknown alias *${node.source}: no anchor &${node.source} before it`);
    } else if ((isScalar(node) || isMap(node) || isSeq(node)) && node.tag && !ALLOWED_TAGS.has(node.tag)) {
      const shown = node.tag.startsWith('tag:yaml.org,2002:') ? `!!${node.tag.slice(18)}` : node.tag;
      at(node.range?.[0] ?? 0, `custom tag ${shown} is not allowed: a scenario is plain data`);
    }
  });
}

export type Kind = 'map' | 'list' | 'string' | 'number' | 'boolean' | 'null';

export interface Field {
  key: Scalar;
  value: Node | null;
}

/** Walks parsed YAML nodes with positions, collecting problems instead of stopping at the first. */
export class Reader {
  readonly problems: ScenarioProblem[] = [];

  constructor(
    readonly file: string,
    readonly doc: Document.Parsed,
    readonly lc: LineCounter,
    readonly text: string,
  ) {}

  /** Follows aliases to the anchored node. */
  deref(node: unknown): Node | null {
    let n = node as Node | null | undefined;
    for (let i = 0; i < 64 && n && isAlias(n); i++) n = n.resolve(this.doc) as Node | undefined;
    return n ?? null;
  }

  posAtOffset(offset: number): SourcePos {
    const { line, col } = this.lc.linePos(offset);
    return { file: this.file, line, column: col };
  }

  pos(node: unknown, fallback?: unknown): SourcePos {
    const range = (node as ParsedNode | null | undefined)?.range ?? (fallback as ParsedNode | undefined)?.range;
    return this.posAtOffset(range?.[0] ?? 0);
  }

  problem(node: unknown, message: string, fallback?: unknown): void {
    const p = this.pos(node, fallback);
    this.problems.push({ line: p.line, column: p.column, message });
  }

  problemAt(pos: SourcePos, message: string): void {
    this.problems.push({ line: pos.line, column: pos.column, message });
  }

  kind(node: unknown): Kind {
    const n = this.deref(node);
    if (n === null) return 'null';
    if (isMap(n)) return 'map';
    if (isSeq(n)) return 'list';
    if (isScalar(n)) {
      const v = n.value;
      if (v === null || v === undefined) return 'null';
      if (typeof v === 'string') return 'string';
      if (typeof v === 'number' || typeof v === 'bigint') return 'number';
      if (typeof v === 'boolean') return 'boolean';
    }
    return 'string';
  }

  describe(node: unknown): string {
    const n = this.deref(node);
    switch (this.kind(n)) {
      case 'map': return 'a map';
      case 'list': return 'a list';
      case 'null': return 'nothing (null)';
      case 'number': return `the number ${String((n as Scalar).value)}`;
      case 'boolean': return `the boolean ${String((n as Scalar).value)}`;
      default: {
        const s = String((n as Scalar).value);
        return `the string ${JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}...` : s)}`;
      }
    }
  }

  typeError(node: unknown, path: string, expected: string, fallback?: unknown): void {
    this.problem(node, `${path}: expected ${expected}, got ${this.describe(node)}`, fallback);
  }

  /**
   * The fields of a map, with `<<` merges applied (explicit keys win). Reports unknown and
   * missing fields; returns undefined (after reporting) when the node is not a map.
   */
  fields(
    node: unknown,
    path: string,
    allowed: readonly string[],
    required: readonly string[] = [],
    fallback?: unknown,
    where?: string,
  ): Map<string, Field> | undefined {
    const map = this.deref(node);
    if (!map || !isMap(map)) {
      this.typeError(node, path || 'the file', 'a map', fallback);
      return undefined;
    }
    const inPath = where ?? (path ? `in ${path}` : 'at the top level');
    const out = new Map<string, Field>();
    const merged: Array<{ pairs: YAMLMap['items'] }> = [];
    for (const pair of map.items) {
      if (!isPair(pair)) continue;
      const key = this.deref(pair.key);
      if (isScalar(key) && typeof key.value === 'symbol') {
        // `<<: *anchor` or `<<: [*a, *b]`
        const src = this.deref(pair.value);
        const sources = src && isSeq(src) ? src.items.map((i) => this.deref(i)) : [src];
        for (const s of sources) {
          if (s && isMap(s)) merged.push({ pairs: s.items });
          else this.problem(s, `${path || 'merge'}: a << merge needs a map or a list of maps, got ${this.describe(s)}`, pair.value);
        }
        continue;
      }
      if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
        this.problem(key, `${path || 'the file'}: field names must be plain strings, got ${this.describe(key)}`, map);
        continue;
      }
      this.addField(out, key, pair.value as Node | null, inPath, allowed, map);
    }
    for (const m of merged) {
      for (const pair of m.pairs) {
        const key = this.deref(pair.key);
        if (!isScalar(key) || typeof key.value === 'symbol' || key.value === null) continue;
        if (out.has(String(key.value))) continue;
        this.addField(out, key, pair.value as Node | null, inPath, allowed, map);
      }
    }
    for (const r of required) {
      if (!out.has(r)) this.problem(map, `missing field '${r}' ${inPath}`);
    }
    return out;
  }

  private addField(out: Map<string, Field>, key: Scalar, value: Node | null, inPath: string, allowed: readonly string[], map: YAMLMap): void {
    const name = String(key.value);
    if (!allowed.includes(name)) {
      this.problem(key, `unknown field '${name}' ${inPath}${didYouMean(name, allowed)}; allowed: ${allowed.join(', ')}`, map);
      return;
    }
    out.set(name, { key, value });
  }

  /** Map entries with arbitrary keys (labels, images); keys as strings. */
  entries(node: unknown, path: string): Array<{ key: string; keyNode: Scalar; value: Node | null }> | undefined {
    const map = this.deref(node);
    if (!map || !isMap(map)) {
      this.typeError(node, path, 'a map');
      return undefined;
    }
    const out: Array<{ key: string; keyNode: Scalar; value: Node | null }> = [];
    const seen = new Set<string>();
    const add = (k: unknown, v: unknown) => {
      const key = this.deref(k);
      if (!isScalar(key) || key.value === null || typeof key.value === 'object' || typeof key.value === 'symbol') {
        this.problem(key, `${path}: keys must be plain strings, got ${this.describe(key)}`, map);
        return;
      }
      const name = String(key.value);
      if (seen.has(name)) return;
      seen.add(name);
      out.push({ key: name, keyNode: key, value: this.deref(v) });
    };
    const merges: unknown[] = [];
    for (const pair of map.items) {
      const key = this.deref(pair.key);
      if (isScalar(key) && typeof key.value === 'symbol') merges.push(pair.value);
      else add(pair.key, pair.value);
    }
    for (const m of merges) {
      const src = this.deref(m);
      const sources = src && isSeq(src) ? src.items.map((i) => this.deref(i)) : [src];
      for (const s of sources) if (s && isMap(s)) for (const p of s.items) add(p.key, p.value);
    }
    return out;
  }

  list(node: unknown, path: string, fallback?: unknown): Array<Node | null> | undefined {
    const seq = this.deref(node);
    if (!seq || !isSeq(seq)) {
      this.typeError(node, path, 'a list', fallback);
      return undefined;
    }
    return (seq as YAMLSeq).items.map((i) => this.deref(i));
  }

  str(node: unknown, path: string, fallback?: unknown): string | undefined {
    const n = this.deref(node);
    if (this.kind(n) !== 'string') {
      this.typeError(node, path, 'a string', fallback);
      return undefined;
    }
    return (n as Scalar).value as string;
  }

  /** A string, or a number/boolean written bare (kept as its source text: `1.10` stays "1.10"). */
  scalarText(node: unknown, path: string, fallback?: unknown): string | undefined {
    const n = this.deref(node);
    const k = this.kind(n);
    if (k === 'string') return (n as Scalar).value as string;
    if (k === 'number' || k === 'boolean') return (n as Scalar).source ?? String((n as Scalar).value);
    this.typeError(node, path, 'a string', fallback);
    return undefined;
  }

  nonEmptyStr(node: unknown, path: string, fallback?: unknown): string | undefined {
    const s = this.str(node, path, fallback);
    if (s !== undefined && s.trim() === '') {
      this.problem(node, `${path}: must not be empty`, fallback);
      return undefined;
    }
    return s;
  }

  int(node: unknown, path: string, min: number, max: number, fallback?: unknown): number | undefined {
    const n = this.deref(node);
    const v = (n as Scalar | null)?.value;
    if (this.kind(n) !== 'number' || typeof v !== 'number' || !Number.isInteger(v)) {
      this.typeError(node, path, 'an integer', fallback);
      return undefined;
    }
    if (v < min || v > max) {
      this.problem(node, `${path}: ${v} is out of range ${min}-${max}`, fallback);
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(node: unknown, path: string, values: readonly T[], fallback?: unknown): T | undefined {
    const n = this.deref(node);
    const v = (n as Scalar | null)?.value;
    if (this.kind(n) === 'string' && values.includes(v as T)) return v as T;
    const hint = typeof v === 'string' ? didYouMean(v, values) : '';
    this.problem(node, `${path}: expected one of ${values.join(', ')}; got ${this.describe(node)}${hint}`, fallback);
    return undefined;
  }

  /** Source offset of each character of a scalar's value: maps a column inside the value to the file. */
  valueOffsets(node: Scalar): number[] {
    const value = String(node.value);
    const range = (node as ParsedNode).range;
    if (!range) return [];
    let src = this.text.slice(range[0], range[1]);
    let base = range[0];
    if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
      src = src.slice(1);
      base += 1;
    } else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      const nl = src.indexOf('\n');
      src = nl < 0 ? '' : src.slice(nl + 1);
      base += nl + 1;
    }
    // Greedy alignment: every non-space character of the value appears in order in the source;
    // escapes and line folding only add source characters.
    const out: number[] = [];
    let j = 0;
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      const ws = /\s/.test(c);
      let k = j;
      while (k < src.length && !(ws ? /\s/.test(src[k]!) : src[k] === c)) k++;
      if (k >= src.length) {
        out.push(base + Math.max(0, j - 1));
        continue;
      }
      out.push(base + k);
      j = k + 1;
    }
    out.push(base + j);
    return out;
  }
}
