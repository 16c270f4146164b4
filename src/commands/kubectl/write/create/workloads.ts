/** kubectl create deployment | job | service clusterip|nodeport. */
import { resolveResource } from '../../../../core/api/resources.js';
import type { KObject } from '../../../../core/api/types.js';
import type { KubectlCommand } from '../../types.js';
import { CmdError, newObject } from '../common.js';
import { finishCreate, GENERATOR_FLAGS, generatedNamespace, nameArg, requireFlags } from './run.js';

/** Container name from an image: last path part without tag or digest (create_deployment.go). */
export function containerNameFromImage(image: string): string {
  const parts = image.split('/');
  let name = parts[parts.length - 1]!;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  return name.replace(/_/g, '-').toLowerCase();
}

export const createDeployment: KubectlCommand = {
  name: 'deployment',
  aliases: ['deploy'],
  short: 'Create a deployment with the specified name',
  help: 'Create a deployment with the specified name.\n\nUsage:\n  kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]',
  flags: [
    ...GENERATOR_FLAGS,
    { name: 'image', type: 'stringSlice', usage: 'Image names to run. A deployment can have multiple images set for multi-container pod.' },
    { name: 'port', type: 'int32', default: -1, usage: 'The containerPort that this deployment exposes.' },
    { name: 'replicas', shorthand: 'r', type: 'int32', default: 1, usage: 'Number of replicas to create. Default is 1.' },
  ],
  run(ctx, _args, parsed) {
    requireFlags(parsed, 'image');
    const name = nameArg(ctx, parsed);
    const images = parsed.flags.image as string[];
    const command = parsed.argsLenAtDash >= 0 ? parsed.args.slice(parsed.argsLenAtDash) : [];
    const labels = { app: name };
    const containers = images.map((image, i) => ({
      ...(command.length ? { command } : {}),
      image,
      name: containerNameFromImage(image),
      ...(i === 0 && (parsed.flags.port as number) >= 0 ? { ports: [{ containerPort: parsed.flags.port as number }] } : {}),
      resources: {},
    }));
    const res = resolveResource('deployments')!;
    const obj = newObject(res, name, generatedNamespace(ctx, res), {
      spec: {
        replicas: parsed.flags.replicas as number,
        selector: { matchLabels: labels },
        strategy: {},
        template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
      },
      status: {},
    }, labels);
    return finishCreate(ctx, parsed, obj);
  },
};

export const createJob: KubectlCommand = {
  name: 'job',
  short: 'Create a job with the specified name',
  help: 'Create a job with the specified name.\n\nUsage:\n  kubectl create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...] [options]',
  flags: [
    ...GENERATOR_FLAGS,
    { name: 'image', type: 'string', usage: 'Image name to run.' },
    { name: 'from', type: 'string', usage: 'The name of the resource to create a Job from (only cronjob is supported).' },
  ],
  run(ctx, _args, parsed) {
    const name = nameArg(ctx, parsed);
    const image = parsed.flags.image as string;
    const from = parsed.flags.from as string;
    if (!image && !from) throw new CmdError('either --image or --from must be specified');
    if (image && from) throw new CmdError('--image and --from are mutually exclusive');
    const command = parsed.argsLenAtDash >= 0 ? parsed.args.slice(parsed.argsLenAtDash) : [];
    if (from && command.length) throw new CmdError('cannot specify --from and command');
    const res = resolveResource('jobs')!;
    if (from) {
      const slash = from.indexOf('/');
      const type = slash < 0 ? '' : from.slice(0, slash);
      if (slash < 0 || resolveResource(type)?.plural !== 'cronjobs') throw new CmdError(`from must be an existing cronjob: unknown object type`);
      const cj = ctx.client.get('cronjobs', ctx.namespace, from.slice(slash + 1));
      const tpl = cj.spec?.jobTemplate ?? {};
      const annotations = { 'cronjob.kubernetes.io/instantiate': 'manual', ...(tpl.metadata?.annotations ?? {}) };
      const job: KObject = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          annotations,
          creationTimestamp: null as unknown as string,
          ...(tpl.metadata?.labels ? { labels: tpl.metadata.labels } : {}),
          name,
          ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
          ownerReferences: [{ apiVersion: 'batch/v1', blockOwnerDeletion: true, controller: true, kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid! }],
        },
        spec: tpl.spec ?? {},
        status: {},
      };
      return finishCreate(ctx, parsed, job);
    }
    const obj = newObject(res, name, generatedNamespace(ctx, res), {
      spec: {
        template: {
          metadata: { creationTimestamp: null },
          spec: { containers: [{ ...(command.length ? { command } : {}), image, name, resources: {} }], restartPolicy: 'Never' },
        },
      },
      status: {},
    });
    return finishCreate(ctx, parsed, obj);
  },
};

function parsePorts(spec: string): { port: number; targetPort: number } {
  const parts = spec.split(':');
  const toPort = (s: string): number => {
    const n = Number(s);
    if (!/^\d+$/.test(s) || n < 1 || n > 65535) throw new CmdError(`strconv.Atoi: parsing "${s}": invalid syntax`);
    return n;
  };
  const port = toPort(parts[0]!);
  return { port, targetPort: parts.length > 1 ? toPort(parts[1]!) : port };
}

function serviceCommand(type: 'ClusterIP' | 'NodePort' | 'LoadBalancer', sub: string): KubectlCommand {
  return {
    name: sub,
    short: `Create a ${type} service`,
    help: `Create a ${type} service with the specified name.\n\nUsage:\n  kubectl create service ${sub} NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]`,
    flags: [
      ...GENERATOR_FLAGS,
      { name: 'tcp', type: 'stringSlice', usage: 'Port pairs can be specified as \'<port>:<targetPort>\'.' },
      ...(type === 'ClusterIP' ? [{ name: 'clusterip', type: 'string' as const, usage: 'Assign your own ClusterIP or set to \'None\' for a \'headless\' service (no loadbalancing).' }] : []),
      ...(type === 'NodePort' ? [{ name: 'node-port', type: 'int' as const, usage: 'Port used to expose the service on each node in a cluster.' }] : []),
    ],
    run(ctx, _args, parsed) {
      const name = nameArg(ctx, parsed);
      const tcp = parsed.flags.tcp as string[];
      const clusterIP = (parsed.flags.clusterip as string | undefined) ?? '';
      if (tcp.length === 0 && clusterIP !== 'None') throw new CmdError('at least one tcp port specifier must be provided');
      const nodePort = (parsed.flags['node-port'] as number | undefined) ?? 0;
      const ports = tcp.map((t) => {
        const { port, targetPort } = parsePorts(t);
        return { name: t.replace(/:/g, '-'), ...(nodePort ? { nodePort } : {}), port, protocol: 'TCP', targetPort };
      });
      const labels = { app: name };
      const res = resolveResource('services')!;
      const obj = newObject(res, name, generatedNamespace(ctx, res), {
        spec: { ...(clusterIP ? { clusterIP } : {}), ports, selector: labels, type },
        status: { loadBalancer: {} },
      }, labels);
      return finishCreate(ctx, parsed, obj);
    },
  };
}

export const createService: KubectlCommand = {
  name: 'service',
  aliases: ['svc'],
  short: 'Create a service using a specified subcommand',
  help: 'Create a service using a specified subcommand.\n\nUsage:\n  kubectl create service (clusterip | nodeport | loadbalancer | externalname) [options]',
  subcommands: [serviceCommand('ClusterIP', 'clusterip'), serviceCommand('NodePort', 'nodeport'), serviceCommand('LoadBalancer', 'loadbalancer')],
};
