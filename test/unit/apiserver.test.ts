import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { SeededRandom } from '../../src/core/random.js';
import { EtcdCluster } from '../../src/core/etcd/cluster.js';
import { ApiServer, type WatchEvent } from '../../src/core/apiserver/server.js';
import { Client } from '../../src/core/apiserver/client.js';
import { ApiError } from '../../src/core/apiserver/errors.js';
import { COMPONENT_USERS, serviceAccountUser } from '../../src/core/apiserver/authn.js';
import { Informer } from '../../src/core/apiserver/informer.js';
import { WorkQueue } from '../../src/core/apiserver/workqueue.js';
import type { KObject } from '../../src/core/api/types.js';

function server(flavor: 'openshift' | 'kubernetes' = 'kubernetes') {
  const clock = new VirtualClock();
  const random = new SeededRandom(1);
  const etcd = new EtcdCluster({ clock, random, members: [{ name: 'master-0', ip: '10.0.0.10' }] });
  const api = new ApiServer({ clock, random, etcd, flavor });
  const admin = new Client(api, { user: COMPONENT_USERS.admin });
  admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } });
  return { clock, etcd, api, admin };
}

const cm = (name: string, data: Record<string, string> = {}): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'web' }, data });

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('ApiServer', () => {
  it('stores objects under the Kubernetes etcd layout, with metadata filled in', () => {
    const { api, admin, etcd } = server();
    const out = admin.create(cm('settings', { a: '1' }));
    expect(out.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.metadata.creationTimestamp).toBe('2026-11-24T09:00:00Z');
    expect(etcd.store.get('/registry/configmaps/web/settings')?.value).toBe(out);
    expect(out.metadata.resourceVersion).toBe(String(etcd.store.get('/registry/configmaps/web/settings')!.modRevision));
    expect(api.cached('configmaps', 'web', 'settings')).toBe(out);
  });

  it('uses /kubernetes.io/ on OpenShift', () => {
    const { admin, etcd } = server('openshift');
    admin.create(cm('x'));
    expect(etcd.store.get('/kubernetes.io/configmaps/web/x')).toBeDefined();
    expect(etcd.store.get('/kubernetes.io/namespaces/web')).toBeDefined();
  });

  it('returns the real NotFound, AlreadyExists and Conflict errors', () => {
    const { admin } = server();
    expect(apiError(() => admin.get('configmaps', 'web', 'nope')).kubectlMessage()).toBe('Error from server (NotFound): configmaps "nope" not found');
    const first = admin.create(cm('dup'));
    expect(apiError(() => admin.create(cm('dup'))).message).toBe('configmaps "dup" already exists');
    admin.update({ ...first, data: { b: '2' } });
    const stale = apiError(() => admin.update({ ...first, data: { c: '3' } }));
    expect(stale.code).toBe(409);
    expect(stale.message).toBe('Operation cannot be fulfilled on configmaps "dup": the object has been modified; please apply your changes to the latest version and try again');
    expect(apiError(() => admin.get('deployments', 'web', 'x')).message).toBe('deployments.apps "x" not found');
  });

  it('authorizes with RBAC and says who cannot do what', () => {
    const { api, admin } = server();
    api.authn.addToken('sa-token', serviceAccountUser('web', 'reader'), 'serviceaccount');
    const sa = new Client(api, { token: 'sa-token' });
    const denied = apiError(() => sa.list('pods', 'web'));
    expect(denied.code).toBe(403);
    expect(denied.kubectlMessage()).toBe(
      'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:web:reader" cannot list resource "pods" in API group "" in the namespace "web"',
    );
    expect(apiError(() => sa.list('nodes')).message).toBe('nodes is forbidden: User "system:serviceaccount:web:reader" cannot list resource "nodes" in API group "" at the cluster scope');
    admin.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace: 'web' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] });
    admin.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'read-pods', namespace: 'web' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'web' }],
    });
    expect(sa.list('pods', 'web').items).toEqual([]);
    const last = api.log.recent(1)[0]!;
    expect(last.stages.find((s) => s.stage === 'authorization')?.detail).toBe('RBAC: allowed by RoleBinding "read-pods/web" of Role "pod-reader" to ServiceAccount "reader/web"');
    expect(apiError(() => sa.list('pods', 'default')).code).toBe(403);
  });

  it('rejects unknown tokens with 401', () => {
    const { api } = server();
    expect(apiError(() => new Client(api, { token: 'bogus' }).list('pods')).code).toBe(401);
  });

  it('records every request with its stages', () => {
    const { api, admin } = server();
    admin.create(cm('logged'));
    const rec = api.log.recent(1)[0]!;
    expect(rec.verb).toBe('create');
    expect(rec.code).toBe(201);
    expect(rec.stages.map((s) => s.stage)).toEqual(['authentication', 'authorization', 'validation', 'storage']);
    expect(rec.etcdKey).toBe('/registry/configmaps/web/logged');
  });

  it('validates names with the real message', () => {
    const { admin } = server();
    const err = apiError(() => admin.create(cm('Bad_Name')));
    expect(err.code).toBe(422);
    expect(err.kubectlMessage()).toMatch(/^The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  });

  it('deletes pods on a node gracefully and others at once', () => {
    const { admin, clock } = server();
    const pod = (name: string, nodeName?: string): KObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'web' },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], ...(nodeName ? { nodeName } : {}) },
    });
    admin.create(pod('bound', 'worker-1'));
    admin.create(pod('pending'));
    const deleting = admin.delete('pods', 'web', 'bound');
    expect(deleting.metadata.deletionTimestamp).toBe(new Date(clock.now() + 30_000).toISOString().replace('.000Z', 'Z'));
    expect(admin.tryGet('pods', 'web', 'bound')).toBeDefined();
    admin.delete('pods', 'web', 'bound', { gracePeriodSeconds: 0 });
    expect(admin.tryGet('pods', 'web', 'bound')).toBeUndefined();
    admin.delete('pods', 'web', 'pending');
    expect(admin.tryGet('pods', 'web', 'pending')).toBeUndefined();
  });

  it('keeps objects with finalizers until the last one goes', () => {
    const { admin } = server();
    admin.create({ ...cm('held'), metadata: { name: 'held', namespace: 'web', finalizers: ['example.com/hold'] } });
    const marked = admin.delete('configmaps', 'web', 'held');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    const cur = admin.get('configmaps', 'web', 'held');
    admin.update({ ...cur, metadata: { ...cur.metadata, finalizers: [] } });
    expect(admin.tryGet('configmaps', 'web', 'held')).toBeUndefined();
  });

  it('binds pods through the binding subresource once', () => {
    const { admin } = server();
    admin.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } });
    admin.bind('web', 'p', 'worker-1');
    const pod = admin.get('pods', 'web', 'p');
    expect(pod.spec.nodeName).toBe('worker-1');
    expect(pod.status.conditions[0]).toMatchObject({ type: 'PodScheduled', status: 'True' });
    expect(apiError(() => admin.bind('web', 'p', 'worker-2')).code).toBe(409);
  });

  it('pages lists with limit and continue', () => {
    const { admin } = server();
    for (const n of ['a', 'b', 'c']) admin.create(cm(n));
    const first = admin.list('configmaps', 'web', { limit: 2 });
    expect(first.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    const rest = admin.list('configmaps', 'web', { limit: 2, continue: first.metadata.continue });
    expect(rest.items.map((o) => o.metadata.name)).toEqual(['c']);
    expect(rest.metadata.continue).toBeUndefined();
  });

  it('applies merge, json and strategic patches and the scale subresource', () => {
    const { admin } = server();
    admin.create(cm('p', { a: '1' }));
    expect(admin.patch('configmaps', 'web', 'p', { data: { b: '2' } }, 'merge').data).toEqual({ a: '1', b: '2' });
    expect(admin.patch('configmaps', 'web', 'p', [{ op: 'remove', path: '/data/a' }], 'json').data).toEqual({ b: '2' });
  });

  it('fails writes without etcd quorum with etcd\'s error, through the API', () => {
    const clock = new VirtualClock();
    const random = new SeededRandom(1);
    const etcd = new EtcdCluster({ clock, random, members: ['master-0', 'master-1', 'master-2'].map((name, i) => ({ name, ip: `10.0.0.${10 + i}` })) });
    const api = new ApiServer({ clock, random, etcd, flavor: 'kubernetes' });
    const admin = new Client(api, { user: COMPONENT_USERS.admin });
    admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } });
    etcd.stopMember('master-1');
    etcd.stopMember('master-2');
    clock.advance(5000);
    const err = apiError(() => admin.create(cm('x')));
    expect(err.code).toBe(500);
    expect(err.message).toMatch(/etcdserver: (no leader|request timed out)/);
  });
});

describe('watch and informers', () => {
  it('delivers ADDED, MODIFIED and DELETED after the current task, filtered by namespace and labels', () => {
    const { api, admin, clock } = server();
    admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    const events: string[] = [];
    api.watch({ resource: 'configmaps', namespace: 'web', options: { labelSelector: 'app=x', resourceVersion: '0' }, user: COMPONENT_USERS.admin }, (ev: WatchEvent) =>
      events.push(`${ev.type} ${ev.object.metadata.name}`),
    );
    admin.create({ ...cm('one'), metadata: { name: 'one', namespace: 'web', labels: { app: 'x' } } });
    admin.create({ ...cm('two'), metadata: { name: 'two', namespace: 'web', labels: { app: 'y' } } });
    admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'three', namespace: 'other', labels: { app: 'x' } } });
    expect(events).toEqual([]);
    clock.drainDeferred();
    expect(events).toEqual(['ADDED one']);
    const one = admin.get('configmaps', 'web', 'one');
    admin.update({ ...one, data: { k: 'v' } });
    admin.update({ ...admin.get('configmaps', 'web', 'one'), metadata: { ...one.metadata, resourceVersion: undefined, labels: { app: 'z' } } });
    admin.delete('configmaps', 'web', 'two');
    clock.drainDeferred();
    expect(events).toEqual(['ADDED one', 'MODIFIED one', 'DELETED one']);
  });

  it('replays changes after a resourceVersion', () => {
    const { api, admin, clock } = server();
    const a = admin.create(cm('a'));
    admin.create(cm('b'));
    const events: string[] = [];
    api.watch({ resource: 'configmaps', options: { resourceVersion: a.metadata.resourceVersion }, user: COMPONENT_USERS.admin }, (ev) => events.push(`${ev.type} ${ev.object.metadata.name}`));
    clock.drainDeferred();
    expect(events).toEqual(['ADDED b']);
  });

  it('keeps an indexed informer cache in step with the store', () => {
    const { api, admin, clock } = server();
    const inf = new Informer('pods', new Client(api, { user: COMPONENT_USERS.admin }, true));
    inf.addIndex('node', (p) => p.spec?.nodeName);
    const seen: string[] = [];
    inf.on({ add: (p) => seen.push(`add ${p.metadata.name}`), delete: (p) => seen.push(`del ${p.metadata.name}`) });
    inf.start();
    const pod = (name: string, nodeName: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'web' }, spec: { nodeName, containers: [{ name: 'c', image: 'nginx:1.25' }] } });
    admin.create(pod('p1', 'worker-1'));
    admin.create(pod('p2', 'worker-2'));
    clock.drainDeferred();
    expect([...inf.byIndex('node', 'worker-1')].map((p) => p.metadata.name)).toEqual(['p1']);
    admin.delete('pods', 'web', 'p2', { gracePeriodSeconds: 0 });
    clock.drainDeferred();
    expect(seen).toEqual(['add p1', 'add p2', 'del p2']);
    expect(inf.indexCount('node', 'worker-2')).toBe(0);
  });
});

describe('WorkQueue', () => {
  it('deduplicates keys and retries with back-off', () => {
    const clock = new VirtualClock();
    const calls: Array<[string, number]> = [];
    let failures = 2;
    const q = new WorkQueue(clock, (key) => {
      calls.push([key, clock.now()]);
      if (key === 'flaky' && failures-- > 0) return 'retry';
      return 'done';
    });
    q.add('a');
    q.add('a');
    q.add('flaky');
    clock.drainDeferred();
    expect(calls.map(([k]) => k)).toEqual(['a', 'flaky']);
    clock.advance(100);
    const t0 = calls[0]![1];
    expect(calls.map(([k, t]) => [k, t - t0])).toEqual([
      ['a', 0],
      ['flaky', 0],
      ['flaky', 5],
      ['flaky', 15],
    ]);
  });
});
