/**
 * tcpdump -c N on a node (the debug pod's tcpdump sees the host's interfaces). Packets are the
 * simulated ones: connections and DNS queries the packet tracer carried lately (curl, wget,
 * nslookup, apps' dependency checks) and the kubelet's HTTP/TCP probes through ovn-k8s-mp0.
 * The palette cannot interrupt a capture, so -c is required. Filters: tcp, udp, port N,
 * host H, src/dst, and/&&, or/||.
 */
import type { Pod } from '../../core/api/types.js';
import { hash32 } from '../../core/network/cidr.js';
import type { OvnNetwork } from '../../core/network/model.js';
import type { PacketRecord } from '../../core/network/traffic.js';
import type { NodeTool } from './types.js';
import { clockTime, ifaceOf, networkOf, podInterfaces, res } from './ovn-common.js';

interface Captured extends PacketRecord {
  iface: string;
  dir: 'In' | 'Out';
}

const PORT_NAMES: Record<number, string> = { 53: 'domain', 80: 'http', 443: 'https', 8080: 'http-alt', 6443: 'sun-sr-https', 5432: 'postgresql', 6379: 'redis' };
const WINDOW_MS = 60_000;

function probeRecords(net: OvnNetwork, node: string, now: number): PacketRecord[] {
  const out: PacketRecord[] = [];
  const mgmt = net.mgmtIp(node);
  for (const p of net.podsOn(node)) {
    if (!p.status?.podIP || !p.status.startTime || !net.bound(p)) continue;
    const start = Date.parse(p.status.startTime);
    for (const c of p.spec.containers) {
      for (const probe of [c.readinessProbe, c.livenessProbe]) {
        const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
        if (!probe || typeof port !== 'number') continue;
        const period = (probe.periodSeconds ?? 10) * 1000;
        const first = start + (probe.initialDelaySeconds ?? 0) * 1000;
        for (let t = first + Math.max(0, Math.ceil((now - WINDOW_MS - first) / period)) * period; t <= now; t += period) {
          const sport = 32768 + (hash32(`${p.metadata.uid}/${t}/${port}`) % 28232);
          const ip = p.status.podIP;
          out.push({ at: t, proto: 'tcp', src: mgmt, sport, dst: ip, dport: port, flags: '[S]', length: 0 });
          out.push({ at: t, proto: 'tcp', src: ip, sport: port, dst: mgmt, dport: sport, flags: '[S.]', length: 0 });
          if (probe.httpGet) {
            out.push({ at: t + 1, proto: 'tcp', src: mgmt, sport, dst: ip, dport: port, flags: '[P.]', length: 104, info: `HTTP: GET ${probe.httpGet.path ?? '/'} HTTP/1.1` });
            out.push({ at: t + 2, proto: 'tcp', src: ip, sport: port, dst: mgmt, dport: sport, flags: '[P.]', length: 117, info: 'HTTP: HTTP/1.1 200 OK' });
          }
        }
      }
    }
  }
  return out;
}

/** A filter expression: alternatives joined by `or`, each a conjunction of primitives. */
function matchesFilter(p: Captured, filter: string[]): boolean {
  const alts: string[][] = [[]];
  for (const w of filter) {
    if (w === 'or' || w === '||') alts.push([]);
    else if (w !== '(' && w !== ')') alts[alts.length - 1]!.push(w);
  }
  return alts.some((a) => matchesAll(p, a));
}

function matchesAll(p: Captured, filter: string[]): boolean {
  let dirMod: 'src' | 'dst' | undefined;
  for (let i = 0; i < filter.length; i++) {
    const w = filter[i]!;
    if (w === 'and' || w === '&&') continue;
    if (w === 'src' || w === 'dst') {
      dirMod = w;
      continue;
    }
    if (w === 'tcp' || w === 'udp') {
      if (p.proto !== w) return false;
    } else if (w === 'port') {
      const n = Number(filter[++i]);
      const ok = dirMod === 'src' ? p.sport === n : dirMod === 'dst' ? p.dport === n : p.sport === n || p.dport === n;
      if (!ok) return false;
    } else if (w === 'host') {
      const h = filter[++i];
      const ok = dirMod === 'src' ? p.src === h : dirMod === 'dst' ? p.dst === h : p.src === h || p.dst === h;
      if (!ok) return false;
    }
    dirMod = undefined;
  }
  return true;
}

function line(p: Captured, numeric: boolean, anyIface: boolean): string {
  const port = (n: number): string => (numeric ? String(n) : PORT_NAMES[n] ?? String(n));
  const head = `${clockTime(p.at)} ${anyIface ? `${p.iface} ${p.dir.padEnd(3)} ` : ''}IP ${p.src}.${port(p.sport)} > ${p.dst}.${port(p.dport)}: `;
  if (p.proto === 'udp') return head + (p.info ? `${p.info} (${p.length})` : `UDP, length ${p.length}`);
  const seq = hash32(`${p.src}:${p.sport}>${p.dst}:${p.dport}`);
  const tsv = Math.floor(p.at / 10) % 4294967295;
  switch (p.flags) {
    case '[S]':
      return `${head}Flags [S], seq ${seq}, win 65280, options [mss 1360,sackOK,TS val ${tsv} ecr 0,nop,wscale 7], length 0`;
    case '[S.]':
      return `${head}Flags [S.], seq ${seq}, ack ${hash32(`${p.dst}:${p.dport}>${p.src}:${p.sport}`) + 1}, win 64704, options [mss 1360,sackOK,TS val ${tsv} ecr ${tsv},nop,wscale 7], length 0`;
    case '[R.]':
      return `${head}Flags [R.], seq 0, ack ${hash32(`${p.dst}:${p.dport}>${p.src}:${p.sport}`) + 1}, win 0, length 0`;
    default:
      return `${head}Flags [P.], seq 1:${p.length + 1}, ack 1, win 507, options [nop,nop,TS val ${tsv} ecr ${tsv}], length ${p.length}${p.info ? `: ${p.info}` : ''}`;
  }
}

export const tcpdump: NodeTool = (argv, _stdin, shell) => {
  const net = networkOf(shell);
  const node = shell.node;
  let count: number | undefined;
  let iface: string | undefined;
  let numeric = false;
  const filter: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-c') count = Number(argv[++i]);
    else if (/^-c\d+$/.test(a)) count = Number(a.slice(2));
    else if (a === '-i') iface = argv[++i];
    else if (/^-i.+/.test(a)) iface = a.slice(2);
    else if (/^-n+$/.test(a)) numeric = true;
    else if (a === '-v' || a === '-vv' || a === '-l' || a === '-q') continue;
    else if (a.startsWith('-')) return res('', `tcpdump: invalid option -- '${a.replace(/^-+/, '')[0]}'\n`, 1);
    else filter.push(...a.split(/\s+/));
  }
  if (count === undefined || !Number.isInteger(count) || count <= 0) {
    return res('', 'tcpdump: a capture in the palette cannot be interrupted: give a packet count, e.g. tcpdump -i any -nn -c 10 port 8080\n', 1);
  }
  const ifaces = podInterfaces(shell);
  const byIp = new Map<string, Pod>();
  for (const p of net.podsOn(node)) if (p.status?.podIP) byIp.set(p.status.podIP, p);
  const known = new Set(['any', 'ovn-k8s-mp0', 'br-ex', 'br-int', 'genev_sys_6081', 'ens5', 'lo', ...ifaces.values()]);
  const dev = iface ?? 'ens5';
  if (!known.has(dev)) return res('', `tcpdump: ${dev}: No such device exists\n(SIOCGIFHWADDR: No such device)\n`, 1);
  const now = shell.session.cluster.clock.now();
  const mgmt = net.mgmtIp(node);
  const all: Captured[] = [];
  for (const r of [...net.traffic.recent(node), ...probeRecords(net, node, now)]) {
    if (r.at > now || r.at < now - WINDOW_MS * 5) continue;
    const local = byIp.get(r.src) ?? byIp.get(r.dst);
    const fromPod = byIp.has(r.src);
    const viaMgmt = r.src === mgmt || r.dst === mgmt;
    all.push({ ...r, iface: viaMgmt ? 'ovn-k8s-mp0' : local ? ifaceOf(ifaces, local) : 'genev_sys_6081', dir: viaMgmt ? (r.src === mgmt ? 'Out' : 'In') : fromPod ? 'In' : 'Out' });
  }
  all.sort((a, b) => a.at - b.at);
  const picked = all.filter((p) => (dev === 'any' || p.iface === dev) && matchesFilter(p, filter));
  const shown = picked.slice(Math.max(0, picked.length - count));
  const link = dev === 'any' ? 'LINUX_SLL2 (Linux cooked v2)' : 'EN10MB (Ethernet)';
  const head = `${dev === 'any' ? 'tcpdump: data link type LINUX_SLL2\n' : ''}tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on ${dev}, link-type ${link}, snapshot length 262144 bytes\n`;
  const n = shown.length;
  const tail = `${n} packet${n === 1 ? '' : 's'} captured\n${n} packet${n === 1 ? '' : 's'} received by filter\n0 packets dropped by kernel\n`;
  const note = n < count ? `(kubedrill: only ${n} matching packet${n === 1 ? '' : 's'} in the last minutes of simulated traffic)\n` : '';
  return res(shown.map((p) => line(p, numeric, dev === 'any') + '\n').join(''), head + tail + note);
};
