/**
 * The shell inside a container behind `kubectl exec POD -- ...`: one file per tool, the
 * palette's text filters (grep, head, wc...), and, in the ovnkube-node pod, the OVS/OVN tools
 * of its node. A tool the image does not ship is "not found", as in a real container.
 */
import { FILTERS } from '../shell/filters/index.js';
import { runPipeline, type CommandResult, type CommandResolver } from '../shell/pipeline.js';
import { resolveNodeTool } from '../node/index.js';
import type { PodShell, PodTool } from './types.js';
import { cat } from './cat.js';
import { env } from './env.js';
import { hostname } from './hostname.js';
import { echo } from './echo.js';
import { ip } from './ip.js';
import { ps } from './ps.js';
import { nslookup } from './nslookup.js';
import { curl } from './curl.js';
import { wget } from './wget.js';
import { makeSh } from './sh.js';
import { etcdctl } from './etcdctl.js';

export type { PodShell, PodTool } from './types.js';

const sh = makeSh((line, stdin, shell) => runPodLine(line, stdin, shell));
const ok: PodTool = () => ({ stdout: '', stderr: '', exitCode: 0 });
const no: PodTool = () => ({ stdout: '', stderr: '', exitCode: 1 });

const TOOLS: Record<string, PodTool> = { cat, env, printenv: env, hostname, echo, ip, ps, nslookup, curl, wget, sh, bash: sh, ash: sh, true: ok, false: no, etcdctl };
/** Host tools reachable from the ovnkube-node containers (they run on the node's OVS/OVN). */
const NODE_TOOLS = ['ovs-vsctl', 'ovs-ofctl', 'ovn-nbctl', 'ovn-sbctl', 'ovn-trace', 'ovn-appctl', 'tcpdump'];

function base(name: string): string {
  return name.split('/').pop() ?? name;
}

/** Whether the container's image has the command (filters count as coreutils). */
export function podHasTool(shell: PodShell, name: string): boolean {
  const b = base(name);
  if (!shell.tools) return true;
  if (shell.tools.has(b)) return true;
  return shell.tools.size > 0 && !!FILTERS[b] && shell.tools.has('sh');
}

function resolver(shell: PodShell): CommandResolver {
  return (name) => {
    const b = base(name);
    if (!podHasTool(shell, b)) return undefined;
    const tool = TOOLS[b];
    if (tool) return (argv, stdin) => tool(argv, stdin, shell);
    if (NODE_TOOLS.includes(b)) {
      const nodeTool = resolveNodeTool(b);
      if (nodeTool) return (argv, stdin) => nodeTool(argv, stdin, { session: shell.session, node: shell.pod.spec.nodeName!, chroot: true });
    }
    return FILTERS[b];
  };
}

/** Runs an argv in the container; undefined when the command does not exist there. */
export function runPodArgv(argv: string[], stdin: string, shell: PodShell): CommandResult | undefined {
  const run = resolver(shell)(argv[0] ?? '');
  return run ? run(argv, stdin) : undefined;
}

/** Runs a command line (sh -c) in the container: a missing command is `sh: X: not found`, 127. */
export function runPodLine(line: string, _stdin: string, shell: PodShell): CommandResult {
  const r = resolver(shell);
  return runPipeline(line, (name) => r(name) ?? (() => ({ stdout: '', stderr: `sh: ${name}: not found\n`, exitCode: 127 })));
}
