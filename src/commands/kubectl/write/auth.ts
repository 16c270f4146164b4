/**
 * kubectl auth can-i / auth whoami. The answer comes from the API server's own RBAC authorizer
 * for the identity the request would carry (token or certificate, then --as/--as-group), which
 * is what a SelfSubjectAccessReview evaluates.
 */
import { resolveResource } from '../../../core/api/resources.js';
import { ApiError } from '../../../core/apiserver/errors.js';
import type { UserInfo } from '../../../core/apiserver/authn.js';
import type { ParseResult } from '../../flags.js';
import { kubectlTable } from '../printers/tabwriter.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import { CmdError, usageError } from './common.js';

/** Who the palette's requests authenticate as, after impersonation (as the API server computes it). */
export function effectiveUser(ctx: KubectlContext, parsed: ParseResult): UserInfo {
  const api = ctx.session.cluster.api;
  const id = ctx.client.identity;
  let user = id.user ?? (id.token ? api.authn.authenticateToken(id.token)?.user : undefined);
  if (!user) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
  const as = parsed.flags.as as string | undefined;
  if (as) {
    const decision = api.authz.authorize({ user, verb: 'impersonate', resource: 'users', apiGroup: '', name: as });
    if (!decision.allowed) {
      throw new ApiError(403, 'Forbidden', `users "${as}" is forbidden: User "${user.username}" cannot impersonate resource "users" in API group "" at the cluster scope`);
    }
    const asGroups = (parsed.flags['as-group'] as string[] | undefined) ?? [];
    const sa = /^system:serviceaccount:([^:]+):/.exec(as);
    const groups = asGroups.length ? asGroups : sa ? ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`] : [];
    user = { username: as, groups: [...groups, 'system:authenticated'] };
  }
  return user;
}

const canI: KubectlCommand = {
  name: 'can-i',
  short: 'Check whether an action is allowed',
  help: 'Check whether an action is allowed.\n\nUsage:\n  kubectl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL] [options]',
  flags: [
    { name: 'all-namespaces', shorthand: 'A', type: 'bool', usage: 'If true, check the specified action in all namespaces.' },
    { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'If true, suppress output and just return the exit code.' },
    { name: 'subresource', type: 'string', usage: 'SubResource such as pod/log or deployment/scale' },
    { name: 'list', type: 'bool', usage: 'If true, prints all allowed actions.' },
    { name: 'no-headers', type: 'bool', usage: 'If true, prints allowed actions without headers' },
  ],
  run(ctx, args, parsed) {
    const user = effectiveUser(ctx, parsed);
    const authz = ctx.session.cluster.api.authz;
    const allNs = !!parsed.flags['all-namespaces'];
    if (parsed.flags.list) throw new CmdError('--list is not available in the palette yet; ask about one verb and resource');
    if (args.length < 2) {
      if (args.length === 1 && args[0]!.startsWith('/')) {
        // Non-resource URL.
      } else throw usageError(ctx, 'you must specify two arguments: verb resource or verb resource/resourceName.');
    }
    const verb = args[0]!;
    let warning = '';
    let resource: string | undefined;
    let group = '';
    let name: string | undefined;
    let path: string | undefined;
    const what = args[1]!;
    if (what.startsWith('/')) path = what;
    else {
      const slash = what.indexOf('/');
      const type = slash < 0 ? what : what.slice(0, slash);
      name = slash < 0 ? args[2] : what.slice(slash + 1);
      const res = type === '*' ? undefined : resolveResource(type);
      if (type === '*') resource = '*';
      else if (!res) {
        warning = `Warning: the server doesn't have a resource type '${type}'\n\n`;
        const dot = type.indexOf('.');
        resource = dot < 0 ? type : type.slice(0, dot);
        group = dot < 0 ? '' : type.slice(dot + 1);
      } else {
        resource = res.plural;
        group = res.group;
      }
    }
    const res = resource ? resolveResource(resource) : undefined;
    const namespace = allNs || (res && !res.namespaced) ? undefined : ctx.namespace;
    const decision = authz.authorize({
      user,
      verb,
      resource,
      apiGroup: group,
      subresource: (parsed.flags.subresource as string) || undefined,
      namespace,
      name,
      path,
    });
    if (parsed.flags.quiet) return { stdout: '', stderr: warning, exitCode: decision.allowed ? 0 : 1 };
    return { stdout: decision.allowed ? 'yes\n' : 'no\n', stderr: warning, exitCode: decision.allowed ? 0 : 1 };
  },
};

const whoami: KubectlCommand = {
  name: 'whoami',
  short: 'Experimental: Check self subject attributes',
  help: 'Experimental: Check who you are and your attributes (groups, extra).\n\nUsage:\n  kubectl auth whoami [options]',
  flags: [{ name: 'output', shorthand: 'o', type: 'string', usage: 'Output format. One of: (json, yaml).' }],
  run(ctx, _args, parsed) {
    const user = effectiveUser(ctx, parsed);
    const o = parsed.flags.output as string;
    if (o === 'json' || o === 'yaml') {
      const review = {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'SelfSubjectReview',
        metadata: { creationTimestamp: null },
        status: { userInfo: { ...(user.extra ? { extra: user.extra } : {}), groups: user.groups, ...(user.uid ? { uid: user.uid } : {}), username: user.username } },
      };
      if (o === 'json') return { stdout: `${JSON.stringify(review, null, 4)}\n`, stderr: '', exitCode: 0 };
      const yaml = `apiVersion: authentication.k8s.io/v1\nkind: SelfSubjectReview\nmetadata:\n  creationTimestamp: null\nstatus:\n  userInfo:\n    groups:\n${user.groups.map((g) => `    - ${g}\n`).join('')}    username: ${user.username}\n`;
      return { stdout: yaml, stderr: '', exitCode: 0 };
    }
    if (o) throw new CmdError(`unable to match a printer suitable for the output format "${o}", allowed formats are: json,yaml`);
    const rows: string[][] = [['ATTRIBUTE', 'VALUE'], ['Username', user.username]];
    if (user.uid) rows.push(['UID', user.uid]);
    if (user.groups.length) rows.push(['Groups', `[${user.groups.join(' ')}]`]);
    for (const [k, v] of Object.entries(user.extra ?? {})) rows.push([`Extra: ${k}`, `[${v.join(' ')}]`]);
    return { stdout: kubectlTable(rows), stderr: '', exitCode: 0 };
  },
};

export const authCommand: KubectlCommand = {
  name: 'auth',
  short: 'Inspect authorization',
  help: 'Inspect authorization.\n\nUsage:\n  kubectl auth [flags] [options]',
  subcommands: [canI, whoami],
};
