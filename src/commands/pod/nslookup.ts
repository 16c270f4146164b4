/**
 * nslookup NAME (busybox) inside a pod: a query to the cluster DNS Service, traced like any
 * packet. No DNS pod reachable: ";; connection timed out; no servers could be reached".
 */
import { resolveServiceName } from '../../core/kubelet/connectivity.js';
import { resolveHost } from './net.js';
import { res, type PodTool } from './types.js';

export const nslookup: PodTool = (argv, _stdin, shell) => {
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  const host = args[0];
  if (!host) return res('', 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n', 1);
  const net = shell.session.cluster.network.model;
  const dns = args[1] ?? net.ctx.info.dnsServiceIP;
  const r = resolveHost(shell, host);
  if (!r.ok && r.timeout) return res(';; connection timed out; no servers could be reached\n\n', '', 1);
  const head = `Server:\t\t${dns}\nAddress:\t${dns}:53\n\n`;
  if (!r.ok) {
    const name = resolveServiceName(host.replace(/\.$/, ''), shell.pod.metadata.namespace!, () => true);
    const fq = name && !host.includes('.') ? `${host}.${shell.pod.metadata.namespace}.svc.cluster.local` : host;
    return res(`${head}** server can't find ${fq}: NXDOMAIN\n\n`, '', 1);
  }
  return res(`${head}Name:\t${r.name}\nAddress: ${r.ip}\n\n`);
};
