/**
 * The kubelet-facing side of the network: TCP connects, DNS lookups and CNI ADD, each decided
 * by the packet tracer, so a NetworkPolicy drop, a port that nothing listens on, a Service with
 * no ready endpoints, an unbound port or DNS that does not answer show up in pods as the errors
 * real programs print. Every connection also moves the flow counters and tcpdump's ring.
 */
import type { KObject, Pod } from '../api/types.js';
import type { ConnectResult, ConnectSource, Connectivity, LookupResult } from '../kubelet/connectivity.js';
import { resolveServiceName } from '../kubelet/connectivity.js';
import { kubeletRegistry } from '../kubelet/index.js';
import { registryIP } from '../kubelet/pull.js';
import { inCidr, podMac } from './cidr.js';
import type { OvnNetwork } from './model.js';
import { tracePacket, type Trace } from './trace.js';

/** What a TCP connect (or a UDP exchange) ended with. */
export interface Dial {
  ok: boolean;
  reason?: 'refused' | 'timeout' | 'unreachable';
  /** The address actually dialled (the VIP for a Service). */
  ip: string;
  port: number;
  trace?: Trace;
  /** The pod that answered. */
  pod?: Pod;
}

/** Minimal view of a kubelet's pod worker: which container processes listen where. */
interface WorkerView {
  containers: Array<{ run?: { finishedAt?: number; startedAt: number; program: { listen: number[]; readyAfter: number } } }>;
}

export class NetworkConnectivity implements Connectivity {
  constructor(private readonly net: OvnNetwork) {}

  private source(from: ConnectSource): Pod | undefined {
    return this.net.pods.getByName(from.namespace, from.pod);
  }

  /** Whether a process of the pod accepts connections on the port right now. */
  listening(p: Pod, port: number): boolean {
    const k = kubeletRegistry.get(this.net.ctx)?.get(p.spec.nodeName ?? '') as unknown as { worker?(ns: string, name: string): WorkerView | undefined } | undefined;
    const w = k?.worker?.(p.metadata.namespace!, p.metadata.name);
    const now = this.net.ctx.clock.now();
    if (w) {
      return w.containers.some((c) => {
        const r = c.run;
        return !!r && r.finishedAt === undefined && r.program.listen.includes(port) && now >= r.startedAt + r.program.readyAfter;
      });
    }
    const ready = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    return !!ready && p.spec.containers.some((c) => (c.ports ?? []).some((cp) => cp.containerPort === port));
  }

  /** One connection from a pod to ip:port, traced, counted and recorded for tcpdump. */
  dial(src: Pod, ip: string, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): Dial {
    const net = this.net;
    const sport = net.traffic.ephemeralPort();
    // Loopback and the pod's own address never leave the network namespace.
    if (ip.startsWith('127.') || (ip === src.status?.podIP && !src.spec.hostNetwork)) {
      const listens = this.listening(src, port);
      return { ok: listens, reason: listens ? undefined : 'refused', ip, port, pod: src };
    }
    if (src.spec.hostNetwork || !src.status?.podIP) return this.hostDial(src, ip, port, protocol);
    const t = tracePacket(net, { src, dstIp: ip, port, protocol, sport });
    const o = t.outcome;
    let d: Dial;
    if (o.kind === 'delivered') {
      const listens = !o.pod || this.listening(o.pod, o.port);
      d = { ok: listens, reason: listens ? undefined : 'refused', ip, port, trace: t, pod: o.pod };
    } else if (o.kind === 'rejected') d = { ok: false, reason: 'refused', ip, port, trace: t };
    else if (o.kind === 'external') d = { ok: true, ip, port, trace: t };
    else if (o.kind === 'no-route' && o.sameSubnet) d = { ok: false, reason: 'unreachable', ip, port, trace: t };
    else d = { ok: false, reason: 'timeout', ip, port, trace: t };
    this.count(src, d, sport, protocol);
    return d;
  }

  private hostDial(src: Pod, ip: string, port: number, protocol: 'TCP' | 'UDP'): Dial {
    const net = this.net;
    let dstIp = ip;
    let dport = port;
    const svc = inCidr(ip, net.serviceCidr) ? net.serviceByIp(ip) : undefined;
    if (svc) {
      const be = net.backends(svc, port, protocol);
      if (!be) return { ok: false, reason: 'timeout', ip, port };
      if (be.ips.length === 0) return { ok: false, reason: 'refused', ip, port };
      dstIp = be.ips[0]!;
      dport = be.targetPort;
    }
    const dst = net.podByIp(dstIp);
    if (!dst) return { ok: !inCidr(dstIp, net.clusterCidr), reason: inCidr(dstIp, net.clusterCidr) ? 'timeout' : undefined, ip, port };
    if (!net.bound(dst)) return { ok: false, reason: 'timeout', ip, port };
    const listens = this.listening(dst, dport);
    return { ok: listens, reason: listens ? undefined : 'refused', ip, port, pod: dst };
  }

  private count(src: Pod, d: Dial, sport: number, protocol: 'TCP' | 'UDP'): void {
    const net = this.net;
    const now = net.ctx.clock.now();
    const sip = src.status!.podIP!;
    const node = src.spec.nodeName!;
    const tcp = protocol === 'TCP';
    const base = { proto: tcp ? ('tcp' as const) : ('udp' as const), src: sip, sport, dst: d.ip, dport: d.port };
    if (d.ok) {
      const pk = tcp ? 10 : 2;
      net.traffic.addPod(`${src.metadata.namespace}/${src.metadata.name}`, pk, pk * 110);
      if (d.pod) net.traffic.addPod(`${d.pod.metadata.namespace}/${d.pod.metadata.name}`, pk, pk * 110);
      if (tcp) {
        net.traffic.record(node, { ...base, at: now, flags: '[S]', length: 0 });
        net.traffic.record(node, { at: now, proto: 'tcp', src: d.ip, sport: d.port, dst: sip, dport: sport, flags: '[S.]', length: 0 });
        net.traffic.record(node, { ...base, at: now, flags: '[P.]', length: 78 });
      }
      const backend = d.trace?.backend;
      const dnode = d.pod?.spec.nodeName;
      if (tcp && dnode && dnode !== node) {
        net.traffic.record(dnode, { ...base, dst: backend?.ip ?? d.ip, dport: backend?.port ?? d.port, at: now, flags: '[S]', length: 0 });
        net.traffic.record(dnode, { at: now, proto: 'tcp', src: backend?.ip ?? d.ip, sport: backend?.port ?? d.port, dst: sip, dport: sport, flags: '[S.]', length: 0 });
      }
      return;
    }
    net.traffic.addPod(`${src.metadata.namespace}/${src.metadata.name}`, tcp ? 3 : 2, tcp ? 180 : 120);
    if (!tcp) return;
    if (d.reason === 'refused') {
      net.traffic.record(node, { ...base, at: now, flags: '[S]', length: 0 });
      net.traffic.record(node, { at: now, proto: 'tcp', src: d.ip, sport: d.port, dst: sip, dport: sport, flags: '[R.]', length: 0 });
    } else {
      for (const delay of [0, 1000, 3000]) net.traffic.record(node, { ...base, at: now + delay, flags: '[S]', length: 0 });
    }
  }

  /** DNS from a pod: a UDP query to the cluster DNS Service, then the answer (or none). */
  lookup(from: ConnectSource, host: string): LookupResult {
    const src = this.source(from);
    return src ? this.resolve(src, host) : { ok: false, timeout: true };
  }

  resolve(src: Pod, host: string): LookupResult {
    const net = this.net;
    const dns = net.ctx.info.dnsServiceIP;
    const h = host.replace(/\.$/, '');
    if (/^\d+\.\d+\.\d+\.\d+$/.test(h)) return { ok: true, ip: h, name: h };
    // /etc/hosts answers before DNS: localhost and the pod's own name.
    if (h === 'localhost') return { ok: true, ip: '127.0.0.1', name: 'localhost' };
    if (h === src.metadata.name && src.status?.podIP) return { ok: true, ip: src.status.podIP, name: h };
    const d = this.dial(src, dns, 53, 'UDP');
    const reached = d.ok && !!d.pod;
    const name = resolveServiceName(h, src.metadata.namespace!, (ns) => net.namespaces.getByName(undefined, ns) !== undefined);
    const fqdn = name ? `${name.name}.${name.namespace}.svc.cluster.local` : h;
    if (src.status?.podIP) {
      const qid = (net.traffic.ephemeralPort() * 7) % 65536;
      const sport = net.traffic.ephemeralPort();
      const now = net.ctx.clock.now();
      net.traffic.record(src.spec.nodeName!, { at: now, proto: 'udp', src: src.status.podIP, sport, dst: dns, dport: 53, flags: '', length: fqdn.length + 18, info: `${qid}+ A? ${fqdn}.` });
      if (reached) {
        const ans = name ? this.answer(name.namespace, name.name) : registryIP(h);
        net.traffic.record(src.spec.nodeName!, { at: now, proto: 'udp', src: dns, sport: 53, dst: src.status.podIP, dport: sport, flags: '', length: fqdn.length + 34, info: ans ? `${qid}* 1/0/0 A ${ans}` : `${qid} NXDomain* 0/1/0` });
      }
    }
    if (!reached) return { ok: false, timeout: true };
    if (!name) return { ok: true, ip: registryIP(h), name: h };
    const ip = this.answer(name.namespace, name.name);
    return ip ? { ok: true, ip, name: fqdn } : { ok: false };
  }

  private answer(ns: string, name: string): string | undefined {
    const svc = this.net.services.getByName(ns, name);
    if (!svc) return undefined;
    const ip = svc.spec?.clusterIP;
    if (ip && ip !== 'None') return ip;
    const ep = this.net.endpoints.getByName(ns, name);
    return (ep?.subsets as any[] | undefined)?.[0]?.addresses?.[0]?.ip;
  }

  connect(from: ConnectSource, target: string): ConnectResult {
    const src = this.source(from);
    const i = target.lastIndexOf(':');
    const host = i < 0 ? target : target.slice(0, i);
    const port = i < 0 ? 80 : Number(target.slice(i + 1));
    if (!src) return { ok: false, error: `dial tcp ${host}:${port}: connect: network is unreachable`, reason: 'unreachable' };
    const dns = this.net.ctx.info.dnsServiceIP;
    let ip = host;
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      const r = this.resolve(src, host);
      if (!r.ok) {
        if (r.timeout) {
          return { ok: false, reason: 'dns-timeout', error: `dial tcp: lookup ${host} on ${dns}:53: read udp ${src.status?.podIP ?? from.podIP}:${this.net.traffic.ephemeralPort()}->${dns}:53: i/o timeout` };
        }
        return { ok: false, reason: 'nxdomain', error: `dial tcp: lookup ${host} on ${dns}:53: no such host` };
      }
      ip = r.ip;
    }
    const d = this.dial(src, ip, port);
    if (d.ok) return { ok: true, ip, ...(d.pod ? { pod: d.pod } : {}), port: d.trace?.backend?.port ?? port };
    const addr = `${ip}:${port}`;
    if (d.reason === 'refused') return { ok: false, ip, reason: 'refused', error: `dial tcp ${addr}: connect: connection refused` };
    if (d.reason === 'unreachable') return { ok: false, ip, reason: 'unreachable', error: `dial tcp ${addr}: connect: no route to host` };
    return { ok: false, ip, reason: 'timeout', error: `dial tcp ${addr}: i/o timeout` };
  }

  podNetworkError(pod: KObject, node: string, ip: string, sandboxId: string): string | undefined {
    const p = pod as Pod;
    if (this.net.bound(p, node)) return undefined;
    const ns = p.metadata.namespace!;
    const name = p.metadata.name;
    const prefix = this.net.hostPrefix;
    const why = `'[${ns}/${name} ${sandboxId}] [${ns}/${name} ${sandboxId}] failed to configure pod interface: timed out waiting for OVS port binding (ovn-installed) for ${podMac(ip)} [${ip}/${prefix}]\n'`;
    if (this.net.openshift) {
      return `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create pod network sandbox k8s_${name}_${ns}_${p.metadata.uid}_0(${sandboxId}): error adding pod ${ns}_${name} to CNI network "multus-cni-network": plugin type="multus-shim" name="multus-cni-network" failed (add): CmdAdd (shim): CNI request failed with status 400: '[${ns}/${name}/${p.metadata.uid}:ovn-kubernetes]: error adding container to network "ovn-kubernetes": CNI request failed with status 400: ${why}`;
    }
    return `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandboxId}": plugin type="ovn-k8s-cni-overlay" name="ovn-kubernetes" failed (add): CNI request failed with status 400: ${why}`;
  }
}
