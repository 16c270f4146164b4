/**
 * kubectl/oc exec (POD | TYPE/NAME) [-c CONTAINER] [-it] -- COMMAND [args...]: runs the command
 * in the simulated container shell (src/commands/pod). The checks and messages are kubectl's
 * and the kubelet's: no `--`, a completed pod, a container that is not running, a stopped
 * kubelet, a command the image does not ship, and a non-zero exit ("command terminated with
 * exit code N"). An interactive shell needs a terminal the palette has not: give `sh -c '...'`.
 */
import type { Container, KObject, Pod } from '../../../core/api/types.js';
import { resolveResource } from '../../../core/api/resources.js';
import { formatLabelSelector } from '../../../core/api/labels.js';
import { kubeletFor } from '../../../core/kubelet/index.js';
import { runPodArgv, podHasTool, type PodShell } from '../../pod/index.js';
import { imageTools } from '../../pod/images.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import type { CommandResult } from '../../shell/pipeline.js';
import { CmdError, usageError } from './common.js';

interface WorkerView {
  containers: Array<{ spec: Container; run?: { finishedAt?: number; startedAt: number; shell: { env: Record<string, string>; file(path: string): string | undefined } } }>;
}

const SHELLS = new Set(['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash']);

function targetPod(ctx: KubectlContext, target: string): Pod {
  const slash = target.indexOf('/');
  if (slash < 0) return ctx.client.get<Pod>('pods', ctx.namespace, target);
  const type = target.slice(0, slash);
  const name = target.slice(slash + 1);
  const res = resolveResource(type);
  if (!res) throw new CmdError(`the server doesn't have a resource type "${type}"`);
  if (res.plural === 'pods') return ctx.client.get<Pod>('pods', ctx.namespace, name);
  const obj = ctx.client.get<KObject>(res.plural, ctx.namespace, name);
  const sel = obj.kind === 'Service' || obj.kind === 'ReplicationController' ? (obj.spec?.selector ? formatLabelSelector({ matchLabels: obj.spec.selector }) : '') : formatLabelSelector(obj.spec?.selector);
  const pods = sel && sel !== '<none>' ? ctx.client.list<Pod>('pods', ctx.namespace, { labelSelector: sel }).items : [];
  const running = pods.filter((p) => p.status?.phase === 'Running').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const pod = running[0] ?? pods[0];
  if (!pod) throw new CmdError(`cannot attach to ${obj.kind}: selector for ${res.plural}/${name} does not match any pods`);
  return pod;
}

export const execCommand: KubectlCommand = {
  name: 'exec',
  short: 'Execute a command in a container',
  help: "Execute a command in a container.\n\nExamples:\n  # Get output from running the 'date' command from pod mypod, using the first container by default\n  kubectl exec mypod -- date\n\n  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod\n  kubectl exec mypod -c ruby-container -i -t -- bash -il\n\nUsage:\n  kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]",
  flags: [
    { name: 'container', shorthand: 'c', type: 'string', usage: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' },
    { name: 'stdin', shorthand: 'i', type: 'bool', usage: 'Pass stdin to the container' },
    { name: 'tty', shorthand: 't', type: 'bool', usage: 'Stdin is a TTY' },
    { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'Only print output from the remote session' },
    { name: 'pod-running-timeout', type: 'string', default: '1m0s', usage: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running' },
  ],
  run(ctx, args, parsed) {
    const dash = parsed.argsLenAtDash;
    if (args.length === 0) throw usageError(ctx, 'pod, type/name or --filename must be specified');
    if (dash < 0 && args.length > 1) {
      throw new CmdError(`exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee '${ctx.cli} exec -h' for help and examples`);
    }
    const command = dash >= 0 ? args.slice(dash) : [];
    if (dash > 1) throw usageError(ctx, 'exec [POD] -- [COMMAND]: only one pod may be named');
    if (command.length === 0) throw usageError(ctx, 'you must specify at least one command for the container');
    return execInPod(ctx, args[0]!, command, { container: parsed.flags.container as string | undefined, quiet: !!parsed.flags.quiet, tty: !!parsed.flags.tty });
  },
};

/** Runs a command in a pod's container as `kubectl exec` does (also used by kubectl cp). */
export function execInPod(ctx: KubectlContext, target: string, command: string[], opts: { container?: string; quiet?: boolean; tty?: boolean }): CommandResult {
  const pod = targetPod(ctx, target);
  const quiet = !!opts.quiet;
  let stderr = '';
  let name = opts.container || undefined;
  if (!name) {
    const byAnnotation = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    name = byAnnotation && pod.spec.containers.some((c) => c.name === byAnnotation) ? byAnnotation : pod.spec.containers[0]!.name;
    if (name !== byAnnotation && (pod.spec.containers.length > 1 || pod.spec.initContainers?.length) && !quiet) {
      const all = [...pod.spec.containers.map((c) => c.name), ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`)];
      stderr += `Defaulted container "${name}" out of: ${all.join(', ')}\n`;
    }
  }
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new CmdError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const container = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((c) => c.name === name);
  if (!container) {
    return { stdout: '', stderr: `${stderr}Error from server (BadRequest): container ${name} is not valid for pod ${pod.metadata.name}\n`, exitCode: 1 };
  }
  const node = pod.spec.nodeName;
  const kubelet = node ? kubeletFor(ctx.session.cluster.ctx, node) : undefined;
  if (!node || !kubelet) throw new CmdError(`unable to upgrade connection: container not found ("${name}")`);
  if (!kubelet.running) {
    const ip = ctx.session.cluster.info.nodes.find((n) => n.name === node)?.ip ?? '';
    return { stdout: '', stderr: `${stderr}Error from server: error dialing backend: dial tcp ${ip}:10250: connect: connection refused\n`, exitCode: 1 };
  }
  const worker = (kubelet as unknown as { worker?(ns: string, name: string): WorkerView | undefined }).worker?.(pod.metadata.namespace!, pod.metadata.name);
  const run = worker?.containers.find((c) => c.spec.name === name)?.run;
  if (!run || run.finishedAt !== undefined) throw new CmdError(`unable to upgrade connection: container not found ("${name}")`);
  const shell: PodShell = {
    session: ctx.session,
    pod,
    container,
    env: run.shell.env,
    file: (path) => run.shell.file(path),
    startedAt: run.startedAt,
    tools: imageTools(container.image),
  };
  const interactive = SHELLS.has(command[0]!) && command.length === 1;
  if (interactive && podHasTool(shell, command[0]!)) {
    throw new CmdError(`an interactive shell needs a terminal, which the palette has not: run one command at a time, e.g. ${ctx.cli} exec ${opts.tty ? '-it ' : ''}${pod.metadata.name} -- ${command[0]} -c 'cat /etc/resolv.conf'`);
  }
  const r = runPodArgv(command, ctx.stdin, shell);
  if (!r) {
    const bin = command[0]!;
    if (ctx.session.cluster.info.flavor === 'openshift') {
      return { stdout: '', stderr: `${stderr}time="${new Date(ctx.session.cluster.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z')}" level=error msg="exec failed: unable to start container process: exec: \\"${bin}\\": executable file not found in $PATH"\ncommand terminated with exit code 255\n`, exitCode: 255 };
    }
    return { stdout: '', stderr: `${stderr}error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${kubeletExecId(pod, bin)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${bin}": executable file not found in $PATH: unknown\n`, exitCode: 1 };
  }
  const tail = r.exitCode !== 0 ? `command terminated with exit code ${r.exitCode}\n` : '';
  return { stdout: r.stdout, stderr: stderr + r.stderr + tail, exitCode: r.exitCode };
}

function kubeletExecId(pod: Pod, bin: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${pod.metadata.uid}/${bin}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return (h.toString(16).padStart(8, '0')).repeat(8);
}
