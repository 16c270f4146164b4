/** What the network tools inside a pod share: resolving a name and dialling through the tracer. */
import type { Pod } from '../../core/api/types.js';
import { normalizeImage } from '../../core/kubelet/images.js';
import type { Dial } from '../../core/network/index.js';
import type { PodShell } from './types.js';

export type Resolved = { ok: true; ip: string; name: string } | { ok: false; timeout: boolean };

export function resolveHost(shell: PodShell, host: string): Resolved {
  const r = shell.session.cluster.network.connectivity.resolve(shell.pod, host);
  return r.ok ? r : { ok: false, timeout: !!r.timeout };
}

export function dial(shell: PodShell, ip: string, port: number): Dial {
  return shell.session.cluster.network.connectivity.dial(shell.pod, ip, port, 'TCP');
}

const NGINX_PAGE = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

export interface HttpReply {
  /** undefined: the server does not speak HTTP (curl: (52) Empty reply from server). */
  status?: string;
  server?: string;
  contentType: string;
  body: string;
}

/** What the process behind a port answers to GET. */
export function httpReply(pod: Pod | undefined, port: number): HttpReply {
  const c = pod?.spec.containers.find((x) => (x.ports ?? []).some((p) => p.containerPort === port)) ?? pod?.spec.containers[0];
  const ref = c ? normalizeImage(c.image) : '';
  if (/\/nginx(inc\/nginx-unprivileged)?:/.test(ref)) return { status: '200 OK', server: `nginx/${ref.includes(':1.25') ? '1.25.5' : '1.27.3'}`, contentType: 'text/html', body: NGINX_PAGE };
  if (/\/httpd:/.test(ref)) return { status: '200 OK', server: 'Apache/2.4.62 (Unix)', contentType: 'text/html', body: '<html><body><h1>It works!</h1></body></html>\n' };
  if (/\/(redis|postgres|mysql|memcached|rabbitmq):/.test(ref)) return { contentType: '', body: '' };
  if (/coredns/.test(ref)) return { status: '404 Not Found', contentType: 'text/plain; charset=utf-8', body: '404 page not found\n' };
  if (!pod) return { status: '200 OK', server: 'gws', contentType: 'text/html; charset=ISO-8859-1', body: '<!doctype html><html><head><title>Example</title></head><body>ok</body></html>\n' };
  return { status: '200 OK', contentType: 'text/plain; charset=utf-8', body: 'OK\n' };
}

export function parseUrl(raw: string): { scheme: string; host: string; port: number; path: string } | undefined {
  const m = /^(?:([a-z]+):\/\/)?([^/:?#]+)(?::(\d+))?([^?#]*)?/i.exec(raw);
  if (!m) return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  return { scheme, host: m[2]!, port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path: m[4] || '/' };
}
