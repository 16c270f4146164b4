/** What the network tools inside a pod share: resolving a name and dialling through the tracer. */
import type { Dial } from '../../core/network/index.js';
import type { PodShell } from './types.js';

export { httpReply, type HttpReply } from '../../core/network/http.js';

export type Resolved = { ok: true; ip: string; name: string } | { ok: false; timeout: boolean };

export function resolveHost(shell: PodShell, host: string): Resolved {
  const r = shell.session.cluster.network.connectivity.resolve(shell.pod, host);
  return r.ok ? r : { ok: false, timeout: !!r.timeout };
}

export function dial(shell: PodShell, ip: string, port: number): Dial {
  return shell.session.cluster.network.connectivity.dial(shell.pod, ip, port, 'TCP');
}

export function parseUrl(raw: string): { scheme: string; host: string; port: number; path: string } | undefined {
  const m = /^(?:([a-z]+):\/\/)?([^/:?#]+)(?::(\d+))?([^?#]*)?/i.exec(raw);
  if (!m) return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  return { scheme, host: m[2]!, port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path: m[4] || '/' };
}
