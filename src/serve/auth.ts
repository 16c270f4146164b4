/**
 * Who is calling: the bearer token names a user (the same tokens the API server knows), and
 * Impersonate-User / Impersonate-Group headers switch to another identity when RBAC grants the
 * caller the `impersonate` verb on users (and on groups), as kube-apiserver's impersonation
 * filter checks. Also the two review APIs kubectl auth uses: SelfSubjectAccessReview (can-i)
 * and SelfSubjectReview (whoami), answered from the server's own RBAC authorizer.
 */
import type { ApiServer } from '../core/apiserver/server.js';
import type { UserInfo } from '../core/apiserver/authn.js';
import { ApiError, badRequest, unauthorized } from '../core/apiserver/errors.js';

export interface Impersonation {
  user: string;
  groups?: string[];
}

/** Bearer token from an Authorization header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1] : undefined;
}

/** Impersonate-User and Impersonate-Group headers (groups repeat, or come comma-joined). */
export function impersonationOf(headers: Record<string, string | string[] | undefined>): Impersonation | undefined {
  const user = headers['impersonate-user'];
  const rawGroups = headers['impersonate-group'];
  const groups = (Array.isArray(rawGroups) ? rawGroups : rawGroups ? [rawGroups] : []).flatMap((g) => g.split(',')).map((g) => g.trim()).filter(Boolean);
  if (!user) {
    if (groups.length) throw badRequest('requested [{Group  ' + groups[0] + '  authentication.k8s.io/v1  }] without impersonating a user');
    return undefined;
  }
  return { user: Array.isArray(user) ? user[0]! : user, ...(groups.length ? { groups } : {}) };
}

/** The effective user of a request, or an ApiError (401 without a valid token, 403 when impersonation is not allowed). */
export function resolveUser(api: ApiServer, token: string | undefined, as: Impersonation | undefined): UserInfo {
  const authn = token ? api.authn.authenticateToken(token) : undefined;
  if (!authn) throw unauthorized();
  let user = authn.user;
  if (!as) return user;
  const who = api.authz.authorize({ user, verb: 'impersonate', resource: 'users', apiGroup: '', name: as.user });
  if (!who.allowed) {
    throw new ApiError(403, 'Forbidden', `users "${as.user}" is forbidden: User "${user.username}" cannot impersonate resource "users" in API group "" at the cluster scope`, { name: as.user, kind: 'users' });
  }
  for (const g of as.groups ?? []) {
    const d = api.authz.authorize({ user, verb: 'impersonate', resource: 'groups', apiGroup: '', name: g });
    if (!d.allowed) {
      throw new ApiError(403, 'Forbidden', `groups "${g}" is forbidden: User "${user.username}" cannot impersonate resource "groups" in API group "" at the cluster scope`, { name: g, kind: 'groups' });
    }
  }
  const sa = /^system:serviceaccount:([^:]+):/.exec(as.user);
  const groups = as.groups ?? (sa ? ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`] : []);
  user = { username: as.user, groups: [...groups, 'system:authenticated'] };
  return user;
}

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

/** POST selfsubjectaccessreviews: the spec comes back with status {allowed, reason}. */
export function selfSubjectAccessReview(api: ApiServer, user: UserInfo, body: any): unknown {
  const spec = body?.spec ?? {};
  const ra: ResourceAttributes | undefined = spec.resourceAttributes;
  const nra: { path?: string; verb?: string } | undefined = spec.nonResourceAttributes;
  if (!ra && !nra) throw new ApiError(422, 'Invalid', 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
  const decision = ra
    ? api.authz.authorize({
        user,
        verb: ra.verb ?? '',
        resource: ra.resource === '' ? undefined : ra.resource,
        apiGroup: ra.group ?? '',
        subresource: ra.subresource || undefined,
        namespace: ra.namespace || undefined,
        name: ra.name || undefined,
      })
    : api.authz.authorize({ user, verb: nra!.verb ?? '', apiGroup: '', path: nra!.path });
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed: decision.allowed, ...(decision.allowed ? { reason: decision.reason } : {}) },
  };
}

/** POST selfsubjectreviews (kubectl auth whoami). */
export function selfSubjectReview(user: UserInfo): unknown {
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    status: { userInfo: { username: user.username, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups, ...(user.extra ? { extra: user.extra } : {}) } },
  };
}
