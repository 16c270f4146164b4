import { describe, expect, it } from 'vitest';
import { drill, out } from './kubectl-write-helpers.js';

describe('kubectl auth', () => {
  it('answers can-i from RBAC for the session user and impersonated users', () => {
    const d = drill();
    expect(out(d.run('kubectl auth can-i create pods'))).toEqual({ stdout: 'yes\n', stderr: '', exitCode: 0 });
    expect(out(d.run('kubectl auth can-i list secrets -n shop --as system:serviceaccount:shop:robot'))).toEqual({ stdout: 'no\n', stderr: '', exitCode: 1 });
    d.run('kubectl create namespace shop');
    d.run('kubectl create role reader --verb=get,list --resource=secrets -n shop');
    d.run('kubectl create rolebinding robot-reader --role=reader --serviceaccount=shop:robot -n shop');
    expect(d.run('kubectl auth can-i list secrets -n shop --as system:serviceaccount:shop:robot').stdout).toBe('yes\n');
    expect(d.run('kubectl auth can-i delete secrets -n shop --as system:serviceaccount:shop:robot').stdout).toBe('no\n');
    expect(d.run('kubectl auth can-i list secrets -n default --as system:serviceaccount:shop:robot').stdout).toBe('no\n');
    expect(d.run('kubectl auth can-i get secrets/db -n shop --as system:serviceaccount:shop:robot').stdout).toBe('yes\n');
    expect(d.run('kubectl auth can-i -q get secrets -n shop --as system:serviceaccount:shop:robot').stdout).toBe('');
    expect(out(d.run('kubectl auth can-i get widgets'))).toEqual({ stdout: 'yes\n', stderr: "Warning: the server doesn't have a resource type 'widgets'\n\n", exitCode: 0 });
    expect(d.run('kubectl auth can-i get').stderr).toBe("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples\n");
  });

  it('whoami prints the ATTRIBUTE VALUE table', () => {
    const d = drill();
    expect(d.run('oc auth whoami').stdout).toBe('ATTRIBUTE   VALUE\nUsername    system:admin\nGroups      [system:masters system:authenticated]\n');
    expect(d.run('kubectl auth whoami --as bob --as-group dev').stdout).toBe('ATTRIBUTE   VALUE\nUsername    bob\nGroups      [dev system:authenticated]\n');
    const k = drill({ flavor: 'kubernetes' });
    expect(k.run('kubectl auth whoami').stdout).toBe('ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [system:masters system:authenticated]\n');
  });
});

describe('oc new-project', () => {
  it('creates the project and switches the session to it', () => {
    const d = drill();
    expect(out(d.run('oc new-project shop --display-name="Shop"'))).toEqual({
      stdout:
        'Now using project "shop" on server "https://api.ocp-drill.example.com:6443".\n\n' +
        "You can add applications to this project with the 'new-app' command. For example, try:\n\n" +
        '    oc new-app rails-postgresql-example\n\n' +
        'to build a new example application in Ruby. Or use kubectl to deploy a simple Kubernetes application:\n\n' +
        '    kubectl create deployment hello-node --image=registry.k8s.io/e2e-test-images/agnhost:2.43 -- /agnhost serve-hostname\n\n',
      stderr: '',
      exitCode: 0,
    });
    expect(d.session.namespace).toBe('shop');
    expect(d.cluster.api.cached('namespaces', undefined, 'shop')!.metadata.annotations).toMatchObject({ 'openshift.io/display-name': 'Shop', 'openshift.io/requester': 'system:admin' });
    expect(d.run('oc create configmap here').stdout).toBe('configmap/here created\n');
    expect(d.cluster.api.cached('configmaps', 'shop', 'here')).toBeDefined();
    expect(d.run('oc new-project shop').stderr).toBe('Error from server (AlreadyExists): project.project.openshift.io "shop" already exists\n');
    expect(d.run('kubectl new-project x').stderr).toBe('error: unknown command "new-project" for "kubectl"\n\nRun \'kubectl --help\' for usage.\n');
  });
});
