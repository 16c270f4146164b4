/**
 * What the process behind a port answers to an HTTP GET, by its image: nginx's welcome page,
 * Apache's "It works!", nothing from databases. Shared by `kubectl exec ... curl` and by the
 * busybox-style commands containers run (`kubectl run -i --image=busybox -- wget -qO- URL`).
 */
import type { Pod } from '../api/types.js';
import { normalizeImage } from '../kubelet/images.js';

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

