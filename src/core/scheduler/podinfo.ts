/**
 * framework.PodInfo: everything the plugins need from a pod, computed once per pod object
 * (requests with the init-container rule, non-zero requests for scoring, host ports,
 * tolerations, compiled node affinity, affinity terms, spread constraints, images, claims),
 * so no plugin parses the pod spec per node.
 */
import type { Container, Pod, Toleration } from '../api/types.js';
import { cpuMillis, quantityValue } from '../api/quantity.js';
import { matches, selectorFromLabelSelector, type Selector } from '../api/labels.js';
import { compileNodeSelectorMap, compileTerm, compileTerms, type NodeMatcher } from './nodeselector.js';

export interface Resources {
  /** millicores */
  cpu: number;
  /** bytes */
  memory: number;
  ephemeral: number;
  /** Extended resources (nvidia.com/gpu ...), only when the pod asks for some. */
  scalar?: Record<string, number>;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export interface AffinityTerm {
  selector: Selector;
  /** Namespaces the term selects by name (the pod's own when none and no namespaceSelector). */
  namespaces: ReadonlySet<string>;
  /** namespaceSelector; null = none (labels.Nothing). */
  nsSelector: Selector | null;
  topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  selector: Selector;
  minDomains: number;
  /** nodeAffinityPolicy Honor (default): only nodes matching the pod's node affinity count. */
  honorNodeAffinity: boolean;
  /** nodeTaintsPolicy Honor: only nodes whose taints the pod tolerates count (default Ignore). */
  honorTaints: boolean;
}

export interface PodInfo {
  pod: Pod;
  key: string;
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  priority: number;
  requests: Resources;
  /** Requests with 100m cpu / 200Mi memory for containers that ask for none (scoring). */
  nonZero: { cpu: number; memory: number };
  hostPorts: HostPort[];
  tolerations: readonly Toleration[];
  /** nodeSelector AND required node affinity; null when the pod has neither. */
  requiredNodeMatcher: NodeMatcher | null;
  preferredNodeTerms: Array<{ weight: number; match: NodeMatcher }>;
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedAffinityTerm[];
  preferredAntiAffinity: WeightedAffinityTerm[];
  spread: SpreadConstraint[];
  images: string[];
  containerCount: number;
  /** Claim names of persistentVolumeClaim and generic ephemeral volumes. */
  claims: Array<{ name: string; ephemeral: boolean }>;
  /** Set by the cache: terminating pods still hold resources but do not count for spreading. */
  terminating: boolean;
}

export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);

function containerRequests(c: Container, nonZero: boolean): Resources {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  // Defaulting copies limits into missing requests; the API may not have done it for us.
  const cpuText = req.cpu ?? lim.cpu;
  const memText = req.memory ?? lim.memory;
  const ephText = req['ephemeral-storage'] ?? lim['ephemeral-storage'];
  const out: Resources = {
    cpu: cpuText !== undefined ? cpuMillis(cpuText) : nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0,
    memory: memText !== undefined ? quantityValue(memText) : nonZero ? DEFAULT_MEMORY_REQUEST : 0,
    ephemeral: ephText !== undefined ? quantityValue(ephText) : 0,
  };
  if (!nonZero) {
    for (const [name, v] of Object.entries({ ...lim, ...req })) {
      if (STANDARD.has(name) || v === undefined) continue;
      (out.scalar ??= {})[name] = quantityValue(v);
    }
  }
  return out;
}

function add(a: Resources, b: Resources): void {
  a.cpu += b.cpu;
  a.memory += b.memory;
  a.ephemeral += b.ephemeral;
  if (b.scalar) for (const [k, v] of Object.entries(b.scalar)) (a.scalar ??= {})[k] = (a.scalar[k] ?? 0) + v;
}

function max(a: Resources, b: Resources): void {
  a.cpu = Math.max(a.cpu, b.cpu);
  a.memory = Math.max(a.memory, b.memory);
  a.ephemeral = Math.max(a.ephemeral, b.ephemeral);
  if (b.scalar) for (const [k, v] of Object.entries(b.scalar)) (a.scalar ??= {})[k] = Math.max(a.scalar[k] ?? 0, v);
}

/** resourcehelper.PodRequests: containers summed, then max with each init container (sidecars add up). */
export function podRequests(pod: Pod, nonZero = false): Resources {
  const total: Resources = { cpu: 0, memory: 0, ephemeral: 0 };
  for (const c of pod.spec.containers ?? []) add(total, containerRequests(c, nonZero));
  const init = pod.spec.initContainers;
  if (init && init.length > 0) {
    const sidecars: Resources = { cpu: 0, memory: 0, ephemeral: 0 };
    const initMax: Resources = { cpu: 0, memory: 0, ephemeral: 0 };
    for (const c of init) {
      const r = containerRequests(c, nonZero);
      if (c.restartPolicy === 'Always') {
        add(total, r);
        add(sidecars, r);
        max(initMax, { ...sidecars, scalar: sidecars.scalar && { ...sidecars.scalar } });
      } else {
        const tmp: Resources = { cpu: 0, memory: 0, ephemeral: 0 };
        add(tmp, r);
        add(tmp, sidecars);
        max(initMax, tmp);
      }
    }
    max(total, initMax);
  }
  return total;
}

/** ImageLocality's normalizedImageName: add ":latest" when there is no tag (or digest). */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) name = `${name}:latest`;
  return name;
}

function affinityTerm(raw: any, podNamespace: string): AffinityTerm {
  const namespaces: string[] = raw?.namespaces ?? [];
  const nsSel = raw?.namespaceSelector;
  return {
    selector: safeSelector(raw?.labelSelector),
    namespaces: new Set(namespaces.length === 0 && (nsSel === undefined || nsSel === null) ? [podNamespace] : namespaces),
    nsSelector: nsSel === undefined || nsSel === null ? null : safeSelector(nsSel),
    topologyKey: String(raw?.topologyKey ?? ''),
  };
}

function safeSelector(ls: any): Selector {
  try {
    return selectorFromLabelSelector(ls);
  } catch {
    return selectorFromLabelSelector(null);
  }
}

/** AffinityTerm.Matches: namespace selected (by name or selector) and labels selected. */
export function termMatches(term: AffinityTerm, pod: PodInfo, nsLabels: (ns: string) => Readonly<Record<string, string>> | undefined): boolean {
  if (!term.namespaces.has(pod.namespace)) {
    if (!term.nsSelector || !matches(term.nsSelector, nsLabels(pod.namespace) ?? {})) return false;
  }
  return matches(term.selector, pod.labels);
}

export function newPodInfo(pod: Pod): PodInfo {
  const spec = pod.spec ?? ({} as Pod['spec']);
  const ns = pod.metadata.namespace ?? 'default';
  const labels = pod.metadata.labels ?? {};

  const hostPorts: HostPort[] = [];
  for (const c of spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      hostPorts.push({ ip: (p as { hostIP?: string }).hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }

  const affinity = spec.affinity ?? {};
  const nodeAff = affinity.nodeAffinity;
  const matchers: NodeMatcher[] = [];
  if (spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0) matchers.push(compileNodeSelectorMap(spec.nodeSelector));
  const requiredTerms = nodeAff?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (Array.isArray(requiredTerms)) matchers.push(compileTerms(requiredTerms));
  const requiredNodeMatcher: NodeMatcher | null =
    matchers.length === 0 ? null : matchers.length === 1 ? matchers[0]! : (l, n) => matchers[0]!(l, n) && matchers[1]!(l, n);
  const preferredNodeTerms = ((nodeAff?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as any[])
    .filter((t) => t && t.weight)
    .map((t) => ({ weight: Number(t.weight), match: compileTerm(t.preference ?? {}) }));

  const pa = affinity.podAffinity ?? {};
  const paa = affinity.podAntiAffinity ?? {};
  const required = (list: any): AffinityTerm[] => (Array.isArray(list) ? list.map((t) => affinityTerm(t, ns)) : []);
  const preferred = (list: any): WeightedAffinityTerm[] =>
    Array.isArray(list) ? list.filter((t) => t?.weight).map((t) => ({ ...affinityTerm(t.podAffinityTerm, ns), weight: Number(t.weight) })) : [];

  const tolerations = spec.tolerations ?? [];
  const spread: SpreadConstraint[] = (spec.topologySpreadConstraints ?? []).map((c: any) => ({
    maxSkew: Number(c.maxSkew ?? 1),
    topologyKey: String(c.topologyKey ?? ''),
    whenUnsatisfiable: c.whenUnsatisfiable === 'ScheduleAnyway' ? 'ScheduleAnyway' : 'DoNotSchedule',
    selector: safeSelector(c.labelSelector),
    minDomains: Number(c.minDomains ?? 1),
    honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorTaints: c.nodeTaintsPolicy === 'Honor',
  }));

  const images: string[] = [];
  for (const c of spec.initContainers ?? []) if (c.image) images.push(normalizedImageName(c.image));
  for (const c of spec.containers ?? []) if (c.image) images.push(normalizedImageName(c.image));

  const claims: PodInfo['claims'] = [];
  for (const v of spec.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) claims.push({ name: v.persistentVolumeClaim.claimName, ephemeral: false });
    else if (v.ephemeral) claims.push({ name: `${pod.metadata.name}-${v.name}`, ephemeral: true });
  }

  return {
    pod,
    key: `${ns}/${pod.metadata.name}`,
    namespace: ns,
    name: pod.metadata.name,
    labels,
    priority: typeof spec.priority === 'number' ? spec.priority : 0,
    requests: podRequests(pod),
    nonZero: (({ cpu, memory }) => ({ cpu, memory }))(podRequests(pod, true)),
    hostPorts,
    tolerations,
    requiredNodeMatcher,
    preferredNodeTerms,
    requiredAffinity: required(pa.requiredDuringSchedulingIgnoredDuringExecution),
    requiredAntiAffinity: required(paa.requiredDuringSchedulingIgnoredDuringExecution),
    preferredAffinity: preferred(pa.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: preferred(paa.preferredDuringSchedulingIgnoredDuringExecution),
    spread,
    images,
    containerCount: (spec.containers?.length ?? 0) + (spec.initContainers?.length ?? 0),
    claims,
    terminating: !!pod.metadata.deletionTimestamp,
  };
}
