/**
 * Core group validation beyond pods: Service, Namespace, ConfigMap, Secret, PVC, ResourceQuota,
 * LimitRange, Node, ServiceAccount. (Object names are checked per kind by the API server.)
 */
import type { KObject } from '../types.js';
import {
  type Errs,
  PORT_RANGE_MSG,
  checkQuantity,
  dns1123LabelErrors,
  duplicate,
  forbiddenField,
  invalidRaw,
  invalidValue,
  isPortNumber,
  portNameErrors,
  required,
  sameJSON,
  unsupported,
  validateLabels,
  validateObjectMeta,
} from './meta.js';

type Obj = Record<string, any>;

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export function validateService(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  const s: Obj = obj.spec ?? {};
  const type = s.type ?? 'ClusterIP';
  if (!SERVICE_TYPES.includes(type)) errs.push(unsupported('spec.type', type, SERVICE_TYPES));
  if (type === 'ExternalName') {
    if (!s.externalName) errs.push(required('spec.externalName'));
  } else if ((!Array.isArray(s.ports) || s.ports.length === 0) && s.clusterIP !== 'None') {
    errs.push(required('spec.ports'));
  }
  const names = new Set<string>();
  const seen = new Set<string>();
  const ports: Obj[] = Array.isArray(s.ports) ? s.ports : [];
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p?.name) errs.push(required(`${pp}.name`));
    if (p?.name) {
      for (const m of dns1123LabelErrors(String(p.name))) errs.push(invalidValue(`${pp}.name`, p.name, m));
      if (names.has(p.name)) errs.push(duplicate(`${pp}.name`, p.name));
      names.add(p.name);
    }
    if (p?.port === undefined) errs.push(required(`${pp}.port`));
    else if (!isPortNumber(p.port)) errs.push(invalidValue(`${pp}.port`, p.port, PORT_RANGE_MSG));
    if (p?.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errs.push(unsupported(`${pp}.protocol`, p.protocol, PROTOCOLS));
    const tp = p?.targetPort;
    if (typeof tp === 'number' && !isPortNumber(tp)) errs.push(invalidValue(`${pp}.targetPort`, tp, PORT_RANGE_MSG));
    else if (typeof tp === 'string') for (const m of portNameErrors(tp)) errs.push(invalidValue(`${pp}.targetPort`, tp, m));
    const key = `${p?.port}/${p?.protocol ?? 'TCP'}`;
    if (seen.has(key)) errs.push(duplicate(pp, `${p?.port}/${p?.protocol ?? 'TCP'}`));
    seen.add(key);
    if (p?.nodePort !== undefined && type !== 'NodePort' && type !== 'LoadBalancer' && p.nodePort !== 0) {
      errs.push(forbiddenField(`${pp}.nodePort`, 'may not be used when `type` is \'ClusterIP\''));
    }
  });
  validateLabels(s.selector, 'spec.selector', errs);
  if (s.sessionAffinity !== undefined && s.sessionAffinity !== 'None' && s.sessionAffinity !== 'ClientIP') {
    errs.push(unsupported('spec.sessionAffinity', s.sessionAffinity, ['ClientIP', 'None']));
  }
  for (const f of ['externalTrafficPolicy', 'internalTrafficPolicy'] as const) {
    if (s[f] !== undefined && s[f] !== 'Cluster' && s[f] !== 'Local') errs.push(unsupported(`spec.${f}`, s[f], ['Cluster', 'Local']));
  }
  if (old && old.spec?.clusterIP && old.spec.clusterIP !== 'None' && s.clusterIP !== old.spec.clusterIP && type !== 'ExternalName' && (old.spec.type ?? 'ClusterIP') !== 'ExternalName') {
    errs.push(invalidRaw('spec.clusterIPs[0]', `[]string{${JSON.stringify(s.clusterIP ?? '')}}`, 'may not change once set'));
  }
  return errs;
}

/**
 * The service registry's update path keeps what was allocated when the update leaves it out
 * (kubectl replace without clusterIP): copy the old cluster IP and node ports before checking.
 */
export function prepareServiceForUpdate(obj: KObject, old: KObject): void {
  const s: Obj = obj.spec ?? {};
  const o: Obj = old.spec ?? {};
  let spec = s;
  if (!s.clusterIP && o.clusterIP && (s.type ?? 'ClusterIP') !== 'ExternalName') spec = { ...spec, clusterIP: o.clusterIP, clusterIPs: o.clusterIPs ?? [o.clusterIP] };
  if (Array.isArray(s.ports) && Array.isArray(o.ports) && (s.type === 'NodePort' || s.type === 'LoadBalancer')) {
    const ports = s.ports.map((p: Obj) => {
      if (p.nodePort) return p;
      const prev = o.ports.find((q: Obj) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      return prev?.nodePort ? { ...p, nodePort: prev.nodePort } : p;
    });
    spec = { ...spec, ports };
  }
  if (spec !== s) obj.spec = spec;
}

export function validateNamespace(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  for (const [i, f] of (obj.spec?.finalizers ?? []).entries()) {
    if (typeof f !== 'string' || !f) errs.push(required(`spec.finalizers[${i}]`));
  }
  void old;
  return errs;
}

const CONFIG_KEY_RE = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

function validateDataKeys(data: unknown, field: string, errs: Errs, seen: Set<string>): number {
  if (!data || typeof data !== 'object') return 0;
  let size = 0;
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (!CONFIG_KEY_RE.test(k) || k.length > 253) errs.push(invalidValue(`${field}[${k}]`, k, CONFIG_KEY_MSG));
    if (seen.has(k)) errs.push(invalidValue(`${field}[${k}]`, k, 'duplicate of key present in binaryData'));
    seen.add(k);
    size += String(v ?? '').length;
  }
  return size;
}

export function validateConfigMap(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  const seen = new Set<string>();
  const size = validateDataKeys(obj.data, 'data', errs, seen) + validateDataKeys(obj.binaryData, 'binaryData', errs, seen);
  if (size > 1024 * 1024) errs.push({ field: '', type: 'Too long', detail: `must have at most ${1024 * 1024} bytes` });
  if (old?.immutable && (!sameJSON(obj.data, old.data) || !sameJSON(obj.binaryData, old.binaryData))) {
    errs.push(forbiddenField('data', 'field is immutable when `immutable` is set'));
  }
  return errs;
}

export function validateSecret(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  const size = validateDataKeys(obj.data, 'data', errs, new Set()) + validateDataKeys(obj.stringData, 'stringData', errs, new Set());
  if (size > 1024 * 1024) errs.push({ field: 'data', type: 'Too long', detail: `must have at most ${1024 * 1024} bytes` });
  if (obj.type === 'kubernetes.io/dockerconfigjson' && !obj.data?.['.dockerconfigjson'] && !obj.stringData?.['.dockerconfigjson']) {
    errs.push(required('data[.dockerconfigjson]'));
  }
  if (obj.type === 'kubernetes.io/tls') {
    if (!obj.data?.['tls.crt'] && !obj.stringData?.['tls.crt']) errs.push(required('data[tls.crt]'));
    if (!obj.data?.['tls.key'] && !obj.stringData?.['tls.key']) errs.push(required('data[tls.key]'));
  }
  if (old && (old.type ?? 'Opaque') !== (obj.type ?? 'Opaque')) errs.push(invalidValue('type', obj.type, 'field is immutable'));
  if (old?.immutable && !sameJSON(obj.data, old.data)) errs.push(forbiddenField('data', 'field is immutable when `immutable` is set'));
  return errs;
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

export function validatePVC(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  const s: Obj = obj.spec ?? {};
  if (!Array.isArray(s.accessModes) || s.accessModes.length === 0) errs.push(required('spec.accessModes', 'at least 1 access mode is required'));
  else for (const m of s.accessModes) if (!ACCESS_MODES.includes(m)) errs.push(unsupported('spec.accessModes', m, ACCESS_MODES));
  const storage = s.resources?.requests?.storage;
  if (storage === undefined) errs.push(required('spec.resources[storage]'));
  else if (checkQuantity('PersistentVolumeClaim', 'v1', storage) <= 0) errs.push(invalidValue('spec.resources[storage]', storage, 'must be greater than zero'));
  if (s.volumeMode !== undefined && s.volumeMode !== 'Filesystem' && s.volumeMode !== 'Block') errs.push(unsupported('spec.volumeMode', s.volumeMode, ['Block', 'Filesystem']));
  if (old) {
    const strip = (x: Obj): Obj => ({ ...x, resources: null, volumeName: null, volumeAttributesClassName: null });
    // The binder fills in volumeName; users may grow requests.
    if (!sameJSON(strip(s), strip(old.spec ?? {})) || (old.spec?.volumeName && s.volumeName !== old.spec.volumeName)) {
      errs.push(forbiddenField('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    }
  }
  return errs;
}

export function validateResourceQuota(obj: KObject): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  for (const [k, v] of Object.entries(obj.spec?.hard ?? {})) {
    if (checkQuantity('ResourceQuota', 'v1', v) < 0) errs.push(invalidValue(`spec.hard[${k}]`, v, 'must be greater than or equal to 0'));
  }
  return errs;
}

const LIMIT_TYPES = ['Container', 'PersistentVolumeClaim', 'Pod'];

export function validateLimitRange(obj: KObject): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  (obj.spec?.limits ?? []).forEach((item: Obj, i: number) => {
    const p = `spec.limits[${i}]`;
    if (!LIMIT_TYPES.includes(item?.type)) errs.push(unsupported(`${p}.type`, item?.type ?? '', LIMIT_TYPES));
    const q = (m: Obj | undefined, k: string): number | undefined => (m?.[k] === undefined ? undefined : checkQuantity('LimitRange', 'v1', m[k]));
    const keys = new Set([...Object.keys(item?.max ?? {}), ...Object.keys(item?.min ?? {}), ...Object.keys(item?.default ?? {}), ...Object.keys(item?.defaultRequest ?? {})]);
    for (const k of keys) {
      const max = q(item.max, k);
      const min = q(item.min, k);
      const def = q(item.default, k);
      const defReq = q(item.defaultRequest, k);
      if (min !== undefined && max !== undefined && min > max) errs.push(invalidValue(`${p}.min[${k}]`, item.min[k], `min value ${item.min[k]} is greater than max value ${item.max[k]}`));
      if (defReq !== undefined && max !== undefined && defReq > max) errs.push(invalidValue(`${p}.defaultRequest[${k}]`, item.defaultRequest[k], `default request value ${item.defaultRequest[k]} is greater than max value ${item.max[k]}`));
      if (defReq !== undefined && min !== undefined && defReq < min) errs.push(invalidValue(`${p}.defaultRequest[${k}]`, item.defaultRequest[k], `min value ${item.min[k]} is greater than default request value ${item.defaultRequest[k]}`));
      if (def !== undefined && max !== undefined && def > max) errs.push(invalidValue(`${p}.default[${k}]`, item.default[k], `default value ${item.default[k]} is greater than max value ${item.max[k]}`));
      if (def !== undefined && min !== undefined && def < min) errs.push(invalidValue(`${p}.default[${k}]`, item.default[k], `min value ${item.min[k]} is greater than default value ${item.default[k]}`));
      if (defReq !== undefined && def !== undefined && defReq > def) errs.push(invalidValue(`${p}.defaultRequest[${k}]`, item.defaultRequest[k], `default request value ${item.defaultRequest[k]} is greater than default limit value ${item.default[k]}`));
    }
  });
  return errs;
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateNode(obj: KObject): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  const seen = new Set<string>();
  (obj.spec?.taints ?? []).forEach((t: Obj, i: number) => {
    const p = `spec.taints[${i}]`;
    if (!t?.key) errs.push(required(`${p}.key`));
    if (!TAINT_EFFECTS.includes(t?.effect)) errs.push(t?.effect ? unsupported(`${p}.effect`, t.effect, TAINT_EFFECTS) : required(`${p}.effect`));
    const key = `${t?.key}:${t?.effect}`;
    if (seen.has(key)) errs.push(duplicate(p, `taints must be unique by key and effect pair`));
    seen.add(key);
  });
  return errs;
}

export function validateGeneric(obj: KObject): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  return errs;
}
