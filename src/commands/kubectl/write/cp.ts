/**
 * kubectl cp [NS/]POD:PATH LOCAL [-c CONTAINER]: reads the file through an exec in the container
 * (kubectl runs tar there; here the pod shell's cat) and writes it into the session's own data
 * folder, where the palette's `cat LOCAL` finds it. Nothing is written on the host beyond that
 * folder. Copying into a container is refused: container files come from the image and volumes.
 */
import type { KubectlCommand } from '../types.js';
import { writeSessionFile } from '../../session.js';
import { execInPod } from './exec.js';
import { CmdError, usageError } from './common.js';

/** `[ns/]pod:path` -> its parts, or undefined for a local path. */
function remote(spec: string): { namespace?: string; pod: string; path: string } | undefined {
  const colon = spec.indexOf(':');
  if (colon <= 0) return undefined;
  const left = spec.slice(0, colon);
  const slash = left.indexOf('/');
  return slash < 0 ? { pod: left, path: spec.slice(colon + 1) } : { namespace: left.slice(0, slash), pod: left.slice(slash + 1), path: spec.slice(colon + 1) };
}

export const cpCommand: KubectlCommand = {
  name: 'cp',
  short: 'Copy files and directories to and from containers',
  help:
    'Copy files and directories to and from containers.\n\nExamples:\n  # Copy /tmp/foo from a remote pod to /tmp/bar locally\n  kubectl cp <some-namespace>/<some-pod>:/tmp/foo /tmp/bar\n\n' +
    'Usage:\n  kubectl cp <file-spec-src> <file-spec-dest> [options]',
  flags: [
    { name: 'container', shorthand: 'c', type: 'string', usage: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' },
    { name: 'no-preserve', type: 'bool', usage: 'The copied file/directory\'s ownership and permissions will not be preserved in the container' },
    { name: 'retries', type: 'int', default: 0, usage: 'Set number of retries to complete a copy operation from a container. Specify 0 to disable or any negative value for infinite retrying. The default is 0 (no retry).' },
  ],
  run(ctx, args, parsed) {
    if (args.length !== 2) throw usageError(ctx, 'source and destination are required');
    const src = remote(args[0]!);
    const dst = remote(args[1]!);
    if (!src && !dst) throw new CmdError('one of src or dest must be a remote file specification');
    if (src && dst) throw new CmdError('one of src or dest must be a local file specification');
    if (dst) throw new CmdError(`copying into a container is not simulated in kubedrill: its files come from the image and its volumes (change a ConfigMap or Secret instead)`);
    const { namespace = ctx.namespace, pod, path } = src!;
    if (!path) throw new CmdError('filepath can not be empty');
    const container = parsed.flags.container as string;
    const r = execInPod({ ...ctx, namespace }, pod, ['cat', path], { container, quiet: true });
    if (r.exitCode !== 0) {
      // kubectl reports what tar said inside the container.
      const why = /No such file or directory/.test(r.stderr)
        ? `tar: ${path.replace(/^\//, '')}: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n`
        : r.stderr.replaceAll('"cat"', '"tar"').replaceAll('\\"cat\\"', '\\"tar\\"');
      return { stdout: '', stderr: why, exitCode: 1 };
    }
    writeSessionFile(ctx.session, args[1]!, r.stdout);
    return { stdout: '', stderr: path.startsWith('/') ? "tar: Removing leading `/' from member names\n" : '', exitCode: 0 };
  },
};

export const portForwardCommand: KubectlCommand = {
  name: 'port-forward',
  short: 'Forward one or more local ports to a pod',
  help: 'Forward one or more local ports to a pod.\n\nUsage:\n  kubectl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]',
  flags: [
    { name: 'address', type: 'stringSlice', usage: 'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value.' },
    { name: 'pod-running-timeout', type: 'string', default: '1m0s', usage: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running' },
  ],
  run(ctx, args) {
    if (args.length < 2) throw usageError(ctx, 'TYPE/NAME and list of ports are required for port-forward');
    throw new CmdError(
      `port-forward keeps a local port open until you stop it, and the palette runs one command at a time. Reach the port from inside the cluster instead: ${ctx.cli} exec ${args[0]} -- curl -s localhost:${args[1]!.split(':').pop()}`,
    );
  },
};
