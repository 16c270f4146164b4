/**
 * Defaulting (pkg/apis/GROUP/v1/defaults.go): the values the API server fills in when a manifest
 * leaves them out. Defaulters run for every created object (150,000 pods at scale), so they
 * follow one rule: return the same sub-object when nothing changes, and build a new one only for
 * the part that does. Pods stamped from a template that was defaulted already (a Deployment's)
 * pass through without a single allocation.
 */
import type { Container, KObject, Probe } from './types.js';

type Obj = Record<string, any>;

// ------------------------------------------------------------------ pod spec

function defaultProbe(p: Probe | undefined): Probe | undefined {
  if (!p) return p;
  const needs =
    p.periodSeconds === undefined ||
    p.timeoutSeconds === undefined ||
    p.failureThreshold === undefined ||
    p.successThreshold === undefined ||
    (p.httpGet && (p.httpGet.path === undefined || p.httpGet.scheme === undefined));
  if (!needs) return p;
  return {
    ...p,
    ...(p.httpGet ? { httpGet: { ...p.httpGet, path: p.httpGet.path ?? '/', scheme: p.httpGet.scheme ?? 'HTTP' } } : {}),
    timeoutSeconds: p.timeoutSeconds ?? 1,
    periodSeconds: p.periodSeconds ?? 10,
    successThreshold: p.successThreshold ?? 1,
    failureThreshold: p.failureThreshold ?? 3,
  };
}

/** Always for `:latest` or an untagged image, IfNotPresent otherwise (digests count as tags). */
export function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function portsNeedDefault(ports: Container['ports']): boolean {
  if (!ports) return false;
  for (const p of ports) if (p.protocol === undefined) return true;
  return false;
}

/** SetDefaults_Container + SetDefaults_Pod's "requests default to limits". */
function defaultContainer(c: Container): Container {
  const lim = c.resources?.limits;
  const req = c.resources?.requests;
  let missingReq = false;
  if (lim) for (const k in lim) if (!req || req[k] === undefined) missingReq = true;
  const liveness = defaultProbe(c.livenessProbe);
  const readiness = defaultProbe(c.readinessProbe);
  const startup = defaultProbe(c.startupProbe);
  if (
    c.imagePullPolicy !== undefined &&
    c.terminationMessagePath !== undefined &&
    c.terminationMessagePolicy !== undefined &&
    !portsNeedDefault(c.ports) &&
    !missingReq &&
    liveness === c.livenessProbe &&
    readiness === c.readinessProbe &&
    startup === c.startupProbe
  ) {
    return c;
  }
  const out: Container = { ...c };
  if (out.imagePullPolicy === undefined) out.imagePullPolicy = defaultPullPolicy(c.image);
  if (out.terminationMessagePath === undefined) out.terminationMessagePath = '/dev/termination-log';
  if (out.terminationMessagePolicy === undefined) out.terminationMessagePolicy = 'File';
  if (portsNeedDefault(c.ports)) out.ports = c.ports!.map((p) => (p.protocol === undefined ? { ...p, protocol: 'TCP' } : p));
  if (missingReq) out.resources = { ...c.resources, requests: { ...lim, ...req } };
  if (liveness) out.livenessProbe = liveness;
  if (readiness) out.readinessProbe = readiness;
  if (startup) out.startupProbe = startup;
  return out;
}

function defaultContainers(list: Container[] | undefined): Container[] | undefined {
  if (!Array.isArray(list)) return list;
  let out: Container[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (!c || typeof c !== 'object') continue;
    const d = defaultContainer(c);
    if (d !== c) {
      out ??= list.slice();
      out[i] = d;
    }
  }
  return out ?? list;
}

/** SetDefaults_PodSpec and friends. Returns `spec` itself when it is already defaulted. */
export function defaultPodSpec(spec: Obj | undefined): Obj | undefined {
  if (!spec || typeof spec !== 'object') return spec;
  const containers = defaultContainers(spec.containers);
  const initContainers = defaultContainers(spec.initContainers);
  const volumes = defaultVolumes(spec.volumes);
  if (
    containers === spec.containers &&
    initContainers === spec.initContainers &&
    volumes === spec.volumes &&
    spec.restartPolicy !== undefined &&
    spec.dnsPolicy !== undefined &&
    spec.terminationGracePeriodSeconds !== undefined &&
    spec.securityContext !== undefined &&
    spec.schedulerName !== undefined &&
    spec.enableServiceLinks !== undefined
  ) {
    return spec;
  }
  const out: Obj = { ...spec };
  if (containers !== spec.containers) out.containers = containers;
  if (initContainers !== spec.initContainers) out.initContainers = initContainers;
  if (volumes !== spec.volumes) out.volumes = volumes;
  out.restartPolicy ??= 'Always';
  out.dnsPolicy ??= 'ClusterFirst';
  out.terminationGracePeriodSeconds ??= 30;
  out.securityContext ??= {};
  out.schedulerName ??= 'default-scheduler';
  out.enableServiceLinks ??= true;
  return out;
}

/** Volume sources with defaults: configMap/secret defaultMode 420, emptyDir {}. */
function defaultVolumes(volumes: Obj[] | undefined): Obj[] | undefined {
  if (!Array.isArray(volumes)) return volumes;
  let out: Obj[] | undefined;
  for (let i = 0; i < volumes.length; i++) {
    const v = volumes[i]!;
    let d = v;
    if (v.configMap && v.configMap.defaultMode === undefined) d = { ...v, configMap: { ...v.configMap, defaultMode: 420 } };
    else if (v.secret && v.secret.defaultMode === undefined) d = { ...v, secret: { ...v.secret, defaultMode: 420 } };
    else if (v.hostPath && v.hostPath.type === undefined) d = { ...v, hostPath: { ...v.hostPath, type: '' } };
    if (d !== v) {
      out ??= volumes.slice();
      out[i] = d;
    }
  }
  return out ?? volumes;
}

function defaultTemplate(template: Obj | undefined): Obj | undefined {
  if (!template || typeof template !== 'object') return template;
  const spec = defaultPodSpec(template.spec);
  return spec === template.spec ? template : { ...template, spec };
}

function withSpec(obj: KObject, spec: Obj): KObject {
  return spec === obj.spec ? obj : { ...obj, spec };
}

// ------------------------------------------------------------------ per kind

function pod(obj: KObject): KObject {
  const spec = defaultPodSpec(obj.spec);
  if (spec === obj.spec) return obj;
  return { ...obj, spec };
}

function deployment(obj: KObject): KObject {
  const s = obj.spec ?? {};
  const template = defaultTemplate(s.template);
  const strategy = s.strategy ?? {};
  const type = strategy.type ?? 'RollingUpdate';
  const needStrategy =
    strategy.type === undefined ||
    (type === 'RollingUpdate' && (strategy.rollingUpdate?.maxSurge === undefined || strategy.rollingUpdate?.maxUnavailable === undefined));
  if (template === s.template && !needStrategy && s.replicas !== undefined && s.revisionHistoryLimit !== undefined && s.progressDeadlineSeconds !== undefined) return obj;
  const out: Obj = { ...s, template };
  out.replicas ??= 1;
  if (needStrategy) {
    out.strategy =
      type === 'RollingUpdate'
        ? { ...strategy, type, rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%', ...strategy.rollingUpdate } }
        : { ...strategy, type };
  }
  out.revisionHistoryLimit ??= 10;
  out.progressDeadlineSeconds ??= 600;
  return withSpec(obj, out);
}

function replicaSet(obj: KObject): KObject {
  const s = obj.spec ?? {};
  const template = defaultTemplate(s.template);
  if (template === s.template && s.replicas !== undefined) return obj;
  return withSpec(obj, { ...s, template, replicas: s.replicas ?? 1 });
}

function statefulSet(obj: KObject): KObject {
  const s = obj.spec ?? {};
  const template = defaultTemplate(s.template);
  const us = s.updateStrategy ?? {};
  const usType = us.type ?? 'RollingUpdate';
  const needUs = us.type === undefined || (usType === 'RollingUpdate' && us.rollingUpdate?.partition === undefined);
  if (
    template === s.template &&
    !needUs &&
    s.replicas !== undefined &&
    s.podManagementPolicy !== undefined &&
    s.revisionHistoryLimit !== undefined &&
    s.persistentVolumeClaimRetentionPolicy !== undefined
  ) {
    return obj;
  }
  const out: Obj = { ...s, template };
  out.replicas ??= 1;
  out.podManagementPolicy ??= 'OrderedReady';
  if (needUs) out.updateStrategy = usType === 'RollingUpdate' ? { ...us, type: usType, rollingUpdate: { partition: 0, ...us.rollingUpdate } } : { ...us, type: usType };
  out.revisionHistoryLimit ??= 10;
  out.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
  if (Array.isArray(s.volumeClaimTemplates)) {
    out.volumeClaimTemplates = s.volumeClaimTemplates.map((t: KObject) => (t?.spec?.volumeMode ? t : { ...t, spec: { ...t?.spec, volumeMode: 'Filesystem' } }));
  }
  return withSpec(obj, out);
}

function daemonSet(obj: KObject): KObject {
  const s = obj.spec ?? {};
  const template = defaultTemplate(s.template);
  const us = s.updateStrategy ?? {};
  const usType = us.type ?? 'RollingUpdate';
  const needUs = us.type === undefined || (usType === 'RollingUpdate' && (us.rollingUpdate?.maxUnavailable === undefined || us.rollingUpdate?.maxSurge === undefined));
  if (template === s.template && !needUs && s.revisionHistoryLimit !== undefined) return obj;
  const out: Obj = { ...s, template };
  if (needUs) out.updateStrategy = usType === 'RollingUpdate' ? { ...us, type: usType, rollingUpdate: { maxUnavailable: 1, maxSurge: 0, ...us.rollingUpdate } } : { ...us, type: usType };
  out.revisionHistoryLimit ??= 10;
  return withSpec(obj, out);
}

function defaultJobSpec(s: Obj): Obj {
  const template = defaultTemplate(s.template);
  const out: Obj = { ...s, template };
  if (s.completions === undefined && s.parallelism === undefined) {
    out.completions = 1;
    out.parallelism = 1;
  }
  out.parallelism ??= 1;
  out.backoffLimit ??= 6;
  out.completionMode ??= 'NonIndexed';
  out.suspend ??= false;
  out.podReplacementPolicy ??= 'TerminatingOrFailed';
  return out;
}

function job(obj: KObject): KObject {
  return withSpec(obj, defaultJobSpec(obj.spec ?? {}));
}

function cronJob(obj: KObject): KObject {
  const s = obj.spec ?? {};
  const jt = s.jobTemplate ?? {};
  const jtSpec = jt.spec ?? {};
  const template = defaultTemplate(jtSpec.template);
  return withSpec(obj, {
    ...s,
    jobTemplate: template === jtSpec.template ? jt : { ...jt, spec: { ...jtSpec, template } },
    concurrencyPolicy: s.concurrencyPolicy ?? 'Allow',
    suspend: s.suspend ?? false,
    successfulJobsHistoryLimit: s.successfulJobsHistoryLimit ?? 3,
    failedJobsHistoryLimit: s.failedJobsHistoryLimit ?? 1,
  });
}

function replicationController(obj: KObject): KObject {
  const s = obj.spec ?? {};
  const template = defaultTemplate(s.template);
  const out: Obj = { ...s, template, replicas: s.replicas ?? 1 };
  // An RC without a selector selects its template's labels (v1 defaulting).
  if (!s.selector && template?.metadata?.labels) out.selector = { ...template.metadata.labels };
  const labels = obj.metadata.labels ?? template?.metadata?.labels;
  return { ...obj, metadata: labels ? { ...obj.metadata, labels } : obj.metadata, spec: out };
}

/** Service defaults except the cluster IP and node ports (the allocators' job, see admission). */
function service(obj: KObject): KObject {
  const s = obj.spec ?? {};
  const type = s.type ?? 'ClusterIP';
  const out: Obj = { ...s, type };
  if (type !== 'ExternalName') {
    out.sessionAffinity ??= 'None';
    out.ipFamilies ??= ['IPv4'];
    out.ipFamilyPolicy ??= 'SingleStack';
    out.internalTrafficPolicy ??= 'Cluster';
  }
  if (type === 'NodePort' || type === 'LoadBalancer') out.externalTrafficPolicy ??= 'Cluster';
  if (type === 'LoadBalancer') out.allocateLoadBalancerNodePorts ??= true;
  if (Array.isArray(s.ports)) {
    out.ports = s.ports.map((p: Obj) => (p && (p.protocol === undefined || p.targetPort === undefined) ? { ...p, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port } : p));
  }
  if (out.sessionAffinity === 'ClientIP' && !out.sessionAffinityConfig) out.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  return { ...obj, spec: out, status: obj.status ?? { loadBalancer: {} } };
}

function namespace(obj: KObject): KObject {
  const name = obj.metadata.name;
  const labels = obj.metadata.labels?.['kubernetes.io/metadata.name'] === name ? obj.metadata.labels : { ...obj.metadata.labels, 'kubernetes.io/metadata.name': name };
  return {
    ...obj,
    metadata: labels === obj.metadata.labels ? obj.metadata : { ...obj.metadata, labels },
    spec: obj.spec?.finalizers ? obj.spec : { ...obj.spec, finalizers: ['kubernetes'] },
    status: { ...obj.status, phase: obj.status?.phase ?? 'Active' },
  };
}

function pvc(obj: KObject): KObject {
  return {
    ...obj,
    spec: { ...obj.spec, volumeMode: obj.spec?.volumeMode ?? 'Filesystem' },
    status: { ...obj.status, phase: obj.status?.phase ?? 'Pending' },
  };
}

function pv(obj: KObject): KObject {
  return {
    ...obj,
    spec: { ...obj.spec, persistentVolumeReclaimPolicy: obj.spec?.persistentVolumeReclaimPolicy ?? 'Retain', volumeMode: obj.spec?.volumeMode ?? 'Filesystem' },
    status: { ...obj.status, phase: obj.status?.phase ?? 'Pending' },
  };
}

function secret(obj: KObject): KObject {
  return obj.type ? obj : { ...obj, type: 'Opaque' };
}

function endpoints(obj: KObject): KObject {
  if (!Array.isArray(obj.subsets)) return obj;
  return {
    ...obj,
    subsets: obj.subsets.map((s: Obj) => (Array.isArray(s?.ports) ? { ...s, ports: s.ports.map((p: Obj) => (p.protocol ? p : { ...p, protocol: 'TCP' })) } : s)),
  };
}

function storageClass(obj: KObject): KObject {
  return { ...obj, reclaimPolicy: obj.reclaimPolicy ?? 'Delete', volumeBindingMode: obj.volumeBindingMode ?? 'Immediate' };
}

function priorityClass(obj: KObject): KObject {
  return obj.preemptionPolicy ? obj : { ...obj, preemptionPolicy: 'PreemptLowerPriority' };
}

/** SetDefaults_LimitRangeItem: default limit from max, default request from default, then from min. */
function limitRange(obj: KObject): KObject {
  const limits = obj.spec?.limits;
  if (!Array.isArray(limits)) return obj;
  const out = limits.map((item: Obj) => {
    if (item?.type !== 'Container') return item;
    const def: Obj = { ...item.default };
    const defReq: Obj = { ...item.defaultRequest };
    for (const [k, v] of Object.entries(item.max ?? {})) if (def[k] === undefined) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (defReq[k] === undefined) defReq[k] = v;
    for (const [k, v] of Object.entries(item.min ?? {})) if (defReq[k] === undefined) defReq[k] = v;
    const res: Obj = { ...item };
    if (Object.keys(def).length) res.default = def;
    if (Object.keys(defReq).length) res.defaultRequest = defReq;
    return res;
  });
  return { ...obj, spec: { ...obj.spec, limits: out } };
}

function networkPolicy(obj: KObject): KObject {
  const s = obj.spec ?? {};
  const fixPorts = (rules: Obj[] | undefined): Obj[] | undefined =>
    rules?.map((r) => (Array.isArray(r?.ports) ? { ...r, ports: r.ports.map((p: Obj) => (p.protocol ? p : { ...p, protocol: 'TCP' })) } : r));
  const policyTypes = s.policyTypes ?? (s.egress ? ['Ingress', 'Egress'] : ['Ingress']);
  return { ...obj, spec: { ...s, policyTypes, ...(s.ingress ? { ingress: fixPorts(s.ingress) } : {}), ...(s.egress ? { egress: fixPorts(s.egress) } : {}) } };
}

function webhookConfiguration(mutating: boolean) {
  return (obj: KObject): KObject => {
    if (!Array.isArray(obj.webhooks)) return obj;
    return {
      ...obj,
      webhooks: obj.webhooks.map((w: Obj) => ({
        ...w,
        failurePolicy: w.failurePolicy ?? 'Fail',
        matchPolicy: w.matchPolicy ?? 'Equivalent',
        namespaceSelector: w.namespaceSelector ?? {},
        objectSelector: w.objectSelector ?? {},
        timeoutSeconds: w.timeoutSeconds ?? 10,
        ...(mutating ? { reinvocationPolicy: w.reinvocationPolicy ?? 'Never' } : {}),
        ...(w.clientConfig?.service ? { clientConfig: { ...w.clientConfig, service: { port: 443, ...w.clientConfig.service } } } : {}),
        rules: Array.isArray(w.rules) ? w.rules.map((r: Obj) => ({ ...r, scope: r.scope ?? '*' })) : w.rules,
      })),
    };
  };
}

function hpa(obj: KObject): KObject {
  const s = obj.spec ?? {};
  if (s.minReplicas !== undefined) return obj;
  return { ...obj, spec: { ...s, minReplicas: 1 } };
}

/** Defaulters by kind. Service cluster IPs and node ports are allocated separately (see admission/index.ts). */
export const DEFAULTERS: Record<string, (obj: KObject) => KObject> = {
  Pod: pod,
  PodTemplate: (o) => {
    const template = defaultTemplate(o.template);
    return template === o.template ? o : { ...o, template };
  },
  Deployment: deployment,
  ReplicaSet: replicaSet,
  StatefulSet: statefulSet,
  DaemonSet: daemonSet,
  Job: job,
  CronJob: cronJob,
  ReplicationController: replicationController,
  Service: service,
  Namespace: namespace,
  PersistentVolumeClaim: pvc,
  PersistentVolume: pv,
  Secret: secret,
  Endpoints: endpoints,
  StorageClass: storageClass,
  PriorityClass: priorityClass,
  LimitRange: limitRange,
  NetworkPolicy: networkPolicy,
  MutatingWebhookConfiguration: webhookConfiguration(true),
  ValidatingWebhookConfiguration: webhookConfiguration(false),
  HorizontalPodAutoscaler: hpa,
};

/** Registers every defaulter on an API server's `defaulters` map. */
export function registerDefaults(defaulters: Map<string, Array<(obj: KObject, ctx: any) => KObject>>): void {
  for (const [kind, fn] of Object.entries(DEFAULTERS)) {
    const list = defaulters.get(kind) ?? [];
    list.push((obj) => fn(obj));
    defaulters.set(kind, list);
  }
}
