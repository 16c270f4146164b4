/**
 * JSON as `kubectl -o json` writes it: Go's json.MarshalIndent of an unstructured object with
 * four-space indentation, map keys sorted, and encoding/json's HTML-safe escaping (<, >, &
 * become \u003c, \u003e, \u0026).
 */

function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** Go's float64 JSON encoding: 'f' format unless the exponent is < -6 or >= 21. */
function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    const [m, e] = n.toExponential().split('e') as [string, string];
    const x = Number(e);
    return `${m}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
  }
  return String(n);
}

function write(v: unknown, indent: string, step: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') return goJsonNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const inner = indent + step;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + write(x, inner, step)).join(',\n')}\n${indent}]`;
  }
  if (typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function')
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${inner}${goJsonString(k)}: ${write(obj[k], inner, step)}`).join(',\n')}\n${indent}}`;
  }
  return 'null';
}

/**
 * `kubectl -o json` output for one object or list, with the trailing newline. The native
 * JSON.stringify does the work (sorted keys via the replacer) unless a string holds one of
 * the few characters it escapes differently from Go (\b, \f); then the Go-exact writer runs.
 */
export function toKubectlJson(value: unknown, indent = '    '): string {
  const state = { exotic: false };
  const sorted = sortDeep(value, state);
  if (state.exotic || sorted === undefined) return write(value, '', indent) + '\n';
  let text = JSON.stringify(sorted, null, indent);
  // Go's HTML-safe escaping; indexOf first, as a regex pass over megabytes of output is slow.
  for (const [c, esc] of GO_HTML_ESCAPES) if (text.includes(c)) text = text.split(c).join(esc);
  return text + '\n';
}

const GO_HTML_ESCAPES: Array<[string, string]> = [
  ['<', '\\u003c'],
  ['>', '\\u003e'],
  ['&', '\\u0026'],
  ['\u2028', '\\u2028'],
  ['\u2029', '\\u2029'],
];

const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

/** A copy with map keys in byte order; flags what JSON.stringify would print unlike Go. */
function sortDeep(v: unknown, state: { exotic: boolean }): unknown {
  if (typeof v === 'string') {
    if (!state.exotic && (v.includes('\b') || v.includes('\f'))) state.exotic = true;
    return v;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || (!Number.isInteger(v) && v !== 0 && Math.abs(v) < 1e-6)) state.exotic = true;
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => sortDeep(x, state));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      // Integer-like keys would be enumerated numerically by a JS object; Go sorts them as text.
      if (!state.exotic && INDEX_KEY.test(k)) state.exotic = true;
      out[k] = sortDeep(o[k], state);
    }
    return out;
  }
  return v;
}

/** Compact Go JSON (sorted keys, HTML-escaped), as jsonpath-as-json and custom-columns print maps. */
export function toGoJsonCompact(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return goJsonNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(toGoJsonCompact).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${goJsonString(k)}:${toGoJsonCompact(obj[k])}`).join(',')}}`;
}
