import { describe, expect, it } from 'vitest';
import { drill, out } from './kubectl-write-helpers.js';
import { threeWayPatch, applyStrategic } from '../../src/commands/kubectl/write/three-way.js';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
    tier: frontend
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
`;

describe('kubectl apply (client-side)', () => {
  it('creates, then reports unchanged, then configured, as kubectl decides from the three-way patch', () => {
    const d = drill();
    d.files['web.yaml'] = DEPLOY;
    expect(out(d.run('kubectl apply -f web.yaml'))).toEqual({ stdout: 'deployment.apps/web created\n', stderr: '', exitCode: 0 });
    const created = d.cluster.api.cached('deployments', 'default', 'web')!;
    expect(created.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"web","tier":"frontend"},"name":"web","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.25","name":"nginx","ports":[{"containerPort":80}]}]}}}}\n',
    );
    // Defaults the server added (strategy, protocol, imagePullPolicy...) are not differences.
    d.cluster.advance(5000);
    expect(d.run('kubectl apply -f web.yaml').stdout).toBe('deployment.apps/web unchanged\n');
    // Someone scaled it: apply puts its own value back.
    d.run('kubectl scale deploy web --replicas=5');
    expect(d.run('kubectl apply -f web.yaml').stdout).toBe('deployment.apps/web configured\n');
    expect(d.cluster.api.cached('deployments', 'default', 'web')!.spec.replicas).toBe(2);
    // A label dropped from the file is removed; a new image is rolled in.
    d.files['web.yaml'] = DEPLOY.replace('    tier: frontend\n', '').replace('nginx:1.25', 'nginx:1.26');
    expect(d.run('cat web.yaml | kubectl apply -f -').stdout).toBe('deployment.apps/web configured\n');
    const after = d.cluster.api.cached('deployments', 'default', 'web')!;
    expect(after.metadata.labels).toEqual({ app: 'web' });
    expect(after.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(after.spec.template.spec.containers[0].ports[0].protocol).toBe('TCP');
    expect(d.run('kubectl apply -f web.yaml').stdout).toBe('deployment.apps/web unchanged\n');
  });

  it('warns about objects created without the annotation and patches it in', () => {
    const d = drill();
    d.run('kubectl create configmap settings --from-literal=a=1');
    d.files['cm.yaml'] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "2"\n';
    expect(out(d.run('kubectl apply -f cm.yaml'))).toEqual({
      stdout: 'configmap/settings configured\n',
      stderr:
        'Warning: resource configmaps/settings is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
      exitCode: 0,
    });
    expect(d.cluster.api.cached('configmaps', 'default', 'settings')!.data).toEqual({ a: '2' });
    expect(d.run('kubectl apply -f cm.yaml').stdout).toBe('configmap/settings unchanged\n');
  });

  it('prints dry-run and -o name results without changing the cluster', () => {
    const d = drill();
    d.files['web.yaml'] = DEPLOY;
    expect(d.run('kubectl apply -f web.yaml --dry-run=client').stdout).toBe('deployment.apps/web created (dry run)\n');
    expect(d.run('kubectl apply -f web.yaml --dry-run=server').stdout).toBe('deployment.apps/web created (server dry run)\n');
    expect(d.cluster.api.cached('deployments', 'default', 'web')).toBeUndefined();
    expect(d.run('kubectl apply -f web.yaml -o name').stdout).toBe('deployment.apps/web\n');
    expect(d.run('kubectl apply -f web.yaml --server-side').stdout).toBe('deployment.apps/web serverside-applied\n');
    expect(d.run('kubectl apply').stderr).toBe('error: must specify one of -f and -k\n');
  });

  it('merges lists by their patch merge key and deletes what the last applied configuration had', () => {
    const original = { spec: { ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }], selector: { app: 'a' } } };
    const modified = { spec: { ports: [{ port: 80, name: 'http', targetPort: 8080 }], selector: { app: 'a' } } };
    const current = { spec: { ports: [{ port: 80, name: 'http', protocol: 'TCP', targetPort: 80 }, { port: 443, name: 'https', protocol: 'TCP', targetPort: 443 }], selector: { app: 'a' }, clusterIP: '10.0.0.1' } };
    const patch = threeWayPatch(original, modified, current);
    expect(patch).toEqual({ spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, $patch: 'delete' }] } });
    expect(applyStrategic(current, patch)).toEqual({ spec: { ports: [{ port: 80, name: 'http', protocol: 'TCP', targetPort: 8080 }], selector: { app: 'a' }, clusterIP: '10.0.0.1' } });
    expect(threeWayPatch(modified, modified, applyStrategic(current, patch))).toEqual({});
  });
});
