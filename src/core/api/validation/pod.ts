/**
 * Pod and pod template validation (pkg/apis/core/validation ValidatePodSpec), the checks users
 * trip over: containers, names, images, ports, resources, probes, volumes, tolerations,
 * restart and DNS policy. One pass over the spec, no allocation for valid pods beyond the sets.
 */
import { formatQuantity, parseQuantity } from '../quantity.js';
import { validateDNS1123Subdomain } from '../labels.js';
import type { KObject } from '../types.js';
import { podQOSClass } from '../qos.js';
import {
  type Errs,
  PORT_RANGE_MSG,
  checkQuantity,
  dns1123LabelErrors,
  duplicate,
  forbiddenField,
  invalidValue,
  isPortNumber,
  nonNegative,
  notFoundValue,
  portNameErrors,
  required,
  sameJSON,
  unsupported,
  validateLabels,
  validateObjectMeta,
  validateLabelKey,
} from './meta.js';

type Obj = Record<string, any>;

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'hugepages-1Gi', 'hugepages-2Mi']);

/**
 * Sub-objects found valid before. Pods stamped from one template share their containers'
 * resources, ports, env and probes and most volumes by reference, so each is checked once.
 */
const okResources = new WeakSet<object>();
const okProbes = new WeakSet<object>();
const okLivenessProbes = new WeakSet<object>();
const okEnv = new WeakSet<object>();
const okPorts = new WeakSet<object>();
const okVolumes = new WeakSet<object>();

function once(set: WeakSet<object>, obj: unknown, errs: Errs, fn: () => void): void {
  const key = obj !== null && typeof obj === 'object' ? obj : undefined;
  if (key && set.has(key)) return;
  const before = errs.length;
  fn();
  if (key && errs.length === before) set.add(key);
}

/** Context for quantity decode errors (`Deployment in version "v1" cannot be handled ...`). */
export interface Owner {
  kind: string;
  version: string;
}

function validateResources(c: Obj, path: string, owner: Owner, errs: Errs): void {
  const res = c.resources;
  if (!res) return;
  once(okResources, res, errs, () => checkResources(res, path, owner, errs));
}

function checkResources(res: Obj, path: string, owner: Owner, errs: Errs): void {
  const lim = res.limits ?? {};
  const req = res.requests ?? {};
  const limVals: Record<string, number> = {};
  for (const k of Object.keys(lim)) {
    const v = checkQuantity(owner.kind, owner.version, lim[k]);
    limVals[k] = v;
    if (!STANDARD_RESOURCES.has(k) && !k.includes('/')) errs.push(invalidValue(`${path}.resources.limits[${k}]`, k, 'must be a standard resource for containers'));
    if (v < 0) errs.push(invalidValue(`${path}.resources.limits[${k}]`, formatQuantity(lim[k]), 'must be greater than or equal to 0'));
  }
  for (const k of Object.keys(req)) {
    const v = checkQuantity(owner.kind, owner.version, req[k]);
    if (!STANDARD_RESOURCES.has(k) && !k.includes('/')) errs.push(invalidValue(`${path}.resources.requests[${k}]`, k, 'must be a standard resource for containers'));
    if (v < 0) errs.push(invalidValue(`${path}.resources.requests[${k}]`, formatQuantity(req[k]), 'must be greater than or equal to 0'));
    if (limVals[k] !== undefined && v > limVals[k]!) {
      errs.push(invalidValue(`${path}.resources.requests`, formatQuantity(req[k]), `must be less than or equal to ${k} limit of ${formatQuantity(lim[k])}`));
    }
  }
}

function validateProbe(p: Obj | undefined, path: string, liveness: boolean, errs: Errs): void {
  if (!p) return;
  once(liveness ? okLivenessProbes : okProbes, p, errs, () => checkProbe(p, path, liveness, errs));
}

function checkProbe(p: Obj, path: string, liveness: boolean, errs: Errs): void {
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => p[h] !== undefined);
  if (handlers.length === 0) errs.push(required(path, 'must specify a handler type'));
  else if (handlers.length > 1) errs.push(forbiddenField(`${path}.${handlers[1]}`, 'may not specify more than 1 handler type'));
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) nonNegative(`${path}.${k}`, p[k], errs);
  if (liveness && p.successThreshold !== undefined && p.successThreshold !== 1) errs.push(invalidValue(`${path}.successThreshold`, p.successThreshold, 'must be 1'));
  const port = p.httpGet?.port ?? p.tcpSocket?.port;
  const portPath = p.httpGet ? `${path}.httpGet.port` : `${path}.tcpSocket.port`;
  if (p.httpGet || p.tcpSocket) {
    if (port === undefined || port === '' || port === 0) errs.push(required(portPath));
    else if (typeof port === 'number' && !isPortNumber(port)) errs.push(invalidValue(portPath, port, PORT_RANGE_MSG));
    else if (typeof port === 'string') {
      const m = portNameErrors(port);
      // A name that no container port carries is a runtime failure (kubelet), not a validation error.
      for (const msg of m) errs.push(invalidValue(portPath, port, msg));
    }
  }
  if (p.exec && (!Array.isArray(p.exec.command) || p.exec.command.length === 0)) errs.push(required(`${path}.exec.command`));
}

function validateContainer(
  c: Obj,
  path: string,
  init: boolean,
  volumes: Set<string>,
  hostPorts: Set<string>,
  owner: Owner,
  errs: Errs,
): void {
  if (!c || typeof c !== 'object') {
    errs.push(required(path));
    return;
  }
  if (!c.name) errs.push(required(`${path}.name`));
  else for (const m of dns1123LabelErrors(String(c.name))) errs.push(invalidValue(`${path}.name`, c.name, m));
  if (!c.image || (typeof c.image === 'string' && c.image.trim() === '')) errs.push(required(`${path}.image`));
  else if (typeof c.image === 'string' && c.image !== c.image.trim()) errs.push(invalidValue(`${path}.image`, c.image, 'must not have leading or trailing whitespace'));
  if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy)) errs.push(unsupported(`${path}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  if (c.terminationMessagePolicy !== undefined && !TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy)) {
    errs.push(unsupported(`${path}.terminationMessagePolicy`, c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES));
  }
  if (Array.isArray(c.ports)) {
    const ports: Obj[] = c.ports;
    // Arrays with a hostPort are always checked: host ports must be unique across containers.
    const cacheable = !ports.some((p) => p?.hostPort);
    const check = (): void => {
      const portNames = new Set<string>();
      for (let i = 0; i < ports.length; i++) {
        const p = ports[i]!;
        const pp = `${path}.ports[${i}]`;
        if (p.name !== undefined && p.name !== '') {
          const m = portNameErrors(String(p.name));
          if (m.length) for (const msg of m) errs.push(invalidValue(`${pp}.name`, p.name, msg));
          else if (portNames.has(p.name)) errs.push(duplicate(`${pp}.name`, p.name));
          portNames.add(p.name);
        }
        if (p.containerPort === undefined || p.containerPort === 0) errs.push(required(`${pp}.containerPort`));
        else if (!isPortNumber(p.containerPort)) errs.push(invalidValue(`${pp}.containerPort`, p.containerPort, PORT_RANGE_MSG));
        if (p.hostPort !== undefined && p.hostPort !== 0) {
          if (!isPortNumber(p.hostPort)) errs.push(invalidValue(`${pp}.hostPort`, p.hostPort, PORT_RANGE_MSG));
          const key = `${p.hostPort}/${p.protocol ?? 'TCP'}`;
          if (hostPorts.has(key)) errs.push(duplicate(`${pp}.hostPort`, key));
          hostPorts.add(key);
        }
        if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errs.push(unsupported(`${pp}.protocol`, p.protocol, PROTOCOLS));
      }
    };
    if (cacheable) once(okPorts, ports, errs, check);
    else check();
  }
  if (Array.isArray(c.env)) once(okEnv, c.env, errs, () => {
    c.env.forEach((e: Obj, i: number) => {
      if (!e?.name) errs.push(required(`${path}.env[${i}].name`));
      if (e?.valueFrom && e.value !== undefined && e.value !== '') {
        errs.push(invalidValue(`${path}.env[${i}].valueFrom`, '', 'may not be specified when `value` is not empty'));
      }
      const ref = e?.valueFrom?.configMapKeyRef ?? e?.valueFrom?.secretKeyRef;
      if (ref && !ref.key) errs.push(required(`${path}.env[${i}].valueFrom.${e.valueFrom.configMapKeyRef ? 'configMapKeyRef' : 'secretKeyRef'}.key`));
    });
  });
  if (Array.isArray(c.volumeMounts)) {
    const mountPaths = new Set<string>();
    c.volumeMounts.forEach((m: Obj, i: number) => {
      const mp = `${path}.volumeMounts[${i}]`;
      if (!m?.name) errs.push(required(`${mp}.name`));
      else if (!volumes.has(m.name)) errs.push(notFoundValue(`${mp}.name`, m.name));
      if (!m?.mountPath) errs.push(required(`${mp}.mountPath`));
      else if (mountPaths.has(m.mountPath)) errs.push(invalidValue(`${mp}.mountPath`, m.mountPath, 'must be unique'));
      if (m?.mountPath) mountPaths.add(m.mountPath);
    });
  }
  validateResources(c, path, owner, errs);
  if (init) {
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      if (c[probe] && c.restartPolicy !== 'Always') errs.push(forbiddenField(`${path}.${probe}`, `may not be set for init containers without restartPolicy=Always`));
    }
  } else {
    validateProbe(c.livenessProbe, `${path}.livenessProbe`, true, errs);
    validateProbe(c.readinessProbe, `${path}.readinessProbe`, false, errs);
    validateProbe(c.startupProbe, `${path}.startupProbe`, true, errs);
  }
}

const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'configMap', 'secret', 'persistentVolumeClaim', 'projected', 'downwardAPI', 'nfs', 'csi', 'ephemeral',
  'iscsi', 'gcePersistentDisk', 'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'rbd', 'fc', 'cinder', 'image', 'gitRepo',
];

function validateVolumes(volumes: unknown, path: string, names: Set<string>, errs: Errs): void {
  if (!Array.isArray(volumes)) return;
  for (let i = 0; i < volumes.length; i++) {
    const v: Obj = volumes[i];
    const vp = `${path}[${i}]`;
    if (v?.name) {
      if (names.has(v.name)) errs.push(duplicate(`${vp}.name`, v.name));
      names.add(v.name);
    }
    // The per-pod token volume (name + projected only) is new for every pod: check it directly.
    if (v?.projected && typeof v.name === 'string' && Object.keys(v).length === 2 && dns1123LabelErrors(v.name).length === 0) continue;
    once(okVolumes, v, errs, () => checkVolume(v, vp, errs));
  }
}

function checkVolume(v: Obj | undefined, vp: string, errs: Errs): void {
  if (!v?.name) errs.push(required(`${vp}.name`));
  else for (const m of dns1123LabelErrors(String(v.name))) errs.push(invalidValue(`${vp}.name`, v.name, m));
  let first: string | undefined;
  let second: string | undefined;
  for (const s of VOLUME_SOURCES) {
    if (v?.[s] === undefined) continue;
    if (first === undefined) first = s;
    else if (second === undefined) second = s;
  }
  if (first === undefined) errs.push(required(vp, 'must specify a volume type'));
  else if (second !== undefined) errs.push(forbiddenField(`${vp}.${second}`, 'may not specify more than 1 volume type'));
  if (v?.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) errs.push(required(`${vp}.persistentVolumeClaim.claimName`));
  if (v?.configMap && !v.configMap.name) errs.push(required(`${vp}.configMap.name`));
  if (v?.secret && !v.secret.secretName) errs.push(required(`${vp}.secret.secretName`));
  if (v?.hostPath && !v.hostPath.path) errs.push(required(`${vp}.hostPath.path`));
}

function validateTolerations(tols: unknown, path: string, errs: Errs): void {
  if (!Array.isArray(tols)) return;
  tols.forEach((t: Obj, i: number) => {
    const tp = `${path}[${i}]`;
    if (t?.key) for (const m of validateLabelKey(t.key)) errs.push(invalidValue(`${tp}.key`, t.key, m));
    if (!t?.key && t?.operator !== 'Exists') errs.push(invalidValue(`${tp}.operator`, t?.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t?.operator !== undefined && t.operator !== 'Exists' && t.operator !== 'Equal') errs.push(unsupported(`${tp}.operator`, t.operator, ['Equal', 'Exists']));
    if (t?.operator === 'Exists' && t.value) errs.push(invalidValue(`${tp}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
    if (t?.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(unsupported(`${tp}.effect`, t.effect, TAINT_EFFECTS));
    if (t?.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      errs.push(invalidValue(`${tp}.effect`, t.effect ?? '', 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
    }
  });
}


/** ValidatePodSpec at `path` ("spec" or "spec.template.spec"). */
export function validatePodSpec(spec: Obj | undefined, path: string, owner: Owner, errs: Errs): void {
  if (!spec || typeof spec !== 'object') {
    errs.push(required(path));
    return;
  }
  const volumes = new Set<string>();
  validateVolumes(spec.volumes, `${path}.volumes`, volumes, errs);
  const names = new Set<string>();
  const hostPorts = new Set<string>();
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) errs.push(required(`${path}.containers`));
  else {
    spec.containers.forEach((c: Obj, i: number) => {
      validateContainer(c, `${path}.containers[${i}]`, false, volumes, hostPorts, owner, errs);
      if (c?.name) {
        if (names.has(c.name)) errs.push(duplicate(`${path}.containers[${i}].name`, c.name));
        names.add(c.name);
      }
    });
  }
  if (Array.isArray(spec.initContainers)) {
    spec.initContainers.forEach((c: Obj, i: number) => {
      validateContainer(c, `${path}.initContainers[${i}]`, true, volumes, hostPorts, owner, errs);
      if (c?.name) {
        if (names.has(c.name)) errs.push(duplicate(`${path}.initContainers[${i}].name`, c.name));
        names.add(c.name);
      }
    });
  }
  if (spec.restartPolicy !== undefined && !RESTART_POLICIES.includes(spec.restartPolicy)) errs.push(unsupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  if (spec.dnsPolicy !== undefined && !DNS_POLICIES.includes(spec.dnsPolicy)) errs.push(unsupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  validateLabels(spec.nodeSelector, `${path}.nodeSelector`, errs);
  validateTolerations(spec.tolerations, `${path}.tolerations`, errs);
  nonNegative(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, errs);
  if (spec.activeDeadlineSeconds !== undefined && !(spec.activeDeadlineSeconds > 0)) {
    errs.push(invalidValue(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  }
  if (spec.serviceAccountName) for (const m of validateDNS1123Subdomain(spec.serviceAccountName)) errs.push(invalidValue(`${path}.serviceAccountName`, spec.serviceAccountName, m));
  if (spec.hostNetwork && Array.isArray(spec.containers)) {
    spec.containers.forEach((c: Obj, i: number) =>
      (c?.ports ?? []).forEach((p: Obj, j: number) => {
        if (p.hostPort && p.hostPort !== p.containerPort) {
          errs.push(invalidValue(`${path}.containers[${i}].ports[${j}].containerPort`, p.containerPort, 'must match `hostPort` when `hostNetwork` is true'));
        }
      }),
    );
  }
}


/** A pod template (workloads): labels plus the spec. */
export function validatePodTemplate(template: Obj | undefined, path: string, owner: Owner, errs: Errs): void {
  if (!template || typeof template !== 'object') {
    errs.push(required(path));
    return;
  }
  validateLabels(template.metadata?.labels, `${path}.metadata.labels`, errs);
  validatePodSpec(template.spec, `${path}.spec`, owner, errs);
}

const MUTABLE_POD_FIELDS =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** Pod validator: creation runs the full spec check; updates check what may change. */
export function validatePod(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  if (!old) {
    validatePodSpec(obj.spec, 'spec', { kind: 'Pod', version: 'v1' }, errs);
    return errs;
  }
  // Status and finalizer writes keep the same spec object; only a changed spec is compared.
  if (obj.spec !== old.spec && !podSpecUpdateAllowed(obj.spec, old.spec)) errs.push(forbiddenField('spec', MUTABLE_POD_FIELDS));
  return errs;
}

function podSpecUpdateAllowed(spec: Obj | undefined, old: Obj | undefined): boolean {
  if (!spec || !old) return spec === old;
  const strip = (s: Obj): Obj => ({
    ...s,
    containers: (s.containers ?? []).map((c: Obj) => ({ ...c, image: undefined })),
    initContainers: (s.initContainers ?? []).map((c: Obj) => ({ ...c, image: undefined })),
    activeDeadlineSeconds: undefined,
    tolerations: undefined,
    terminationGracePeriodSeconds: undefined,
    // The scheduler's binding and the kubelet set these through their own paths.
    nodeName: s.nodeName || old.nodeName,
  });
  if (!sameJSON(strip(spec), strip(old))) return false;
  // Tolerations may only be added to.
  const before = (old.tolerations ?? []).map((t: Obj) => JSON.stringify(t));
  const after = new Set((spec.tolerations ?? []).map((t: Obj) => JSON.stringify(t)));
  return before.every((t: string) => after.has(t));
}

/**
 * The pod registry's PrepareForCreate: status starts Pending with the QoS class computed from
 * the resources as admission left them. Runs at validation time, as upstream does, so the
 * LimitRanger's defaults count.
 */
export function preparePodForCreate(obj: KObject): void {
  const qosClass = podQOSClass(obj.spec);
  if (obj.status?.phase && obj.status.qosClass === qosClass) return;
  obj.status = { ...obj.status, phase: obj.status?.phase ?? 'Pending', qosClass };
}

export { parseQuantity };
