/**
 * Discovery as kube-apiserver serves it: the legacy documents (/api, /apis, /api/v1,
 * /apis/GROUP/VERSION), the aggregated v2 documents kubectl 1.32 asks for first (two requests
 * instead of one per group), /version, and an OpenAPI v3 index whose PATCH operations name
 * their GroupVersionKind and the fieldValidation parameter: what kubectl apply looks up to
 * send server-side field validation and to build strategic merge patches.
 */
import { RESOURCES, apiVersionOf, type ResourceType } from '../core/api/resources.js';
import { METRICS_RESOURCES } from './metrics-api.js';
import { schemasFor } from './openapi/index.js';

export const KUBE_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.4', gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335', gitTreeState: 'clean', buildDate: '2025-04-22T16:02:27Z', goVersion: 'go1.23.6', compiler: 'gc', platform: 'linux/amd64' };

export const AGGREGATED_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Resources the server lists in discovery (bindings is create-only; kubectl still sees it). */
function byGroupVersion(): Map<string, ResourceType[]> {
  const groups = new Map<string, ResourceType[]>();
  // metrics.k8s.io is served (metrics-server's aggregated API) but never stored.
  for (const r of [...RESOURCES, ...METRICS_RESOURCES]) {
    const gv = apiVersionOf(r);
    if (!groups.has(gv)) groups.set(gv, []);
    groups.get(gv)!.push(r);
  }
  return groups;
}

const GROUPS = byGroupVersion();

interface Sub {
  name: string;
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

/** What each subresource takes and returns, as the real server registers them. */
function subresourcesOf(r: ResourceType): Sub[] {
  return r.subresources.map((s) => {
    switch (s) {
      case 'scale':
        return { name: s, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
      case 'status':
        return { name: s, group: r.group, version: r.version, kind: r.kind, verbs: ['get', 'patch', 'update'] };
      case 'log':
        return { name: s, group: '', version: 'v1', kind: 'Pod', verbs: ['get'] };
      case 'exec':
        return { name: s, group: '', version: 'v1', kind: 'PodExecOptions', verbs: ['create', 'get'] };
      case 'eviction':
        return { name: s, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
      case 'binding':
        return { name: s, group: '', version: 'v1', kind: 'Binding', verbs: ['create'] };
      case 'token':
        return { name: s, group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] };
      case 'finalize':
        return { name: s, group: '', version: 'v1', kind: 'Namespace', verbs: ['update'] };
      case 'proxy':
        return { name: s, group: '', version: 'v1', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] };
      case 'ephemeralcontainers':
        return { name: s, group: '', version: 'v1', kind: 'Pod', verbs: ['get', 'patch', 'update'] };
      default:
        return { name: s, group: r.group, version: r.version, kind: r.kind, verbs: ['get'] };
    }
  });
}

export function apiVersions(): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };
}

function groupEntry(name: string, versions: string[]): unknown {
  const list = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: list, preferredVersion: list[0] };
}

export function apiGroupList(): unknown {
  const names = new Map<string, string[]>();
  for (const gv of GROUPS.keys()) {
    if (!gv.includes('/')) continue;
    const [g, v] = gv.split('/') as [string, string];
    names.set(g, [...(names.get(g) ?? []), v]);
  }
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...names].map(([g, vs]) => groupEntry(g, vs)) };
}

/** /apis/GROUP: one group, or undefined for a group the server does not serve. */
export function apiGroup(group: string): unknown {
  const versions = [...GROUPS.keys()].filter((gv) => gv.startsWith(`${group}/`)).map((gv) => gv.split('/')[1]!);
  if (versions.length === 0) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...(groupEntry(group, versions) as object) };
}

/** /api/v1 or /apis/GROUP/VERSION, or undefined when not served. */
export function apiResourceList(groupVersion: string): unknown {
  const list = GROUPS.get(groupVersion);
  if (!list) return undefined;
  const resources: unknown[] = [];
  for (const r of list) {
    resources.push({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs ?? [],
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    });
    for (const s of subresourcesOf(r)) {
      resources.push({ name: `${r.plural}/${s.name}`, singularName: '', namespaced: r.namespaced, ...(s.group !== r.group ? { group: s.group, version: s.version } : {}), kind: s.kind, verbs: s.verbs });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

function discoveryResource(r: ResourceType): unknown {
  return {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs ?? [],
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories ? { categories: r.categories } : {}),
    ...(r.subresources.length
      ? { subresources: subresourcesOf(r).map((s) => ({ subresource: s.name, responseKind: { group: s.group, version: s.version, kind: s.kind }, verbs: s.verbs })) }
      : {}),
  };
}

/** The aggregated discovery document for /api (legacy: true) or /apis. */
export function aggregatedDiscovery(legacy: boolean): unknown {
  const items: unknown[] = [];
  const groups = new Map<string, string[]>();
  for (const gv of GROUPS.keys()) {
    const [g, v] = gv.includes('/') ? (gv.split('/') as [string, string]) : ['', gv];
    if ((g === '') !== legacy) continue;
    groups.set(g, [...(groups.get(g) ?? []), v]);
  }
  for (const [g, versions] of groups) {
    items.push({
      metadata: { ...(g ? { name: g } : {}), creationTimestamp: null },
      versions: versions.map((v) => ({ version: v, resources: GROUPS.get(g ? `${g}/${v}` : v)!.map(discoveryResource), freshness: 'Current' })),
    });
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

/** True when the client accepts aggregated discovery v2 (kubectl 1.30+). */
export function wantsAggregated(accept: string | undefined): boolean {
  return !!accept && /as=APIGroupDiscoveryList/.test(accept) && /v=v2(;|,|$)/.test(accept.replace(/\s/g, ''));
}

/** /openapi/v3: one entry per group-version. */
export function openApiIndex(): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of GROUPS.keys()) {
    const p = gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
    // The hash names the content (kubectl caches each document under it): bump the salt when the schemas change.
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(`${p} kubernetes-types 1.30.0`)}` };
  }
  return { paths };
}

function hashOf(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).toUpperCase().padStart(8, '0').repeat(16);
}

const QUERY = (name: string, description: string): unknown => ({ name, in: 'query', description, schema: { type: 'string', uniqueItems: true } });

/**
 * /openapi/v3/api/v1 and /openapi/v3/apis/GROUP/VERSION: each resource's collection path (list
 * or create) and, where it can be patched, its item path with a PATCH operation naming its kind
 * and the dryRun, fieldManager and fieldValidation parameters; and the upstream schemas of its kinds (what `kubectl explain` reads). No
 * request-body content types: kubectl apply then builds strategic merge patches from its
 * compiled-in types (merge keys included), not from these schemas, which carry none.
 */
export function openApiGroupVersion(path: string): unknown {
  const gv = path.replace(/^\/?openapi\/v3\/(api|apis)\//, '');
  const list = GROUPS.get(gv);
  if (!list) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of list) {
    const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
    const collection = `${base}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
    const item = `${collection}/{name}`;
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    // kubectl explain finds a resource's kind through the operations on its path.
    const verbs = r.verbs ?? [];
    if (verbs.includes('list')) paths[collection] = { get: { description: `list or watch objects of kind ${r.kind}`, operationId: `list${r.kind}`, 'x-kubernetes-action': 'list', 'x-kubernetes-group-version-kind': gvk } };
    else if (verbs.includes('create')) paths[collection] = { post: { description: `create a ${r.kind}`, operationId: `create${r.kind}`, 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': gvk } };
    if (!verbs.includes('patch')) continue;
    paths[item] = {
      get: { description: `read the specified ${r.kind}`, operationId: `read${r.kind}`, 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': gvk },
      patch: {
        description: `partially update the specified ${r.kind}`,
        operationId: `patch${r.kind}`,
        parameters: [
          QUERY('dryRun', 'When present, indicates that modifications should not be persisted.'),
          QUERY('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
          QUERY('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields.'),
        ],
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
      },
    };
  }
  const schemas = schemasFor(gv, list.map((r) => r.kind));
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: KUBE_VERSION.gitVersion }, paths, components: { schemas } };
}
