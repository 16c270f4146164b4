/**
 * REST paths: /api/v1/namespaces/NS/pods/NAME/log and /apis/GROUP/VERSION/... both ways, for
 * the router (path -> resource) and for request logs (resource -> path, kubectl -v=6).
 */
import { RESOURCES, type ResourceType } from '../core/api/resources.js';

export interface ResourcePath {
  group: string;
  version: string;
  res: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Group/version prefix of a resource path, or undefined when the path names none. */
export function groupVersionOf(path: string): { group: string; version: string; rest: string[] } | undefined {
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  if (parts[0] === 'api' && parts[1]) return { group: '', version: parts[1], rest: parts.slice(2) };
  if (parts[0] === 'apis' && parts[1] && parts[2]) return { group: parts[1], version: parts[2], rest: parts.slice(3) };
  return undefined;
}

export function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

/**
 * Parses a resource path. `/api/v1/namespaces` is the namespaces collection and
 * `/api/v1/namespaces/x` one namespace; `/api/v1/namespaces/x/pods` lists pods in x.
 * Returns undefined for paths that name no known resource.
 */
export function parseResourcePath(path: string): ResourcePath | undefined {
  const gv = groupVersionOf(path);
  if (!gv || gv.rest.length === 0) return undefined;
  let rest = gv.rest;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length === 3 && !findResource(gv.group, gv.version, rest[2]!)) {
    const ns = findResource(gv.group, gv.version, 'namespaces');
    return ns ? { group: gv.group, version: gv.version, res: ns, name: rest[1], subresource: rest[2] } : undefined;
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  if (extra.length > 0 || !plural) return undefined;
  const res = findResource(gv.group, gv.version, plural);
  if (!res) return undefined;
  // `namespaces/NS/status` and `namespaces/NS/finalize` are subresources of the namespace itself.
  if (namespace !== undefined && !res.namespaced) return undefined;
  return { group: gv.group, version: gv.version, res, namespace, name, subresource };
}

export function resourcePath(res: ResourceType, namespace?: string, name?: string, subresource?: string): string {
  let p = res.group ? `/apis/${res.group}/${res.version}` : `/api/${res.version}`;
  if (res.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${res.plural}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}
