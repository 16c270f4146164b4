/**
 * Every fault that used to have no fix command can now be fixed the way an admin would: static
 * pod manifests moved back, disk freed, the hog deleted, the image pulled from a mirror. Also
 * etcd-quorum-loss: no writes without quorum, reads from the watch cache, recovery with a new
 * leader within the election timeout.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenarios/loader.js';
import { ScenarioRun } from '../../src/scenarios/runtime.js';

function scenario(flavor: 'openshift' | 'kubernetes', controlPlane: number, faults: string, objects = ''): ScenarioRun {
  const text = `
apiVersion: kubedrill/v1
kind: Scenario
metadata: {name: fault-fix, title: t, difficulty: easy, timeLimit: 10m, ticket: t}
cluster: {flavor: ${flavor}, controlPlane: ${controlPlane}, nodes: [{prefix: worker, count: 2}]}
objects:
  - {apiVersion: v1, kind: Namespace, metadata: {name: web}}
${objects}
faults:
${faults}
goal:
  all: [{resource: namespaces, name: web, expect: status.phase == "Active"}]
`;
  return new ScenarioRun(loadScenarioText(text, 'fault-fix.yaml')).start();
}

const onHost = (run: ScenarioRun, node: string, cmd: string) => run.run(`oc debug node/${node} -q -- chroot /host ${cmd}`);

describe('etcd-quorum-loss', () => {
  it('stops a majority: writes fail with the real error, reads come from the watch cache, one member back restores writes', () => {
    const run = scenario('openshift', 3, '  - {at: 10s, type: etcd-quorum-loss}');
    run.advance(30_000);
    const stopped = run.cluster.etcd.members.filter((m) => !m.running).map((m) => m.name);
    expect(stopped).toEqual(['master-1', 'master-2']);
    expect(run.cluster.etcd.leader()).toBeUndefined();
    const write = run.run('oc -n web create configmap x --from-literal=a=b');
    expect(write.exitCode).toBe(1);
    expect(write.stderr).toMatch(/^Error from server: etcdserver: (no leader|request timed out)\n$/);
    // The API server still answers reads from its watch cache.
    expect(run.run('oc get ns web -o name').stdout).toBe('namespace/web\n');
    expect(run.run('etcdctl endpoint health --cluster').stderr).toContain('Error: unhealthy cluster');
    expect(onHost(run, 'master-1', 'ls /etc/kubernetes/manifests').stdout).not.toContain('etcd-pod.yaml');
    expect(onHost(run, 'master-1', 'ls /root').stdout).toBe('etcd-pod.yaml\n');
    expect(onHost(run, 'master-1', 'mv /root/etcd-pod.yaml /etc/kubernetes/manifests/').exitCode).toBe(0);
    const restoredAt = run.cluster.clock.now();
    // A leader is elected within the election timeout (randomised 1000-1999 ms) once quorum is back.
    run.advance(2_000);
    expect(run.cluster.etcd.leader()).toBeDefined();
    expect(run.cluster.clock.now() - restoredAt).toBeLessThanOrEqual(2_000);
    expect(run.run('oc -n web create configmap x --from-literal=a=b').stdout).toBe('configmap/x created\n');
  });

  it('on a single member, stops it: the API server keeps serving cached reads', () => {
    const run = scenario('kubernetes', 1, '  - {at: 10s, type: etcd-quorum-loss}');
    run.advance(20_000);
    expect(run.cluster.etcd.members[0]!.running).toBe(false);
    expect(run.run('kubectl get ns web -o name').stdout).toBe('namespace/web\n');
    expect(run.run('kubectl -n web create configmap x').stderr).toMatch(/^Error from server: etcdserver: /);
    expect(run.run('kubectl debug node/master-0 -q --image=busybox:1.36 -- chroot /host mv /root/etcd.yaml /etc/kubernetes/manifests/').exitCode).toBe(0);
    run.advance(5_000);
    expect(run.run('kubectl -n web create configmap x').exitCode).toBe(0);
  });
});

describe('static pod faults are fixed by restoring the manifest', () => {
  it('etcd-member-down: the member comes back and endpoint health is clean', () => {
    const run = scenario('openshift', 3, '  - {at: 10s, type: etcd-member-down, member: master-2}');
    run.advance(30_000);
    expect(run.cluster.etcd.member('master-2')!.running).toBe(false);
    expect(run.run('oc -n openshift-etcd get pod etcd-master-2').stderr).toBe('Error from server (NotFound): pods "etcd-master-2" not found\n');
    onHost(run, 'master-2', 'mv /root/etcd-pod.yaml /etc/kubernetes/manifests/etcd-pod.yaml');
    run.advance(10_000);
    expect(run.cluster.etcd.member('master-2')!.running).toBe(true);
    expect(run.run('etcdctl endpoint health --cluster').exitCode).toBe(0);
  });

  it('controller-manager-down: one restored instance is enough (leader election)', () => {
    const run = scenario('openshift', 3, '  - {at: 10s, type: controller-manager-down}');
    run.advance(20_000);
    expect(run.cluster.controllerManager.running).toBe(false);
    run.run('oc -n web create deployment api --image=nginx:1.25');
    run.advance(30_000);
    expect(run.run('oc -n web get rs').stderr).toBe('No resources found in web namespace.\n');
    onHost(run, 'master-1', 'mv /root/kube-controller-manager-pod.yaml /etc/kubernetes/manifests/');
    run.advance(60_000);
    expect(run.cluster.controllerManager.running).toBe(true);
    expect(run.run('oc -n web get deploy api -o jsonpath={.status.readyReplicas}').stdout).toBe('1');
  });
});

describe('node-pressure causes an admin can remove', () => {
  it('DiskPressure: heap dumps fill the disk; deleting them clears the condition after the 5-minute transition period', () => {
    const run = scenario('openshift', 1, '  - {at: 10s, type: node-pressure, node: worker-1, condition: DiskPressure}');
    run.advance(30_000);
    const cond = () => run.run(`oc get node worker-1 -o jsonpath='{.status.conditions[?(@.type=="DiskPressure")].status}'`).stdout;
    expect(cond()).toBe('True');
    expect(onHost(run, 'worker-1', 'df -h /var').stdout.split('\n')[1]).toMatch(/ 9[6-9]% \/var$/);
    expect(onHost(run, 'worker-1', 'du -sh /var/log/app-dumps').stdout).toMatch(/^\d+G\t\/var\/log\/app-dumps\n$/);
    expect(onHost(run, 'worker-1', 'rm -rf /var/log/app-dumps').exitCode).toBe(0);
    run.advance(240_000);
    expect(cond()).toBe('True');
    run.advance(80_000);
    expect(cond()).toBe('False');
    expect(run.run('oc get node worker-1 -o jsonpath={.spec.taints}').stdout).not.toContain('disk-pressure');
  });

  it('MemoryPressure: a critical pod hogs memory and is never evicted; deleting it clears the condition', () => {
    const run = scenario('openshift', 1, '  - {at: 10s, type: node-pressure, node: worker-2, condition: MemoryPressure}');
    run.advance(90_000);
    const cond = () => run.run(`oc get node worker-2 -o jsonpath='{.status.conditions[?(@.type=="MemoryPressure")].status}'`).stdout;
    expect(cond()).toBe('True');
    expect(run.run('oc -n default get pod stress-worker-2 -o jsonpath={.status.phase}').stdout).toBe('Running');
    expect(run.run('oc -n default delete pod stress-worker-2').exitCode).toBe(0);
    run.advance(360_000);
    expect(cond()).toBe('False');
  });
});

describe('registry-down', () => {
  it('a workload pointed at the mirror pulls again', () => {
    const run = scenario(
      'kubernetes',
      1,
      '  - {at: 1s, type: registry-down, registry: docker.io}',
      '  - {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: web}, spec: {replicas: 1, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: nginx, image: "nginx:1.27"}]}}}}',
    );
    run.advance(90_000);
    expect(run.run('kubectl -n web get pods').stdout).toMatch(/(ErrImagePull|ImagePullBackOff)/);
    expect(run.run('kubectl -n web set image deployment/web nginx=mirror.gcr.io/library/nginx:1.27').exitCode).toBe(0);
    run.advance(60_000);
    expect(run.run('kubectl -n web get deploy web -o jsonpath={.status.readyReplicas}').stdout).toBe('1');
  });
});
