/**
 * What the kubelet resolves before creating a container: environment variables (values,
 * ConfigMap/Secret keys, downward API) and volumes (ConfigMap, Secret, PVC, projected...),
 * with the kubelet's error texts, and the files those volumes put into the container.
 */
import type { Container, KObject, Pod } from '../api/types.js';
import type { Informer } from '../apiserver/informer.js';
import { cpuMillis, quantityValue } from '../api/quantity.js';
import { claimVolumeProblem, inlineVolumeProblem, type CsiLookups, type CsiWaitKind } from '../storage/volume-manager.js';

export interface Lookups {
  configmaps: Informer;
  secrets: Informer;
  pvcs: Informer;
  /** CSI state (PVs, VolumeAttachments, CSIDriver, CSINode): src/core/storage/volume-manager.ts. */
  csi?: CsiLookups;
  /** The node the pod runs on (CSI attach and node plugin checks). */
  nodeName?: string;
}

export type EnvResult = { ok: true; env: Record<string, string> } | { ok: false; error: string; waitOn?: { kind: 'configmaps' | 'secrets'; name: string } };

function secretValue(s: KObject, key: string): string | undefined {
  const d = s.data?.[key];
  if (typeof d === 'string') return Buffer.from(d, 'base64').toString('utf8');
  const sd = s.stringData?.[key];
  return typeof sd === 'string' ? sd : undefined;
}

function keysOf(obj: KObject, secret: boolean): string[] {
  return [...Object.keys(obj.data ?? {}), ...(secret ? Object.keys(obj.stringData ?? {}) : Object.keys(obj.binaryData ?? {}))];
}

const VAR_REF = /\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g;

export function resolveEnv(pod: Pod, c: Container, l: Lookups, extra: { podIP?: string; hostIP?: string; kubernetesServiceIP: string }): EnvResult {
  const ns = pod.metadata.namespace ?? 'default';
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: pod.metadata.name,
  };
  {
    env.KUBERNETES_SERVICE_HOST = extra.kubernetesServiceIP;
    env.KUBERNETES_SERVICE_PORT = '443';
    env.KUBERNETES_SERVICE_PORT_HTTPS = '443';
    env.KUBERNETES_PORT = `tcp://${extra.kubernetesServiceIP}:443`;
    env.KUBERNETES_PORT_443_TCP = `tcp://${extra.kubernetesServiceIP}:443`;
    env.KUBERNETES_PORT_443_TCP_PROTO = 'tcp';
    env.KUBERNETES_PORT_443_TCP_PORT = '443';
    env.KUBERNETES_PORT_443_TCP_ADDR = extra.kubernetesServiceIP;
  }
  for (const from of c.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = l.configmaps.getByName(ns, from.configMapRef.name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        return { ok: false, error: `configmap "${from.configMapRef.name}" not found`, waitOn: { kind: 'configmaps', name: from.configMapRef.name } };
      }
      for (const [k, v] of Object.entries(cm.data ?? {})) env[prefix + k] = String(v);
    }
    if (from.secretRef) {
      const s = l.secrets.getByName(ns, from.secretRef.name);
      if (!s) {
        if (from.secretRef.optional) continue;
        return { ok: false, error: `secret "${from.secretRef.name}" not found`, waitOn: { kind: 'secrets', name: from.secretRef.name } };
      }
      for (const k of keysOf(s, true)) env[prefix + k] = secretValue(s, k) ?? '';
    }
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = e.value.replace(VAR_REF, (m, n: string) => env[n] ?? m);
      continue;
    }
    const vf = e.valueFrom;
    if (!vf) {
      env[e.name] = '';
      continue;
    }
    if (vf.configMapKeyRef) {
      const r = vf.configMapKeyRef;
      const cm = l.configmaps.getByName(ns, r.name);
      if (!cm) {
        if (r.optional) continue;
        return { ok: false, error: `configmap "${r.name}" not found`, waitOn: { kind: 'configmaps', name: r.name } };
      }
      const v = cm.data?.[r.key];
      if (v === undefined) {
        if (r.optional) continue;
        return { ok: false, error: `couldn't find key ${r.key} in ConfigMap ${ns}/${r.name}`, waitOn: { kind: 'configmaps', name: r.name } };
      }
      env[e.name] = String(v);
    } else if (vf.secretKeyRef) {
      const r = vf.secretKeyRef;
      const s = l.secrets.getByName(ns, r.name);
      if (!s) {
        if (r.optional) continue;
        return { ok: false, error: `secret "${r.name}" not found`, waitOn: { kind: 'secrets', name: r.name } };
      }
      const v = secretValue(s, r.key);
      if (v === undefined) {
        if (r.optional) continue;
        return { ok: false, error: `couldn't find key ${r.key} in Secret ${ns}/${r.name}`, waitOn: { kind: 'secrets', name: r.name } };
      }
      env[e.name] = v;
    } else if (vf.fieldRef) {
      env[e.name] = fieldValue(pod, vf.fieldRef.fieldPath, extra);
    } else if (vf.resourceFieldRef) {
      env[e.name] = resourceValue(pod, c, vf.resourceFieldRef.resource, vf.resourceFieldRef.containerName);
    }
  }
  return { ok: true, env };
}

function fieldValue(pod: Pod, path: string, extra: { podIP?: string; hostIP?: string }): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[m[2]!] ?? '';
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
      return pod.spec.serviceAccountName ?? 'default';
    case 'status.podIP':
    case 'status.podIPs':
      return extra.podIP ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return extra.hostIP ?? '';
    default:
      return '';
  }
}

function resourceValue(pod: Pod, c: Container, resource: string, containerName?: string): string {
  const target = containerName ? pod.spec.containers.find((x) => x.name === containerName) ?? c : c;
  const [kind, name] = resource.split('.') as ['limits' | 'requests', string];
  const q = target.resources?.[kind]?.[name];
  if (!q) return name === 'cpu' ? '1' : '0';
  return name === 'cpu' ? String(Math.ceil(cpuMillis(q) / 1000)) : String(quantityValue(q));
}

export interface VolumeProblem {
  volume: string;
  /** FailedMount text after "MountVolume.SetUp failed for volume "v" : ", or a processing error. */
  error: string;
  /**
   * PVC problems surface only in the 2-minute "Unable to attach or mount volumes" event;
   * attach: a CSI volume not attached yet; device: MountDevice failed (text in `event`).
   */
  kind: 'setup' | 'process' | 'attach' | 'device';
  event?: string;
  waitOn?: { kind: WaitKind; name: string };
}

export type WaitKind = 'configmaps' | 'secrets' | 'persistentvolumeclaims' | CsiWaitKind;

/** ConfigMaps every namespace gets from controllers; a missing one is not worth failing a pod over here. */
const WELL_KNOWN = new Set(['kube-root-ca.crt', 'openshift-service-ca.crt']);

export function checkVolumes(pod: Pod, l: Lookups): VolumeProblem[] {
  const ns = pod.metadata.namespace ?? 'default';
  const out: VolumeProblem[] = [];
  for (const v of pod.spec.volumes ?? []) {
    if (v.configMap) {
      const err = configMapProblem(ns, v.configMap, l);
      if (err) out.push({ volume: v.name, error: err, kind: 'setup', waitOn: { kind: 'configmaps', name: v.configMap.name } });
    } else if (v.secret) {
      const err = secretProblem(ns, v.secret, l);
      if (err) out.push({ volume: v.name, error: err, kind: 'setup', waitOn: { kind: 'secrets', name: v.secret.secretName } });
    } else if (v.projected) {
      for (const s of (v.projected.sources ?? []) as Array<Record<string, any>>) {
        if (s.configMap && !WELL_KNOWN.has(s.configMap.name)) {
          const err = configMapProblem(ns, s.configMap, l);
          if (err) {
            out.push({ volume: v.name, error: err, kind: 'setup', waitOn: { kind: 'configmaps', name: s.configMap.name } });
            break;
          }
        }
        if (s.secret) {
          const err = secretProblem(ns, { ...s.secret, secretName: s.secret.name }, l);
          if (err) {
            out.push({ volume: v.name, error: err, kind: 'setup', waitOn: { kind: 'secrets', name: s.secret.name } });
            break;
          }
        }
      }
    } else if (v.persistentVolumeClaim) {
      const name = v.persistentVolumeClaim.claimName;
      const pvc = l.pvcs.getByName(ns, name);
      if (!pvc) out.push({ volume: v.name, error: `error processing PVC ${ns}/${name}: failed to fetch PVC from API server: persistentvolumeclaims "${name}" not found`, kind: 'process', waitOn: { kind: 'persistentvolumeclaims', name } });
      else if (pvc.status?.phase !== 'Bound') out.push({ volume: v.name, error: `error processing PVC ${ns}/${name}: PVC is not bound`, kind: 'process', waitOn: { kind: 'persistentvolumeclaims', name } });
      else if (l.csi && l.nodeName) {
        const p = claimVolumeProblem(v.name, pvc, l.nodeName, l.csi);
        if (p) out.push(p);
      }
    } else if (v.csi && l.csi && l.nodeName) {
      const p = inlineVolumeProblem(v.name, v.csi.driver, l.nodeName, l.csi);
      if (p) out.push(p);
    }
  }
  return out;
}

function configMapProblem(ns: string, ref: { name: string; optional?: boolean; items?: Array<{ key: string }> }, l: Lookups): string | undefined {
  const cm = l.configmaps.getByName(ns, ref.name);
  if (!cm) return ref.optional ? undefined : `configmap "${ref.name}" not found`;
  const keys = new Set(keysOf(cm, false));
  for (const it of ref.items ?? []) if (!keys.has(it.key) && !ref.optional) return `configmap references non-existent config key: ${it.key}`;
  return undefined;
}

function secretProblem(ns: string, ref: { secretName: string; optional?: boolean; items?: Array<{ key: string }> }, l: Lookups): string | undefined {
  const s = l.secrets.getByName(ns, ref.secretName);
  if (!s) return ref.optional ? undefined : `secret "${ref.secretName}" not found`;
  const keys = new Set(keysOf(s, true));
  for (const it of ref.items ?? []) if (!keys.has(it.key) && !ref.optional) return `references non-existent secret key: ${it.key}`;
  return undefined;
}

const IMAGE_FILES: Record<string, (pod: Pod, ip: string | undefined) => string> = {
  '/etc/hostname': (p) => `${p.metadata.name}\n`,
  '/etc/hosts': (p, ip) => `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${ip ?? ''}\t${p.metadata.name}\n`,
  '/etc/passwd': () => 'root:x:0:0:root:/root:/bin/sh\n',
  '/dev/null': () => '',
  '/tmp': () => '',
};

/**
 * A file's content as the container sees it through its mounts, or undefined when it does not
 * exist. Directories read as ''. PVC and hostPath contents are unknown: present.
 */
export function containerFile(pod: Pod, c: Container, path: string, l: Lookups, extra: { podIP?: string; resolvConf: string }): string | undefined {
  if (path === '/etc/resolv.conf') return extra.resolvConf;
  const ns = pod.metadata.namespace ?? 'default';
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => b.mountPath.length - a.mountPath.length);
  for (const m of mounts) {
    const mp = m.mountPath.replace(/\/$/, '');
    if (path !== mp && !path.startsWith(`${mp}/`)) continue;
    const vol = pod.spec.volumes?.find((v) => v.name === m.name);
    if (!vol) return undefined;
    let rel = path === mp ? '' : path.slice(mp.length + 1);
    if (m.subPath) rel = rel ? `${m.subPath}/${rel}` : m.subPath;
    if (rel === '') return '';
    if (vol.configMap) return projectedFile(l.configmaps.getByName(ns, vol.configMap.name), vol.configMap.items, rel, false);
    if (vol.secret) return projectedFile(l.secrets.getByName(ns, vol.secret.secretName), vol.secret.items, rel, true);
    if (vol.projected) {
      for (const s of (vol.projected.sources ?? []) as Array<Record<string, any>>) {
        if (s.configMap) {
          const f = projectedFile(l.configmaps.getByName(ns, s.configMap.name), s.configMap.items, rel, false);
          if (f !== undefined) return f;
        }
        if (s.secret) {
          const f = projectedFile(l.secrets.getByName(ns, s.secret.name), s.secret.items, rel, true);
          if (f !== undefined) return f;
        }
        if (s.serviceAccountToken && rel === (s.serviceAccountToken.path ?? 'token')) return 'eyJhbGciOiJSUzI1NiIsImtpZCI6Imt1YmVkcmlsbCJ9.e30.c2lnbmF0dXJl';
      }
      if (rel === 'namespace') return ns;
      return undefined;
    }
    if (vol.downwardAPI) return '';
    if (vol.persistentVolumeClaim || vol.hostPath || vol.csi || vol.ephemeral || vol.nfs) return '';
    return undefined; // emptyDir starts empty
  }
  const img = IMAGE_FILES[path];
  return img ? img(pod, extra.podIP) : undefined;
}

function projectedFile(obj: KObject | undefined, items: Array<{ key: string; path: string }> | undefined, rel: string, secret: boolean): string | undefined {
  if (!obj) return undefined;
  let key = rel;
  if (items?.length) {
    const it = items.find((i) => i.path === rel);
    if (!it) return undefined;
    key = it.key;
  }
  if (secret) return secretValue(obj, key);
  const v = obj.data?.[key];
  if (v !== undefined) return String(v);
  return obj.binaryData?.[key] !== undefined ? '' : undefined;
}
