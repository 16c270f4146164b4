/** wget (busybox) inside a pod: -q, -O- / -O FILE, -T SEC, --spider; errors as busybox prints them. */
import { dial, httpReply, parseUrl, resolveHost } from './net.js';
import { res, type PodTool } from './types.js';

export const wget: PodTool = (argv, _stdin, shell) => {
  let quiet = false;
  let toStdout = false;
  let spider = false;
  let timeout: number | undefined;
  let url: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-O') toStdout = argv[++i] === '-';
    else if (a === '-O-' || a === '-qO-') {
      toStdout = true;
      if (a === '-qO-') quiet = true;
    } else if (a === '-T') timeout = Number(argv[++i]);
    else if (a === '--spider') spider = true;
    else if (a === '-q') quiet = true;
    else if (/^-[a-zA-Z]+$/.test(a)) {
      if (a.includes('q')) quiet = true;
    } else if (!a.startsWith('-')) url = a;
  }
  if (!url) return res('', 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n', 1);
  const u = parseUrl(url);
  if (!u) return res('', `wget: bad address '${url}'\n`, 1);
  let ip = u.host;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(u.host)) {
    const r = resolveHost(shell, u.host);
    if (!r.ok) return res('', `wget: bad address '${u.host}'\n`, 1);
    ip = r.ip;
  }
  let err = quiet ? '' : `Connecting to ${u.host}${u.port === 80 ? '' : `:${u.port}`} (${ip}:${u.port})\n`;
  const d = dial(shell, ip, u.port);
  if (!d.ok) {
    if (d.reason === 'timeout' && timeout !== undefined) return res('', `${err}wget: download timed out\n`, 1);
    const why = d.reason === 'refused' ? 'Connection refused' : d.reason === 'unreachable' ? 'No route to host' : 'Connection timed out';
    return res('', `${err}wget: can't connect to remote host (${ip}): ${why}\n`, 1);
  }
  const reply = httpReply(d.pod, d.trace?.backend?.port ?? u.port);
  if (!reply.status) return res('', `${err}wget: error getting response: Connection reset by peer\n`, 1);
  if (!reply.status.startsWith('2')) return res('', `${err}wget: server returned error: HTTP/1.1 ${reply.status}\n`, 1);
  if (spider) return res('', quiet ? '' : `${err}remote file exists\n`, 0);
  const size = Buffer.byteLength(reply.body);
  if (!toStdout) {
    const file = u.path.split('/').pop() || 'index.html';
    if (!quiet) err += `saving to '${file}'\n${file.padEnd(21)}100% |********************************|   ${size}  0:00:00 ETA\n'${file}' saved\n`;
    return res('', err, 0);
  }
  if (!quiet) err += `writing to stdout\n-                    100% |********************************|   ${size}  0:00:00 ETA\nwritten to stdout\n`;
  return res(reply.body, err, 0);
};
