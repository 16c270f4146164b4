/**
 * The node shell behind `oc debug node/X -- ...`: one file per tool, found by name through
 * resolveNodeTool. Command lines go through the palette's shell layer (pipes, &&), so
 * `chroot /host systemctl status kubelet | head -3` works as on a node.
 */
import { FILTERS } from '../shell/filters/index.js';
import { runPipeline, type CommandResult, type CommandResolver } from '../shell/pipeline.js';
import { systemctl } from './systemctl.js';
import { journalctl } from './journalctl.js';
import { catFile, du, ls, mv, rm } from './files.js';
import { crictl } from './crictl.js';
import { df, free, ps, ss, top } from './system.js';
import { ovsVsctl } from './ovs-vsctl.js';
import { ovsOfctl } from './ovs-ofctl.js';
import { ovnNbctl } from './ovn-nbctl.js';
import { ovnSbctl } from './ovn-sbctl.js';
import { ovnTrace } from './ovn-trace.js';
import { tcpdump } from './tcpdump.js';
import { ip } from './ip.js';
import { ovnAppctl } from './ovn-appctl.js';
import type { NodeShell, NodeTool } from './types.js';

export type { NodeShell, NodeTool } from './types.js';

/** Host tools a real node has that the simulation does not offer yet. */
const NOT_YET = ['iptables', 'podman', 'netstat', 'curl', 'nslookup', 'dig', 'mount'];

const hostname: NodeTool = (_argv, _stdin, shell) => ({ stdout: `${shell.node}\n`, stderr: '', exitCode: 0 });

/** chroot /host CMD...: the rest runs with the host's binaries. */
const chroot: NodeTool = (argv, stdin, shell) => {
  const dir = argv[1];
  if (!dir) return { stdout: '', stderr: "chroot: missing operand\nTry 'chroot --help' for more information.\n", exitCode: 125 };
  if (dir !== '/host' && !(shell.chroot && dir === '/')) {
    return { stdout: '', stderr: `chroot: cannot change root directory to '${dir}': No such file or directory\n`, exitCode: 125 };
  }
  const rest = argv.slice(2);
  if (rest.length === 0) {
    return { stdout: '', stderr: 'chroot /host without a command starts an interactive shell, which the palette cannot attach to; give the command: chroot /host systemctl status kubelet\n', exitCode: 1 };
  }
  return runNodeArgv(rest, stdin, { ...shell, chroot: true });
};

/** sh -c '...' / bash -c '...': a command line through the shell layer. */
const sh: NodeTool = (argv, stdin, shell) => {
  if (argv[1] !== '-c' || argv[2] === undefined) {
    return { stdout: '', stderr: `${argv[0]}: an interactive shell needs a terminal; use ${argv[0]} -c 'COMMAND'\n`, exitCode: 1 };
  }
  return runNodeLine(argv[2], stdin, shell);
};

const TOOLS: Record<string, NodeTool> = { chroot, systemctl, journalctl, hostname, sh, bash: sh, ls, cat: catFile, mv, rm, du, crictl, df, free, top, ps, ss, 'ovs-vsctl': ovsVsctl, 'ovs-ofctl': ovsOfctl, 'ovn-nbctl': ovnNbctl, 'ovn-sbctl': ovnSbctl, 'ovn-trace': ovnTrace, 'ovn-appctl': ovnAppctl, tcpdump, ip };

export function resolveNodeTool(name: string): NodeTool | undefined {
  const base = name.split('/').pop() ?? name;
  return TOOLS[base];
}

function resolver(shell: NodeShell): CommandResolver {
  return (name) => {
    const tool = resolveNodeTool(name);
    if (tool) return (argv, stdin) => tool(argv, stdin, shell);
    const filter = FILTERS[name];
    if (filter) return filter;
    if (NOT_YET.includes(name)) {
      return () => ({ stdout: '', stderr: `${name}: not simulated on nodes yet in kubedrill\n`, exitCode: 127 });
    }
    return undefined;
  };
}

/** Runs an argv (what follows `--` on the debug command line) in the node shell. */
export function runNodeArgv(argv: string[], stdin: string, shell: NodeShell): CommandResult {
  const name = argv[0] ?? '';
  const run = resolver(shell)(name);
  if (!run) {
    const msg = shell.chroot
      ? `chroot: failed to run command '${name}': No such file or directory\n`
      : `exec: "${name}": executable file not found in $PATH\n`;
    return { stdout: '', stderr: msg, exitCode: 127 };
  }
  return run(argv, stdin);
}

/** Runs a shell command line (sh -c) in the node shell. */
export function runNodeLine(line: string, stdin: string, shell: NodeShell): CommandResult {
  void stdin;
  return runPipeline(line, resolver(shell));
}
