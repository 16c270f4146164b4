/**
 * The upstream API definitions (schemas.json, generated once by generate.ts from the
 * kubernetes-types package: see README.md) as each /openapi/v3 group-version document carries
 * them: the schemas of that group-version's kinds and every definition they reach.
 */
import fs from 'node:fs';

type Schema = Record<string, unknown>;
interface Gvk {
  group: string;
  version: string;
  kind: string;
}

let all: Record<string, Schema> | undefined;
const perGv = new Map<string, Record<string, Schema>>();

function definitions(): Record<string, Schema> {
  all ??= (JSON.parse(fs.readFileSync(new URL('./schemas.json', import.meta.url), 'utf8')) as { schemas: Record<string, Schema> }).schemas;
  return all;
}

/** The components.schemas of one group-version document ("v1", "apps/v1"), cached. */
export function schemasFor(groupVersion: string, kinds: string[]): Record<string, Schema> {
  const cached = perGv.get(groupVersion);
  if (cached) return cached;
  const defs = definitions();
  const [group, version] = groupVersion.includes('/') ? (groupVersion.split('/') as [string, string]) : ['', groupVersion];
  const out: Record<string, Schema> = {};
  const visit = (name: string): void => {
    if (out[name] || !defs[name]) return;
    out[name] = defs[name]!;
    for (const m of JSON.stringify(defs[name]).matchAll(/#\/components\/schemas\/([^"]+)/g)) visit(m[1]!);
  };
  for (const [name, s] of Object.entries(defs)) {
    const gvks = s['x-kubernetes-group-version-kind'] as Gvk[] | undefined;
    if (gvks?.some((g) => g.group === group && g.version === version && kinds.includes(g.kind))) visit(name);
  }
  perGv.set(groupVersion, out);
  return out;
}
