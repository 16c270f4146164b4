/**
 * PodSecurity (pod-security-admission): the namespace label pod-security.kubernetes.io/enforce
 * (privileged | baseline | restricted) decides which checks a new pod must pass. Checks run in
 * upstream order (baseline checks, then restricted ones; the baseline checks that restricted
 * replaces only at baseline) and the message joins `reason (detail)` pairs.
 *
 * Only `enforce` is modelled (warn/audit produce no output here), and only pods are checked
 * (workloads get warnings upstream, not rejections). On OpenShift the SCC admission
 * (restricted-v2) is out of scope: unlabelled namespaces admit every pod, as with enforce=privileged.
 */
import type { AdmissionPlugin } from './types.js';
import { admissionForbidden, isPod, joinQuote, pluralize } from './util.js';

type Obj = Record<string, any>;
type Result = { reason: string; detail: string } | undefined;
type Check = (meta: Obj, spec: Obj) => Result;

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

function containersOf(spec: Obj): Obj[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

const ALLOWED_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

// ---- baseline (always)

const hostNamespaces: Check = (_m, spec) => {
  const ns = [spec.hostIPC && 'hostIPC=true', spec.hostNetwork && 'hostNetwork=true', spec.hostPID && 'hostPID=true'].filter(Boolean) as string[];
  return ns.length ? { reason: 'host namespaces', detail: ns.join(', ') } : undefined;
};

const hostPorts: Check = (_m, spec) => {
  const bad: string[] = [];
  const ports = new Set<number>();
  for (const c of containersOf(spec)) {
    let found = false;
    for (const p of c.ports ?? []) {
      if (p.hostPort) {
        found = true;
        ports.add(p.hostPort);
      }
    }
    if (found) bad.push(c.name);
  }
  if (!bad.length) return undefined;
  const list = [...ports].map(String).sort();
  return {
    reason: 'hostPort',
    detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`,
  };
};

const privileged: Check = (_m, spec) => {
  const bad = containersOf(spec).filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  return bad.length ? { reason: 'privileged', detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.privileged=true` } : undefined;
};

// ---- baseline only (restricted has stricter versions)

const capabilitiesBaseline: Check = (_m, spec) => {
  const bad: string[] = [];
  const caps = new Set<string>();
  for (const c of containersOf(spec)) {
    let ok = true;
    for (const cap of c.securityContext?.capabilities?.add ?? []) {
      if (!ALLOWED_CAPS.has(cap)) {
        ok = false;
        caps.add(cap);
      }
    }
    if (!ok) bad.push(c.name);
  }
  return bad.length
    ? { reason: 'non-default capabilities', detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not include ${joinQuote([...caps].sort())} in securityContext.capabilities.add` }
    : undefined;
};

const hostPathVolumes: Check = (_m, spec) => {
  const bad = (spec.volumes ?? []).filter((v: Obj) => v.hostPath).map((v: Obj) => v.name as string);
  return bad.length ? { reason: 'hostPath volumes', detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}` } : undefined;
};

function seccompSetters(spec: Obj): { setters: string[]; values: Set<string>; podSet: boolean; implicit: string[] } {
  const values = new Set<string>();
  const setters: string[] = [];
  const ok = (t: string | undefined): boolean => t === 'RuntimeDefault' || t === 'Localhost';
  let podSet = false;
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile) {
    if (!ok(podProfile.type)) {
      setters.push('pod');
      values.add(podProfile.type ?? '');
    } else podSet = true;
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containersOf(spec)) {
    const p = c.securityContext?.seccompProfile;
    if (p) {
      if (!ok(p.type)) {
        explicit.push(c.name);
        values.add(p.type ?? '');
      }
    } else if (!podSet) implicit.push(c.name);
  }
  if (explicit.length) setters.push(`${pluralize('container', 'containers', explicit.length)} ${joinQuote(explicit)}`);
  return { setters, values, podSet, implicit };
}

const seccompBaseline: Check = (_m, spec) => {
  const { setters, values } = seccompSetters(spec);
  return setters.length ? { reason: 'seccompProfile', detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote([...values].sort())}` } : undefined;
};

// ---- restricted

const allowPrivilegeEscalation: Check = (_m, spec) => {
  const bad = containersOf(spec).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
  return bad.length
    ? { reason: 'allowPrivilegeEscalation != false', detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must set securityContext.allowPrivilegeEscalation=false` }
    : undefined;
};

const capabilitiesRestricted: Check = (_m, spec) => {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps = new Set<string>();
  for (const c of containersOf(spec)) {
    const capsObj = c.securityContext?.capabilities;
    if (!capsObj) {
      missingDrop.push(c.name);
      continue;
    }
    if (!(capsObj.drop ?? []).includes('ALL')) missingDrop.push(c.name);
    let bad = false;
    for (const cap of capsObj.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE') {
        bad = true;
        caps.add(cap);
      }
    }
    if (bad) adding.push(c.name);
  }
  const details: string[] = [];
  if (missingDrop.length) details.push(`${pluralize('container', 'containers', missingDrop.length)} ${joinQuote(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length) details.push(`${pluralize('container', 'containers', adding.length)} ${joinQuote(adding)} must not include ${joinQuote([...caps].sort())} in securityContext.capabilities.add`);
  return details.length ? { reason: 'unrestricted capabilities', detail: details.join('; ') } : undefined;
};

const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

const restrictedVolumes: Check = (_m, spec) => {
  const bad: string[] = [];
  const types = new Set<string>();
  for (const v of spec.volumes ?? []) {
    if (ALLOWED_VOLUMES.some((t) => v[t] !== undefined)) continue;
    bad.push(v.name);
    const t = Object.keys(v).find((k) => k !== 'name');
    if (t) types.add(t);
  }
  if (!bad.length) return undefined;
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', types.size)} ${joinQuote([...types].sort())}`,
  };
};

const runAsNonRoot: Check = (_m, spec) => {
  const setters: string[] = [];
  let podNonRoot = false;
  const podVal = spec.securityContext?.runAsNonRoot;
  if (podVal !== undefined) {
    if (!podVal) setters.push('pod');
    else podNonRoot = true;
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containersOf(spec)) {
    const v = c.securityContext?.runAsNonRoot;
    if (v !== undefined) {
      if (!v) explicit.push(c.name);
    } else if (!podNonRoot) implicit.push(c.name);
  }
  if (explicit.length) setters.push(`${pluralize('container', 'containers', explicit.length)} ${joinQuote(explicit)}`);
  if (setters.length) return { reason: 'runAsNonRoot != true', detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false` };
  if (implicit.length) return { reason: 'runAsNonRoot != true', detail: `pod or ${pluralize('container', 'containers', implicit.length)} ${joinQuote(implicit)} must set securityContext.runAsNonRoot=true` };
  return undefined;
};

const runAsUser: Check = (_m, spec) => {
  const setters: string[] = [];
  if (spec.securityContext?.runAsUser === 0) setters.push('pod');
  const bad = containersOf(spec).filter((c) => c.securityContext?.runAsUser === 0).map((c) => c.name);
  if (bad.length) setters.push(`${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)}`);
  return setters.length ? { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0` } : undefined;
};

const seccompRestricted: Check = (_m, spec) => {
  const { setters, values, implicit } = seccompSetters(spec);
  if (setters.length) return { reason: 'seccompProfile', detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote([...values].sort())}` };
  if (implicit.length) {
    return {
      reason: 'seccompProfile',
      detail: `pod or ${pluralize('container', 'containers', implicit.length)} ${joinQuote(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    };
  }
  return undefined;
};

const BASELINE: Check[] = [hostNamespaces, hostPorts, privileged];
const BASELINE_ONLY: Check[] = [capabilitiesBaseline, hostPathVolumes, seccompBaseline];
const RESTRICTED: Check[] = [allowPrivilegeEscalation, capabilitiesRestricted, restrictedVolumes, runAsNonRoot, runAsUser, seccompRestricted];

/** Evaluates a pod at a level; returns the violations as `reason (detail)` strings. */
export function evaluatePodSecurity(level: string, meta: Obj, spec: Obj): string[] {
  if (level !== 'baseline' && level !== 'restricted') return [];
  const checks = level === 'baseline' ? [...BASELINE, ...BASELINE_ONLY] : [...BASELINE, ...RESTRICTED];
  const out: string[] = [];
  for (const check of checks) {
    const r = check(meta, spec);
    if (r) out.push(`${r.reason} (${r.detail})`);
  }
  return out;
}

export const podSecurity: AdmissionPlugin = {
  name: 'PodSecurity',
  validate(attrs, ctx) {
    if (!isPod(attrs) || attrs.operation !== 'CREATE' || !attrs.object || !attrs.namespace) return;
    const ns = ctx.get('namespaces', undefined, attrs.namespace);
    const level = ns?.metadata.labels?.[ENFORCE_LABEL];
    if (!level || level === 'privileged') return;
    const version = ns?.metadata.labels?.[ENFORCE_VERSION_LABEL] ?? 'latest';
    const violations = evaluatePodSecurity(level, attrs.object.metadata, attrs.object.spec ?? {});
    if (violations.length) throw admissionForbidden(attrs, `violates PodSecurity "${level}:${version}": ${violations.join(', ')}`);
    return `${level}:${version}`;
  },
};
