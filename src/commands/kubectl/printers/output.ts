/**
 * kubectl's non-table output formats (-o yaml|json|name|jsonpath=|jsonpath-as-json=|
 * custom-columns=|go-template=), shared by the read commands (get) and the write commands
 * (create/apply/patch ... -o yaml). Several objects are wrapped in a `List` the way
 * `kubectl get` does (apiVersion v1, kind List, metadata.resourceVersion "").
 */
import { resolveResource, resourceForKind } from '../../../core/api/resources.js';
import type { KObject } from '../../../core/api/types.js';
import { customColumnValue, jsonpath, JsonPathError, relaxedJSONPathExpression, findResults } from '../../jsonpath.js';
import { toGoJsonCompact, toKubectlJson } from './json.js';
import { kubectlTable } from './tabwriter.js';
import { toYaml } from './yaml.js';

export { toYaml } from './yaml.js';
export { toKubectlJson } from './json.js';

/** Formats `kubectl get -o` accepts, in the order its error message lists them. */
export const ALLOWED_FORMATS = [
  'custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json',
  'jsonpath-file', 'name', 'template', 'templatefile', 'wide', 'yaml',
];

export class OutputFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFormatError';
  }
}

export type OutputKind = 'table' | 'wide' | 'yaml' | 'json' | 'name' | 'jsonpath' | 'jsonpath-as-json' | 'custom-columns' | 'go-template';

export interface OutputFormat {
  kind: OutputKind;
  /** The template / column spec after `=`. */
  arg: string;
}

/**
 * Parses -o. `allowed` narrows the accepted list (write commands take no `wide`); an unknown
 * format throws kubectl's "unable to match a printer" error.
 */
export function parseOutputFormat(o: string | undefined, allowed: readonly string[] = ALLOWED_FORMATS, files?: { read(f: string): string }): OutputFormat {
  if (!o) return { kind: 'table', arg: '' };
  const eq = o.indexOf('=');
  const name = eq < 0 ? o : o.slice(0, eq);
  let arg = eq < 0 ? '' : o.slice(eq + 1);
  const fail = (): never => {
    throw new OutputFormatError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowed.join(',')}`);
  };
  if (!allowed.includes(name)) fail();
  switch (name) {
    case 'yaml':
    case 'json':
    case 'name':
    case 'wide':
      if (eq >= 0) fail();
      return { kind: name, arg: '' };
    case 'jsonpath':
    case 'jsonpath-as-json':
      if (!arg) throw new OutputFormatError('template format specified but no template given');
      return { kind: name, arg };
    case 'jsonpath-file':
    case 'custom-columns-file':
    case 'go-template-file':
    case 'templatefile': {
      if (!arg) throw new OutputFormatError('template format specified but no template given');
      if (!files) throw new OutputFormatError(`open ${arg}: no such file or directory`);
      try {
        arg = files.read(arg);
      } catch {
        throw new OutputFormatError(`error reading --template ${arg}, open ${arg}: no such file or directory`);
      }
      if (name === 'jsonpath-file') return { kind: 'jsonpath', arg: arg.trim() };
      if (name === 'custom-columns-file') return { kind: 'custom-columns', arg: customColumnsFromFile(arg) };
      return { kind: 'go-template', arg };
    }
    case 'custom-columns':
      if (!arg) throw new OutputFormatError('custom-columns format specified but no custom columns given');
      return { kind: 'custom-columns', arg };
    case 'go-template':
    case 'template':
      if (!arg) throw new OutputFormatError('template format specified but no template given');
      return { kind: 'go-template', arg };
  }
  return fail();
}

/** custom-columns-file: a header line and a JSONPath line, whitespace separated. */
function customColumnsFromFile(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 2) throw new OutputFormatError(`expected two lines in custom-columns file, found ${lines.length}`);
  const headers = lines[0]!.trim().split(/\s+/);
  const paths = lines[1]!.trim().split(/\s+/);
  if (headers.length !== paths.length) {
    throw new OutputFormatError(`number of headers (${headers.length}) does not match number of template fields (${paths.length})`);
  }
  return headers.map((h, i) => `${h}:${paths[i]}`).join(',');
}

/** `pod/web-1`, `deployment.apps/web`: how `-o name` and kubectl's messages name an object. */
export function resourceName(obj: KObject): string {
  const res = resourceForKind(obj.kind, obj.apiVersion) ?? resolveResource(obj.kind ?? '');
  const kind = (res?.kind ?? obj.kind ?? '').toLowerCase();
  const group = res ? res.group : obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0] : '';
  return `${kind}${group ? `.${group}` : ''}/${obj.metadata?.name ?? ''}`;
}

/** The List wrapper `kubectl get` prints for zero or several objects. */
export function asList(items: readonly KObject[]): KObject {
  return { apiVersion: 'v1', items: [...items], kind: 'List', metadata: { resourceVersion: '' } } as unknown as KObject;
}

function isListObject(v: unknown): v is { items: KObject[] } {
  return typeof v === 'object' && v !== null && Array.isArray((v as { items?: unknown }).items) && String((v as KObject).kind ?? '').endsWith('List');
}

export interface PrintOptions {
  noHeaders?: boolean;
  /** --allow-missing-template-keys (default true). */
  allowMissingKeys?: boolean;
  /** --show-managed-fields: kubectl strips metadata.managedFields unless asked. */
  showManagedFields?: boolean;
}

function stripManagedFields(o: unknown, show: boolean): unknown {
  if (show || typeof o !== 'object' || o === null) return o;
  const obj = o as KObject;
  if (isListObject(obj)) return { ...obj, items: obj.items.map((i) => stripManagedFields(i, show)) };
  if (obj.metadata && 'managedFields' in obj.metadata) {
    const { managedFields: _m, ...meta } = obj.metadata;
    return { ...obj, metadata: meta };
  }
  return obj;
}

/**
 * Renders one object, a List object, or an array (several objects: a List) in the given
 * format. Table formats are not handled here (see table.ts). Throws OutputFormatError or
 * JsonPathError with kubectl's message (without the "error: " prefix).
 */
export function printObject(objOrList: KObject | readonly KObject[], format: string | OutputFormat, opts: PrintOptions = {}): string {
  const f = typeof format === 'string' ? parseOutputFormat(format) : format;
  let data: unknown = Array.isArray(objOrList) ? asList(objOrList as KObject[]) : objOrList;
  data = stripManagedFields(data, opts.showManagedFields ?? false);
  switch (f.kind) {
    case 'yaml':
      return toYaml(data);
    case 'json':
      return toKubectlJson(data);
    case 'name': {
      const items = isListObject(data) ? data.items : [data as KObject];
      return items.map((o) => `${resourceName(o)}\n`).join('');
    }
    case 'jsonpath':
      return jsonpath(f.arg, data, { allowMissingKeys: opts.allowMissingKeys ?? true });
    case 'jsonpath-as-json': {
      const groups = findResults(f.arg, data, { allowMissingKeys: opts.allowMissingKeys ?? true });
      const flat = groups.flat();
      return toKubectlJson(flat);
    }
    case 'custom-columns':
      return customColumns(data, f.arg, opts.noHeaders ?? false);
    case 'go-template':
      return goTemplate(f.arg, data);
    default:
      throw new OutputFormatError(`output format "${f.kind}" is a table format`);
  }
}

/** -o custom-columns=HEADER:PATH,...: one row per item through kubectl's tab writer. */
export function customColumns(data: unknown, spec: string, noHeaders: boolean): string {
  const columns = spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) throw new OutputFormatError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    const header = part.slice(0, i);
    const path = part.slice(i + 1);
    try {
      relaxedJSONPathExpression(path);
    } catch (e) {
      if (e instanceof JsonPathError) throw new OutputFormatError(e.message);
      throw e;
    }
    return { header, path };
  });
  const items = isListObject(data) ? data.items : [data];
  const rows: string[][] = [];
  if (!noHeaders) rows.push(columns.map((c) => c.header));
  for (const item of items) rows.push(columns.map((c) => customColumnValue(c.path, item)));
  return kubectlTable(rows);
}

/**
 * A small subset of Go templates for -o go-template: `{{.a.b}}`, `{{range .items}}...{{end}}`,
 * `{{"\n"}}`, `{{index .m "key"}}`, `{{if .x}}...{{else}}...{{end}}`. Enough for the usual
 * one-liners; anything else is an error rather than a silent wrong answer.
 */
export function goTemplate(template: string, data: unknown): string {
  type Tok = { t: 'text'; v: string } | { t: 'action'; v: string };
  const toks: Tok[] = [];
  let rest = template;
  while (rest.length) {
    const i = rest.indexOf('{{');
    if (i < 0) {
      toks.push({ t: 'text', v: rest });
      break;
    }
    if (i > 0) toks.push({ t: 'text', v: rest.slice(0, i) });
    const j = rest.indexOf('}}', i);
    if (j < 0) throw new OutputFormatError(`error parsing template ${template}, template: output:1: unclosed action`);
    toks.push({ t: 'action', v: rest.slice(i + 2, j).trim().replace(/^-\s*|\s*-$/g, '') });
    rest = rest.slice(j + 2);
  }
  let pos = 0;
  const evalExpr = (expr: string, dot: unknown): unknown => {
    const e = expr.trim();
    if (/^".*"$/.test(e)) return JSON.parse(e);
    const idx = /^index\s+(\S+)\s+(.+)$/.exec(e);
    if (idx) {
      let v = evalExpr(idx[1]!, dot);
      for (const k of idx[2]!.match(/"[^"]*"|\S+/g) ?? []) {
        const key = k.startsWith('"') ? JSON.parse(k) : Number(k);
        v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[key];
      }
      return v;
    }
    if (e === '.') return dot;
    if (e.startsWith('.')) {
      let v: unknown = dot;
      for (const part of e.slice(1).split('.')) {
        if (v === null || v === undefined || typeof v !== 'object') return undefined;
        v = (v as Record<string, unknown>)[part];
      }
      return v;
    }
    throw new OutputFormatError(`error executing template "${template}": unsupported template action "${e}"`);
  };
  const show = (v: unknown): string => (v === undefined || v === null ? '<no value>' : typeof v === 'object' ? formatGo(v) : String(v));
  const truthy = (v: unknown): boolean => !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v as object).length === 0));
  const run = (dot: unknown, stopAt: string[]): { out: string; stop: string } => {
    let out = '';
    while (pos < toks.length) {
      const tok = toks[pos++]!;
      if (tok.t === 'text') {
        out += tok.v;
        continue;
      }
      const a = tok.v;
      if (stopAt.includes(a)) return { out, stop: a };
      if (a.startsWith('range ')) {
        const coll = evalExpr(a.slice(6), dot);
        const start = pos;
        const items = Array.isArray(coll) ? coll : coll && typeof coll === 'object' ? Object.keys(coll).sort().map((k) => (coll as Record<string, unknown>)[k]) : [];
        let end = start;
        if (items.length === 0) {
          run(dot, ['end']);
          end = pos;
        }
        for (const item of items) {
          pos = start;
          out += run(item, ['end']).out;
          end = pos;
        }
        pos = end;
      } else if (a.startsWith('if ')) {
        const cond = truthy(evalExpr(a.slice(3), dot));
        const first = run(dot, ['else', 'end']);
        let second = { out: '', stop: 'end' };
        if (first.stop === 'else') second = run(dot, ['end']);
        out += cond ? first.out : second.out;
      } else out += show(evalExpr(a, dot));
    }
    return { out, stop: '' };
  };
  return run(data, []).out;
}

function formatGo(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(formatGo).join(' ')}]`;
  if (v && typeof v === 'object') {
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${formatGo((v as Record<string, unknown>)[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

/** Go's compact JSON, as some printers show nested values. */
export const compactJson = toGoJsonCompact;
