/**
 * Whether a container can open a TCP connection to "host:port" (ImageBehaviour.requires.connect).
 * For now a Service name resolves when the Service exists, and the connection succeeds when its
 * Endpoints have ready addresses; the network model will register a packet-tracing
 * implementation in `connectivityRegistry` and the kubelet then uses that instead.
 */
import type { ComponentContext } from '../component.js';
import type { KObject } from '../api/types.js';

export interface ConnectSource {
  namespace: string;
  pod: string;
  podIP?: string;
  node: string;
}

/** Why a connection failed, so each tool can print its own words for it. */
export type ConnectFailure = 'refused' | 'timeout' | 'nxdomain' | 'dns-timeout' | 'unreachable';

/** On success, `pod` and `port` name the process that answered (a Service's chosen backend). */
export type ConnectResult = { ok: true; ip?: string; pod?: KObject; port?: number } | { ok: false; error: string; reason?: ConnectFailure; ip?: string };

export type LookupResult = { ok: true; ip: string; name: string } | { ok: false; timeout?: boolean };

export interface Connectivity {
  connect(from: ConnectSource, target: string): ConnectResult;
  /** A DNS lookup from the pod through the cluster DNS Service (absent: the kubelet's own lookup). */
  lookup?(from: ConnectSource, host: string): LookupResult;
  /**
   * CNI ADD for a pod sandbox: undefined when the pod network is ready, else the
   * FailedCreatePodSandBox event message (the runtime gives up and retries later).
   */
  podNetworkError?(pod: KObject, node: string, ip: string, sandboxId: string): string | undefined;
}

/** How long the CNI plugin waits for the pod's port to be bound before it fails the sandbox. */
export const CNI_TIMEOUT_MS = 120_000;

/** The network model installs its own Connectivity here, per cluster. */
export const connectivityRegistry = new WeakMap<ComponentContext, Connectivity>();

export function connectivityFor(ctx: ComponentContext): Connectivity {
  return connectivityRegistry.get(ctx) ?? serviceConnectivity(ctx);
}

const cache = new WeakMap<ComponentContext, Connectivity>();

/** Service-and-Endpoints check: the stand-in until the network model exists. */
export function serviceConnectivity(ctx: ComponentContext): Connectivity {
  let c = cache.get(ctx);
  if (c) return c;
  const services = ctx.informers.for('services');
  const endpoints = ctx.informers.for('endpoints');
  const namespaces = ctx.informers.for('namespaces');
  c = {
    connect(from, target) {
      const i = target.lastIndexOf(':');
      const host = i < 0 ? target : target.slice(0, i);
      const port = i < 0 ? 80 : Number(target.slice(i + 1));
      const name = resolveServiceName(host, from.namespace, (ns) => namespaces.getByName(undefined, ns) !== undefined);
      if (!name) return { ok: true }; // outside the cluster: assume the internet answers
      const svc = services.getByName(name.namespace, name.name);
      if (!svc) return { ok: false, error: `dial tcp: lookup ${host} on ${ctx.info.dnsServiceIP}:53: no such host` };
      const ip = svc.spec?.clusterIP && svc.spec.clusterIP !== 'None' ? svc.spec.clusterIP : undefined;
      const sp = (svc.spec?.ports ?? []).find((p: { port: number }) => p.port === port);
      const addr = `${ip ?? host}:${port}`;
      if (!sp) return { ok: false, error: ip ? `dial tcp ${addr}: i/o timeout` : `dial tcp: lookup ${host} on ${ctx.info.dnsServiceIP}:53: no such host` };
      if (!hasReadyEndpoints(endpoints.getByName(name.namespace, name.name))) {
        return { ok: false, error: `dial tcp ${addr}: connect: connection refused` };
      }
      return { ok: true };
    },
  };
  cache.set(ctx, c);
  return c;
}

/** svc, svc.ns, svc.ns.svc, svc.ns.svc.cluster.local => the Service it names, or undefined (external). */
export function resolveServiceName(host: string, podNamespace: string, namespaceExists: (ns: string) => boolean): { namespace: string; name: string } | undefined {
  const h = host.replace(/\.$/, '');
  const parts = h.split('.');
  if (parts.length === 1) return { namespace: podNamespace, name: parts[0]! };
  if (h.endsWith('.svc.cluster.local') && parts.length === 5) return { namespace: parts[1]!, name: parts[0]! };
  if (h.endsWith('.svc') && parts.length === 3) return { namespace: parts[1]!, name: parts[0]! };
  if (parts.length === 2 && namespaceExists(parts[1]!)) return { namespace: parts[1]!, name: parts[0]! };
  return undefined;
}

function hasReadyEndpoints(ep: KObject | undefined): boolean {
  if (!ep) return false;
  for (const s of (ep.subsets ?? []) as Array<{ addresses?: unknown[] }>) if ((s.addresses?.length ?? 0) > 0) return true;
  return false;
}
