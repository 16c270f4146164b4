import { describe, expect, it } from 'vitest';
import { drill, out } from './kubectl-write-helpers.js';

describe('kubectl delete', () => {
  it('deletes by name, TYPE/NAME, selector and --all, printing `kind "name" deleted`', () => {
    const d = drill();
    d.run('kubectl create configmap a');
    d.run('kubectl create configmap b');
    d.run('kubectl create deployment web --image=nginx');
    expect(out(d.run('kubectl delete configmap a nope'))).toEqual({
      stdout: 'configmap "a" deleted\n',
      stderr: 'Error from server (NotFound): configmaps "nope" not found\n',
      exitCode: 1,
    });
    expect(d.run('kubectl delete deploy/web').stdout).toBe('deployment.apps "web" deleted\n');
    expect(d.run('kubectl label configmap b app=x').stdout).toBe('configmap/b labeled\n');
    expect(d.run('kubectl delete cm -l app=x -o name').stdout).toBe('configmap/b\n');
    expect(d.run('kubectl delete cm -l app=x').stdout).toBe('No resources found\n');
    expect(d.run('kubectl delete configmap nope --ignore-not-found').stdout).toBe('No resources found\n');
    d.run('kubectl create configmap c');
    expect(d.run('kubectl delete configmap c --dry-run=client').stdout).toBe('configmap "c" deleted (dry run)\n');
    expect(d.cluster.api.cached('configmaps', 'default', 'c')).toBeDefined();
  });

  it('force deletes with the warning and validates flag combinations', () => {
    const d = drill();
    d.run('kubectl create configmap c');
    expect(out(d.run('kubectl delete configmap c --force'))).toEqual({
      stdout: 'configmap "c" force deleted\n',
      stderr: 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
      exitCode: 0,
    });
    expect(d.run('kubectl delete pod x --now --grace-period=5').stderr).toBe('error: --now and --grace-period cannot be specified together\n');
    expect(d.run('kubectl delete pod x --force --grace-period=5').stderr).toBe('error: --force and --grace-period greater than 0 cannot be specified together\n');
    expect(d.run('kubectl delete pod x --cascade=sideways').stderr).toBe('error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan".\n');
    expect(d.run('kubectl delete pods').stderr).toBe('error: resource(s) were provided, but no name was specified\n');
    expect(d.run('kubectl delete widgets x').stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
    expect(d.run('kubectl delete').stderr).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    );
    expect(d.run('kubectl delete pod x -o wide').stderr).toBe("error: unexpected -o output mode: wide. We only support '-o name'\n");
  });

  it('deletes namespaces (Terminating) and OpenShift projects', () => {
    const d = drill();
    d.run('oc create namespace a');
    expect(out(d.run('kubectl delete namespace a -n default'))).toEqual({
      stdout: 'namespace "a" deleted\n',
      stderr: 'warning: deleting cluster-scoped resources, not scoped to the provided namespace\n',
      exitCode: 0,
    });
    expect(d.cluster.api.cached('namespaces', undefined, 'a')?.status?.phase).toBe('Terminating');
    d.run('oc create namespace b');
    expect(d.run('oc delete project b').stdout).toBe('project.project.openshift.io "b" deleted\n');
  });
});

describe('kubectl patch', () => {
  it('patches with each patch type and says when nothing changed', () => {
    const d = drill();
    d.run('kubectl create deployment web --image=nginx');
    expect(d.run(`kubectl patch deploy web -p '{"spec":{"replicas":4}}'`).stdout).toBe('deployment.apps/web patched\n');
    expect(d.run(`kubectl patch deploy web -p '{"spec":{"replicas":4}}'`).stdout).toBe('deployment.apps/web patched (no change)\n');
    expect(d.run(`kubectl patch deploy web --type merge -p '{"metadata":{"labels":{"team":"a"}}}'`).stdout).toBe('deployment.apps/web patched\n');
    expect(d.run(`kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":1}]'`).stdout).toBe('deployment.apps/web patched\n');
    expect(d.cluster.api.cached('deployments', 'default', 'web')!.spec.replicas).toBe(1);
    expect(d.run(`kubectl patch deploy web --subresource=scale -p '{"spec":{"replicas":2}}'`).stdout).toBe('deployment.apps/web patched\n');
    expect(d.cluster.api.cached('deployments', 'default', 'web')!.spec.replicas).toBe(2);
    expect(d.run(`kubectl patch deploy web --type=foo -p '{}'`).stderr).toBe('error: --type must be one of [json merge strategic], not "foo"\n');
    expect(d.run('kubectl patch deploy web').stderr).toBe('error: must specify --patch or --patch-file containing the contents of the patch\n');
    expect(d.run(`kubectl patch deploy nope -p '{"spec":{}}'`).stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });
});

describe('kubectl label / annotate', () => {
  it('labels, refuses to overwrite without --overwrite, removes and lists', () => {
    const d = drill();
    d.run('kubectl create deployment web --image=nginx');
    expect(out(d.run('kubectl label deploy web app=x'))).toEqual({ stdout: '', stderr: "error: 'app' already has a value (web), and --overwrite is false\n", exitCode: 1 });
    expect(d.run('kubectl label deploy web app=web').stdout).toBe('deployment.apps/web not labeled\n');
    expect(d.run('kubectl label deploy web app=x --overwrite').stdout).toBe('deployment.apps/web labeled\n');
    expect(d.run('kubectl label deploy/web tier=fe').stdout).toBe('deployment.apps/web labeled\n');
    expect(d.run('kubectl label deploy web tier- gone-').stdout).toBe('label "gone" not found.\ndeployment.apps/web unlabeled\n');
    expect(d.run('kubectl label deploy web --list').stdout).toBe('app=x\n');
    expect(d.run('kubectl label deploy web').stderr).toBe('error: at least one label update is required\n');
    expect(d.run('kubectl label deploy web a=b c').stderr).toBe('error: all resources must be specified before label changes: c\n');
    expect(d.run('kubectl label deploy web a=b=c').stderr).toBe('error: invalid label spec: a=b=c\n');
  });

  it('annotates with kubectl\'s own overwrite error', () => {
    const d = drill();
    d.run('kubectl create configmap c');
    expect(d.run('kubectl annotate configmap c owner=team-a').stdout).toBe('configmap/c annotated\n');
    expect(d.run('kubectl annotate configmap c owner=team-b').stderr).toBe("error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (team-a)\n");
    expect(d.run('kubectl annotate configmap c owner=team-b --overwrite').stdout).toBe('configmap/c annotated\n');
    expect(d.cluster.api.cached('configmaps', 'default', 'c')!.metadata.annotations).toEqual({ owner: 'team-b' });
    expect(d.run('kubectl annotate configmap c owner-').stdout).toBe('configmap/c annotated\n');
    expect(d.cluster.api.cached('configmaps', 'default', 'c')!.metadata.annotations).toBeUndefined();
  });
});
