/**
 * Objects from -f FILE / -f - (multi-document YAML or JSON, `List` kinds flattened), as
 * kubectl's resource builder reads them, with its errors.
 */
import { parseAllDocuments } from 'yaml';
import { resourceForKind, type ResourceType } from '../../../core/api/resources.js';
import type { KObject } from '../../../core/api/types.js';
import type { KubectlContext } from '../types.js';
import { CmdError } from './common.js';

export interface ManifestObject {
  obj: KObject;
  res: ResourceType;
  /** The file it came from ("STDIN" for -f -). */
  source: string;
}

function readSource(ctx: KubectlContext, file: string): { text: string; source: string } {
  if (file === '-') return { text: ctx.stdin, source: 'STDIN' };
  if (/^https?:\/\//.test(file)) throw new CmdError(`unable to read URL "${file}", server reported 404 Not Found, status code=404`);
  return { text: ctx.session.files.read(file), source: file };
}

function compact(o: unknown): string {
  return JSON.stringify(o);
}

/** Parses the text of one file into objects (YAML 1.1 scalars like go-yaml: 0755 is octal, yes is true). */
export function parseManifests(text: string, source: string): KObject[] {
  const docs = parseAllDocuments(text, { version: '1.1', merge: true, prettyErrors: false, uniqueKeys: false });
  const list = (Array.isArray(docs) ? docs : [docs]) as Array<{ errors: Array<{ message: string; linePos?: Array<{ line: number }> }>; contents: unknown; toJS(): unknown }>;
  const out: KObject[] = [];
  for (const d of list) {
    if (d.errors.length) {
      const e = d.errors[0]!;
      const line = e.linePos?.[0]?.line ?? 1;
      throw new CmdError(`error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    if (d.contents === null) continue;
    const value = d.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new CmdError(`error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`);
    }
    const obj = value as KObject;
    if (Array.isArray((obj as { items?: unknown }).items) && String(obj.kind ?? '').endsWith('List')) {
      for (const item of (obj as unknown as { items: KObject[] }).items) out.push(item);
      continue;
    }
    out.push(obj);
  }
  return out;
}

/** Reads every -f argument; each object is mapped to its resource type or fails like kubectl. */
export function readManifests(ctx: KubectlContext, files: string[], verb = 'apply'): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const file of files) {
    const { text, source } = readSource(ctx, file);
    for (const obj of parseManifests(text, source)) {
      if (!obj.kind) throw new CmdError(`unable to decode "${source}": Object 'Kind' is missing in '${compact(obj)}'`);
      if (!obj.apiVersion) throw new CmdError(`unable to decode "${source}": Object 'apiVersion' is missing in '${compact(obj)}'`);
      const res = resourceForKind(obj.kind, obj.apiVersion);
      const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
      if (!res || res.group !== group || res.kind !== obj.kind) {
        throw new CmdError(
          `resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${obj.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`,
        );
      }
      if (!obj.metadata || (!obj.metadata.name && !obj.metadata.generateName)) {
        throw new CmdError(`error when retrieving current configuration of:\nResource: "${res.group ? `${res.group}/` : ''}${res.version}, Resource=${res.plural}", GroupVersionKind: "${res.group ? `${res.group}/` : ''}${res.version}, Kind=${res.kind}"\nName: "", Namespace: ""\nfrom server for: "${source}": resource name may not be empty`);
      }
      out.push({ obj, res, source });
    }
  }
  if (out.length === 0) throw new CmdError(`no objects passed to ${verb}`);
  return out;
}

/** The namespace an object from a file goes to, enforcing -n like kubectl does. */
export function manifestNamespace(ctx: KubectlContext, m: ManifestObject): string | undefined {
  if (!m.res.namespaced) return undefined;
  const own = m.obj.metadata.namespace;
  if (own && ctx.namespaceExplicit && own !== ctx.namespace) {
    throw new CmdError(
      `the namespace from the provided object "${own}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
    );
  }
  return own || ctx.namespace;
}

/** The object with its namespace set (cluster-scoped: namespace removed). */
export function withNamespace(obj: KObject, ns: string | undefined): KObject {
  const { namespace: _drop, ...meta } = obj.metadata;
  return { ...obj, metadata: ns ? { ...meta, namespace: ns } : (meta as KObject['metadata']) };
}
