/**
 * The real kubectl against `kubedrill serve` (in-process, --port 0): reads print what the
 * palette prints for the same cluster, writes go through the API server's pipeline (apply
 * create/unchanged/configured, scale, delete), RBAC answers (Forbidden, auth can-i) and watches
 * stream. The cluster's clock is advanced by the test only, so every output is fixed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenarios/library.js';
import { ScenarioRun } from '../../src/scenarios/runtime.js';
import { runPalette } from '../../src/commands/palette.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { writeKubeconfig } from '../../src/serve/kubeconfig.js';
import { Kubectl, RUN_KUBECTL } from './kubectl.js';

if (!RUN_KUBECTL) console.warn('test/serve/kubectl-serve.test.ts: kubectl is not on the PATH; the real-kubectl tests are skipped');

let run: ScenarioRun;
let server: RunningServer;
let k: Kubectl;

const normalise = (s: string): string =>
  s.replace(/[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000/g, 'TIME').replace(/\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?Z?( \+0000 UTC)?/g, 'TS');

function palette(line: string): { out: string; code: number } {
  const r = runPalette(run.session, line);
  return { out: r.stdout + r.stderr, code: r.exitCode };
}

async function kubectl(line: string, stdin?: string): Promise<{ out: string; code: number }> {
  const r = await k.run(line.split(' '), stdin);
  return { out: r.stdout + r.stderr, code: r.code };
}

beforeAll(async () => {
  if (!RUN_KUBECTL) return;
  run = new ScenarioRun(findScenario('payments-crashloop-env'), { seed: 7 }).start();
  run.advance(150_000);
  server = await startServer(run.cluster, { port: 0, followPollMs: 20 });
  k = new Kubectl('');
  const config = path.join(k.dir, 'config');
  writeKubeconfig(config, { server: server.url, token: run.cluster.adminToken, namespace: run.session.namespace });
  (k as { kubeconfig: string }).kubeconfig = config;
});

afterAll(async () => {
  if (!RUN_KUBECTL) return;
  await server.close();
  k.cleanup();
});

describe.skipIf(!RUN_KUBECTL)('the real kubectl against kubedrill serve', () => {
  it('prints the kubeconfig it was given: server with the chosen port, admin token, namespace', () => {
    const text = fs.readFileSync(k.kubeconfig, 'utf8');
    expect(server.port).toBeGreaterThan(0);
    expect(text).toContain(`server: http://127.0.0.1:${server.port}\n`);
    expect(text).toContain(`token: ${run.cluster.adminToken}\n`);
    expect(text).toContain('namespace: billing\n');
    expect(fs.statSync(k.kubeconfig).mode & 0o777).toBe(0o600);
  });

  // Reads: the real kubectl prints exactly what the palette prints (times aside).
  const SAME = [
    'get nodes',
    'get nodes -o wide',
    'get pods',
    'get pods -o wide',
    'get pods -A',
    'get deploy,rs,svc',
    'get deploy payments -o yaml',
    'get pods -o json',
    'get pods -o jsonpath={.items[*].status.containerStatuses[0].restartCount}',
    'get pods -o name',
    'get pod nope',
    'describe deploy payments',
    'describe node worker-1',
    'get pods --as=system:serviceaccount:billing:default -n kube-system',
    'top nodes',
    'top pods -A',
  ];
  it('reads print exactly what the palette prints (run side by side, checked one by one)', async () => {
    // Discovery is cached after the first call; the rest run in parallel to keep the test quick.
    await kubectl('get ns');
    const real = await Promise.all(SAME.map((cmd) => kubectl(cmd)));
    SAME.forEach((cmd, i) => {
      const mine = palette(`kubectl ${cmd}`);
      expect(normalise(real[i]!.out), cmd).toBe(normalise(mine.out));
      expect(real[i]!.code, cmd).toBe(mine.code);
    });
  });

  it('get events --sort-by=.lastTimestamp: the same rows, oldest first (kubectl sorts ties in no stable order)', async () => {
    const real = await kubectl('get events --sort-by=.lastTimestamp');
    const mine = palette('kubectl get events --sort-by=.lastTimestamp');
    expect(real.code).toBe(0);
    expect(real.out.split('\n').sort()).toEqual(mine.out.split('\n').sort());
    const seconds = (age: string): number => [...age.matchAll(/(\d+)([hms])/g)].reduce((n, m) => n + Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1), 0);
    const ages = real.out.trim().split('\n').slice(1).map((l) => seconds(l.split(' ')[0]!));
    expect(ages.length).toBeGreaterThan(10);
    expect([...ages].sort((a, b) => b - a)).toEqual(ages);
  });

  it('describe pod, logs and logs --previous of a crash-looping container match the palette', async () => {
    const pod = run.cluster.api.cachedList('pods', 'billing')[Symbol.iterator]().next().value!.metadata.name;
    const cmds = [`describe pod ${pod}`, `logs ${pod}`, `logs ${pod} --previous`, `logs deploy/payments --tail=1 --timestamps`];
    const real = await Promise.all(cmds.map((cmd) => kubectl(cmd)));
    cmds.forEach((cmd, i) => expect(normalise(real[i]!.out), cmd).toBe(normalise(palette(`kubectl ${cmd}`).out)));
    const prev = real[2]!;
    expect(prev.out).toContain('Error: environment variable PAYMENT_GATEWAY_URL is required but not set\n');
    expect(prev.code).toBe(0);
  });

  it('status errors: NotFound, AlreadyExists, Invalid, Forbidden', async () => {
    expect(await kubectl('get deploy nope')).toEqual({ out: 'Error from server (NotFound): deployments.apps "nope" not found\n', code: 1 });
    const ns = path.join(k.dir, 'ns.yaml');
    fs.writeFileSync(ns, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: billing\n');
    expect(await kubectl(`create -f ${ns}`)).toEqual({ out: 'Error from server (AlreadyExists): error when creating "' + ns + '": namespaces "billing" already exists\n', code: 1 });
    const bad = path.join(k.dir, 'bad.yaml');
    fs.writeFileSync(bad, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad\n');
    const invalid = await kubectl(`create -f ${bad}`);
    expect(invalid.out).toMatch(/^The ConfigMap "Bad" is invalid: metadata.name: Invalid value: "Bad": a lowercase RFC 1123 subdomain must consist of/);
    expect(invalid.code).toBe(1);
    const forbidden = await kubectl('delete deploy payments --as=system:serviceaccount:billing:default');
    expect(forbidden).toEqual({ out: 'Error from server (Forbidden): deployments.apps "payments" is forbidden: User "system:serviceaccount:billing:default" cannot delete resource "deployments" in API group "apps" in the namespace "billing"\n', code: 1 });
  });

  it('auth can-i and auth whoami, with and without impersonation', async () => {
    const [del, list, healthz, who] = await Promise.all([
      kubectl('auth can-i delete pods'),
      kubectl('auth can-i list pods --as=system:serviceaccount:billing:default'),
      kubectl('auth can-i get /healthz'),
      kubectl('auth whoami --as=jane'),
    ]);
    expect(del).toEqual({ out: 'yes\n', code: 0 });
    expect(list).toEqual({ out: 'no\n', code: 1 });
    expect(healthz).toEqual({ out: 'yes\n', code: 0 });
    expect(who.out).toBe('ATTRIBUTE   VALUE\nUsername    jane\nGroups      [system:authenticated]\n');
  });

  it('apply: created, unchanged, configured; scale; delete', async () => {
    const file = path.join(k.dir, 'web.yaml');
    const manifest = (replicas: number): string =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n        ports: [{containerPort: 80}]\n`;
    fs.writeFileSync(file, manifest(1));
    expect(await kubectl(`apply -f ${file}`)).toEqual({ out: 'deployment.apps/web created\n', code: 0 });
    run.advance(5_000);
    expect(await kubectl(`apply -f ${file}`)).toEqual({ out: 'deployment.apps/web unchanged\n', code: 0 });
    fs.writeFileSync(file, manifest(2));
    expect(await kubectl(`apply -f ${file}`)).toEqual({ out: 'deployment.apps/web configured\n', code: 0 });
    const stored = run.cluster.api.cached('deployments', 'billing', 'web')!;
    expect(stored.spec.replicas).toBe(2);
    expect(JSON.parse(stored.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']!).spec.replicas).toBe(2);
    expect(await kubectl('scale deploy web --replicas=3')).toEqual({ out: 'deployment.apps/web scaled\n', code: 0 });
    expect(run.cluster.api.cached('deployments', 'billing', 'web')!.spec.replicas).toBe(3);
    run.advance(10_000);
    expect(palette('kubectl get deploy web').out).toContain('web    3/3     3            3');
    expect(await kubectl('get deploy web')).toEqual({ out: palette('kubectl get deploy web').out, code: 0 });
    expect(await kubectl(`apply --server-side -f ${file}`)).toEqual({ out: 'deployment.apps/web serverside-applied\n', code: 0 });
    expect(await kubectl('delete deploy web')).toEqual({ out: 'deployment.apps "web" deleted\n', code: 0 });
    expect(run.cluster.api.cached('deployments', 'billing', 'web')).toBeUndefined();
  });

  it('kubectl create for the kinds its typed clients send in protobuf', async () => {
    const cmds: Array<[string, string]> = [
      ['create namespace team-a', 'namespace/team-a created\n'],
      ['create configmap app --from-literal=mode=fast', 'configmap/app created\n'],
      ['create secret generic pw --from-literal=password=hunter2', 'secret/pw created\n'],
      ['create serviceaccount bot', 'serviceaccount/bot created\n'],
      ['create role reader --verb=get,list --resource=pods', 'role.rbac.authorization.k8s.io/reader created\n'],
      ['create rolebinding bot-reads --role=reader --serviceaccount=billing:bot', 'rolebinding.rbac.authorization.k8s.io/bot-reads created\n'],
      ['create deployment api --image=billing/payments:3.2 --replicas=2 --port=8443', 'deployment.apps/api created\n'],
      ['create job once --image=busybox -- echo hi', 'job.batch/once created\n'],
      ['create cronjob nightly --image=busybox --schedule=0_3_*_*_* -- date', 'cronjob.batch/nightly created\n'],
      ['create service clusterip api --tcp=80:8443', 'service/api created\n'],
    ];
    const results = await Promise.all(cmds.map(([cmd]) => k.run(cmd.split(' ').map((w) => w.replace(/_/g, ' '))).then((r) => ({ out: r.stdout + r.stderr, code: r.code }))));
    cmds.forEach(([cmd, out], i) => expect(results[i], cmd).toEqual({ out, code: 0 }));
    const api = run.cluster.api;
    expect(api.cached('configmaps', 'billing', 'app')!.data).toEqual({ mode: 'fast' });
    expect(Buffer.from(api.cached('secrets', 'billing', 'pw')!.data.password, 'base64').toString()).toBe('hunter2');
    expect(api.cached('secrets', 'billing', 'pw')!.type).toBe('Opaque');
    expect(api.cached('rolebindings', 'billing', 'bot-reads')!.subjects).toEqual([{ kind: 'ServiceAccount', name: 'bot', namespace: 'billing' }]);
    const d = api.cached('deployments', 'billing', 'api')!;
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'api' } });
    expect(d.spec.template.spec.containers[0]).toMatchObject({ name: 'payments', image: 'billing/payments:3.2', ports: [{ containerPort: 8443, protocol: 'TCP' }] });
    expect(await kubectl('auth can-i list pods --as=system:serviceaccount:billing:bot')).toEqual({ out: 'yes\n', code: 0 });
    const job = api.cached('jobs', 'billing', 'once')!;
    expect(job.spec.template.spec).toMatchObject({ restartPolicy: 'Never', containers: [{ name: 'once', image: 'busybox', command: ['echo', 'hi'] }] });
    const cj = api.cached('cronjobs', 'billing', 'nightly')!;
    expect(cj.spec.schedule).toBe('0 3 * * *');
    expect(cj.spec.jobTemplate.spec.template.spec.containers[0].command).toEqual(['date']);
    expect(api.cached('services', 'billing', 'api')!.spec).toMatchObject({ type: 'ClusterIP', selector: { app: 'api' }, ports: [{ name: '80-8443', port: 80, protocol: 'TCP', targetPort: 8443 }] });
    const token = await kubectl('create token bot');
    expect(token.code).toBe(1);
    expect(token.out).toContain('kubedrill serve reads TokenRequest only as JSON or YAML');
  });

  it('exec over WebSocket runs in the simulated container shell, as the palette does', async () => {
    run.cluster.admin.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'shell', namespace: 'billing' },
      spec: { containers: [{ name: 'payments', image: 'billing/payments:3.2', env: [{ name: 'PAYMENT_GATEWAY_URL', value: 'https://gw' }] }] },
    });
    run.advance(5_000);
    const cmds = ['exec shell -- hostname', 'exec shell -- cat /etc/resolv.conf', 'exec shell -- cat /nope', 'exec shell -c nope -- hostname'];
    const real = await Promise.all(cmds.map((cmd) => kubectl(cmd)));
    expect(real[0]).toEqual({ out: 'shell\n', code: 0 });
    cmds.forEach((cmd, i) => {
      const mine = palette(`kubectl ${cmd}`);
      expect(real[i]!.out, cmd).toBe(mine.out);
      expect(real[i]!.code, cmd).toBe(mine.code);
    });
    expect(await kubectl('exec -i shell -- cat', 'from stdin\n')).toEqual({ out: 'from stdin\n', code: 0 });
    // kubectl reads the pod first: without even that right, the GET is what is forbidden.
    expect(await kubectl('exec shell --as=system:serviceaccount:billing:default -- hostname')).toEqual({
      out: 'Error from server (Forbidden): pods "shell" is forbidden: User "system:serviceaccount:billing:default" cannot get resource "pods" in API group "" in the namespace "billing"\n',
      code: 1,
    });
  });

  it('logs -f streams lines as the simulated clock writes them', async () => {
    run.cluster.admin.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'followed', namespace: 'billing' },
      spec: { containers: [{ name: 'payments', image: 'billing/payments:3.2', env: [{ name: 'PAYMENT_GATEWAY_URL', value: 'https://gw' }] }] },
    });
    run.advance(5_000);
    const f = k.spawn(['logs', '-f', 'followed']);
    try {
      await f.waitFor(/payments 3\.2 starting\n/);
      expect(f.output()).not.toContain('heartbeat');
      run.advance(10_000);
      await f.waitFor(/gateway heartbeat ok\n/);
      run.advance(20_000);
      const out = await f.waitFor(/(gateway heartbeat ok\n[^]*){3}/);
      expect(out).toBe('payments 3.2 starting\ngateway heartbeat ok\ngateway heartbeat ok\ngateway heartbeat ok\n');
    } finally {
      f.stop();
    }
  });

  it('get -w prints the list, then each change as the cluster makes it', async () => {
    const w = k.spawn(['get', 'pods', '-w']);
    try {
      await w.waitFor(/NAME +READY +STATUS/);
      run.cluster.admin.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'watched', namespace: 'billing' }, spec: { containers: [{ name: 'c', image: 'billing/payments:3.2' }] } });
      run.cluster.clock.drainDeferred();
      const out = await w.waitFor(/^watched +0\/1 +Pending +0 +0s$/m);
      expect(out.match(/^NAME /gm)).toHaveLength(1);
      run.advance(2_000);
      const after = await w.waitFor(/^watched +0\/1 +Error +0 +2s$/m);
      // Scheduled (binding), sandbox and pull, started, then the missing variable kills it.
      expect(after.split('\n').filter((l) => l.startsWith('watched')).map((l) => l.replace(/ +/g, ' '))).toEqual([
        'watched 0/1 Pending 0 0s',
        'watched 0/1 Pending 0 0s',
        'watched 0/1 ContainerCreating 0 0s',
        'watched 1/1 Running 0 1s',
        'watched 0/1 Error 0 2s',
      ]);
    } finally {
      w.stop();
    }
  });
});
