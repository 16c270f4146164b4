/**
 * Regenerates schemas.json from the `kubernetes-types` npm package (upstream Kubernetes API
 * definitions as TypeScript declarations, one file per group-version, with the upstream field
 * descriptions). Run by hand, never at serve time:
 *
 *   npm pack kubernetes-types@1.30.0 && tar xzf kubernetes-types-1.30.0.tgz
 *   node bin/run-ts.js src/serve/openapi/generate.ts package > src/serve/openapi/schemas.json
 *
 * Keeps only the definitions reachable from the kinds kubedrill serves, in the OpenAPI v3 shape
 * kube-apiserver serves (refs wrapped in allOf, IntOrString and Quantity as int-or-string).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { RESOURCES, apiVersionOf } from '../../core/api/resources.js';

type Schema = Record<string, unknown>;

const SOURCE = { package: 'kubernetes-types', version: '1.30.0', kubernetes: 'v1.30' };

/** The upstream package of a kubernetes-types module path ("core/v1", "meta/v1", ...). */
function prefixOf(mod: string): string {
  if (mod === 'meta/v1') return 'io.k8s.apimachinery.pkg.apis.meta.v1';
  if (mod === 'api/resource') return 'io.k8s.apimachinery.pkg.api.resource';
  if (mod === 'runtime') return 'io.k8s.apimachinery.pkg.runtime';
  if (mod === 'version') return 'io.k8s.apimachinery.pkg.version';
  if (mod.startsWith('apiextensions/')) return `io.k8s.apiextensions-apiserver.pkg.apis.${mod.replace('/', '.')}`;
  return `io.k8s.api.${mod.replace('/', '.')}`;
}

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

function jsDoc(node: ts.Node): string | undefined {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  const text = docs?.length ? ts.getTextOfJSDocComment(docs[docs.length - 1]!.comment) : undefined;
  return text?.trim() || undefined;
}

const root = path.resolve(process.argv[2] ?? 'package');
const schemas: Record<string, Schema> = {};

function convert(t: ts.TypeNode, names: Map<string, string>): Schema {
  if (t.kind === ts.SyntaxKind.StringKeyword) return { type: 'string' };
  if (t.kind === ts.SyntaxKind.BooleanKeyword) return { type: 'boolean' };
  // Every number in the built-in kinds served here is an integer (int32 or int64 upstream).
  if (t.kind === ts.SyntaxKind.NumberKeyword) return { type: 'integer' };
  if (ts.isLiteralTypeNode(t)) return { type: 'string' };
  if (ts.isUnionTypeNode(t)) {
    const kinds = t.types.map((x) => x.kind).sort();
    if (kinds.length === 2 && kinds.includes(ts.SyntaxKind.NumberKeyword) && kinds.includes(ts.SyntaxKind.StringKeyword)) return ref(INT_OR_STRING);
    return { type: 'object' };
  }
  if (ts.isArrayTypeNode(t)) return { type: 'array', items: convert(t.elementType, names) };
  if (ts.isTypeLiteralNode(t)) {
    const index = t.members.find(ts.isIndexSignatureDeclaration);
    return index ? { type: 'object', additionalProperties: convert(index.type, names) } : { type: 'object' };
  }
  if (ts.isTypeReferenceNode(t)) {
    const name = t.typeName.getText();
    if (name === 'Array' && t.typeArguments?.length === 1) return { type: 'array', items: convert(t.typeArguments[0]!, names) };
    const full = names.get(name);
    if (full) return ref(full);
  }
  return { type: 'object' };
}

/** A property as kube-apiserver's v3 documents write it: refs in allOf beside the description. */
function property(t: ts.TypeNode, names: Map<string, string>, description: string | undefined): Schema {
  const s = convert(t, names);
  const wrap = (x: Schema): Schema => (x.$ref && x.$ref !== `#/components/schemas/${INT_OR_STRING}` ? { allOf: [x], default: {} } : x);
  const out: Schema = s.$ref ? wrap(s) : s.items ? { ...s, items: wrap(s.items as Schema) } : s.additionalProperties ? { ...s, additionalProperties: wrap(s.additionalProperties as Schema) } : s;
  return description ? { ...out, description } : out;
}

for (const file of fs.readdirSync(root, { recursive: true }) as string[]) {
  if (!file.endsWith('.d.ts') || file === 'index.d.ts') continue;
  const mod = file.replace(/\.d\.ts$/, '').split(path.sep).join('/');
  const src = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const names = new Map<string, string>();
  for (const st of src.statements) {
    if (ts.isImportDeclaration(st) && st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings)) {
      const from = path.posix.join(path.posix.dirname(mod), (st.moduleSpecifier as ts.StringLiteral).text);
      for (const el of st.importClause.namedBindings.elements) names.set(el.name.text, `${prefixOf(from)}.${el.name.text}`);
    }
    if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) names.set(st.name.text, `${prefixOf(mod)}.${st.name.text}`);
  }
  for (const st of src.statements) {
    const description = jsDoc(st);
    if (ts.isTypeAliasDeclaration(st)) {
      const full = `${prefixOf(mod)}.${st.name.text}`;
      if (st.name.text === 'Quantity') schemas[full] = { description, oneOf: [{ type: 'string' }, { type: 'number' }] };
      else if (st.name.text === 'Time' || st.name.text === 'MicroTime') schemas[full] = { description, type: 'string', format: 'date-time' };
      else schemas[full] = { description, ...convert(st.type, names) };
      continue;
    }
    if (!ts.isInterfaceDeclaration(st)) continue;
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    let group: string | undefined;
    let kind: string | undefined;
    for (const m of st.members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const name = m.name.getText().replace(/^['"]|['"]$/g, '');
      properties[name] = property(m.type, names, jsDoc(m));
      if (!m.questionToken) required.push(name);
      if (ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal)) {
        if (name === 'apiVersion') group = m.type.literal.text;
        if (name === 'kind') kind = m.type.literal.text;
      }
    }
    const schema: Schema = { description, type: 'object', properties };
    if (required.length) schema.required = required;
    if (group && kind) {
      const [g, v] = group.includes('/') ? group.split('/') : ['', group];
      schema['x-kubernetes-group-version-kind'] = [{ group: g, kind, version: v }];
    }
    schemas[`${prefixOf(mod)}.${st.name.text}`] = schema;
  }
}
schemas[INT_OR_STRING] = {
  description: 'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
  format: 'int-or-string',
  oneOf: [{ type: 'integer' }, { type: 'string' }],
};

// Keep what the served kinds reach.
const keep = new Set<string>();
const visit = (name: string): void => {
  if (keep.has(name) || !schemas[name]) return;
  keep.add(name);
  for (const m of JSON.stringify(schemas[name]).matchAll(/#\/components\/schemas\/([^"]+)/g)) visit(m[1]!);
};
for (const r of RESOURCES) {
  const [g, v] = apiVersionOf(r).includes('/') ? apiVersionOf(r).split('/') : ['', apiVersionOf(r)];
  const name = Object.keys(schemas).find((n) => (schemas[n]!['x-kubernetes-group-version-kind'] as Array<{ group: string; version: string; kind: string }> | undefined)?.some((x) => x.group === g && x.version === v && x.kind === r.kind));
  if (name) visit(name);
  else process.stderr.write(`no definition for ${apiVersionOf(r)} ${r.kind}\n`);
}
const out = Object.fromEntries([...keep].sort().map((n) => [n, schemas[n]]));
process.stdout.write(`${JSON.stringify({ source: SOURCE, schemas: out })}\n`);
