/**
 * The REST router without kubectl: paths, discovery, Status errors, Tables, chunking, patches,
 * server-side apply, review APIs, watch streams, /metrics, and the pieces around it (timestamp
 * shift, kubeconfig, certificates), plus the palette features built on it (get --raw, -v=6/8).
 */
import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveResource } from '../../src/core/api/resources.js';
import { VirtualClock } from '../../src/core/clock.js';
import { serviceAccountUser } from '../../src/core/apiserver/authn.js';
import { runPalette } from '../../src/commands/palette.js';
import { Router, isStream, type RouterResponse, type Headers } from '../../src/serve/router.js';
import { parseResourcePath, resourcePath } from '../../src/serve/paths.js';
import { clockShift } from '../../src/serve/clockshift.js';
import { kubeconfigYaml, writeKubeconfig } from '../../src/serve/kubeconfig.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCerts } from '../../src/serve/tls.js';
import { decodeSelfSubjectAccessReview } from '../../src/serve/protobuf.js';
import { truncateBody } from '../../src/commands/kubectl/trace.js';
import { buildFixture, type Fixture } from '../unit/kubectl-read-fixtures.js';

let fx: Fixture;
let router: Router;

beforeEach(() => {
  fx = buildFixture();
  fx.cluster.api.authn.addToken('sa', serviceAccountUser('shop', 'default'), 'serviceaccount');
  router = new Router(fx.cluster);
});

function send(method: string, url: string, opts: { token?: string | null; headers?: Headers; body?: unknown; type?: string } = {}): { status: number; type: string; body: any; text: string } {
  const headers: Headers = { ...(opts.token === null ? {} : { authorization: `Bearer ${opts.token ?? fx.cluster.adminToken}` }), ...opts.headers };
  if (opts.type) headers['content-type'] = opts.type;
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body);
  const r: RouterResponse = router.handle({ method, url, headers, body });
  if (isStream(r)) throw new Error('stream');
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.body);
  } catch {
    parsed = undefined;
  }
  return { status: r.status, type: r.headers['content-type']!, body: parsed, text: r.body };
}

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('paths', () => {
  it('parses core, grouped, namespaced, cluster-scoped and subresource paths', () => {
    const p = parseResourcePath('/api/v1/namespaces/shop/pods/web/log')!;
    expect([p.res.plural, p.namespace, p.name, p.subresource]).toEqual(['pods', 'shop', 'web', 'log']);
    const d = parseResourcePath('/apis/apps/v1/namespaces/shop/deployments')!;
    expect([d.res.kind, d.namespace, d.name]).toEqual(['Deployment', 'shop', undefined]);
    expect(parseResourcePath('/api/v1/namespaces/shop')!.name).toBe('shop');
    const fin = parseResourcePath('/api/v1/namespaces/shop/finalize')!;
    expect([fin.res.plural, fin.name, fin.subresource]).toEqual(['namespaces', 'shop', 'finalize']);
    expect(parseResourcePath('/apis/apps/v1/deployments')!.namespace).toBeUndefined();
    expect(parseResourcePath('/apis/apps/v2/deployments')).toBeUndefined();
    expect(parseResourcePath('/api/v1/namespaces/shop/nodes')).toBeUndefined();
    expect(resourcePath(resolveResource('deploy')!, 'shop', 'web', 'scale')).toBe('/apis/apps/v1/namespaces/shop/deployments/web/scale');
  });
});

describe('router', () => {
  it('discovery: aggregated v2 when asked, legacy otherwise; /version without credentials', () => {
    const agg = send('GET', '/apis', { headers: { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
    expect(agg.type).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const apps = agg.body.items.find((i: any) => i.metadata.name === 'apps');
    const deploy = apps.versions[0].resources.find((r: any) => r.resource === 'deployments');
    expect(deploy).toMatchObject({ scope: 'Namespaced', singularResource: 'deployment', shortNames: ['deploy'], responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' } });
    expect(deploy.subresources).toContainEqual({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });
    expect(send('GET', '/api').body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const core = send('GET', '/api/v1').body;
    expect(core.resources.find((r: any) => r.name === 'pods/log')).toEqual({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
    expect(send('GET', '/apis/apps').body.preferredVersion).toEqual({ groupVersion: 'apps/v1', version: 'v1' });
    expect(send('GET', '/version', { token: null }).body.gitVersion).toBe('v1.32.4');
    const oa = send('GET', '/openapi/v3').body.paths['apis/apps/v1'].serverRelativeURL as string;
    const doc = send('GET', oa).body;
    expect(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
  });

  it('Status errors: 401, 404 (path and object), 409 AlreadyExists, 422 Invalid, 403 Forbidden, 415', () => {
    expect(send('GET', '/api/v1/pods', { token: null })).toMatchObject({ status: 401, body: { kind: 'Status', status: 'Failure', reason: 'Unauthorized', message: 'Unauthorized', code: 401 } });
    expect(send('GET', '/apis/nope.io/v1/things')).toMatchObject({ status: 404, body: { reason: 'NotFound', message: 'the server could not find the requested resource' } });
    expect(send('GET', '/api/v1/namespaces/shop/pods/nope').body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nope" not found', reason: 'NotFound', details: { name: 'nope', group: '', kind: 'pods' }, code: 404,
    });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
    expect(send('POST', '/api/v1/namespaces/shop/configmaps', { body: cm, type: 'application/json' }).status).toBe(201);
    expect(send('POST', '/api/v1/namespaces/shop/configmaps', { body: cm, type: 'application/json' }).body).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'configmaps "c" already exists' });
    const bad = send('POST', '/api/v1/namespaces/shop/configmaps', { body: { ...cm, metadata: { name: 'Bad' } }, type: 'application/json' });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(/^ConfigMap "Bad" is invalid: metadata.name: Invalid value: "Bad"/);
    expect(send('DELETE', '/api/v1/namespaces/shop/configmaps/c', { token: 'sa' }).body).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'configmaps "c" is forbidden: User "system:serviceaccount:shop:default" cannot delete resource "configmaps" in API group "" in the namespace "shop"',
    });
    expect(send('GET', '/api/v1/pods', { token: 'sa', headers: { 'impersonate-user': 'kubernetes-admin' } }).body.message).toBe(
      'users "kubernetes-admin" is forbidden: User "system:serviceaccount:shop:default" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    expect(send('PATCH', '/api/v1/namespaces/shop/configmaps/c', { body: {}, type: 'text/plain' }).status).toBe(415);
  });

  it('server-side printing: a Table with the printer columns, the object when asked', () => {
    const t = send('GET', '/api/v1/namespaces/shop/pods?limit=500', { headers: { accept: TABLE } }).body;
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.map((c: any) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1']);
    expect(t.rows.map((r: any) => r.cells.slice(0, 3))).toEqual([['big', '0/1', 'Pending'], ['web-7d4b9c8f5-q8wzn', '0/1', 'CrashLoopBackOff'], ['web-7d4b9c8f5-x2x9k', '1/1', 'Running']]);
    expect(t.rows[0].object.kind).toBe('PartialObjectMetadata');
    const full = send('GET', '/api/v1/namespaces/shop/pods/big?includeObject=Object', { headers: { accept: TABLE } }).body;
    expect(full.rows[0].object.kind).toBe('Pod');
  });

  it('chunked lists: limit and continue page through in key order', () => {
    const first = send('GET', '/api/v1/namespaces/shop/pods?limit=2').body;
    expect(first.items.map((p: any) => p.metadata.name)).toEqual(['big', 'web-7d4b9c8f5-q8wzn']);
    expect(first.metadata.continue).toBeTruthy();
    const rest = send('GET', `/api/v1/namespaces/shop/pods?limit=2&continue=${first.metadata.continue}`).body;
    expect(rest.items.map((p: any) => p.metadata.name)).toEqual(['web-7d4b9c8f5-x2x9k']);
    expect(rest.metadata.continue).toBeUndefined();
  });

  it('patches by content type, the scale subresource, server-side apply', () => {
    const merge = send('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web', { body: { metadata: { labels: { tier: 'front' } } }, type: 'application/merge-patch+json' });
    expect(merge.body.metadata.labels.tier).toBe('front');
    const scale = send('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web/scale', { body: { spec: { replicas: 4 } }, type: 'application/merge-patch+json' });
    expect(scale.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 4 } });
    expect(send('GET', '/apis/apps/v1/namespaces/shop/deployments/web/scale').body.spec.replicas).toBe(4);
    const json = send('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web', { body: [{ op: 'replace', path: '/spec/replicas', value: 1 }], type: 'application/json-patch+json' });
    expect(json.body.spec.replicas).toBe(1);
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n';
    const url = '/api/v1/namespaces/shop/configmaps/ssa?fieldManager=kubectl';
    expect(send('PATCH', url, { body: yaml, type: 'application/apply-patch+yaml' })).toMatchObject({ status: 201, body: { data: { a: '1' } } });
    expect(send('PATCH', url, { body: yaml.replace('"1"', '"2"'), type: 'application/apply-patch+yaml' })).toMatchObject({ status: 200, body: { data: { a: '2' } } });
    expect(send('PATCH', '/api/v1/namespaces/shop/configmaps/ssa', { body: yaml, type: 'application/apply-patch+yaml' }).status).toBe(400);
  });

  it('delete with propagation from the DeleteOptions body; dryRun changes nothing', () => {
    send('DELETE', '/apis/apps/v1/namespaces/shop/deployments/web?dryRun=All', { body: {}, type: 'application/json' });
    expect(fx.cluster.api.cached('deployments', 'shop', 'web')).toBeDefined();
    const r = send('DELETE', '/apis/apps/v1/namespaces/shop/deployments/web', { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' }, type: 'application/json' });
    expect(r.status).toBe(200);
    expect(r.body.metadata.finalizers).toEqual(['foregroundDeletion']);
  });

  it('SelfSubjectAccessReview in JSON and in protobuf (kubectl auth can-i), SelfSubjectReview', () => {
    const spec = { resourceAttributes: { namespace: 'shop', verb: 'list', resource: 'pods' } };
    expect(send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { token: 'sa', body: { spec }, type: 'application/json' }).body.status).toEqual({ allowed: false });
    const ok = send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { body: { spec }, type: 'application/json' }).body;
    expect(ok.status.allowed).toBe(true);
    // k8s\0 + Unknown{typeMeta{apiVersion, kind}, raw: SSAR{spec{resourceAttributes{namespace, verb, resource}}}}
    const ld = (field: number, b: Buffer): Buffer => Buffer.concat([Buffer.from([(field << 3) | 2, b.length]), b] as Uint8Array[]);
    const s = (field: number, v: string): Buffer => ld(field, Buffer.from(v));
    const ra = Buffer.concat([s(1, 'shop'), s(2, 'list'), s(5, 'pods')] as Uint8Array[]);
    const raw = ld(2, ld(1, ra));
    const env = Buffer.concat([Buffer.from('k8s\0'), ld(1, Buffer.concat([s(1, 'authorization.k8s.io/v1'), s(2, 'SelfSubjectAccessReview')] as Uint8Array[])), ld(2, raw)] as Uint8Array[]);
    expect((decodeSelfSubjectAccessReview(env) as any).spec).toEqual(spec);
    const pb = send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { token: 'sa', body: env, type: 'application/vnd.kubernetes.protobuf' });
    expect(pb.body.status).toEqual({ allowed: false });
    expect(send('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { token: 'sa', body: {}, type: 'application/json' }).body.status.userInfo.username).toBe('system:serviceaccount:shop:default');
  });

  it('watch: a stream of JSON lines, Tables for kubectl get -w', () => {
    const r = router.handle({ method: 'GET', url: `/api/v1/namespaces/shop/configmaps?watch=true&resourceVersion=${fx.cluster.etcd.store.revision}`, headers: { authorization: `Bearer ${fx.cluster.adminToken}`, accept: TABLE } });
    expect(isStream(r)).toBe(true);
    const lines: string[] = [];
    const stop = (r as any).stream((l: string) => lines.push(l), () => lines.push('END'));
    fx.cluster.admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w', namespace: 'shop' } });
    fx.cluster.clock.drainDeferred();
    stop();
    expect(lines).toHaveLength(1);
    const ev = JSON.parse(lines[0]!);
    expect(ev.type).toBe('ADDED');
    expect(ev.object.kind).toBe('Table');
    expect(ev.object.rows[0].cells.slice(0, 2)).toEqual(['w', 0]);
    // A compacted resourceVersion: one ERROR event with the 410 Status, then the end.
    fx.cluster.etcd.store.compact(fx.cluster.etcd.store.revision);
    const gone = router.handle({ method: 'GET', url: '/api/v1/namespaces/shop/configmaps?watch=1&resourceVersion=1', headers: { authorization: `Bearer ${fx.cluster.adminToken}` } });
    const out: string[] = [];
    (gone as any).stream((l: string) => out.push(l), () => out.push('END'));
    expect(out[1]).toBe('END');
    expect(JSON.parse(out[0]!)).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });

  it('exec upgrades: create pods/exec is checked, then the pod and the container', () => {
    const req = (url: string, token = fx.cluster.adminToken) => router.prepareExec({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    const ok = req('/api/v1/namespaces/shop/pods/big/exec?command=hostname&stdout=true');
    expect('exec' in ok && ok.exec).toMatchObject({ namespace: 'shop', pod: 'big', command: ['hostname'], stdin: false });
    const forbidden = req('/api/v1/namespaces/shop/pods/big/exec?command=hostname', 'sa') as { status: number; body: string };
    expect(JSON.parse(forbidden.body).message).toBe('pods "big" is forbidden: User "system:serviceaccount:shop:default" cannot create resource "pods/exec" in API group "" in the namespace "shop"');
    expect(JSON.parse((req('/api/v1/namespaces/shop/pods/nope/exec?command=ls') as { body: string }).body).message).toBe('pods "nope" not found');
    expect(JSON.parse((req('/api/v1/namespaces/shop/pods/big/exec?command=ls&container=x') as { body: string }).body)).toMatchObject({ code: 400, message: 'container x is not valid for pod big' });
    expect(JSON.parse((req('/api/v1/namespaces/shop/pods/big/exec') as { body: string }).body).message).toBe('you must specify at least one command for the container');
  });

  it('PUT with a stale resourceVersion: 409 Conflict', () => {
    const cm = send('POST', '/api/v1/namespaces/shop/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'rv' }, data: { a: '1' } }, type: 'application/json' }).body;
    expect(send('PUT', '/api/v1/namespaces/shop/configmaps/rv', { body: { ...cm, data: { a: '2' } }, type: 'application/json' }).status).toBe(200);
    expect(send('PUT', '/api/v1/namespaces/shop/configmaps/rv', { body: { ...cm, data: { a: '3' } }, type: 'application/json' }).body).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "rv": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  describe('watch timers', () => {
    afterEach(() => void vi.useRealTimers());
    it('BOOKMARK events when asked for, and the stream ends after timeoutSeconds', () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
      const r = router.handle({ method: 'GET', url: `/api/v1/namespaces/shop/pods?watch=true&allowWatchBookmarks=true&timeoutSeconds=25&resourceVersion=${fx.cluster.etcd.store.revision}`, headers: { authorization: `Bearer ${fx.cluster.adminToken}` } });
      const lines: string[] = [];
      (r as any).stream((l: string) => lines.push(l), () => lines.push('END'));
      expect(lines).toEqual([]);
      vi.advanceTimersByTime(10_000);
      expect(JSON.parse(lines[0]!)).toEqual({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(fx.cluster.etcd.store.revision), annotations: { 'k8s.io/initial-events-end': 'true' } } } });
      vi.advanceTimersByTime(15_000);
      expect(lines.map((l) => (l === 'END' ? l : JSON.parse(l).type))).toEqual(['BOOKMARK', 'BOOKMARK', 'END']);
    });
  });

  it('/metrics: request counter, latency histogram and stored objects in Prometheus text', () => {
    send('GET', '/api/v1/namespaces/shop/pods');
    const m = send('GET', '/metrics').text;
    expect(m).toContain('# TYPE apiserver_request_total counter\n');
    expect(m).toMatch(/^apiserver_request_total\{code="200",component="apiserver",dryRun="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"\} \d+$/m);
    expect(m).toMatch(/^apiserver_request_total\{code="201",component="apiserver",dryRun="",group="apps",resource="deployments",scope="namespace",subresource="",verb="POST",version="v1"\} \d+$/m);
    expect(m).toContain('# TYPE apiserver_request_duration_seconds histogram\n');
    expect(m).toMatch(/^apiserver_request_duration_seconds_bucket\{component="apiserver",dryRun="",group="",le="\+Inf",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"\} \d+$/m);
    expect(m).toContain('apiserver_storage_objects{resource="pods"} 3\n');
    expect(send('GET', '/metrics', { token: 'sa' }).body.message).toBe('forbidden: User "system:serviceaccount:shop:default" cannot get path "/metrics"');
  });
});

describe('around the router', () => {
  it('timestamps leave shifted to the wall clock and come back unshifted; MicroTime keeps six digits', () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const wall = Date.UTC(2026, 0, 1, 5);
    const s = clockShift(clock, true, () => wall);
    expect(s.out({ a: '2026-01-01T00:00:00Z', b: '2026-01-01T00:00:00.000000Z', c: 'x' })).toEqual({ a: '2026-01-01T05:00:00.000Z', b: '2026-01-01T05:00:00.000000Z', c: 'x' });
    expect(s.in({ t: '2026-01-01T05:00:10Z' })).toEqual({ t: '2026-01-01T00:00:10Z' });
  });

  it('the kubeconfig names the server, the CA and the token', () => {
    expect(kubeconfigYaml({ server: 'http://127.0.0.1:6443', token: 't0k', namespace: 'shop' })).toBe(
      'apiVersion: v1\nkind: Config\nclusters:\n  - name: kubedrill\n    cluster:\n      server: http://127.0.0.1:6443\ncontexts:\n  - name: kubedrill\n    context:\n      cluster: kubedrill\n      user: kubedrill-admin\n      namespace: shop\ncurrent-context: kubedrill\npreferences: {}\nusers:\n  - name: kubedrill-admin\n    user:\n      token: t0k\n',
    );
  });

  it('never overwrites a kubeconfig that holds other clusters', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedrill-kc-'));
    try {
      const mine = path.join(dir, 'mine');
      writeKubeconfig(mine, { server: 'http://127.0.0.1:1', token: 'a' });
      writeKubeconfig(mine, { server: 'http://127.0.0.1:2', token: 'b' });
      expect(fs.readFileSync(mine, 'utf8')).toContain('server: http://127.0.0.1:2\n');
      const theirs = path.join(dir, 'config');
      fs.writeFileSync(theirs, 'apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster: {server: https://prod:6443}\n');
      expect(() => writeKubeconfig(theirs, { server: 'http://127.0.0.1:1', token: 'a' })).toThrow(`${theirs} already holds other clusters (prod); kubedrill serve writes a kubeconfig of its own: pass another --kubeconfig PATH`);
      expect(fs.readFileSync(theirs, 'utf8')).toContain('prod');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the serving certificate is signed by the generated CA and names the address', () => {
    const c = generateCerts(['192.0.2.7']);
    const ca = new crypto.X509Certificate(c.caCert);
    const leaf = new crypto.X509Certificate(c.cert);
    expect(ca.ca).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toContain('IP Address:192.0.2.7');
    expect(leaf.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(leaf.checkPrivateKey(crypto.createPrivateKey(c.key))).toBe(true);
  });
});

describe('palette: get --raw and -v', () => {
  it('kubectl get --raw goes through the router; errors print as kubectl prints them', () => {
    const list = runPalette(fx.session, 'kubectl get --raw /api/v1/namespaces/shop/pods');
    expect(JSON.parse(list.stdout).items.map((p: any) => p.metadata.name)).toEqual(['big', 'web-7d4b9c8f5-q8wzn', 'web-7d4b9c8f5-x2x9k']);
    expect(runPalette(fx.session, 'kubectl get --raw /api/v1/namespaces/shop/pods/nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    const metrics = runPalette(fx.session, 'oc get --raw /metrics');
    expect(metrics.exitCode).toBe(0);
    expect(metrics.stdout).toMatch(/^apiserver_request_total\{code="200",component="apiserver",dryRun="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"\} \d+$/m);
    expect(runPalette(fx.session, 'kubectl get --raw /metrics --as=system:serviceaccount:shop:default').stderr).toBe('Error from server (Forbidden): forbidden: User "system:serviceaccount:shop:default" cannot get path "/metrics"\n');
  });

  it('-v=6 logs each request like client-go, -v=8 adds headers and bodies', () => {
    const six = runPalette(fx.session, 'kubectl get pods -v=6');
    expect(six.stdout).toBe(runPalette(fx.session, 'kubectl get pods').stdout);
    const lines = six.stderr.split('\n');
    expect(lines[0]).toBe('I1124 09:05:00.000000    4102 loader.go:402] Config loaded from file:  /root/.kube/config');
    expect(lines[1]).toMatch(/^I1124 09:05:00\.000037    4102 round_trippers\.go:560\] GET https:\/\/[^ ]+\/api\/v1\/namespaces\/shop\/pods\?limit=500 200 OK in \d+ milliseconds$/);
    expect(runPalette(fx.session, 'kubectl get pod nope -v=6').stderr).toMatch(/round_trippers\.go:560\] GET https:\/\/[^ ]+\/api\/v1\/namespaces\/shop\/pods\/nope 404 Not Found in \d+ milliseconds\nError from server \(NotFound\): pods "nope" not found\n$/);
    const eight = runPalette(fx.session, 'kubectl get pods -v=8').stderr;
    expect(eight).toContain('round_trippers.go:476] Request Headers:\n');
    expect(eight).toContain('round_trippers.go:480]     User-Agent: kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07\n');
    expect(eight).toMatch(/round_trippers\.go:581\] Response Status: 200 OK in \d+ milliseconds\n/);
    expect(eight).toMatch(/helper\.go:113\] "Response Body" body="\{\\"kind\\":\\"PodList\\".* \[truncated \d+ chars\]"\n/);
    expect(runPalette(fx.session, 'kubectl get pods -v=5').stderr).toBe('');
    expect(truncateBody('x'.repeat(1030), 8)).toBe(`${'x'.repeat(1024)} [truncated 6 chars]`);
  });
});
