/** Each fault of the core issue breaks the cluster where it would break on a real one. */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenarios/loader.js';
import { ScenarioRun } from '../../src/scenarios/runtime.js';

function scenario(faults: string, objects = ''): ScenarioRun {
  const text = `
apiVersion: kubedrill/v1
kind: Scenario
metadata: {name: fault-test, title: t, difficulty: easy, timeLimit: 10m, ticket: t}
cluster: {flavor: kubernetes, controlPlane: 3, nodes: [{prefix: worker, count: 2}]}
objects:
  - {apiVersion: v1, kind: Namespace, metadata: {name: web}}
${objects}
faults:
${faults}
goal:
  all: [{resource: namespaces, name: web, expect: status.phase == "Active"}]
`;
  return new ScenarioRun(loadScenarioText(text, 'fault-test.yaml')).start();
}

const pod = (name: string, image = 'nginx:1.25'): string => `  - {apiVersion: v1, kind: Pod, metadata: {name: ${name}, namespace: web}, spec: {containers: [{name: c, image: "${image}"}]}}`;

describe('faults', () => {
  it('scheduler-down: new pods stay Pending with no events at all', () => {
    const run = scenario('  - {at: 10s, type: scheduler-down}');
    run.advance(20_000);
    expect(run.cluster.scheduler.running).toBe(false);
    expect(run.run('kubectl -n web run late --image=nginx:1.25').exitCode).toBe(0);
    run.advance(60_000);
    expect(run.run('kubectl -n web get pod late -o jsonpath={.status.phase}').stdout).toBe('Pending');
    expect(run.run('kubectl -n web get events --field-selector involvedObject.name=late').stderr).toContain('No resources found in web namespace.');
  });

  it('controller-manager-down: deployments stop reconciling', () => {
    const run = scenario('  - {at: 10s, type: controller-manager-down}');
    run.advance(20_000);
    expect(run.run('kubectl -n web create deployment api --image=nginx:1.25').exitCode).toBe(0);
    run.advance(60_000);
    expect(run.run('kubectl -n web get rs').stderr).toContain('No resources found in web namespace.');
    run.cluster.controllerManager.start();
    run.advance(30_000);
    expect(run.run('kubectl -n web get deploy api -o jsonpath={.status.readyReplicas}').stdout).toBe('1');
  });

  it('kubelet-stopped: the node goes NotReady after the grace period with the real condition', () => {
    const run = scenario('  - {at: 10s, type: kubelet-stopped, node: worker-2}');
    run.advance(120_000);
    expect(run.run('kubectl get node worker-2').stdout).toMatch(/worker-2\s+NotReady/);
    const ready = run.run(`kubectl get node worker-2 -o jsonpath='{.status.conditions[?(@.type=="Ready")].message}'`).stdout;
    expect(ready).toBe('Kubelet stopped posting node status.');
    expect(run.run('kubectl get node worker-2 -o jsonpath={.spec.taints[*].key}').stdout).toContain('node.kubernetes.io/unreachable');
  });

  it('node-pressure: the condition turns True and the node gets its NoSchedule taint', () => {
    const run = scenario('  - {at: 10s, type: node-pressure, node: worker-1, condition: DiskPressure}');
    run.advance(60_000);
    expect(run.run(`kubectl get node worker-1 -o jsonpath='{.status.conditions[?(@.type=="DiskPressure")].status}'`).stdout).toBe('True');
    expect(run.run('kubectl get node worker-1 -o jsonpath={.spec.taints[*].key}').stdout).toContain('node.kubernetes.io/disk-pressure');
  });

  it('registry-down: pulls from that registry fail, ErrImagePull then ImagePullBackOff', () => {
    const run = scenario('  - {at: 0s, type: registry-down, registry: quay.io}', pod('cli', 'quay.io/openshift/origin-cli:4.17'));
    run.advance(120_000);
    const status = run.run('kubectl -n web get pod cli').stdout;
    expect(status).toMatch(/ErrImagePull|ImagePullBackOff/);
  });

  it('etcd-member-down and etcd-space-exceeded act on etcd', () => {
    const run = scenario('  - {at: 5s, type: etcd-member-down, member: master-1}\n  - {at: 10s, type: etcd-space-exceeded}');
    run.advance(20_000);
    expect(run.cluster.etcd.members.find((m) => m.name === 'master-1')?.running).toBe(false);
    const write = run.run('kubectl -n web create configmap x --from-literal=a=b');
    expect(write.exitCode).toBe(1);
    expect(write.stderr).toContain('etcdserver: mvcc: database space exceeded');
  });

  it('a fault naming something that does not exist is reported at its line', () => {
    const run = scenario('  - {at: 1s, type: webhook-down, name: nope.example.com}');
    run.advance(5000);
    expect(run.faultErrors[0]).toMatch(/^fault-test\.yaml:\d+:\d+: webhook-down: no webhook configuration or webhook named "nope.example.com"/);
  });
});
