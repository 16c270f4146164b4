import { describe, it, expect } from 'vitest';
import { cluster, runPod, status, events, getPod, kubelet, until } from './kubelet-helpers.js';

const BB = 'busybox:1.36';
const opts = { workers: [{ name: 'worker-1', images: [BB, 'postgres:16', 'nginx:1.25'] }] };
const cm = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

describe('kubelet config resolution', () => {
  it('a missing ConfigMap in env is CreateContainerConfigError until it appears', () => {
    const c = cluster(opts);
    runPod(c, 'mailer', {
      containers: [{ name: 'mailer', image: BB, command: ['sh', '-c', 'echo relay=$SMTP_HOST; sleep 3600'], env: [{ name: 'SMTP_HOST', valueFrom: { configMapKeyRef: { name: 'mailer-settings', key: 'host' } } }] }],
    });
    c.advance(3000);
    expect(status(c, 'mailer').state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "mailer-settings" not found' });
    expect(events(c, 'mailer')).toContain('Failed: Error: configmap "mailer-settings" not found');
    expect(getPod(c, 'mailer')!.status!.phase).toBe('Pending');
    // present, but without the key
    c.admin.create(cm('mailer-settings', { port: '25' }));
    c.advance(100);
    expect(status(c, 'mailer').state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: "couldn't find key host in ConfigMap default/mailer-settings" });
    c.admin.update({ ...c.admin.get('configmaps', 'default', 'mailer-settings'), data: { host: 'smtp.example.com' } });
    c.advance(100);
    expect(status(c, 'mailer').state.running).toBeDefined();
    expect(kubelet(c).logs('default', 'mailer')).toBe('relay=smtp.example.com\n');
  });

  it('a missing Secret key and envFrom', () => {
    const c = cluster(opts);
    c.admin.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: { user: Buffer.from('app').toString('base64') } });
    runPod(c, 's1', { containers: [{ name: 'a', image: BB, command: ['sleep', '60'], env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }] });
    runPod(c, 's2', { containers: [{ name: 'a', image: BB, command: ['sleep', '60'], envFrom: [{ secretRef: { name: 'missing' } }] }] });
    runPod(c, 's3', { containers: [{ name: 'a', image: BB, command: ['sh', '-c', 'echo $DB_user; sleep 60'], envFrom: [{ secretRef: { name: 'db' }, prefix: 'DB_' }] }] });
    c.advance(3000);
    expect(status(c, 's1').state.waiting?.message).toBe("couldn't find key password in Secret default/db");
    expect(status(c, 's2').state.waiting?.message).toBe('secret "missing" not found');
    expect(kubelet(c).logs('default', 's3')).toBe('app\n');
  });

  it('a missing ConfigMap volume: FailedMount, ContainerCreating, no IP; fixed when created', () => {
    const c = cluster(opts);
    runPod(c, 'web', {
      containers: [{ name: 'web', image: 'nginx:1.25', volumeMounts: [{ name: 'config', mountPath: '/etc/nginx/conf.d' }] }],
      volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
    });
    c.advance(5000);
    expect(events(c, 'web')[0]).toBe('FailedMount: MountVolume.SetUp failed for volume "config" : configmap "web-config" not found');
    expect(status(c, 'web').state.waiting).toEqual({ reason: 'ContainerCreating' });
    expect(getPod(c, 'web')!.status!.podIP).toBeUndefined();
    c.advance(120_000);
    expect(events(c, 'web')).toContain('FailedMount: Unable to attach or mount volumes: unmounted volumes=[config], unattached volumes=[], failed to process volumes=[]: context deadline exceeded');
    c.admin.create(cm('web-config', { 'default.conf': 'server { listen 80; }' }));
    until(c, () => !!status(c, 'web').state.running, 5000);
  });

  it('requires.env unmet: the app logs its error and exits 1, into CrashLoopBackOff', () => {
    const c = cluster(opts);
    runPod(c, 'db', { containers: [{ name: 'postgres', image: 'postgres:16' }] });
    c.advance(2500);
    expect(status(c, 'db').state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    c.advance(15_000);
    expect(status(c, 'db').state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(kubelet(c).logs('default', 'db', 'postgres', { previous: true })).toBe(
      'Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".\n',
    );
  });

  it('requires.files and requires.connect against ConfigMap files and Services', () => {
    const c = cluster({
      ...opts,
      images: {
        'example/api:1': { listen: [8080], ready: 500, requires: { files: ['/etc/api/config.yaml'], connect: ['db:5432'] } },
      },
    });
    runPod(c, 'api', {
      containers: [{ name: 'api', image: 'example/api:1', volumeMounts: [{ name: 'cfg', mountPath: '/etc/api' }] }],
      volumes: [{ name: 'cfg', configMap: { name: 'api' } }],
    });
    c.admin.create(cm('api', { 'settings.yaml': 'x: 1' }));
    c.advance(4000);
    expect(kubelet(c).logs('default', 'api')).toBe('Error: open /etc/api/config.yaml: no such file or directory\n');
    c.admin.update({ ...c.admin.get('configmaps', 'default', 'api'), data: { 'config.yaml': 'x: 1' } });
    until(c, () => kubelet(c).logs('default', 'api').startsWith('Error: dial'), 60_000);
    expect(kubelet(c).logs('default', 'api')).toBe('Error: dial tcp: lookup db on 10.96.0.10:53: no such host\n');
  });

  it('init containers run first, in order, and gate the pod', () => {
    const c = cluster(opts);
    runPod(c, 'app', {
      initContainers: [
        { name: 'init-a', image: BB, command: ['sh', '-c', 'echo a; sleep 2'] },
        { name: 'init-b', image: BB, command: ['sh', '-c', 'echo b; sleep 3'] },
      ],
      containers: [{ name: 'main', image: BB, command: ['sleep', '3600'] }],
    });
    c.advance(2000);
    const p = getPod(c, 'app')!;
    expect(p.status!.phase).toBe('Pending');
    expect(p.status!.conditions!.find((x) => x.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init-a init-b]' });
    expect(status(c, 'app', 'main').state.waiting?.reason).toBe('PodInitializing');
    c.advance(10_000);
    expect(status(c, 'app', 'init-a').state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(status(c, 'app', 'init-b').state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(status(c, 'app', 'main').state.running).toBeDefined();
    const started = events(c, 'app').filter((e) => e.startsWith('Started'));
    expect(started).toEqual(['Started: Started container init-a', 'Started: Started container init-b', 'Started: Started container main']);
  });

  it('an init container waiting for a Service with until/nslookup continues once it exists', () => {
    const c = cluster(opts);
    runPod(c, 'web', {
      initContainers: [{ name: 'wait-db', image: BB, command: ['sh', '-c', 'until nslookup mydb; do echo waiting for mydb; sleep 2; done; echo found'] }],
      containers: [{ name: 'main', image: BB, command: ['sleep', '3600'] }],
    });
    c.advance(20_000);
    expect(status(c, 'web', 'init-b')).toBeUndefined();
    expect(status(c, 'web', 'wait-db').state.running).toBeDefined();
    expect(kubelet(c).logs('default', 'web', 'wait-db', { tailLines: 1 })).toBe('waiting for mydb\n');
    c.admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'mydb', namespace: 'default' }, spec: { ports: [{ port: 5432 }], selector: { app: 'db' } } });
    c.advance(10_000);
    expect(status(c, 'web', 'wait-db').state.terminated).toMatchObject({ exitCode: 0 });
    expect(kubelet(c).logs('default', 'web', 'wait-db', { tailLines: 1 })).toBe('found\n');
    expect(status(c, 'web', 'main').state.running).toBeDefined();
  });
});
