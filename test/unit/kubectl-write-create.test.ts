import { describe, expect, it } from 'vitest';
import { drill, out } from './kubectl-write-helpers.js';

// Expected texts follow kubectl 1.32 (create_*.go generators, the name printer, cmdutil errors).
describe('kubectl create', () => {
  it('creates from generators and prints kind.group/name created', () => {
    const d = drill();
    expect(out(d.run('kubectl create namespace shop'))).toEqual({ stdout: 'namespace/shop created\n', stderr: '', exitCode: 0 });
    expect(d.run('kubectl create configmap mailer-settings --from-literal=host=smtp.example.com --from-literal=port=25 -n shop').stdout).toBe('configmap/mailer-settings created\n');
    const cm = d.cluster.api.cached('configmaps', 'shop', 'mailer-settings')!;
    expect(cm.data).toEqual({ host: 'smtp.example.com', port: '25' });
    expect(d.run('kubectl create deployment web --image=nginx:1.25 --replicas 3 --port 80 -n shop').stdout).toBe('deployment.apps/web created\n');
    const dep = d.cluster.api.cached('deployments', 'shop', 'web')!;
    expect(dep.spec.replicas).toBe(3);
    expect(dep.spec.template.spec.containers[0]).toMatchObject({ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] });
    expect(d.run('kubectl create secret generic db --from-literal=password=s3cret').stdout).toBe('secret/db created\n');
    expect(d.cluster.api.cached('secrets', 'default', 'db')!.data).toEqual({ password: 'czNjcmV0' });
    expect(d.run('kubectl create serviceaccount robot').stdout).toBe('serviceaccount/robot created\n');
    expect(d.run('kubectl create service clusterip web --tcp=80:8080').stdout).toBe('service/web created\n');
    expect(d.run('kubectl create quota pods --hard=pods=10,cpu=2').stdout).toBe('resourcequota/pods created\n');
    expect(d.run('kubectl create role reader --verb=get,list --resource=pods,deployments.apps').stdout).toBe('role.rbac.authorization.k8s.io/reader created\n');
    expect(d.run('kubectl create rolebinding reader --role=reader --serviceaccount=default:robot').stdout).toBe('rolebinding.rbac.authorization.k8s.io/reader created\n');
    expect(d.run('kubectl create clusterrolebinding robot-view --clusterrole=view --user=bob').stdout).toBe('clusterrolebinding.rbac.authorization.k8s.io/robot-view created\n');
    expect(d.run('kubectl create job once --image=busybox -- echo hi').stdout).toBe('job.batch/once created\n');
    expect(d.cluster.api.cached('jobs', 'default', 'once')!.spec.template.spec).toMatchObject({ restartPolicy: 'Never', containers: [{ name: 'once', image: 'busybox', command: ['echo', 'hi'] }] });
  });

  it('prints the client-side object for --dry-run=client -o yaml', () => {
    const d = drill();
    expect(d.run('kubectl create deployment web --image=nginx:1.25 --replicas 3 --dry-run=client -o yaml').stdout).toBe(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx:1.25\n        name: nginx\n        resources: {}\nstatus: {}\n',
    );
    expect(d.cluster.api.cached('deployments', 'default', 'web')).toBeUndefined();
    expect(d.run('kubectl create role r --verb=get --resource=pods,pods/log,deployments.apps --dry-run=client -o yaml').stdout).toBe(
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  creationTimestamp: null\n  name: r\nrules:\n- apiGroups:\n  - ""\n  resources:\n  - pods\n  - pods/log\n  verbs:\n  - get\n- apiGroups:\n  - apps\n  resources:\n  - deployments\n  verbs:\n  - get\n',
    );
    expect(d.run('kubectl create configmap c --from-literal=a=b --dry-run=client').stdout).toBe('configmap/c created (dry run)\n');
    expect(d.run('kubectl create configmap c --from-literal=a=b --dry-run=server').stdout).toBe('configmap/c created (server dry run)\n');
    expect(d.cluster.api.cached('configmaps', 'default', 'c')).toBeUndefined();
    expect(d.run('kubectl create configmap c -o name').stdout).toBe('configmap/c\n');
  });

  it('reports errors the way kubectl does', () => {
    const d = drill();
    d.run('kubectl create namespace shop');
    expect(out(d.run('kubectl create namespace shop'))).toEqual({ stdout: '', stderr: 'Error from server (AlreadyExists): namespaces "shop" already exists\n', exitCode: 1 });
    expect(d.run('kubectl create deployment web').stderr).toBe('error: required flag(s) "image" not set\n');
    expect(d.run('kubectl create configmap').stderr).toBe("error: exactly one NAME is required, got 0\nSee 'kubectl create configmap -h' for help and examples\n");
    expect(d.run('kubectl create configmap c --from-literal=novalue').stderr).toBe('error: invalid literal source novalue, expected key=value\n');
    expect(d.run('kubectl create configmap c --from-literal=a=1 --from-literal=a=2').stderr).toBe('error: cannot add key a, another key by that name already exists in Data for ConfigMap "c"\n');
    expect(d.run('kubectl create').stderr).toBe('error: must specify one of -f and -k\n');
    expect(d.run('kubectl create role r --verb=fly --resource=pods').stderr).toBe("error: invalid verb: 'fly'\n");
    expect(d.run('kubectl create role r --verb=get --resource=widgets').stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
    expect(d.run('kubectl create rolebinding rb --user=bob').stderr).toBe('error: exactly one of clusterrole or role must be specified\n');
    expect(d.run('kubectl create rolebinding rb --role=r --serviceaccount=robot').stderr).toBe('error: serviceaccount must be <namespace>:<name>\n');
    expect(d.run('kubectl create configmap c --dry-run').stderr).toBe('error: --dry-run flag without a value was specified. A value must be set: "none", "server", or "client".\n');
    expect(d.run('kubectl create configmap c -o wide').stderr).toBe(
      'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
    );
  });

  it('creates every object of a multi-document file and a List, continuing after errors', () => {
    const d = drill();
    d.files['app.yaml'] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  mode: "0755"\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: b\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n';
    expect(out(d.run('kubectl create -f app.yaml'))).toEqual({ stdout: 'configmap/a created\nserviceaccount/b created\nconfigmap/c created\n', stderr: '', exitCode: 0 });
    expect(out(d.run('cat app.yaml | kubectl create -f -'))).toEqual({
      stdout: '',
      stderr:
        'Error from server (AlreadyExists): error when creating "STDIN": configmaps "a" already exists\nError from server (AlreadyExists): error when creating "STDIN": serviceaccounts "b" already exists\nError from server (AlreadyExists): error when creating "STDIN": configmaps "c" already exists\n',
      exitCode: 1,
    });
    expect(d.run('kubectl create -f missing.yaml').stderr).toBe('error: the path "missing.yaml" does not exist\n');
    d.files['bad.yaml'] = 'apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n';
    expect(d.run('kubectl create -f bad.yaml').stderr).toBe(
      'error: resource mapping not found for name: "w" namespace: "" from "bad.yaml": no matches for kind "Widget" in version "v1"\nensure CRDs are installed first\n',
    );
    d.files['nokind.yaml'] = 'apiVersion: v1\nmetadata:\n  name: w\n';
    expect(d.run('kubectl create -f nokind.yaml').stderr).toBe('error: unable to decode "nokind.yaml": Object \'Kind\' is missing in \'{"apiVersion":"v1","metadata":{"name":"w"}}\'\n');
    d.files['ns.yaml'] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: other\n';
    expect(d.run('kubectl create -f ns.yaml -n default').stderr).toBe(
      'error: the namespace from the provided object "other" does not match the namespace "default". You must pass \'--namespace=other\' to perform this operation.\n',
    );
  });

  it('creates a job from a cronjob template with the manual-instantiation annotation', () => {
    const d = drill();
    d.cluster.admin.create({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup', namespace: 'default' },
      spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'b', image: 'busybox' }] } } } } },
    });
    expect(d.run('kubectl create job backup-now --from=cronjob/backup').stdout).toBe('job.batch/backup-now created\n');
    const job = d.cluster.api.cached('jobs', 'default', 'backup-now')!;
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'backup', controller: true });
  });
});
