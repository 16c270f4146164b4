/** kubectl create role | clusterrole | rolebinding | clusterrolebinding. */
import { resolveResource } from '../../../../core/api/resources.js';
import type { KObject } from '../../../../core/api/types.js';
import type { FlagSpec, ParseResult } from '../../../flags.js';
import type { KubectlCommand, KubectlContext } from '../../types.js';
import { CmdError, newObject } from '../common.js';
import { finishCreate, GENERATOR_FLAGS, generatedNamespace, nameArg, requireFlags } from './run.js';

const VALID_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
const RBAC_GROUP = 'rbac.authorization.k8s.io';

const RULE_FLAGS: FlagSpec[] = [
  { name: 'verb', type: 'stringSlice', usage: 'Verb that applies to the resources contained in the rule' },
  { name: 'resource', type: 'stringSlice', usage: 'Resource that the rule applies to' },
  { name: 'resource-name', type: 'stringArray', usage: 'Resource in the white list that the rule applies to, repeat this flag for multiple items' },
];

/** generateResourcePolicyRules: one rule per API group (sorted), resources resolved to their plural. */
function rulesFrom(parsed: ParseResult): unknown[] {
  const verbs = parsed.flags.verb as string[];
  const resources = parsed.flags.resource as string[];
  const names = parsed.flags['resource-name'] as string[];
  if (verbs.length === 0) throw new CmdError('at least one verb must be specified');
  for (const v of verbs) if (!VALID_VERBS.includes(v)) throw new CmdError(`invalid verb: '${v}'`);
  if (resources.length === 0) throw new CmdError('at least one resource must be specified');
  const byGroup = new Map<string, string[]>();
  for (const spec of resources) {
    const slash = spec.indexOf('/');
    const base = slash < 0 ? spec : spec.slice(0, slash);
    const sub = slash < 0 ? '' : spec.slice(slash + 1);
    let group = '';
    let plural = base;
    if (base !== '*') {
      const res = resolveResource(base);
      if (!res) {
        const dot = base.indexOf('.');
        throw new CmdError(`the server doesn't have a resource type "${dot < 0 ? base : base.slice(0, dot)}"`);
      }
      group = res.group;
      plural = res.plural;
    }
    const full = sub ? `${plural}/${sub}` : plural;
    const list = byGroup.get(group) ?? [];
    if (!list.includes(full)) list.push(full);
    byGroup.set(group, list);
  }
  return [...byGroup.keys()].sort().map((g) => ({ apiGroups: [g], resources: byGroup.get(g), ...(names.length ? { resourceNames: names } : {}), verbs }));
}

function roleCommand(cluster: boolean): KubectlCommand {
  const kind = cluster ? 'clusterrole' : 'role';
  return {
    name: kind,
    short: `Create a ${cluster ? 'cluster role' : 'role with single rule'}`,
    help: `Create a ${cluster ? 'cluster role' : 'role with single rule'}.\n\nUsage:\n  kubectl create ${kind} NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none] [options]`,
    flags: [...GENERATOR_FLAGS, ...RULE_FLAGS],
    run(ctx, _args, parsed) {
      const name = nameArg(ctx, parsed);
      const res = resolveResource(cluster ? 'clusterroles' : 'roles')!;
      return finishCreate(ctx, parsed, newObject(res, name, generatedNamespace(ctx, res), { rules: rulesFrom(parsed) }));
    },
  };
}

function subjectsFrom(parsed: ParseResult): unknown[] {
  const subjects: unknown[] = [];
  for (const user of parsed.flags.user as string[]) subjects.push({ apiGroup: RBAC_GROUP, kind: 'User', name: user });
  for (const group of parsed.flags.group as string[]) subjects.push({ apiGroup: RBAC_GROUP, kind: 'Group', name: group });
  for (const sa of parsed.flags.serviceaccount as string[]) {
    const parts = sa.split(':');
    if (parts.length !== 2 || !parts[1]) throw new CmdError('serviceaccount must be <namespace>:<name>');
    subjects.push({ kind: 'ServiceAccount', name: parts[1], namespace: parts[0] });
  }
  return subjects;
}

const SUBJECT_FLAGS: FlagSpec[] = [
  { name: 'user', type: 'stringArray', usage: 'Usernames to bind to the role. The flag can be repeated to add multiple users.' },
  { name: 'group', type: 'stringArray', usage: 'Groups to bind to the role. The flag can be repeated to add multiple groups.' },
  { name: 'serviceaccount', type: 'stringArray', usage: 'Service accounts to bind to the role, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.' },
];

function bindingObject(ctx: KubectlContext, parsed: ParseResult, cluster: boolean, name: string, roleRef: { kind: string; name: string }): KObject {
  const res = resolveResource(cluster ? 'clusterrolebindings' : 'rolebindings')!;
  const subjects = subjectsFrom(parsed);
  return newObject(res, name, generatedNamespace(ctx, res), { roleRef: { apiGroup: RBAC_GROUP, ...roleRef }, ...(subjects.length ? { subjects } : {}) });
}

export const createRole = roleCommand(false);
export const createClusterRole = roleCommand(true);

export const createRoleBinding: KubectlCommand = {
  name: 'rolebinding',
  short: 'Create a role binding for a particular role or cluster role',
  help: 'Create a role binding for a particular role or cluster role.\n\nUsage:\n  kubectl create rolebinding NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]',
  flags: [...GENERATOR_FLAGS, { name: 'role', type: 'string', usage: 'Role this RoleBinding should reference' }, { name: 'clusterrole', type: 'string', usage: 'ClusterRole this RoleBinding should reference' }, ...SUBJECT_FLAGS],
  run(ctx, _args, parsed) {
    const name = nameArg(ctx, parsed);
    const role = parsed.flags.role as string;
    const clusterRole = parsed.flags.clusterrole as string;
    if ((!role && !clusterRole) || (role && clusterRole)) throw new CmdError('exactly one of clusterrole or role must be specified');
    return finishCreate(ctx, parsed, bindingObject(ctx, parsed, false, name, role ? { kind: 'Role', name: role } : { kind: 'ClusterRole', name: clusterRole }));
  },
};

export const createClusterRoleBinding: KubectlCommand = {
  name: 'clusterrolebinding',
  short: 'Create a cluster role binding for a particular cluster role',
  help: 'Create a cluster role binding for a particular cluster role.\n\nUsage:\n  kubectl create clusterrolebinding NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]',
  flags: [...GENERATOR_FLAGS, { name: 'clusterrole', type: 'string', usage: 'ClusterRole this ClusterRoleBinding should reference' }, ...SUBJECT_FLAGS],
  run(ctx, _args, parsed) {
    requireFlags(parsed, 'clusterrole');
    const name = nameArg(ctx, parsed);
    return finishCreate(ctx, parsed, bindingObject(ctx, parsed, true, name, { kind: 'ClusterRole', name: parsed.flags.clusterrole as string }));
  },
};
