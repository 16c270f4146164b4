/**
 * Pieces every describer shares, ported from k8s.io/kubectl/pkg/describe: labels,
 * annotations, taints, tolerations, events, containers, volumes, pod templates, and the
 * request/limit sums of PodRequestsAndLimits.
 */
import type { Container, Event, KObject, Pod, Taint, Toleration } from '../../../../core/api/types.js';
import { cpuMillis, formatCpuMillis, parseQuantityExact, quantityString, quantityValue, type QuantityFormat } from '../../../../core/api/quantity.js';
import { goV, PrefixWriter, qty, rfc1123z, since, sortedKeys, type DescribeContext } from './writer.js';

const MAX_ANNOTATION_LEN = 140;
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(labels);
  if (keys.length === 0) return w.writeLine('<none>');
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, initialIndent + innerIndent);
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = sortedKeys(annotations).filter((k) => !SKIP_ANNOTATIONS.has(k));
  if (keys.length === 0) return w.writeLine('<none>');
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, '\t');
    const value = annotations![k]!.replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? s.slice(0, MAX_ANNOTATION_LEN - 2) + '...' : s}\n`);
    } else w.write(0, `${k}: ${value}\n`);
  });
}

export function taintString(t: Taint): string {
  let s = t.key;
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  return s;
}

export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined): void {
  w.write(0, `${title}:\t`);
  if (!taints?.length) return w.writeLine('<none>');
  const sorted = [...taints].sort((a, b) => {
    const x = `${a.effect},${a.key}`;
    const y = `${b.effect},${b.key}`;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, '\t');
    w.write(0, `${taintString(t)}\n`);
  });
}

export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  if (!tolerations?.length) return w.writeLine('<none>');
  const sorted = [...tolerations].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, initialIndent + '\t');
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${s}\n`);
  });
}

/** DescribeEvents: a flush, then the events sorted by last timestamp. */
export function describeEvents(events: Event[] | undefined, w: PrefixWriter, now: number): void {
  if (!events) return;
  if (events.length === 0) return w.write(0, 'Events:\t<none>\n');
  w.flush();
  const sorted = events
    .map((e, i) => ({ e, i, t: e.lastTimestamp ? Date.parse(e.lastTimestamp) : 0 }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    const series = (e as KObject).series as { lastObservedTime?: string; count?: number } | undefined;
    let interval: string;
    if (series) interval = `${since(series.lastObservedTime, now)} (x${series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    else interval = first;
    const source = e.source?.component || (e as KObject).reportingController || '';
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}

export function eventsFor(obj: KObject, ctx: DescribeContext, withKind = true): Event[] | undefined {
  return ctx.events({ kind: withKind ? obj.kind : undefined, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid });
}

export function printController(obj: KObject): string {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

// ---- containers ----

function portList(ports: Container['ports'], host: boolean): string {
  return (ports ?? []).map((p) => `${host ? p.hostPort ?? 0 : p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
}

function resourceNames(list: Record<string, unknown> | undefined): string[] {
  return sortedKeys(list);
}

export function describeResources(resources: Container['resources'], w: PrefixWriter, level: number): void {
  if (!resources) return;
  const limits = resources.limits ?? {};
  const requests = resources.requests ?? {};
  if (Object.keys(limits).length) w.write(level, 'Limits:\n');
  for (const n of resourceNames(limits)) w.write(level + 1, `${n}:\t${qty(limits[n])}\n`);
  if (Object.keys(requests).length) w.write(level, 'Requests:\n');
  for (const n of resourceNames(requests)) w.write(level + 1, `${n}:\t${qty(requests[n])}\n`);
}

export function describeProbe(p: any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec ${goV(p.exec.command ?? [])} ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const port = g.port !== undefined ? String(g.port) : '';
    const host = port ? (g.host?.includes(':') ? `[${g.host}]:${port}` : `${g.host ?? ''}:${port}`) : g.host ?? '';
    return `http-get ${String(g.scheme ?? 'HTTP').toLowerCase()}://${host}${g.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeStatus(name: string, state: any, w: PrefixWriter): void {
  if (state?.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else w.write(2, `${name}:\tWaiting\n`);
}

/** EnvValueRetriever: the value a fieldRef resolves to for this pod. */
function fieldRefValue(pod: Pod | undefined, path: string): string {
  if (!pod) return '';
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return (pod.metadata[m[1]!] as Record<string, string> | undefined)?.[m[2]!] ?? '';
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? '';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
  }
  return '';
}

function resourceFieldValue(c: Container, ref: { resource: string; divisor?: string }): string {
  const [kind, name] = ref.resource.split('.') as [string, string];
  const list = kind === 'limits' ? c.resources?.limits : c.resources?.requests;
  const v = list?.[name];
  if (v === undefined) return '0';
  try {
    if (name === 'cpu') return String(Math.ceil(cpuMillis(v) / 1000));
    return String(quantityValue(v));
  } catch {
    return '';
  }
}

function describeEnv(c: Container, pod: Pod | undefined, w: PrefixWriter): void {
  if (c.envFrom?.length) {
    w.write(2, 'Environment Variables from:\n');
    for (const e of c.envFrom) {
      const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
      const ref = e.configMapRef ?? e.secretRef;
      const optional = !!ref?.optional;
      if (!e.prefix) w.write(3, `${ref?.name ?? ''}\t${from}\tOptional: ${optional}\n`);
      else w.write(3, `${ref?.name ?? ''}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
    }
  }
  w.write(2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
  for (const e of c.env ?? []) {
    const vf = e.valueFrom;
    if (!vf) {
      (e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
    } else if (vf.fieldRef) {
      const value = pod ? fieldRefValue(pod, vf.fieldRef.fieldPath) : '';
      w.write(3, `${e.name}:\t${value} (${(vf.fieldRef as { apiVersion?: string }).apiVersion ?? ''}:${vf.fieldRef.fieldPath})\n`);
    } else if (vf.resourceFieldRef) {
      let value = resourceFieldValue(c, vf.resourceFieldRef);
      const r = vf.resourceFieldRef.resource;
      if (value === '0' && (r === 'limits.cpu' || r === 'limits.memory')) value = 'node allocatable';
      w.write(3, `${e.name}:\t${value} (${r})\n`);
    } else if (vf.secretKeyRef) {
      w.write(3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${!!vf.secretKeyRef.optional}\n`);
    } else if (vf.configMapKeyRef) {
      w.write(3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${!!vf.configMapKeyRef.optional}\n`);
    }
  }
}

export function describeContainers(label: string, containers: Container[], statuses: any[] | undefined, pod: Pod | undefined, w: PrefixWriter, space: string): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = byName.get(c.name);
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
    if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image}\n`);
    if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = portList(c.ports, false);
    w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
    const hostPorts = portList(c.ports, true);
    w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
    const seccomp = (c.securityContext as { seccompProfile?: { type: string; localhostProfile?: string } } | undefined)?.seccompProfile;
    if (seccomp) {
      w.write(2, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === 'Localhost') w.write(3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    if (c.command?.length) {
      w.write(2, 'Command:\n');
      for (const part of c.command) for (const s of part.split('\n')) w.write(3, `${s}\n`);
    }
    if (c.args?.length) {
      w.write(2, 'Args:\n');
      for (const part of c.args) for (const s of part.split('\n')) w.write(3, `${s}\n`);
    }
    if (status) {
      describeStatus('State', status.state, w);
      if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
      w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(c.resources, w, 2);
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    describeEnv(c, pod, w);
    const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
    w.write(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw'];
      if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
      w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
  }
}

// ---- volumes ----

function describeVolumeSource(v: any, w: PrefixWriter): void {
  const L2 = (s: string): void => w.write(2, s);
  if (v.hostPath) L2(`Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`);
  else if (v.emptyDir) L2(`Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${v.emptyDir.sizeLimit ? qty(v.emptyDir.sizeLimit) : '<unset>'}\n`);
  else if (v.secret) L2(`Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${!!v.secret.optional}\n`);
  else if (v.configMap) L2(`Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${!!v.configMap.optional}\n`);
  else if (v.nfs) L2(`Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs.server}\n    Path:\t${v.nfs.path}\n    ReadOnly:\t${!!v.nfs.readOnly}\n`);
  else if (v.persistentVolumeClaim) L2(`Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${!!v.persistentVolumeClaim.readOnly}\n`);
  else if (v.ephemeral) L2('Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
  else if (v.downwardAPI) {
    L2('Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef) w.write(3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
      if (item.resourceFieldRef) w.write(3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
    }
  } else if (v.projected) {
    L2('Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const s of v.projected.sources ?? []) {
      // kubectl 1.32 prints the optional pointers as they are (<nil> when unset).
      if (s.secret) L2(`SecretName:\t${s.secret.name}\n    SecretOptionalName:\t${s.secret.optional ?? '<nil>'}\n`);
      else if (s.downwardAPI) L2('DownwardAPI:\ttrue\n');
      else if (s.configMap) L2(`ConfigMapName:\t${s.configMap.name}\n    ConfigMapOptional:\t${s.configMap.optional ?? '<nil>'}\n`);
      else if (s.serviceAccountToken) L2(`TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3607}\n`);
    }
  } else if (v.csi) {
    L2(`Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${v.csi.driver}\n    FSType:\t${v.csi.fsType ?? ''}\n    ReadOnly:\t${!!v.csi.readOnly}\n`);
    const attrs = v.csi.volumeAttributes as Record<string, string> | undefined;
    w.write(2, 'VolumeAttributes:\t');
    const keys = sortedKeys(attrs);
    if (keys.length === 0) w.writeLine('<none>');
    keys.forEach((k, i) => {
      if (i !== 0) w.write(2, '\t');
      const line = `${k}=${attrs![k]}`;
      w.write(2, `${line.length > MAX_ANNOTATION_LEN ? line.slice(0, MAX_ANNOTATION_LEN) + '...' : line}\n`);
    });
  } else w.write(1, '<unknown>\n');
}

export function describeVolumes(volumes: any[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes?.length) return w.write(0, `${space}Volumes:\t<none>\n`);
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    describeVolumeSource(v, w);
  }
}

export function describeTopologySpread(tscs: any[] | undefined, w: PrefixWriter, space: string): void {
  if (!tscs?.length) return;
  const sorted = [...tscs].sort((a, b) => (a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0));
  w.write(0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, `${space}\t`);
    let s = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`;
    if (t.labelSelector) s += ` for selector ${formatSelector(t.labelSelector)}`;
    w.write(0, `${s}\n`);
  });
}

import { formatLabelSelector } from '../../../../core/api/labels.js';
const formatSelector = formatLabelSelector;

export function describePodTemplate(template: any, w: PrefixWriter): void {
  w.write(0, 'Pod Template:\n');
  if (!template) return w.write(1, '<unset>');
  const spec = template.spec ?? {};
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length) printAnnotationsMultiline(w, '  Annotations', template.metadata.annotations);
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers ?? [], undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpread(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', spec.tolerations, '  ');
}

/** Pods of a controller by phase: getPodStatusForController. */
export function podPhaseCounts(ctx: DescribeContext, obj: KObject, labelSelector: string): string {
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  for (const pod of ctx.list('pods', obj.metadata.namespace, { labelSelector })) {
    const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
    if (!ref || ref.uid !== obj.metadata.uid) continue;
    const phase = pod.status?.phase as keyof typeof counts;
    if (phase in counts) counts[phase]++;
  }
  return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`;
}

// ---- resource sums (resourcehelper.PodRequestsAndLimits) ----

/** A summed quantity: base value plus the format of the first term, as Quantity.Add keeps it. */
export interface Sum {
  /** millis for cpu, base units otherwise */
  value: number;
  format: QuantityFormat;
}

function termValue(name: string, q: string): Sum {
  const parsed = parseQuantityExact(q);
  return { value: name === 'cpu' ? cpuMillis(q) : quantityValue(q), format: parsed.format };
}

export function addList(total: Map<string, Sum>, list: Record<string, string | undefined> | undefined): void {
  for (const [name, q] of Object.entries(list ?? {})) {
    if (q === undefined) continue;
    let t: Sum;
    try {
      t = termValue(name, q);
    } catch {
      continue;
    }
    const cur = total.get(name);
    if (!cur) total.set(name, { ...t });
    else total.set(name, { value: cur.value + t.value, format: cur.value === 0 ? t.format : cur.format });
  }
}

function maxList(total: Map<string, Sum>, list: Map<string, Sum>): void {
  for (const [name, q] of list) {
    const cur = total.get(name);
    if (!cur || q.value > cur.value) total.set(name, { ...q });
  }
}

export function podRequestsAndLimits(pod: Pod): { reqs: Map<string, Sum>; limits: Map<string, Sum> } {
  const reqs = new Map<string, Sum>();
  const limits = new Map<string, Sum>();
  for (const c of pod.spec?.containers ?? []) {
    addList(reqs, c.resources?.requests);
    addList(limits, c.resources?.limits);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const r = new Map<string, Sum>();
    const l = new Map<string, Sum>();
    addList(r, c.resources?.requests);
    addList(l, c.resources?.limits);
    if (c.restartPolicy === 'Always') {
      for (const [k, v] of r) addList(reqs, { [k]: k === 'cpu' ? formatCpuMillis(v.value) : String(v.value) });
      for (const [k, v] of l) addList(limits, { [k]: k === 'cpu' ? formatCpuMillis(v.value) : String(v.value) });
    } else {
      maxList(reqs, r);
      maxList(limits, l);
    }
  }
  const overhead = (pod.spec as { overhead?: Record<string, string> }).overhead;
  if (overhead) {
    addList(reqs, overhead);
    for (const k of Object.keys(overhead)) if (limits.has(k)) addList(limits, { [k]: overhead[k] });
  }
  return { reqs, limits };
}

/** Quantity.String() of a sum ("0" when absent). */
export function sumString(name: string, s: Sum | undefined): string {
  if (!s || s.value === 0) return '0';
  if (name === 'cpu') return formatCpuMillis(s.value);
  return quantityString(s.value, s.format);
}

export { rfc1123z, since };
