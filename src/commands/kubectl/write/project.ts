/** oc new-project NAME: a namespace with the project annotations, and the session switches to it. */
import { ApiError } from '../../../core/apiserver/errors.js';
import type { ClusterInfo } from '../../../core/component.js';
import type { KubectlCommand } from '../types.js';
import { effectiveUser } from './auth.js';
import { CmdError, usageError } from './common.js';

/** The API server URL the palette's kubeconfig points at. */
export function serverUrl(info: ClusterInfo): string {
  return info.flavor === 'openshift' ? `https://api.${info.name}.example.com:6443` : `https://${info.nodes[0]?.ip ?? '127.0.0.1'}:6443`;
}

export const newProjectCommand: KubectlCommand = {
  name: 'new-project',
  ocOnly: true,
  short: 'Request a new project',
  help: 'Create a new project for yourself.\n\nUsage:\n  oc new-project NAME [--display-name=DISPLAYNAME] [--description=DESCRIPTION] [flags]',
  flags: [
    { name: 'display-name', type: 'string', usage: 'Project display name' },
    { name: 'description', type: 'string', usage: 'Project description' },
    { name: 'skip-config-write', type: 'bool', usage: "If true, the project will not be set as a cluster entry in kubeconfig after being created" },
  ],
  run(ctx, args, parsed) {
    if (args.length !== 1) throw usageError(ctx, 'must have exactly one argument');
    const name = args[0]!;
    if (ctx.session.cluster.info.flavor !== 'openshift') throw new CmdError('the server doesn\'t have a resource type "projectrequests"');
    const user = effectiveUser(ctx, parsed);
    const annotations: Record<string, string> = {
      'openshift.io/description': (parsed.flags.description as string) ?? '',
      'openshift.io/display-name': (parsed.flags['display-name'] as string) ?? '',
      'openshift.io/requester': user.username,
    };
    try {
      ctx.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations } });
    } catch (err) {
      if (err instanceof ApiError && err.reason === 'AlreadyExists') {
        throw new ApiError(409, 'AlreadyExists', `project.project.openshift.io "${name}" already exists`, err.details);
      }
      throw err;
    }
    const server = serverUrl(ctx.session.cluster.info);
    if (parsed.flags['skip-config-write']) {
      return { stdout: `Created project "${name}" on server "${server}".\n`, stderr: '', exitCode: 0 };
    }
    ctx.session.namespace = name;
    return {
      stdout:
        `Now using project "${name}" on server "${server}".\n\n` +
        "You can add applications to this project with the 'new-app' command. For example, try:\n\n" +
        '    oc new-app rails-postgresql-example\n\n' +
        'to build a new example application in Ruby. Or use kubectl to deploy a simple Kubernetes application:\n\n' +
        '    kubectl create deployment hello-node --image=registry.k8s.io/e2e-test-images/agnhost:2.43 -- /agnhost serve-hostname\n\n',
      stderr: '',
      exitCode: 0,
    };
  },
};
