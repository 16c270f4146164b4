/**
 * The session's kubeconfig, as `kubectl config` shows it, and OpenShift's project commands
 * (oc whoami, oc project, oc projects), which read and switch the session's namespace.
 */
import { ApiError } from '../../../core/apiserver/errors.js';
import type { KObject } from '../../../core/api/types.js';
import type { ParseResult } from '../../flags.js';
import type { CommandResult } from '../../shell/pipeline.js';
import { kubectlTable, printObject, toYaml } from '../printers/index.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import { serverURL } from './discovery.js';

function names(ctx: KubectlContext): { cluster: string; user: string; context: string } {
  const info = ctx.session.cluster.info;
  if (info.flavor === 'openshift') {
    const cluster = `api-${info.name}-example-com:6443`;
    return { cluster, user: `system:admin/${cluster}`, context: `${ctx.session.namespace}/${cluster}/system:admin` };
  }
  return { cluster: info.name, user: 'kubernetes-admin', context: `kubernetes-admin@${info.name}` };
}

function kubeconfig(ctx: KubectlContext): Record<string, unknown> {
  const n = names(ctx);
  return {
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': 'DATA+OMITTED', server: serverURL(ctx.session.cluster.info) }, name: n.cluster }],
    contexts: [{ context: { cluster: n.cluster, namespace: ctx.session.namespace, user: n.user }, name: n.context }],
    'current-context': n.context,
    kind: 'Config',
    preferences: {},
    users: [{ name: n.user, user: { 'client-certificate-data': 'DATA+OMITTED', 'client-key-data': 'DATA+OMITTED' } }],
  };
}

const ok = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });

export const configCommand: KubectlCommand = {
  name: 'config',
  short: 'Modify kubeconfig files',
  help: `Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

Usage:
  kubectl config SUBCOMMAND [options]`,
  subcommands: [
    {
      name: 'view',
      short: 'Display merged kubeconfig settings or a specified kubeconfig file',
      help: 'Display merged kubeconfig settings or a specified kubeconfig file.\n\nUsage:\n  kubectl config view [flags] [options]',
      flags: [
        { name: 'minify', type: 'bool', usage: 'Remove all information not used by current-context from the output' },
        { name: 'raw', type: 'bool', usage: 'Display raw byte data and sensitive data' },
        { name: 'output', shorthand: 'o', type: 'string', default: 'yaml', usage: 'Output format.' },
        { name: 'flatten', type: 'bool', usage: 'Flatten the resulting kubeconfig file into self-contained output' },
      ],
      run(ctx, _args, parsed) {
        const cfg = kubeconfig(ctx) as unknown as KObject;
        const o = parsed.flags.output as string;
        return ok(o === 'yaml' ? toYaml(cfg) : printObject(cfg, o));
      },
    },
    {
      name: 'current-context',
      short: 'Display the current-context',
      help: 'Display the current-context.\n\nUsage:\n  kubectl config current-context [options]',
      run: (ctx) => ok(`${names(ctx).context}\n`),
    },
    {
      name: 'get-contexts',
      short: 'Describe one or many contexts',
      help: 'Display one or many contexts from the kubeconfig file.\n\nUsage:\n  kubectl config get-contexts [(-o|--output=)name)] [options]',
      flags: [
        { name: 'no-headers', type: 'bool', usage: "When using the default or custom-column output format, don't print headers (default print headers)." },
        { name: 'output', shorthand: 'o', type: 'string', usage: 'Output format. One of: (name).' },
      ],
      run(ctx, args, parsed) {
        const n = names(ctx);
        if (args.length && !args.includes(n.context)) return { stdout: '', stderr: `error: context ${args[0]} not found\n`, exitCode: 1 };
        if (parsed.flags.output === 'name') return ok(`${n.context}\n`);
        const rows = parsed.flags['no-headers'] ? [] : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']];
        rows.push(['*', n.context, n.cluster, n.user, ctx.session.namespace]);
        return ok(kubectlTable(rows));
      },
    },
    {
      name: 'get-clusters',
      short: 'Display clusters defined in the kubeconfig',
      help: 'Display clusters defined in the kubeconfig.\n\nUsage:\n  kubectl config get-clusters [options]',
      run: (ctx) => ok(`NAME\n${names(ctx).cluster}\n`),
    },
    {
      name: 'set-context',
      short: 'Set a context entry in kubeconfig',
      help: 'Set a context entry in kubeconfig.\n\nUsage:\n  kubectl config set-context [NAME | --current] [--namespace=namespace] [options]',
      flags: [{ name: 'current', type: 'bool', usage: 'Modify the current context' }],
      run(ctx, args, parsed: ParseResult) {
        const n = names(ctx);
        const target = parsed.flags.current ? n.context : args[0];
        if (!target) return { stdout: '', stderr: 'error: you must specify a non-empty context name or --current\n', exitCode: 1 };
        if (target !== n.context) return { stdout: '', stderr: `error: the palette has one context (${n.context})\n`, exitCode: 1 };
        if (ctx.namespaceExplicit) ctx.session.namespace = ctx.namespace;
        return ok(`Context "${names(ctx).context}" modified.\n`);
      },
    },
  ],
};

function whoami(ctx: KubectlContext): string {
  const impersonated = (ctx.client as unknown as { impersonate?: { user: string } }).impersonate?.user;
  if (impersonated) return impersonated;
  return ctx.session.cluster.info.flavor === 'openshift' ? 'system:admin' : 'kubernetes-admin';
}

export const whoamiCommand: KubectlCommand = {
  name: 'whoami',
  ocOnly: true,
  short: 'Return information about the current session',
  help: 'Show information about the current session.\n\nUsage:\n  oc whoami [flags] [options]',
  flags: [
    { name: 'show-server', shorthand: 'c', type: 'bool', usage: "If true, print the current server's REST API URL" },
    { name: 'show-context', type: 'bool', usage: 'Print the current user context name' },
    { name: 'show-token', shorthand: 't', type: 'bool', usage: 'Print the token the current session is using.' },
    { name: 'show-console', type: 'bool', usage: "If true, print the current server's web console URL" },
  ],
  run(ctx, _args, parsed) {
    const f = parsed.flags;
    if (f['show-server']) return ok(`${serverURL(ctx.session.cluster.info)}\n`);
    if (f['show-context']) return ok(`${names(ctx).context}\n`);
    if (f['show-console']) return ok(`https://console-openshift-console.apps.${ctx.session.cluster.info.name}.example.com\n`);
    if (f['show-token']) return ok(`${ctx.session.cluster.adminToken}\n`);
    return ok(`${whoami(ctx)}\n`);
  },
};

function projectNames(ctx: KubectlContext): string[] {
  return ctx.client
    .list('namespaces')
    .items.map((n) => n.metadata.name)
    .sort();
}

export const projectCommand: KubectlCommand = {
  name: 'project',
  ocOnly: true,
  short: 'Switch to another project',
  help: 'Switch to another project and make it the default in your configuration.\n\nUsage:\n  oc project [NAME] [flags] [options]',
  flags: [{ name: 'short', shorthand: 'q', type: 'bool', usage: 'If true, display only the project name' }],
  run(ctx, args, parsed) {
    const server = serverURL(ctx.session.cluster.info);
    if (args.length === 0) {
      if (parsed.flags.short) return ok(`${ctx.session.namespace}\n`);
      return ok(`Using project "${ctx.session.namespace}" on server "${server}".\n`);
    }
    const name = args[0]!;
    try {
      ctx.client.get('namespaces', undefined, name);
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return { stdout: '', stderr: `error: A project named "${name}" does not exist on "${server}".\n`, exitCode: 1 };
      throw err;
    }
    if (name === ctx.session.namespace) return ok(`Already on project "${name}" on server "${server}".\n`);
    ctx.session.namespace = name;
    return ok(`Now using project "${name}" on server "${server}".\n`);
  },
};

export const projectsCommand: KubectlCommand = {
  name: 'projects',
  ocOnly: true,
  short: 'Display existing projects',
  help: 'Display information about the current active project and existing projects on the server.\n\nUsage:\n  oc projects [flags] [options]',
  flags: [{ name: 'short', shorthand: 'q', type: 'bool', usage: 'If true, display only the project names' }],
  run(ctx, _args, parsed) {
    const list = projectNames(ctx);
    if (parsed.flags.short) return ok(list.map((n) => `${n}\n`).join(''));
    const server = serverURL(ctx.session.cluster.info);
    const lines = list.map((n) => `  ${n === ctx.session.namespace ? '*' : ' '} ${n}`).join('\n');
    return ok(`You have access to the following projects and can switch between them with 'oc project <projectname>':\n\n${lines}\n\nUsing project "${ctx.session.namespace}" on server "${server}".\n`);
  },
};
