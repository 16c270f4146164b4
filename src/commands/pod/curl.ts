/**
 * curl (8.x) inside a pod: name resolution through cluster DNS, the connection through the
 * packet tracer. The exit codes and messages are curl's: 6 Could not resolve host, 7 Couldn't
 * connect to server (refused), 28 timeouts (a NetworkPolicy drop, an unbound port), 52 Empty
 * reply from a non-HTTP server. -v prints the connection and the HTTP exchange on stderr.
 */
import { dial, httpReply, parseUrl, resolveHost } from './net.js';
import { res, type PodTool } from './types.js';

const CURL_VERSION = '8.10.1';

export const curl: PodTool = (argv, _stdin, shell) => {
  let verbose = false;
  let silent = false;
  let showErr = false;
  let head = false;
  let fail = false;
  let timeout: number | undefined;
  let url: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--connect-timeout' || a === '-m' || a === '--max-time') timeout = Number(argv[++i]) * 1000;
    else if (a === '-o' || a === '--output' || a === '-w' || a === '-H' || a === '-X' || a === '-d' || a === '--data' || a === '-u') i++;
    else if (a === '--verbose') verbose = true;
    else if (a === '--silent') silent = true;
    else if (a === '--show-error') showErr = true;
    else if (a === '--head') head = true;
    else if (a === '--fail') fail = true;
    else if (/^-[a-zA-Z]+$/.test(a)) {
      if (a.includes('v')) verbose = true;
      if (a.includes('s')) silent = true;
      if (a.includes('S')) showErr = true;
      if (a.includes('I')) head = true;
      if (a.includes('f')) fail = true;
    } else if (!a.startsWith('-')) url = a;
  }
  if (!url) return res('', "curl: try 'curl --help' or 'curl --manual' for more information\n", 2);
  const u = parseUrl(url);
  if (!u) return res('', `curl: (3) URL rejected: Malformed input to a URL function\n`, 3);
  const quietErr = silent && !showErr;
  let err = '';
  const v = (line: string): void => {
    if (verbose) err += `${line}\n`;
  };
  const failWith = (code: number, msg: string): ReturnType<PodTool> => {
    v(`* ${msg}`);
    v('* closing connection #0');
    return res('', err + (quietErr ? '' : `curl: (${code}) ${msg}\n`), code);
  };
  let ip = u.host;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(u.host)) {
    const r = resolveHost(shell, u.host);
    if (!r.ok) {
      if (r.timeout && timeout !== undefined && timeout < 10_000) return failWith(28, `Resolving timed out after ${timeout} milliseconds`);
      return failWith(6, `Could not resolve host: ${u.host}`);
    }
    ip = r.ip;
  }
  v(`*   Trying ${ip}:${u.port}...`);
  const d = dial(shell, ip, u.port);
  const src = shell.pod.status?.podIP ?? '';
  if (!d.ok) {
    if (d.reason === 'refused') {
      v(`* connect to ${ip} port ${u.port} from ${src} port ${41000 + (u.port % 1000)} failed: Connection refused`);
      return failWith(7, `Failed to connect to ${u.host} port ${u.port} after 1 ms: Couldn't connect to server`);
    }
    if (d.reason === 'unreachable') {
      v(`* connect to ${ip} port ${u.port} from ${src} port ${41000 + (u.port % 1000)} failed: No route to host`);
      return failWith(7, `Failed to connect to ${u.host} port ${u.port} after 3071 ms: Couldn't connect to server`);
    }
    if (timeout !== undefined) return failWith(28, `Connection timed out after ${timeout + 1} milliseconds`);
    v(`* connect to ${ip} port ${u.port} from ${src} port ${41000 + (u.port % 1000)} failed: Connection timed out`);
    return failWith(28, `Failed to connect to ${u.host} port ${u.port} after 130048 ms: Couldn't connect to server`);
  }
  v(`* Connected to ${u.host} (${ip}) port ${u.port}`);
  if (u.scheme === 'https') {
    v('* ALPN: curl offers h2,http/1.1');
    return failWith(35, 'OpenSSL/3.3.2: error:0A00010B:SSL routines::wrong version number');
  }
  const reply = httpReply(d.pod, d.trace?.backend?.port ?? u.port);
  const method = head ? 'HEAD' : 'GET';
  v(`> ${method} ${u.path} HTTP/1.1`);
  v(`> Host: ${u.host}${u.port === 80 ? '' : `:${u.port}`}`);
  v(`> User-Agent: curl/${CURL_VERSION}`);
  v('> Accept: */*');
  v('> ');
  v('* Request completely sent off');
  if (!reply.status) return failWith(52, 'Empty reply from server');
  const date = new Date(shell.session.cluster.clock.now()).toUTCString();
  const headers = [`HTTP/1.1 ${reply.status}`, ...(reply.server ? [`Server: ${reply.server}`] : []), `Date: ${date}`, `Content-Type: ${reply.contentType}`, `Content-Length: ${Buffer.byteLength(reply.body)}`, 'Connection: keep-alive'];
  for (const h of headers) v(`< ${h}`);
  v('< ');
  const code = Number(reply.status.split(' ')[0]);
  if (fail && code >= 400) return failWith(22, `The requested URL returned error: ${code}`);
  if (verbose && !head) err += `{ [${Buffer.byteLength(reply.body)} bytes data]\n`;
  v(`* Connection #0 to host ${u.host} left intact`);
  return res(head ? headers.map((h) => `${h}\r\n`).join('') + '\r\n' : reply.body, err, 0);
};
