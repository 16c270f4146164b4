import { beforeEach, describe, expect, it } from 'vitest';
import { runPalette } from '../../src/commands/palette.js';
import { Cluster } from '../../src/core/cluster.js';
import { createSession } from '../../src/commands/session.js';
import { buildFixture, type Fixture } from './kubectl-read-fixtures.js';

let fx: Fixture;
const sh = (line: string) => runPalette(fx.session, line);

beforeEach(() => {
  fx = buildFixture();
});

describe('kubectl describe', () => {
  it('describes every object whose name starts with the given prefix', () => {
    const out = sh('kubectl describe pods web').stdout;
    expect(out.match(/^Name: {13}/gm)).toHaveLength(2);
    // Prefix matches are printed as kubectl's DescribeMatchingResources does: each followed by a newline.
    expect(out).toContain('\n\nName:             web-7d4b9c8f5-x2x9k\n');
    expect(out).not.toContain('\n\n\nName:');
    expect(out.endsWith('Events:                      <none>\n\n')).toBe(true);
    expect(sh('kubectl describe svc').stdout).toContain('Events:                   <none>\n\n\nName:                     web\n');
  });

  it('fails like kubectl for missing objects and empty selections', () => {
    expect(sh('kubectl describe pod nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    expect(sh('kubectl describe pods -l app=none')).toEqual({ stdout: '', stderr: 'No resources found in shop namespace.\n', exitCode: 0 });
  });

  it('omits events with --show-events=false and lists quotas and limit ranges for a namespace', () => {
    expect(sh('kubectl describe pod web-7d4b9c8f5-q8wzn --show-events=false').stdout).not.toContain('Events:');
    fx.cluster.admin.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'shop' }, spec: { hard: { pods: '10' } } });
    const q = fx.cluster.admin.get('resourcequotas', 'shop', 'q');
    fx.cluster.admin.updateStatus({ ...q, status: { hard: { pods: '10' }, used: { pods: '3' } } });
    expect(sh('kubectl describe ns shop').stdout).toBe(
      'Name:         shop\nLabels:       kubernetes.io/metadata.name=shop\nAnnotations:  <none>\nStatus:       Active\n\n' +
        'Resource Quotas\n  Name:     q\n  Resource  Used  Hard\n  --------  ---   ---\n  pods      3     10\n\nNo LimitRange resource.\n',
    );
  });

  it('falls back to the generic describer for kinds without their own', () => {
    fx.cluster.admin.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'leader', namespace: 'shop' }, spec: { holderIdentity: 'pod-a', leaseDurationSeconds: 15 } });
    const out = sh('kubectl describe lease leader').stdout;
    expect(out).toContain('Name:         leader\nNamespace:    shop\nLabels:       <none>\nAnnotations:  <none>\nAPI Version:  coordination.k8s.io/v1\nKind:         Lease\nMetadata:\n  Creation Timestamp:');
    expect(out).toContain('Spec:\n  Holder Identity:         pod-a\n  Lease Duration Seconds:  15\n');
    expect(out.endsWith('Events:                    <none>\n')).toBe(true);
  });
});

describe('kubectl events', () => {
  it('sorts by last seen, prints Kind/Name and filters by --for and --types', () => {
    const all = sh('kubectl events').stdout.split('\n');
    expect(all[0]).toBe('LAST SEEN              TYPE      REASON              OBJECT                    MESSAGE');
    expect(all[1]).toBe('4m50s                  Normal    ScalingReplicaSet   Deployment/web            Scaled up replica set web-7d4b9c8f5 from 0 to 2');
    expect(all[all.length - 2]).toContain('10s (x12 over 4m30s)   Warning   BackOff   ');
    expect(sh('kubectl events --for deploy/web --no-headers').stdout).toBe('4m50s   Normal   ScalingReplicaSet   Deployment/web   Scaled up replica set web-7d4b9c8f5 from 0 to 2\n');
    expect(sh('kubectl events --types Warning -o name').stdout).toBe('event/web-7d4b9c8f5-q8wzn.5\n');
    expect(sh('kubectl events -n kube-public')).toEqual({ stdout: '', stderr: 'No events found in kube-public namespace.\n', exitCode: 0 });
    expect(sh('kubectl events -w').stderr).toBe('error: --watch is only available in the dashboard\n');
  });

  it('sorts get events by a field on request', () => {
    const lines = sh('kubectl get events --sort-by=.lastTimestamp -o custom-columns=R:.reason --no-headers').stdout;
    expect(lines).toBe('ScalingReplicaSet\nScheduled\nPulled\nCreated\nStarted\nBackOff\n');
  });
});

describe('kubectl logs and top', () => {
  it('asks for a pod and explains why there are no logs', () => {
    const r = sh('kubectl logs');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("error: expected 'kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n");
    expect(sh('kubectl logs big').stderr).toBe('Error from server (BadRequest): container "big" in pod "big" is waiting to start: ContainerCreating\n');
    expect(sh('kubectl logs big -c other').stderr).toBe('Error from server (BadRequest): container other is not valid for pod big\n');
    expect(sh('kubectl logs nope').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(sh('kubectl logs -f big').stderr).toBe('error: --follow is only available in the dashboard\n');
  });

  it('prints pod usage per pod and per container, sorted on request', () => {
    fx.cluster.metrics.register('node-a', {
      node: () => ({ cpuMillis: 700, memoryBytes: 2 * 1024 ** 3 }),
      pod: (ns, name) => (ns === 'shop' && name.startsWith('web-') ? { namespace: ns, name, node: 'node-a', containers: [{ name: 'nginx', cpuMillis: name.endsWith('k') ? 3 : 120, memoryBytes: 40 * 1024 * 1024 }] } : undefined),
      pods: () => [],
    });
    expect(sh('kubectl top pods').stdout).toBe('NAME                  CPU(cores)   MEMORY(bytes)   \nweb-7d4b9c8f5-q8wzn   120m         40Mi            \nweb-7d4b9c8f5-x2x9k   3m           40Mi            \n');
    expect(sh('kubectl top pods --sort-by=cpu --no-headers').stdout.split('\n')[0]).toMatch(/^web-7d4b9c8f5-q8wzn/);
    expect(sh('kubectl top pod web-7d4b9c8f5-x2x9k --containers').stdout).toBe('POD                   NAME    CPU(cores)   MEMORY(bytes)   \nweb-7d4b9c8f5-x2x9k   nginx   3m           40Mi            \n');
    expect(sh('kubectl top pod big').stderr).toBe('Error from server (NotFound): podmetrics.metrics.k8s.io "shop/big" not found\n');
    expect(sh('kubectl top pods --sort-by=name').stderr).toBe('error: --sort-by accepts only cpu or memory\n');
  });

  it('says the metrics API is missing when nothing reports usage', () => {
    expect(sh('kubectl top nodes')).toEqual({ stdout: '', stderr: 'error: Metrics API not available\n', exitCode: 1 });
  });
});

describe('discovery, version, config and oc', () => {
  it('lists API resources and versions', () => {
    const out = sh('kubectl api-resources').stdout.split('\n');
    expect(out[0]).toBe('NAME                              SHORTNAMES   APIVERSION                        NAMESPACED   KIND');
    expect(out[1]).toBe('bindings                                       v1                                true         Binding');
    expect(out).toContain('deployments                       deploy       apps/v1                           true         Deployment');
    expect(sh('kubectl api-resources --namespaced=false -o name').stdout.split('\n')).toContain('nodes');
    expect(sh('kubectl api-resources --api-group=batch -o wide').stdout).toBe(
      'NAME       SHORTNAMES   APIVERSION   NAMESPACED   KIND      VERBS                                                          CATEGORIES\n' +
        'cronjobs   cj           batch/v1     true         CronJob   [create delete deletecollection get list patch update watch]   all\n' +
        'jobs                    batch/v1     true         Job       [create delete deletecollection get list patch update watch]   all\n',
    );
    const versions = sh('kubectl api-versions').stdout.split('\n');
    expect(versions).toContain('apps/v1');
    expect(versions[versions.length - 2]).toBe('v1');
  });

  it('prints versions for kubectl and oc', () => {
    expect(sh('kubectl version').stdout).toBe('Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: v1.32.4\n');
    expect(sh('oc version').stdout).toBe('Client Version: 4.19.0\nKustomize Version: v5.5.0\nServer Version: 4.19.0\nKubernetes Version: v1.32.4\n');
    expect(sh('kubectl version --client').stdout).toBe('Client Version: v1.32.4\nKustomize Version: v5.5.0\n');
  });

  it('switches projects on OpenShift and reports who is logged in', () => {
    const c = new Cluster({ controlPlane: 1, workers: [{ name: 'worker-1' }] });
    c.admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    const s = createSession(c);
    const oc = (line: string) => runPalette(s, line);
    expect(oc('oc whoami').stdout).toBe('system:admin\n');
    expect(oc('oc project').stdout).toBe('Using project "default" on server "https://api.ocp-drill.example.com:6443".\n');
    expect(oc('oc project shop').stdout).toBe('Now using project "shop" on server "https://api.ocp-drill.example.com:6443".\n');
    expect(s.namespace).toBe('shop');
    expect(oc('oc project nope')).toEqual({ stdout: '', stderr: 'error: A project named "nope" does not exist on "https://api.ocp-drill.example.com:6443".\n', exitCode: 1 });
    expect(oc('oc projects').stdout).toContain('\n  * shop\n');
    expect(oc('oc config current-context').stdout).toBe('shop/api-ocp-drill-example-com:6443/system:admin\n');
    expect(oc('kubectl whoami').stderr).toContain('unknown command "whoami" for "kubectl"');
  });

  it('shows the kubeconfig and contexts', () => {
    expect(sh('kubectl config current-context').stdout).toBe('kubernetes-admin@kubedrill\n');
    expect(sh('kubectl config get-contexts').stdout).toBe(
      'CURRENT   NAME                         CLUSTER     AUTHINFO           NAMESPACE\n*         kubernetes-admin@kubedrill   kubedrill   kubernetes-admin   shop\n',
    );
    expect(sh('kubectl config view').stdout).toContain('current-context: kubernetes-admin@kubedrill\nkind: Config\npreferences: {}\n');
    expect(sh('kubectl cluster-info').stdout).toBe(
      "Kubernetes control plane is running at https://10.0.0.10:6443\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
  });
});
