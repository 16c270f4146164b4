/**
 * df, free, top, ps and ss on a node, computed from the simulation: disk from the node's
 * files and images (node-files.ts), memory and CPU from the kubelet's usage (kubelet running
 * or not), processes from the host services, the control-plane static pods and the running
 * containers, listening sockets from those processes. Formats follow coreutils, procps-ng and
 * iproute2; numbers are the simulation's own.
 */
import { kubeletFor, type KubeletComponent } from '../../core/kubelet/index.js';
import { quantityValue } from '../../core/api/quantity.js';
import type { CommandResult } from '../shell/pipeline.js';
import { humanSize } from './files.js';
import type { NodeShell, NodeTool } from './types.js';

const res = (stdout: string, stderr = '', exitCode = 0): CommandResult => ({ stdout, stderr, exitCode });
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function kubelet(shell: NodeShell): KubeletComponent | undefined {
  return kubeletFor(shell.session.cluster.ctx, shell.node);
}

// ---------------------------------------------------------------- df

interface Mount {
  fs: string;
  size: number;
  used: number;
  mount: string;
}

function mounts(shell: NodeShell, k: KubeletComponent): Mount[] {
  const mem = quantityValue(k.node.capacity.memory);
  const openshift = shell.session.cluster.info.flavor === 'openshift';
  const root = { fs: openshift ? '/dev/sda4' : '/dev/sda1', size: k.files.capacityBytes, used: k.files.usedBytes(), mount: openshift ? '/sysroot' : '/' };
  const list: Mount[] = [
    { fs: 'devtmpfs', size: 4 * MiB, used: 0, mount: '/dev' },
    { fs: 'tmpfs', size: mem / 2, used: 84 * 1024, mount: '/dev/shm' },
    { fs: 'tmpfs', size: mem / 5, used: 62 * MiB, mount: '/run' },
    root,
    { fs: 'tmpfs', size: mem / 2, used: 4096, mount: '/tmp' },
  ];
  if (openshift) list.push({ fs: '/dev/sda3', size: 350 * MiB, used: 106 * MiB, mount: '/boot' });
  else list.push({ fs: '/dev/sda15', size: 105 * MiB, used: 6 * MiB, mount: '/boot/efi' });
  // Before chroot, the debug container sees the host's root under /host.
  if (!shell.chroot) list.splice(0, list.length, { fs: 'overlay', size: root.size, used: root.used, mount: '/' }, { ...root, mount: '/host' });
  return list;
}

function table(rows: string[][], rightAlign: boolean[], minWidths: number[] = []): string {
  const widths = rows[0]!.map((_, i) => Math.max(minWidths[i] ?? 0, ...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : rightAlign[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' ') + '\n')
    .join('');
}

export const df: NodeTool = (argv, _stdin, shell) => {
  const k = kubelet(shell);
  if (!k) return res('', 'df: cannot read table of mounted file systems: No such file or directory\n', 1);
  const human = argv.slice(1).some((a) => /^-[a-zA-Z]*h/.test(a) || a === '--human-readable');
  const paths = argv.slice(1).filter((a) => !a.startsWith('-'));
  let list = mounts(shell, k);
  if (paths.length) {
    // The mount holding each path: the longest mount point that prefixes it.
    // The mount holding each path: the longest mount point that prefixes it, else the root
    // filesystem (on RHCOS / and /var are bind mounts of /sysroot's device).
    const root = list.find((m) => m.fs.startsWith('/dev/sd') && !m.mount.startsWith('/boot')) ?? list[0]!;
    list = paths.map((p) => {
      const hit = [...list].sort((a, b) => b.mount.length - a.mount.length).find((m) => m.mount !== '/' && (p === m.mount || p.startsWith(`${m.mount}/`)));
      if (hit) return hit;
      return { ...root, mount: p === '/var' || p.startsWith('/var/') ? '/var' : '/' };
    });
  }
  const rows = [human ? ['Filesystem', 'Size', 'Used', 'Avail', 'Use%', 'Mounted on'] : ['Filesystem', '1K-blocks', 'Used', 'Available', 'Use%', 'Mounted on']];
  for (const m of list) {
    const avail = Math.max(0, m.size - m.used);
    const pct = m.used === 0 ? 0 : Math.ceil((m.used * 100) / (m.used + avail));
    const f = (n: number) => (human ? (n === 0 ? '0' : humanSize(n)) : String(Math.ceil(n / 1024)));
    rows.push([m.fs, f(m.size), f(m.used), f(avail), `${pct}%`, m.mount]);
  }
  // coreutils' minimum widths: Filesystem 14, the sizes 5, Use% 4.
  return res(table(rows, [false, true, true, true, true, false], [14, 5, 5, 5, 4, 0]));
};

// ---------------------------------------------------------------- memory

interface Mem {
  total: number;
  used: number;
  free: number;
  shared: number;
  cache: number;
  available: number;
}

function memory(k: KubeletComponent): Mem {
  const total = quantityValue(k.node.capacity.memory);
  const used = Math.min(total, k.usage().node.memoryBytes);
  const rest = total - used;
  const cache = Math.min(rest, Math.round(total * 0.12));
  return { total, used, free: rest - cache, shared: 59 * MiB, cache, available: Math.max(0, rest - Math.round(cache * 0.1)) };
}

/** procps -h: binary units with an "i", one decimal below 10. */
function procpsHuman(bytes: number): string {
  if (bytes === 0) return '0B';
  const units = ['B', 'Ki', 'Mi', 'Gi', 'Ti'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v}B` : v < 10 ? `${v.toFixed(1)}${units[i]}` : `${Math.round(v)}${units[i]}`;
}

export const free: NodeTool = (argv, _stdin, shell) => {
  const k = kubelet(shell);
  if (!k) return res('', 'free: Unable to create meminfo structure\n', 1);
  const flags = argv.slice(1).join(' ');
  const unit = /(^|\s)-[a-z]*h|--human/.test(flags) ? 'h' : /(^|\s)-[a-z]*g/.test(flags) ? 'g' : /(^|\s)-[a-z]*m/.test(flags) ? 'm' : /(^|\s)-[a-z]*b/.test(flags) ? 'b' : 'k';
  const f = (n: number): string => (unit === 'h' ? procpsHuman(n) : unit === 'g' ? String(Math.floor(n / GiB)) : unit === 'm' ? String(Math.floor(n / MiB)) : unit === 'b' ? String(n) : String(Math.floor(n / 1024)));
  const m = memory(k);
  const row = (label: string, vals: string[]) => label.padEnd(8) + vals.map((v) => v.padStart(12)).join('') + '\n';
  return res(
    '               total        used        free      shared  buff/cache   available\n' +
      row('Mem:', [m.total, m.used, m.free, m.shared, m.cache, m.available].map(f)) +
      row('Swap:', [0, 0, 0].map(f)),
  );
};

// ---------------------------------------------------------------- processes

export interface Proc {
  pid: number;
  user: string;
  command: string;
  args: string;
  cpuMillis: number;
  rss: number;
  listen: Array<{ proto: 'tcp' | 'udp'; addr: string; port: number }>;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Host services, the kubelet, and one process per running container (static pods' processes carry their ports). */
export function processes(shell: NodeShell, k: KubeletComponent): Proc[] {
  const cluster = shell.session.cluster;
  const openshift = cluster.info.flavor === 'openshift';
  const ip = k.node.ip;
  const list: Proc[] = [
    { pid: 1, user: 'root', command: 'systemd', args: '/usr/lib/systemd/systemd --switched-root --system --deserialize 16', cpuMillis: 2, rss: 18 * MiB, listen: [] },
    { pid: 998, user: 'chrony', command: 'chronyd', args: '/usr/sbin/chronyd -F 2', cpuMillis: 0, rss: 3 * MiB, listen: [{ proto: 'udp', addr: '127.0.0.1', port: 323 }] },
    { pid: 1204, user: 'root', command: 'sshd', args: 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups', cpuMillis: 0, rss: 8 * MiB, listen: [{ proto: 'tcp', addr: '0.0.0.0', port: 22 }] },
    openshift
      ? { pid: 1873, user: 'root', command: 'crio', args: '/usr/bin/crio', cpuMillis: 25, rss: 120 * MiB, listen: [] }
      : { pid: 1012, user: 'root', command: 'containerd', args: '/usr/bin/containerd', cpuMillis: 15, rss: 60 * MiB, listen: [{ proto: 'tcp', addr: '127.0.0.1', port: 35000 + (hash(k.nodeName) % 5000) }] },
  ];
  if (k.running) {
    list.push({
      pid: k.journal.pid,
      user: 'root',
      command: 'kubelet',
      args: openshift ? '/usr/bin/kubelet --config=/etc/kubernetes/kubelet.conf --kubeconfig=/var/lib/kubelet/kubeconfig' : '/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --kubeconfig=/etc/kubernetes/kubelet.conf',
      cpuMillis: 60,
      rss: 150 * MiB,
      listen: [
        { proto: 'tcp', addr: '127.0.0.1', port: 10248 },
        { proto: 'tcp', addr: '*', port: 10250 },
      ],
    });
  }
  const usage = new Map<string, { cpu: number; mem: number }>();
  for (const p of k.usage().pods) for (const c of p.containers) usage.set(`${p.namespace}/${p.name}/${c.name}`, { cpu: c.cpuMillis, mem: c.memoryBytes });
  const PORTS: Record<string, Proc['listen']> = {
    etcd: [{ proto: 'tcp', addr: ip, port: 2379 }, { proto: 'tcp', addr: '127.0.0.1', port: 2379 }, { proto: 'tcp', addr: ip, port: 2380 }],
    'kube-apiserver': [{ proto: 'tcp', addr: '*', port: 6443 }],
    'kube-scheduler': [{ proto: 'tcp', addr: openshift ? '*' : '127.0.0.1', port: 10259 }],
    'kube-controller-manager': [{ proto: 'tcp', addr: openshift ? '*' : '127.0.0.1', port: 10257 }],
  };
  for (const c of k.containers()) {
    if (c.state !== 'CONTAINER_RUNNING') continue;
    const pod = shell.session.cluster.api.cached('pods', c.podNamespace, c.podName);
    const spec = [...(pod?.spec?.containers ?? [])].find((x: { name: string }) => x.name === c.name) as { command?: string[]; args?: string[] } | undefined;
    const argv = [...(spec?.command ?? [c.name]), ...(spec?.args ?? [])];
    const first = argv[0]!;
    const command = first === 'hyperkube' ? argv[1] ?? first : first.split('/').pop()!;
    const u = usage.get(`${c.podNamespace}/${c.podName}/${c.name}`);
    list.push({
      pid: 3000 + (hash(c.id) % 90_000),
      user: 'root',
      command,
      args: argv.length ? argv.join(' ') : c.name,
      cpuMillis: u?.cpu ?? 0,
      rss: u?.mem ?? 0,
      listen: c.name === command && PORTS[command] ? PORTS[command]! : [],
    });
  }
  return list.sort((a, b) => a.pid - b.pid);
}

function clockText(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function uptimeText(ms: number): string {
  const mins = Math.floor(ms / 60_000);
  const days = Math.floor(mins / 1440);
  const hm = `${Math.floor((mins % 1440) / 60)}:${String(mins % 60).padStart(2, '0')}`;
  if (days > 0) return `${days} day${days > 1 ? 's' : ''}, ${hm.padStart(5)}`;
  return mins < 60 ? `${mins} min` : hm.padStart(5);
}

export const top: NodeTool = (argv, _stdin, shell) => {
  const k = kubelet(shell);
  if (!k) return res('', 'top: failed tty get\n', 1);
  if (!argv.includes('-b') && !argv.some((a) => /^-[a-zA-Z]*b/.test(a))) {
    return res('', 'top: the palette has no terminal for the interactive view; use batch mode: top -b -n 1\n', 1);
  }
  const now = shell.session.cluster.clock.now();
  const created = Date.parse(shell.session.cluster.api.cached('nodes', undefined, shell.node)?.metadata.creationTimestamp ?? '') || 0;
  const up = now - created + 2 * 86_400_000;
  const procs = processes(shell, k).sort((a, b) => b.cpuMillis - a.cpuMillis || b.rss - a.rss || a.pid - b.pid);
  const cpus = quantityValue(k.node.capacity.cpu) || 1;
  const cpuUsed = Math.min(cpus * 1000, k.usage().node.cpuMillis);
  const us = (cpuUsed * 100) / (cpus * 1000);
  const load = (cpuUsed / 1000).toFixed(2);
  const m = memory(k);
  const mib = (n: number) => (n / MiB).toFixed(1).padStart(8);
  const out = [
    `top - ${clockText(now)} up ${uptimeText(up)},  0 users,  load average: ${load}, ${load}, ${load}`,
    `Tasks: ${String(procs.length + 280).padStart(3)} total,   1 running, ${String(procs.length + 279).padStart(3)} sleeping,   0 stopped,   0 zombie`,
    `%Cpu(s): ${(us * 0.8).toFixed(1).padStart(4)} us, ${(us * 0.2).toFixed(1).padStart(4)} sy,  0.0 ni, ${(100 - us).toFixed(1).padStart(4)} id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st`,
    `MiB Mem : ${mib(m.total)} total, ${mib(m.free)} free, ${mib(m.used)} used, ${mib(m.cache)} buff/cache`,
    `MiB Swap:      0.0 total,      0.0 free,      0.0 used. ${mib(m.available)} avail Mem`,
    '',
    '    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND',
  ];
  for (const p of procs) {
    const res = Math.round(p.rss / 1024);
    const virt = res * 3 + 700_000;
    const cpu = ((p.cpuMillis * 100) / 1000).toFixed(1);
    const mem = ((p.rss * 100) / m.total).toFixed(1);
    const secs = Math.floor(((now - created) / 1000) * (p.cpuMillis / 1000));
    const time = `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')}.${String(hash(p.command) % 100).padStart(2, '0')}`;
    out.push(`${String(p.pid).padStart(7)} ${p.user.padEnd(9)} ${'20'.padStart(3)} ${'0'.padStart(3)} ${String(virt).padStart(7)} ${String(res).padStart(6)} ${String(Math.round(res / 3)).padStart(6)} S ${cpu.padStart(5)} ${mem.padStart(5)} ${time.padStart(9)} ${p.command}`);
  }
  return res(out.join('\n') + '\n');
};

export const ps: NodeTool = (argv, _stdin, shell) => {
  const k = kubelet(shell);
  if (!k) return res('', 'ps: no processes\n', 1);
  const procs = processes(shell, k);
  const m = memory(k);
  const style = argv.slice(1).join(' ');
  if (/aux/.test(style)) {
    const rows = ['USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND'];
    for (const p of procs) {
      const rss = Math.round(p.rss / 1024);
      rows.push(`${p.user.padEnd(8)} ${String(p.pid).padStart(7)} ${((p.cpuMillis * 100) / 1000).toFixed(1).padStart(4)} ${((p.rss * 100) / m.total).toFixed(1).padStart(4)} ${String(rss * 3 + 700_000).padStart(6)} ${String(rss).padStart(5)} ?        Ssl  Nov24   0:00 ${p.args}`);
    }
    return res(rows.join('\n') + '\n');
  }
  const rows = ['UID          PID    PPID  C STIME TTY          TIME CMD'];
  for (const p of procs) rows.push(`${p.user.padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.pid === 1 ? 0 : 1).padStart(7)}  0 Nov24 ?        00:00:00 ${p.args}`);
  return res(rows.join('\n') + '\n');
};

// ---------------------------------------------------------------- ss

export const ss: NodeTool = (argv, _stdin, shell) => {
  const k = kubelet(shell);
  if (!k) return res('', 'Cannot open netlink socket: Protocol not supported\n', 1);
  const flags = argv.slice(1).filter((a) => a.startsWith('-')).map((a) => a.replace(/^-+/, '')).join('');
  const wantTcp = flags.includes('t') || !flags.includes('u');
  const wantUdp = flags.includes('u');
  const showProc = flags.includes('p');
  const rows: string[][] = [['Netid', 'State', 'Recv-Q', 'Send-Q', 'Local Address:Port', 'Peer Address:Port', ...(showProc ? ['Process'] : [])]];
  const entries: Array<{ p: Proc; l: Proc['listen'][number] }> = [];
  for (const p of processes(shell, k)) for (const l of p.listen) if ((l.proto === 'tcp' && wantTcp) || (l.proto === 'udp' && wantUdp)) entries.push({ p, l });
  entries.sort((a, b) => (a.l.proto === b.l.proto ? 0 : a.l.proto === 'udp' ? -1 : 1) || a.l.port - b.l.port);
  for (const { p, l } of entries) {
    rows.push([
      l.proto,
      l.proto === 'udp' ? 'UNCONN' : 'LISTEN',
      '0',
      l.proto === 'udp' ? '0' : '4096',
      `${l.addr}:${l.port}`,
      l.proto === 'udp' ? '0.0.0.0:*' : l.addr === '*' ? '*:*' : '0.0.0.0:*',
      ...(showProc ? [`users:(("${p.command}",pid=${p.pid},fd=${3 + (l.port % 20)}))`] : []),
    ]);
  }
  return res(table(rows, [false, false, false, false, true, true, false]));
};
