/** kubectl run NAME --image=I [--restart] [--env] [--labels] [--port] [--command] [-i [--rm]] -- [args]: one bare pod (attached: see run-attach.ts). */
import type { KObject, Pod } from '../../../core/api/types.js';
import type { KubectlCommand } from '../types.js';
import { CmdError, dryRunOf, usageError } from './common.js';
import { finishCreate, GENERATOR_FLAGS, requireFlags } from './create/run.js';
import { applyPatch } from '../../../core/api/patch.js';
import { checkAttachFlags, runAttached } from './run-attach.js';

export const runCommand: KubectlCommand = {
  name: 'run',
  short: 'Run a particular image on the cluster',
  help: 'Create and run a particular image in a pod.\n\nUsage:\n  kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]',
  flags: [
    ...GENERATOR_FLAGS.filter((f) => f.name !== 'field-manager' && f.name !== 'validate'),
    { name: 'image', type: 'string', usage: 'The image for the container to run.' },
    { name: 'restart', type: 'string', default: 'Always', usage: "The restart policy for this Pod.  Legal values [Always, OnFailure, Never]." },
    { name: 'env', type: 'stringArray', usage: 'Environment variables to set in the container.' },
    { name: 'labels', shorthand: 'l', type: 'string', usage: 'Comma separated labels to apply to the pod. Will override previous values.' },
    { name: 'port', type: 'string', usage: 'The port that this container exposes.' },
    { name: 'command', type: 'bool', usage: 'If true and extra arguments are present, use them as the \'command\' field in the container, rather than the \'args\' field which is the default.' },
    { name: 'image-pull-policy', type: 'string', usage: 'The image pull policy for the container.' },
    { name: 'stdin', shorthand: 'i', type: 'bool', usage: 'Keep stdin open on the container in the pod, even if nothing is attached.' },
    { name: 'tty', shorthand: 't', type: 'bool', usage: 'Allocate a TTY for the container in the pod.' },
    { name: 'rm', type: 'bool', usage: 'If true, delete the pod after it exits.  Only valid when attaching to the container.' },
    { name: 'attach', type: 'bool', usage: 'If true, wait for the Pod to start running, and then attach to the Pod as if \'kubectl attach ...\' were called.' },
    { name: 'expose', type: 'bool', usage: 'If true, create a ClusterIP service associated with the pod.  Requires `--port`.' },
    { name: 'annotations', type: 'stringArray', usage: 'Annotations to apply to the pod.' },
    { name: 'overrides', type: 'string', usage: 'An inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field.' },
    { name: 'override-type', type: 'string', default: 'merge', usage: 'The method used to override the generated object: json, merge, or strategic.' },
  ],
  run(ctx, _args, parsed) {
    const n = parsed.argsLenAtDash >= 0 ? parsed.argsLenAtDash : parsed.args.length;
    if (n < 1) throw usageError(ctx, 'NAME is required for run');
    requireFlags(parsed, 'image');
    const name = parsed.args[0]!;
    const image = parsed.flags.image as string;
    if (!image) throw new CmdError('--image is required');
    if (parsed.flags.rm && !parsed.flags.stdin && !parsed.flags.attach) throw new CmdError('--rm should only be used for attached containers');
    checkAttachFlags(ctx, parsed.flags);
    const attach = !!(parsed.flags.stdin || parsed.flags.attach);
    if (attach && parsed.flags.expose) throw new CmdError('--expose cannot be used with an attached container in the palette');
    if (attach && dryRunOf(parsed) !== 'none') throw new CmdError('--dry-run can\'t be used with attached containers options (--attach, --stdin, or --tty)');
    const restart = parsed.flags.restart as string;
    if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new CmdError(`invalid restart policy: ${restart}`);
    const rest = parsed.args.slice(1);
    const labelsText = parsed.flags.labels as string;
    const labels: Record<string, string> = {};
    if (labelsText) {
      for (const pair of labelsText.split(',')) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new CmdError(`invalid label spec: ${pair}`);
        labels[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
    } else labels.run = name;
    const env = (parsed.flags.env as string[]).map((e) => {
      const eq = e.indexOf('=');
      if (eq <= 0) throw new CmdError(`invalid env: ${e}`);
      return { name: e.slice(0, eq), value: e.slice(eq + 1) };
    });
    const annotations: Record<string, string> = {};
    for (const a of parsed.flags.annotations as string[]) {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new CmdError(`invalid annotation spec: ${a}`);
      annotations[a.slice(0, eq)] = a.slice(eq + 1);
    }
    const port = parsed.flags.port as string;
    if (port && !/^\d+$/.test(port)) throw new CmdError(`strconv.Atoi: parsing "${port}": invalid syntax`);
    if (parsed.flags.expose && !port) throw usageError(ctx, '--port must be set when exposing a service');
    const container: Record<string, unknown> = {
      ...(rest.length && !parsed.flags.command ? { args: rest } : {}),
      ...(rest.length && parsed.flags.command ? { command: rest } : {}),
      ...(env.length ? { env } : {}),
      image,
      ...(parsed.flags['image-pull-policy'] ? { imagePullPolicy: parsed.flags['image-pull-policy'] } : {}),
      name,
      ...(port ? { ports: [{ containerPort: Number(port) }] } : {}),
      resources: {},
      ...(parsed.flags.stdin ? { stdin: true, stdinOnce: true } : {}),
      ...(parsed.flags.tty ? { tty: true } : {}),
    };
    const pod: KObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...(Object.keys(annotations).length ? { annotations } : {}),
        creationTimestamp: null as unknown as string,
        labels,
        name,
        ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
      },
      spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
      status: {},
    };
    if (attach) return runAttached(ctx, withOverrides(pod, parsed.flags.overrides as string, parsed.flags['override-type'] as string) as Pod, { rm: !!parsed.flags.rm, tty: !!parsed.flags.tty });
    const podResult = () => finishCreate(ctx, parsed, withOverrides(pod, parsed.flags.overrides as string, parsed.flags['override-type'] as string));
    if (!parsed.flags.expose) return podResult();
    // kubectl creates the Service first, selecting the pod's labels, on the same port.
    const svc: KObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { creationTimestamp: null as unknown as string, name, ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}) },
      spec: { ports: [{ port: Number(port), protocol: 'TCP', targetPort: Number(port) }], selector: labels },
      status: { loadBalancer: {} },
    };
    const first = finishCreate(ctx, parsed, svc);
    if (first.exitCode !== 0) return first;
    const second = podResult();
    return { stdout: first.stdout + second.stdout, stderr: first.stderr + second.stderr, exitCode: second.exitCode };
  },
};

/** --overrides: a JSON patch of the kind --override-type names, applied to the generated pod. */
function withOverrides(pod: KObject, overrides: string, type: string): KObject {
  if (!overrides) return pod;
  if (!['json', 'merge', 'strategic'].includes(type)) throw new CmdError(`invalid override type: ${type}`);
  let patch: unknown;
  try {
    patch = JSON.parse(overrides);
  } catch (err) {
    throw new CmdError(`unable to parse "--overrides" as JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return applyPatch(type as 'json' | 'merge' | 'strategic', pod, patch) as KObject;
}
