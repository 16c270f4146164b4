/**
 * ServiceAccount admission: a pod runs as its namespace's "default" service account unless it
 * names another, the account must exist, and (unless automount is off) the pod gets the
 * projected `kube-api-access-XXXXX` volume with a bound token, the cluster CA and its
 * namespace, mounted at /var/run/secrets/kubernetes.io/serviceaccount in every container.
 */
import type { KObject } from '../../api/types.js';
import type { AdmissionPlugin } from './types.js';
import { admissionForbidden, isPod } from './util.js';

type Obj = Record<string, any>;

export const SA_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const MIRROR = 'kubernetes.io/config.mirror';

function projectedSource(openshift: boolean): Obj {
  const sources: Obj[] = [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
  ];
  // OpenShift's admission adds the service CA bundle to the same volume.
  if (openshift) sources.push({ configMap: { name: 'openshift-service-ca.crt', items: [{ key: 'service-ca.crt', path: 'service-ca.crt' }] } });
  return { defaultMode: 420, sources };
}

/**
 * The projected source is the same for every pod: one shared (read-only, like every stored
 * object) instead of a dozen small objects per pod.
 */
const PROJECTED = { kubernetes: projectedSource(false), openshift: projectedSource(true) };

function projectedVolume(name: string, openshift: boolean): Obj {
  return { name, projected: openshift ? PROJECTED.openshift : PROJECTED.kubernetes };
}

function shouldAutomount(sa: KObject, spec: Obj): boolean {
  if (spec.automountServiceAccountToken !== undefined) return !!spec.automountServiceAccountToken;
  if (sa.automountServiceAccountToken !== undefined) return !!sa.automountServiceAccountToken;
  return true;
}

function withMount(containers: Obj[] | undefined, name: string): Obj[] | undefined {
  if (!containers) return containers;
  return containers.map((c) =>
    (c.volumeMounts ?? []).some((m: Obj) => m.mountPath === SA_MOUNT_PATH)
      ? c
      : { ...c, volumeMounts: [...(c.volumeMounts ?? []), { name, readOnly: true, mountPath: SA_MOUNT_PATH }] },
  );
}

export const serviceAccount: AdmissionPlugin = {
  name: 'ServiceAccount',
  admit(attrs, ctx) {
    if (!isPod(attrs) || attrs.operation !== 'CREATE' || !attrs.object) return;
    const pod = attrs.object;
    if (pod.metadata.annotations?.[MIRROR] !== undefined) return;
    const spec: Obj = pod.spec ?? {};
    const saName: string = spec.serviceAccountName || spec.serviceAccount || 'default';
    const sa = ctx.get('serviceaccounts', attrs.namespace, saName);
    if (!sa) {
      throw admissionForbidden(attrs, `error looking up service account ${attrs.namespace}/${saName}: serviceaccount "${saName}" not found`);
    }
    const notes: string[] = [];
    // One new spec object for everything this plugin sets (pods are many; spreads are not free).
    const patch: Obj = {};
    if (spec.serviceAccountName !== saName || spec.serviceAccount !== saName) {
      patch.serviceAccountName = saName;
      patch.serviceAccount = saName;
      notes.push(`serviceAccountName=${saName}`);
    }
    const volumes: Obj[] | undefined = spec.volumes;
    let hasTokenVolume = false;
    if (volumes) for (const v of volumes) if (typeof v.name === 'string' && v.name.startsWith('kube-api-access-')) hasTokenVolume = true;
    if (!hasTokenVolume && shouldAutomount(sa, spec)) {
      const name = `kube-api-access-${ctx.random.suffix(5)}`;
      const vol = projectedVolume(name, ctx.flavor === 'openshift');
      patch.volumes = volumes ? [...volumes, vol] : [vol];
      patch.containers = withMount(spec.containers, name);
      if (spec.initContainers) patch.initContainers = withMount(spec.initContainers, name);
      notes.push(`mounted token volume ${name}`);
    }
    if (!spec.imagePullSecrets?.length && sa.imagePullSecrets?.length) {
      patch.imagePullSecrets = sa.imagePullSecrets.map((s: Obj) => ({ name: s.name }));
      notes.push('imagePullSecrets from service account');
    }
    if (notes.length) pod.spec = { ...spec, ...patch };
    return notes.length ? notes.join(', ') : undefined;
  },
};
