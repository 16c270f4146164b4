import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { apiError, cluster, ns, pod, settle } from './admission-helpers.js';

describe('admission chain: lifecycle, service accounts, priority, tolerations, nodes, storage', () => {
  const c = cluster();
  c.scheduler.stop();
  ns(c, 'web');

  it('NamespaceLifecycle: missing and terminating namespaces, immortal namespaces', () => {
    const missing = apiError(() => c.admin.create(pod('p', 'ghost')));
    expect(missing.kubectlMessage()).toBe('Error from server (NotFound): namespaces "ghost" not found');
    ns(c, 'doomed');
    c.admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep', namespace: 'doomed', finalizers: ['example.com/hold'] } });
    c.admin.delete('namespaces', undefined, 'doomed');
    const err = apiError(() => c.admin.create(pod('p', 'doomed')));
    expect(err.kubectlMessage()).toBe('Error from server (Forbidden): pods "p" is forbidden: unable to create new content in namespace doomed because it is being terminated');
    expect(apiError(() => c.admin.delete('namespaces', undefined, 'kube-system')).message).toBe('namespaces "kube-system" is forbidden: this namespace may not be deleted');
  });

  it('ServiceAccount: default account, projected token volume, missing account', () => {
    const p = c.admin.create(pod('sa', 'web'));
    expect(p.spec.serviceAccountName).toBe('default');
    const vol = p.spec.volumes.find((v: KObject) => v.name.startsWith('kube-api-access-'));
    expect(vol.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(vol.projected.sources.map((s: Record<string, unknown>) => Object.keys(s)[0])).toEqual(['serviceAccountToken', 'configMap', 'downwardAPI']);
    expect(p.spec.containers[0].volumeMounts).toEqual([{ name: vol.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    const off = c.admin.create(pod('nosa', 'web', { automountServiceAccountToken: false }));
    expect(off.spec.volumes).toBeUndefined();
    const err = apiError(() => c.admin.create(pod('x', 'web', { serviceAccountName: 'builder' })));
    expect(err.kubectlMessage()).toBe('Error from server (Forbidden): pods "x" is forbidden: error looking up service account web/builder: serviceaccount "builder" not found');
  });

  it('names the generateName prefix in admission errors, as a ReplicaSet FailedCreate shows', () => {
    const err = apiError(() => c.admin.create({ ...pod('', 'web', { serviceAccountName: 'nope' }), metadata: { generateName: 'web-7d4b9c8f5-', namespace: 'web' } } as KObject));
    expect(err.message).toBe('pods "web-7d4b9c8f5-" is forbidden: error looking up service account web/nope: serviceaccount "nope" not found');
  });

  it('Priority: resolves the class, rejects unknown ones', () => {
    const p = c.admin.create(pod('crit', 'web', { priorityClassName: 'system-cluster-critical' }));
    expect(p.spec.priority).toBe(2000000000);
    expect(p.spec.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(c.admin.create(pod('plain', 'web')).spec.priority).toBe(0);
    expect(apiError(() => c.admin.create(pod('y', 'web', { priorityClassName: 'gold' }))).message).toBe('pods "y" is forbidden: no PriorityClass with name gold was found');
  });

  it('DefaultTolerationSeconds: not-ready and unreachable for 300 s, unless tolerated already', () => {
    const p = c.admin.create(pod('tol', 'web'));
    expect(p.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const all = c.admin.create(pod('tolall', 'web', { tolerations: [{ operator: 'Exists' }] }));
    expect(all.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('TaintNodesByCondition: new nodes start not-ready:NoSchedule', () => {
    const n = c.admin.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'late-node' }, spec: {} } as KObject);
    expect(n.spec.taints).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  });

  it('DefaultStorageClass and StorageObjectInUseProtection', () => {
    c.admin.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'x' });
    const pvc = c.admin.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'web' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } as KObject);
    expect(pvc.spec.storageClassName).toBe('standard');
    expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    const none = c.admin.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'static', namespace: 'web' }, spec: { storageClassName: '', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    expect(none.spec.storageClassName).toBe('');
  });

  it('records the plugins that acted in the request log, in chain order', () => {
    // The chain itself, in order; a request's log entry names only the plugins that changed it
    // (f260dfc: a record per plugin per request is too costly at 150,000 pods).
    expect(c.api.admissionChain().mutating).toEqual(['NamespaceLifecycle', 'LimitRanger', 'ServiceAccount', 'TaintNodesByCondition', 'Priority', 'DefaultTolerationSeconds', 'DefaultStorageClass', 'StorageObjectInUseProtection', 'MutatingAdmissionWebhook']);
    c.admin.create(pod('logged', 'web'));
    settle(c);
    const entry = c.api.log.recent().reverse().find((e) => e.name === 'logged' && e.verb === 'create')!;
    const names = entry.stages.filter((s) => s.stage === 'mutating-admission').map((s) => s.name);
    expect(entry.stages.find((s) => s.name === 'ServiceAccount')?.detail).toMatch(/^serviceAccountName=default, mounted token volume kube-api-access-/);
    expect(names).toEqual(['ServiceAccount', 'Priority', 'DefaultTolerationSeconds']);
  });
});
