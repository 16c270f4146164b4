import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { rolloutStatus } from '../../src/commands/kubectl/write/rollout.js';
import { drill, out } from './kubectl-write-helpers.js';

function deployment(status: Record<string, unknown>, generation = 2, replicas = 3): KObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation }, spec: { replicas }, status } as KObject;
}

describe('kubectl scale', () => {
  it('scales through the scale subresource with the current-replicas precondition', () => {
    const d = drill();
    d.run('kubectl create deployment web --image=nginx');
    expect(d.run('kubectl scale deploy/web --replicas 3').stdout).toBe('deployment.apps/web scaled\n');
    expect(d.cluster.api.cached('deployments', 'default', 'web')!.spec.replicas).toBe(3);
    expect(out(d.run('kubectl scale deployment web --replicas=5 --current-replicas=2'))).toEqual({ stdout: '', stderr: 'error: Expected replicas to be 2, was 3\n', exitCode: 1 });
    expect(d.run('kubectl scale deployment web --replicas=5 --current-replicas=3').stdout).toBe('deployment.apps/web scaled\n');
    expect(d.run('kubectl scale deploy/web').stderr).toBe('error: required flag(s) "replicas" not set\n');
    expect(d.run('kubectl scale deploy/web --replicas=-1').stderr).toBe('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n');
    expect(d.run('kubectl scale deploy/nope --replicas=1').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(d.run('kubectl scale deploy/web --replicas=1 --dry-run=client').stdout).toBe('deployment.apps/web scaled (dry run)\n');
  });
});

describe('kubectl set', () => {
  it('updates images, resources and env on the pod template', () => {
    const d = drill();
    d.run('kubectl create deployment web --image=nginx:1.25');
    expect(d.run('kubectl set image deploy/web nginx=nginx:1.26').stdout).toBe('deployment.apps/web image updated\n');
    expect(d.run('kubectl set image deploy/web nginx=nginx:1.26').stdout).toBe('');
    expect(d.run('kubectl set image deploy/web php=php:8').stderr).toBe('error: deployments/web unable to find container named "php"\n');
    expect(d.run('kubectl set resources deploy/web -c=nginx --limits=cpu=200m,memory=512Mi --requests=cpu=100m').stdout).toBe('deployment.apps/web resource requirements updated\n');
    expect(d.run('kubectl set resources deploy/web').stderr).toBe('error: you must specify an update to requests or limits (in the form of --requests/--limits)\n');
    d.run('kubectl create configmap settings --from-literal=log-level=debug');
    expect(d.run('kubectl set env deploy/web MODE=prod --from=configmap/settings').stdout).toBe('deployment.apps/web env updated\n');
    expect(d.run('kubectl set env deploy/web --list').stdout).toBe('# deployments web, container nginx\nMODE=prod\n# LOG_LEVEL from configmap settings, key log-level\n');
    expect(d.run('kubectl set env deploy/web MODE-').stdout).toBe('deployment.apps/web env updated\n');
    const c = d.cluster.api.cached('deployments', 'default', 'web')!.spec.template.spec.containers[0];
    expect(c.image).toBe('nginx:1.26');
    expect(c.resources).toEqual({ limits: { cpu: '200m', memory: '512Mi' }, requests: { cpu: '100m' } });
    expect(c.env).toEqual([{ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { key: 'log-level', name: 'settings' } } }]);
  });
});

describe('kubectl rollout', () => {
  it('prints the status viewers\' lines', () => {
    expect(rolloutStatus(deployment({ observedGeneration: 1 }))).toEqual({ text: 'Waiting for deployment spec update to be observed...\n', done: false });
    expect(rolloutStatus(deployment({ observedGeneration: 2, updatedReplicas: 1, replicas: 3 })).text).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    );
    expect(rolloutStatus(deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 4 })).text).toBe(
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n',
    );
    expect(rolloutStatus(deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 1 })).text).toBe(
      'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\n',
    );
    expect(rolloutStatus(deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }))).toEqual({ text: 'deployment "web" successfully rolled out\n', done: true });
    expect(() => rolloutStatus(deployment({ observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }))).toThrow(
      'deployment "web" exceeded its progress deadline',
    );
  });

  it('status prints the current state once and never blocks', () => {
    const d = drill();
    d.run('kubectl create deployment web --image=nginx --replicas=3');
    d.cluster.controllerManager.stop();
    const dep = d.cluster.api.cached('deployments', 'default', 'web')!;
    d.cluster.admin.updateStatus({ ...dep, status: { observedGeneration: dep.metadata.generation, replicas: 3, updatedReplicas: 3, availableReplicas: 1 } });
    expect(out(d.run('kubectl rollout status deployment/web'))).toEqual({
      stdout: 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\n',
      stderr: '',
      exitCode: 0,
    });
    const now = d.cluster.api.cached('deployments', 'default', 'web')!;
    d.cluster.admin.updateStatus({ ...now, status: { ...now.status, availableReplicas: 3 } });
    expect(d.run('kubectl rollout status deploy web').stdout).toBe('deployment "web" successfully rolled out\n');
    expect(d.run('kubectl rollout status').stderr).toBe('error: required resource not specified\n');
  });

  it('restarts, pauses, resumes, lists history and rolls back', () => {
    const d = drill();
    d.run('kubectl create deployment web --image=nginx:1.25');
    d.cluster.advance(2000);
    d.run('kubectl set image deploy/web nginx=nginx:1.26');
    d.cluster.advance(2000);
    expect(d.run('kubectl rollout history deploy/web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(d.run('kubectl rollout undo deploy/web').stdout).toBe('deployment.apps/web rolled back\n');
    expect(d.cluster.api.cached('deployments', 'default', 'web')!.spec.template.spec.containers[0].image).toBe('nginx:1.25');
    expect(d.cluster.api.cached('deployments', 'default', 'web')!.spec.template.metadata.labels).toEqual({ app: 'web' });
    d.cluster.advance(2000);
    expect(d.run('kubectl rollout undo deploy/web --to-revision=7').stderr).toBe('error: unable to find specified revision 7 in history\n');
    expect(d.run('kubectl rollout pause deploy/web').stdout).toBe('deployment.apps/web paused\n');
    expect(d.run('kubectl rollout pause deploy/web').stderr).toBe('error: deployments.apps "web" is already paused\n');
    expect(d.run('kubectl rollout restart deploy/web').stderr).toBe('error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n');
    expect(d.run('kubectl rollout undo deploy/web').stderr).toBe("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n");
    expect(d.run('kubectl rollout resume deploy/web').stdout).toBe('deployment.apps/web resumed\n');
    expect(d.run('kubectl rollout resume deploy/web').stderr).toBe('error: deployments.apps "web" is not paused\n');
    d.cluster.advance(1000);
    expect(d.run('kubectl rollout restart deploy/web').stdout).toBe('deployment.apps/web restarted\n');
    expect(d.cluster.api.cached('deployments', 'default', 'web')!.spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2026-11-24T09:00:07Z' });
  });
});

describe('kubectl expose / run', () => {
  it('exposes a deployment as a service selecting its pods', () => {
    const d = drill();
    d.run('kubectl create deployment web --image=nginx --port=80');
    expect(d.run('kubectl expose deploy/web --port 8080 --target-port 80 --dry-run=client -o yaml').stdout).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - port: 8080\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: web\nstatus:\n  loadBalancer: {}\n',
    );
    expect(d.run('kubectl expose deployment web').stdout).toBe('service/web exposed\n');
    expect(d.cluster.api.cached('services', 'default', 'web')!.spec).toMatchObject({ selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
    expect(d.run('kubectl expose deploy web --name web-np --type NodePort --port 80').stdout).toBe('service/web-np exposed\n');
    d.run('kubectl create deployment noport --image=nginx');
    expect(d.run('kubectl expose deploy noport').stderr).toBe("error: couldn't find port via --port flag or introspection\n");
  });

  it('runs a bare pod', () => {
    const d = drill();
    expect(d.run('kubectl run tmp --image=busybox --restart=Never --env=A=1 --port=8080 --dry-run=client -o yaml -- sleep 3600').stdout).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: tmp\n  name: tmp\nspec:\n  containers:\n  - args:\n    - sleep\n    - "3600"\n    env:\n    - name: A\n      value: "1"\n    image: busybox\n    name: tmp\n    ports:\n    - containerPort: 8080\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Never\nstatus: {}\n',
    );
    // The serviceaccount controller has made the namespace's default ServiceAccount, which the pod needs.
    expect(d.cluster.admin.tryGet('serviceaccounts', 'default', 'default')).toBeDefined();
    expect(d.run('kubectl run web --image=nginx --labels=app=web,tier=fe --command -- nginx -g daemon-off').stdout).toBe('pod/web created\n');
    const pod = d.cluster.api.cached('pods', 'default', 'web')!;
    expect(pod.metadata.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(pod.spec.containers[0].command).toEqual(['nginx', '-g', 'daemon-off']);
    expect(d.run('kubectl run x').stderr).toBe('error: required flag(s) "image" not set\n');
    expect(d.run('kubectl run x --image=busybox --restart=Sometimes').stderr).toBe('error: invalid restart policy: Sometimes\n');
    expect(d.run(`kubectl run ssd --image=nginx --overrides='{"spec":{"nodeSelector":{"disk":"ssd"}}}'`).stdout).toBe('pod/ssd created\n');
    expect(d.cluster.api.cached('pods', 'default', 'ssd')!.spec.nodeSelector).toEqual({ disk: 'ssd' });
    expect(d.run(`kubectl run bad --image=nginx --overrides='{nope'`).stderr).toMatch(/^error: unable to parse "--overrides" as JSON: /);
    expect(d.run(`kubectl run bad --image=nginx --overrides='{}' --override-type=xml`).stderr).toBe('error: invalid override type: xml\n');
    expect(d.run('kubectl run exposed --image=nginx --port=80 --expose').stdout).toBe('service/exposed created\npod/exposed created\n');
    expect(d.cluster.api.cached('services', 'default', 'exposed')!.spec.selector).toEqual({ run: 'exposed' });
    expect(d.run('kubectl run noport --image=nginx --expose').stderr).toMatch(/^error: --port must be set when exposing a service\n/);
  });
});
