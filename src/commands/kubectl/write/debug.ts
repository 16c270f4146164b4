/**
 * kubectl/oc debug node/NAME -- COMMAND: runs COMMAND in a simulated node shell
 * (src/commands/node) and prints what the real tools print around it. No debug pod object is
 * created: the shell works even when the node's kubelet is stopped (which is exactly when it is
 * needed), where a real debug pod could not start.
 */
import { SeededRandom } from '../../../core/random.js';
import type { Session } from '../../session.js';
import { runNodeArgv } from '../../node/index.js';
import type { KubectlCommand } from '../types.js';
import { CmdError, usageError } from './common.js';

const rngs = new WeakMap<Session, SeededRandom>();

/** Name suffixes from the session's own stream, so runs are reproducible. */
function suffix(session: Session): string {
  let r = rngs.get(session);
  if (!r) rngs.set(session, (r = session.cluster.random.fork('debug-pods')));
  return r.suffix(5);
}

export const debugCommand: KubectlCommand = {
  name: 'debug',
  short: 'Create debugging sessions for troubleshooting workloads and nodes',
  help: 'Debug cluster resources using interactive debugging containers.\n\nUsage:\n  kubectl debug (POD | TYPE[[.VERSION].GROUP]/NAME) [ -- COMMAND [args...] ] [options]',
  flags: [
    { name: 'image', type: 'string', usage: 'Container image to use for debug container.' },
    { name: 'stdin', shorthand: 'i', type: 'bool', usage: 'Keep stdin open on the container(s) in the pod, even if nothing is attached.' },
    { name: 'tty', shorthand: 't', type: 'bool', usage: 'Allocate a TTY for the debugging container.' },
    { name: 'profile', type: 'string', default: 'legacy', usage: 'Options are "legacy", "general", "baseline", "netadmin", "restricted" or "sysadmin".' },
    { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'If true, suppress informational messages.' },
    { name: 'container', shorthand: 'c', type: 'string', usage: 'Container name to use for debug container.' },
    { name: 'attach', type: 'bool', usage: 'If true, wait for the container to start running, and then attach.' },
    { name: 'env', type: 'stringArray', usage: 'Environment variables to set in the container.' },
    { name: 'to-namespace', type: 'string', usage: 'Override the namespace of the debug pod (oc).' },
  ],
  run(ctx, args, parsed) {
    const dash = parsed.argsLenAtDash;
    const targets = dash >= 0 ? args.slice(0, dash) : args.slice(0, 1);
    const command = dash >= 0 ? args.slice(dash) : args.slice(1);
    if (targets.length === 0) throw usageError(ctx, 'NAME or TYPE/NAME is required for debug');
    const target = targets[0]!;
    const slash = target.indexOf('/');
    const type = slash < 0 ? 'pod' : target.slice(0, slash).toLowerCase();
    if (!['node', 'nodes', 'no'].includes(type)) {
      throw new CmdError(`debugging ${slash < 0 ? 'pods' : type} is not available in the palette yet; debug a node: ${ctx.cli} debug node/NAME -- chroot /host COMMAND`);
    }
    const nodeName = target.slice(slash + 1);
    const node = ctx.client.get('nodes', undefined, nodeName);
    const oc = ctx.cli === 'oc';
    const image = parsed.flags.image as string;
    if (!oc && !image) throw new CmdError('--image is required when debugging a node');
    if (command.length === 0) {
      throw new CmdError(
        `an interactive terminal is required for a debug shell, and the palette has none: give the command after --, e.g. ${ctx.cli} debug node/${nodeName}${oc ? '' : ` -it --image=${image}`} -- chroot /host systemctl status kubelet`,
      );
    }
    const session = ctx.session;
    const shell = { session, node: node.metadata.name, chroot: false };
    const quiet = !!parsed.flags.quiet;
    if (!oc) {
      const pod = `node-debugger-${nodeName}-${suffix(session)}`;
      const container = (parsed.flags.container as string) || 'debugger';
      const head = quiet ? '' : `Creating debugging pod ${pod} with container ${container} on node ${nodeName}.\n`;
      const r = runNodeArgv(command, ctx.stdin, shell);
      return { stdout: head + r.stdout, stderr: r.stderr, exitCode: r.exitCode };
    }
    const ns = `openshift-debug-${suffix(session)}`;
    const pod = `${nodeName}-debug-${suffix(session)}`;
    const r = runNodeArgv(command, ctx.stdin, shell);
    const before = quiet
      ? ''
      : `Temporary namespace ${ns} is created for debugging node...\nStarting pod/${pod} ...\nTo use host binaries, run \`chroot /host\`. Instead, if you need to access host namespaces, run \`nsenter -a -t 1\`.\n`;
    const after = quiet ? '' : `\nRemoving debug pod ...\nTemporary namespace ${ns} was removed.\n`;
    const failure = r.exitCode !== 0 ? 'error: non-zero exit code from debug container\n' : '';
    return { stdout: r.stdout, stderr: before + r.stderr + after + failure, exitCode: r.exitCode === 0 ? 0 : 1 };
  },
};
