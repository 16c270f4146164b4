/**
 * The OVN-Kubernetes network of one cluster, as ovnkube-controller and ovn-controller see it.
 * Northbound rows that follow one Kubernetes object each (a logical switch port per pod, a load
 * balancer per Service) are read through the shared informers' indexes when asked, so a pod
 * event costs the network nothing; state of its own is kept only where the real components keep
 * it: compiled NetworkPolicies (port groups and ACLs), port bindings claimed by each node's
 * ovn-controller, and the counters of traffic that really flowed.
 */
import type { ComponentContext, NodeConfig } from '../component.js';
import type { KObject, Pod } from '../api/types.js';
import type { Informer } from '../apiserver/informer.js';
import { hash32, inCidr, intToIp, ipToInt, parseCidr, podMac, subnetGateway, subnetMgmt, uuidFor, type Cidr } from './cidr.js';
import type { CompiledPolicy } from './policy.js';
import { TrafficStats } from './traffic.js';

export const JOIN_CIDR = '100.64.0.0/16';
export const TRANSIT_CIDR = '100.88.0.0/16';
export const OVN_NAMESPACE = 'openshift-ovn-kubernetes';
/** ovnkube-node's image: part of the release payload, present on every OpenShift node from installation. */
export const OVN_KUBERNETES_IMAGE = 'quay.io/openshift/origin-ovn-kubernetes:4.17';
/** Tunnel key OVN-Kubernetes requests for the interconnect transit switch. */
export const TRANSIT_KEY = 16711683;

/** Datapath tunnel keys of one node's zone (its own northbound database in interconnect mode). */
export const DP = { clusterRouter: 1, nodeSwitch: 2, join: 3, gatewayRouter: 4, extSwitch: 5 } as const;

export interface OvnControllerState {
  readonly node: string;
  readonly running: boolean;
  /** When it stopped: ports created since then were never claimed. */
  readonly downSince?: number;
  /** When it last (re)started: flows it programs count their duration from here. */
  readonly startedAt?: number;
}

export class OvnNetwork {
  readonly openshift: boolean;
  readonly nodes: NodeConfig[];
  readonly nodeIndex = new Map<string, number>();
  readonly clusterCidr: Cidr;
  readonly serviceCidr: Cidr;
  readonly hostPrefix: number;
  readonly pods: Informer<Pod>;
  readonly services: Informer;
  readonly endpoints: Informer;
  readonly namespaces: Informer;
  readonly netpols: Informer;
  /** Compiled NetworkPolicies by namespace, kept by ovnkube-controller. */
  readonly policies = new Map<string, Map<string, CompiledPolicy>>();
  readonly controllers = new Map<string, OvnControllerState>();
  readonly traffic = new TrafficStats();
  /** When the network came up (flow durations count from here). */
  readonly startedAt: number;

  constructor(readonly ctx: ComponentContext) {
    this.openshift = ctx.info.flavor === 'openshift';
    this.nodes = ctx.info.nodes;
    this.nodes.forEach((n, i) => this.nodeIndex.set(n.name, i));
    this.clusterCidr = parseCidr(ctx.info.clusterCIDR);
    this.serviceCidr = parseCidr(ctx.info.serviceCIDR);
    this.hostPrefix = this.openshift ? 23 : 24;
    this.pods = ctx.informers.for<Pod>('pods');
    this.pods.addIndex('spec.nodeName', (p) => p.spec?.nodeName || undefined);
    this.services = ctx.informers.for('services');
    this.services.addIndex('spec.clusterIP', (s) => (s.spec?.clusterIP && s.spec.clusterIP !== 'None' ? s.spec.clusterIP : undefined));
    this.endpoints = ctx.informers.for('endpoints');
    this.namespaces = ctx.informers.for('namespaces');
    this.netpols = ctx.informers.for('networkpolicies');
    this.startedAt = ctx.clock.now();
  }

  node(name: string): NodeConfig | undefined {
    const i = this.nodeIndex.get(name);
    return i === undefined ? undefined : this.nodes[i];
  }

  /** The node whose pod subnet holds `ip` (subnets are handed out in node order). */
  nodeForIp(ip: string): NodeConfig | undefined {
    const n = ipToInt(ip);
    const size = 2 ** (32 - this.hostPrefix);
    const i = Math.floor((n - this.clusterCidr.base) / size);
    const node = i >= 0 ? this.nodes[i] : undefined;
    return node && inCidr(n, parseCidr(node.podCIDR)) ? node : undefined;
  }

  /** Whether a pod has a logical switch port: scheduled, on the pod network, not finished. */
  hasPort(p: Pod): boolean {
    if (!p.spec?.nodeName || p.spec.hostNetwork) return false;
    const phase = p.status?.phase;
    return phase !== 'Succeeded' && phase !== 'Failed';
  }

  podsOn(node: string): Pod[] {
    const out: Pod[] = [];
    for (const p of this.pods.byIndex('spec.nodeName', node)) if (this.hasPort(p)) out.push(p);
    out.sort((a, b) => portOrder(a) - portOrder(b) || lspName(a).localeCompare(lspName(b)));
    return out;
  }

  podByIp(ip: string): Pod | undefined {
    const node = this.nodeForIp(ip);
    if (!node) return undefined;
    for (const p of this.pods.byIndex('spec.nodeName', node.name)) if (p.status?.podIP === ip && this.hasPort(p)) return p;
    return undefined;
  }

  serviceByIp(ip: string): KObject | undefined {
    for (const s of this.services.byIndex('spec.clusterIP', ip)) return s;
    return undefined;
  }

  policiesIn(ns: string): Iterable<CompiledPolicy> {
    return this.policies.get(ns)?.values() ?? [];
  }

  namespaceLabels(ns: string): Record<string, string> {
    return this.namespaces.getByName(undefined, ns)?.metadata.labels ?? { 'kubernetes.io/metadata.name': ns };
  }

  /**
   * Whether the pod's port binding was claimed by its node's ovn-controller. A stopped
   * ovn-controller claims nothing new; ports that existed before it stopped keep their flows.
   */
  bound(p: Pod, node = p.spec.nodeName ?? ''): boolean {
    const c = this.controllers.get(node);
    if (!c || c.running || c.downSince === undefined) return true;
    return portCreated(p) < c.downSince;
  }

  controllerRunning(node: string): boolean {
    return this.controllers.get(node)?.running ?? true;
  }

  /** Load-balancer backends of a Service port: ready endpoint addresses and the target port. */
  backends(svc: KObject, port: number, protocol: string): { targetPort: number; ips: string[] } | undefined {
    const sp = (svc.spec?.ports ?? []).find((p: any) => p.port === port && (p.protocol ?? 'TCP') === protocol);
    if (!sp) return undefined;
    const ep = this.endpoints.getByName(svc.metadata.namespace, svc.metadata.name);
    const ips: string[] = [];
    let targetPort = typeof sp.targetPort === 'number' ? sp.targetPort : sp.port;
    for (const s of (ep?.subsets ?? []) as any[]) {
      const epPort = (s.ports ?? []).find((p: any) => (sp.name ? p.name === sp.name : true) && (p.protocol ?? 'TCP') === protocol);
      if (!epPort) continue;
      targetPort = epPort.port;
      for (const a of s.addresses ?? []) ips.push(a.ip);
    }
    return { targetPort, ips };
  }

  // ------------------------------------------------------------- names and numbers

  subnet(node: string): string {
    return this.node(node)?.podCIDR ?? '0.0.0.0/32';
  }

  gatewayIp(node: string): string {
    return subnetGateway(this.subnet(node));
  }

  mgmtIp(node: string): string {
    return subnetMgmt(this.subnet(node));
  }

  joinIp(node: string): string {
    return intToIp(parseCidr(JOIN_CIDR).base + 2 + (this.nodeIndex.get(node) ?? 0));
  }

  transitIp(node: string): string {
    return intToIp(parseCidr(TRANSIT_CIDR).base + 2 + (this.nodeIndex.get(node) ?? 0));
  }

  /** Logical port tunnel key on the node switch: the address's offset in the subnet. */
  portKey(p: Pod): number {
    const ip = p.status?.podIP;
    if (!ip) return 3 + (hash32(lspName(p)) % 500);
    return ipToInt(ip) - parseCidr(this.subnet(p.spec.nodeName!)).base;
  }

  /** br-int ofport of a pod's interface (1 is the patch to br-ex, 2 ovn-k8s-mp0). */
  ofport(p: Pod): number {
    return this.portKey(p) + 2;
  }

  chassisId(node: string): string {
    return uuidFor(`chassis/${node}`);
  }

  /** Tunnel ofport towards another node's chassis. */
  tunnelOfport(local: string, remote: string): number {
    void local;
    return 1000 + (this.nodeIndex.get(remote) ?? 0);
  }
}

export function lspName(p: Pod): string {
  return `${p.metadata.namespace}_${p.metadata.name}`;
}

export function podMacOf(p: Pod): string | undefined {
  return p.status?.podIP ? podMac(p.status.podIP) : undefined;
}

function portOrder(p: Pod): number {
  return p.status?.podIP ? ipToInt(p.status.podIP) : Number.MAX_SAFE_INTEGER;
}

/** When the pod's logical port was created: when it was scheduled. */
export function portCreated(p: Pod): number {
  const cond = p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'True');
  const t = cond?.lastTransitionTime ?? p.metadata.creationTimestamp;
  return t ? Date.parse(t) : 0;
}
