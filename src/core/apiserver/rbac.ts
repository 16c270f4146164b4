/**
 * RBAC authorization: Roles and ClusterRoles grant rules; RoleBindings and ClusterRoleBindings
 * grant them to users, groups and service accounts. Decisions name the binding that allowed a
 * request, as the API server's audit log does. Rules are cached per identity and recomputed only
 * when an RBAC object changes.
 */
import type { KObject } from '../api/types.js';
import type { UserInfo } from './authn.js';

export interface AuthzAttributes {
  user: UserInfo;
  verb: string;
  /** Plural resource, or undefined for a non-resource URL. */
  resource?: string;
  apiGroup: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  path?: string;
}

export interface AuthzDecision {
  allowed: boolean;
  /** Why: the binding that allowed it, or the reason it was denied. */
  reason: string;
}

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface GrantedRules {
  rules: PolicyRule[];
  /** Namespace the grant applies to; undefined = every namespace (ClusterRoleBinding). */
  namespace?: string;
  via: string;
}

export interface RbacSource {
  list(plural: 'roles' | 'clusterroles' | 'rolebindings' | 'clusterrolebindings'): Iterable<KObject>;
  get(plural: 'roles' | 'clusterroles', namespace: string | undefined, name: string): KObject | undefined;
  /** Changes whenever any RBAC object changes. */
  version(): number;
}

export class RbacAuthorizer {
  private cache = new Map<string, GrantedRules[]>();
  /** Components present the same UserInfo object on every request: look it up by identity first. */
  private byIdentity = new WeakMap<UserInfo, GrantedRules[]>();
  private cachedVersion = -1;

  constructor(private readonly source: RbacSource) {}

  authorize(a: AuthzAttributes): AuthzDecision {
    if (a.user.groups.includes('system:masters')) {
      return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"' };
    }
    for (const grant of this.grantsFor(a.user)) {
      if (grant.namespace !== undefined && grant.namespace !== a.namespace) continue;
      for (const rule of grant.rules) {
        if (ruleAllows(rule, a)) return { allowed: true, reason: `RBAC: allowed by ${grant.via}` };
      }
    }
    return { allowed: false, reason: forbiddenReason(a) };
  }

  private grantsFor(user: UserInfo): GrantedRules[] {
    const v = this.source.version();
    if (v !== this.cachedVersion) {
      this.cache.clear();
      this.byIdentity = new WeakMap();
      this.cachedVersion = v;
    }
    const known = this.byIdentity.get(user);
    if (known) return known;
    const key = `${user.username}\u0000${user.groups.join(',')}`;
    let grants = this.cache.get(key);
    if (!grants) {
      grants = this.computeGrants(user);
      this.cache.set(key, grants);
    }
    this.byIdentity.set(user, grants);
    return grants;
  }

  private computeGrants(user: UserInfo): GrantedRules[] {
    const out: GrantedRules[] = [];
    for (const b of this.source.list('clusterrolebindings')) {
      const subject = matchingSubject(b, user, undefined);
      if (!subject) continue;
      const role = this.source.get('clusterroles', undefined, b.roleRef?.name);
      if (!role) continue;
      out.push({ rules: role.rules ?? [], via: `ClusterRoleBinding "${b.metadata.name}" of ClusterRole "${b.roleRef.name}" to ${subject}` });
    }
    for (const b of this.source.list('rolebindings')) {
      const ns = b.metadata.namespace!;
      const subject = matchingSubject(b, user, ns);
      if (!subject) continue;
      const kind = b.roleRef?.kind === 'ClusterRole' ? 'clusterroles' : 'roles';
      const role = this.source.get(kind, kind === 'roles' ? ns : undefined, b.roleRef?.name);
      if (!role) continue;
      out.push({
        rules: role.rules ?? [],
        namespace: ns,
        via: `RoleBinding "${b.metadata.name}/${ns}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${subject}`,
      });
    }
    return out;
  }
}

function matchingSubject(binding: KObject, user: UserInfo, bindingNs: string | undefined): string | undefined {
  for (const s of (binding.subjects ?? []) as Array<{ kind: string; name: string; namespace?: string }>) {
    if (s.kind === 'User' && s.name === user.username) return `User "${s.name}"`;
    if (s.kind === 'Group' && user.groups.includes(s.name)) return `Group "${s.name}"`;
    if (s.kind === 'ServiceAccount') {
      const ns = s.namespace ?? bindingNs;
      if (user.username === `system:serviceaccount:${ns}:${s.name}`) return `ServiceAccount "${s.name}/${ns}"`;
    }
  }
  return undefined;
}

function has(list: string[] | undefined, value: string): boolean {
  return !!list && (list.includes('*') || list.includes(value));
}

function ruleAllows(rule: PolicyRule, a: AuthzAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (a.resource === undefined) {
    return !!rule.nonResourceURLs?.some((u) => u === '*' || u === a.path || (u.endsWith('*') && (a.path ?? '').startsWith(u.slice(0, -1))));
  }
  if (!has(rule.apiGroups, a.apiGroup)) return false;
  const full = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resources = rule.resources ?? [];
  const resourceOk = resources.includes('*') || resources.includes(full) || (!!a.subresource && resources.includes(`*/${a.subresource}`));
  if (!resourceOk) return false;
  if (rule.resourceNames && rule.resourceNames.length > 0) return !!a.name && rule.resourceNames.includes(a.name);
  return true;
}

/** `User "x" cannot list resource "pods" in API group "" in the namespace "web"` */
export function forbiddenReason(a: AuthzAttributes): string {
  if (a.resource === undefined) return `User "${a.user.username}" cannot ${a.verb} path "${a.path}"`;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${a.user.username}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup}" ${scope}`;
}
