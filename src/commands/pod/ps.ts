/** ps inside a container (busybox format; `ps aux`/`ps -ef` the procps columns): PID 1 is the container's process. */
import { normalizeImage } from '../../core/kubelet/images.js';
import { res, type PodTool, type PodShell } from './types.js';

const KNOWN: Array<[RegExp, string[]]> = [
  [/\/nginx/, ['nginx: master process nginx -g daemon off;', 'nginx: worker process']],
  [/\/httpd:/, ['httpd -DFOREGROUND', 'httpd -DFOREGROUND']],
  [/\/redis:/, ['redis-server *:6379']],
  [/\/postgres:/, ['postgres', 'postgres: checkpointer', 'postgres: background writer']],
  [/\/busybox:|\/alpine:/, ['sh']],
];

function processes(shell: PodShell): string[] {
  const c = shell.container;
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (argv.length) return [argv.join(' ')];
  const ref = normalizeImage(c.image);
  for (const [re, procs] of KNOWN) if (re.test(ref)) return procs;
  return [ref.split('/').pop()!.split(':')[0]!];
}

export const ps: PodTool = (argv, _stdin, shell) => {
  const procs = processes(shell);
  // TIME is CPU time (m:ss); the simulated processes are all but idle.
  const time = '0:00';
  const rows = procs.map((cmd, i) => ({ pid: i === 0 ? 1 : 20 + i * 9, cmd }));
  const self = { pid: 20 + procs.length * 9 + 7, cmd: argv.join(' ') };
  if (argv.includes('aux') || argv.includes('-ef') || argv.includes('-e')) {
    let out = 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n';
    const start = new Date(shell.startedAt).toISOString().slice(11, 16);
    for (const r of [...rows, self]) out += `root     ${String(r.pid).padStart(7)}  0.0  0.0  ${r === self ? ' 8092  3880' : '11520  7352'} ?        ${r === self ? 'Rs' : 'Ss'}   ${start}   ${time} ${r.cmd}\n`;
    return res(out);
  }
  let out = 'PID   USER     TIME  COMMAND\n';
  for (const r of [...rows, self]) out += `${String(r.pid).padStart(5)} root      ${r === self ? '0:00' : time} ${r.cmd}\n`;
  return res(out);
};
