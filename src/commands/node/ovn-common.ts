/** Shared bits of the OVS/OVN node tools: the cluster's network model and the node's ports. */
import type { Pod } from '../../core/api/types.js';
import { kubeletFor } from '../../core/kubelet/index.js';
import type { OvnNetwork } from '../../core/network/model.js';
import type { CommandResult } from '../shell/pipeline.js';
import type { NodeShell } from './types.js';

export const res = (stdout: string, stderr = '', exitCode = 0): CommandResult => ({ stdout, stderr, exitCode });

export function networkOf(shell: NodeShell): OvnNetwork {
  return shell.session.cluster.network.model;
}

/** The host tools (OVS, OVN) live on the host: before `chroot /host` the debug container has none. */
export function needsHost(shell: NodeShell, name: string): CommandResult | undefined {
  return shell.chroot ? undefined : res('', `sh: ${name}: command not found\n`, 127);
}

/** The OVS interface name of a pod: the first 15 characters of its sandbox ID, as CRI-O/containerd name the veth. */
export function podInterfaces(shell: NodeShell): Map<string, string> {
  const out = new Map<string, string>();
  const k = kubeletFor(shell.session.cluster.ctx, shell.node);
  for (const s of k?.sandboxes() ?? []) out.set(`${s.namespace}/${s.name}`, s.id.slice(0, 15));
  return out;
}

export function ifaceOf(ifaces: Map<string, string>, p: Pod): string {
  return ifaces.get(`${p.metadata.namespace}/${p.metadata.name}`) ?? p.metadata.uid?.replace(/-/g, '').slice(0, 15) ?? 'unknown';
}

/** HH:MM:SS.micro of a simulated instant (UTC), as tcpdump prints it. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}`;
}

export const OVS_VERSION = '3.1.5';
export const OVN_VERSION = '23.09.4';
