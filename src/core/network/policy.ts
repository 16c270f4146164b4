/**
 * NetworkPolicy as OVN-Kubernetes implements it: each policy becomes a port group of the pods
 * it selects plus ACLs; a namespace with policies gets default-deny port groups
 * (`<ns>_ingressDefaultDeny` / `<ns>_egressDefaultDeny`) with ACLs at priority 1000, and every
 * allow rule an ACL at priority 1001. Policies are compiled once per event; evaluation walks
 * only the policies of one namespace.
 */
import type { KObject, Pod } from '../api/types.js';
import { matches, selectorFromLabelSelector, type Selector } from '../api/labels.js';
import { hash32, inCidr, parseCidr, type Cidr } from './cidr.js';

export const DEFAULT_DENY_PRIORITY = 1000;
export const ALLOW_PRIORITY = 1001;

interface Peer {
  pods?: Selector;
  /** undefined: the policy's own namespace. */
  namespaces?: Selector;
  ipBlock?: { cidr: Cidr; text: string; except: Cidr[] };
}

interface PortRule {
  protocol: string;
  port?: number | string;
  endPort?: number;
}

export interface Rule {
  /** undefined: from/to everywhere. */
  peers?: Peer[];
  /** undefined: every port. */
  ports?: PortRule[];
}

export interface CompiledPolicy {
  namespace: string;
  name: string;
  select: Selector;
  ingress?: Rule[];
  egress?: Rule[];
}

export interface PolicyVerdict {
  allowed: boolean;
  /** The ACL that decided: name, priority, direction, port group and match text. */
  acl?: AclInfo;
}

export interface AclInfo {
  name: string;
  priority: number;
  direction: 'to-lport' | 'from-lport';
  action: 'allow-related' | 'drop';
  portGroup: string;
  match: string;
}

/** OVN-Kubernetes names port groups by a hash of "<ns>_<name>" (they show as a<digits>). */
export function portGroupName(ns: string, name: string): string {
  return `a${hash32(`${ns}_${name}`)}${hash32(`${name}_${ns}`) % 100000}`;
}

export function compilePolicy(np: KObject): CompiledPolicy {
  const spec = np.spec ?? {};
  const types: string[] = spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
  const rules = (list: any[] | undefined, key: 'from' | 'to'): Rule[] =>
    (list ?? []).map((r) => ({
      peers: r?.[key] && r[key].length ? r[key].map(compilePeer) : undefined,
      ports: r?.ports && r.ports.length ? r.ports.map((p: any) => ({ protocol: p.protocol ?? 'TCP', port: p.port, endPort: p.endPort })) : undefined,
    }));
  return {
    namespace: np.metadata.namespace!,
    name: np.metadata.name,
    select: selectorFromLabelSelector(spec.podSelector ?? {}),
    ingress: types.includes('Ingress') ? rules(spec.ingress, 'from') : undefined,
    egress: types.includes('Egress') ? rules(spec.egress, 'to') : undefined,
  };
}

function compilePeer(p: any): Peer {
  if (p?.ipBlock) return { ipBlock: { cidr: parseCidr(p.ipBlock.cidr), text: p.ipBlock.cidr, except: (p.ipBlock.except ?? []).map(parseCidr) } };
  return {
    pods: p?.podSelector ? selectorFromLabelSelector(p.podSelector) : undefined,
    namespaces: p?.namespaceSelector ? selectorFromLabelSelector(p.namespaceSelector) : undefined,
  };
}

/** One end of a connection as policies see it. */
export interface Endpoint {
  ip: string;
  pod?: Pod;
  namespaceLabels?: Record<string, string>;
}

function peerMatches(peer: Peer, policyNs: string, other: Endpoint): boolean {
  if (peer.ipBlock) return inCidr(other.ip, peer.ipBlock.cidr) && !peer.ipBlock.except.some((e) => inCidr(other.ip, e));
  if (!other.pod) return false;
  const ns = other.pod.metadata.namespace!;
  if (peer.namespaces) {
    if (!matches(peer.namespaces, other.namespaceLabels ?? {})) return false;
  } else if (ns !== policyNs) return false;
  return peer.pods ? matches(peer.pods, other.pod.metadata.labels ?? {}) : true;
}

function portMatches(rule: PortRule, port: number, protocol: string, target?: Pod): boolean {
  if (rule.protocol !== protocol) return false;
  if (rule.port === undefined) return true;
  if (typeof rule.port === 'string') {
    if (!target) return false;
    for (const c of target.spec.containers) for (const p of c.ports ?? []) if (p.name === rule.port && p.containerPort === port && (p.protocol ?? 'TCP') === protocol) return true;
    return false;
  }
  return rule.endPort ? port >= rule.port && port <= rule.endPort : port === rule.port;
}

function ruleText(rule: Rule, dir: 'Ingress' | 'Egress', ns: string): string {
  const field = dir === 'Ingress' ? 'ip4.src' : 'ip4.dst';
  const parts: string[] = [];
  if (rule.peers) {
    const sets = rule.peers.map((p, i) => (p.ipBlock ? `${field} == ${p.ipBlock.text}` : `${field} == $a${hash32(`${ns}.${dir}.${i}`)}`));
    parts.push(sets.length === 1 ? sets[0]! : `(${sets.join(' || ')})`);
  }
  if (rule.ports) {
    const ps = rule.ports.map((p) => `${p.protocol.toLowerCase()} && ${p.protocol.toLowerCase()}.dst==${typeof p.port === 'string' ? `{named:${p.port}}` : p.endPort ? `{${p.port}-${p.endPort}}` : (p.port ?? '1-65535')}`);
    parts.push(ps.length === 1 ? ps[0]! : `((${ps.join(') || (')}))`);
  }
  return parts.join(' && ');
}

/**
 * The verdict of the policies of `subject`'s namespace for traffic to (Ingress) or from
 * (Egress) it. No policy selecting the pod for that direction: allowed, no ACL involved.
 */
export function evaluate(policies: Iterable<CompiledPolicy>, dir: 'Ingress' | 'Egress', subject: Pod, other: Endpoint, port: number, protocol: string, target: Pod | undefined): PolicyVerdict {
  const ns = subject.metadata.namespace!;
  const labels = subject.metadata.labels ?? {};
  let selected = false;
  const direction = dir === 'Ingress' ? 'to-lport' : 'from-lport';
  const portRef = dir === 'Ingress' ? 'outport' : 'inport';
  for (const p of policies) {
    const rules = dir === 'Ingress' ? p.ingress : p.egress;
    if (!rules || !matches(p.select, labels)) continue;
    selected = true;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i]!;
      const peerOk = !r.peers || r.peers.some((peer) => peerMatches(peer, ns, other));
      const portOk = !r.ports || r.ports.some((pr) => portMatches(pr, port, protocol, target));
      if (peerOk && portOk) {
        const pg = portGroupName(ns, p.name);
        const rest = ruleText(r, dir, ns);
        return {
          allowed: true,
          acl: { name: `NP:${ns}:${p.name}:${dir}:${i}`, priority: ALLOW_PRIORITY, direction, action: 'allow-related', portGroup: pg, match: `ip4 && ${rest ? `${rest} && ` : ''}${portRef} == @${pg}` },
        };
      }
    }
  }
  if (!selected) return { allowed: true };
  const pg = portGroupName(ns, `${dir.toLowerCase()}DefaultDeny`);
  return { allowed: false, acl: { name: `NP:${ns}:${dir}`, priority: DEFAULT_DENY_PRIORITY, direction, action: 'drop', portGroup: pg, match: `${portRef} == @${pg}` } };
}

/** Names of the ACLs a namespace's policies produce (ovn-nbctl acl-list). */
export function aclsOf(p: CompiledPolicy): AclInfo[] {
  const out: AclInfo[] = [];
  const pg = portGroupName(p.namespace, p.name);
  for (const dir of ['Ingress', 'Egress'] as const) {
    const rules = dir === 'Ingress' ? p.ingress : p.egress;
    if (!rules) continue;
    const portRef = dir === 'Ingress' ? 'outport' : 'inport';
    rules.forEach((r, i) => {
      const rest = ruleText(r, dir, p.namespace);
      out.push({ name: `NP:${p.namespace}:${p.name}:${dir}:${i}`, priority: ALLOW_PRIORITY, direction: dir === 'Ingress' ? 'to-lport' : 'from-lport', action: 'allow-related', portGroup: pg, match: `ip4 && ${rest ? `${rest} && ` : ''}${portRef} == @${pg}` });
    });
  }
  return out;
}
