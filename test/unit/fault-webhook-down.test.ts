import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenarios/loader.js';
import { ScenarioRun } from '../../src/scenarios/runtime.js';

const SCENARIO = `
apiVersion: kubedrill/v1
kind: Scenario
metadata: {name: webhook-down-test, title: t, difficulty: easy, timeLimit: 10m, ticket: t}
cluster: {flavor: kubernetes, controlPlane: 1, nodes: [{prefix: worker, count: 2}]}
objects:
  - {apiVersion: v1, kind: Namespace, metadata: {name: policy}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: policy-server, namespace: policy}
    spec:
      replicas: 1
      selector: {matchLabels: {app: policy-server}}
      template:
        metadata: {labels: {app: policy-server}}
        spec: {containers: [{name: server, image: nginx:1.25}]}
  - apiVersion: v1
    kind: Service
    metadata: {name: policy-server, namespace: policy}
    spec: {selector: {app: policy-server}, ports: [{port: 443, targetPort: 80}]}
  - {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
  - apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingWebhookConfiguration
    metadata: {name: policy.example.com}
    webhooks:
      - name: policy.example.com
        admissionReviewVersions: [v1]
        sideEffects: None
        failurePolicy: Fail
        clientConfig: {service: {namespace: policy, name: policy-server, path: /validate}}
        namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
        rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop}
    spec:
      replicas: 1
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec: {containers: [{name: nginx, image: nginx:1.25}]}
faults:
  - {at: 30s, type: webhook-down, name: policy.example.com}
goal:
  all: [{resource: deployments, namespace: shop, name: web, expect: status.readyReplicas == 3}]
`;

describe('webhook-down fault', () => {
  it('takes the webhook server away: creates fail with the real message until it is back', () => {
    const run = new ScenarioRun(loadScenarioText(SCENARIO, 'webhook-down.yaml')).start();
    run.advance(60_000);
    expect(run.run('kubectl -n policy get deploy policy-server -o jsonpath={.spec.replicas}').stdout).toBe('0');
    expect(run.run('kubectl -n shop scale deploy web --replicas=3').exitCode).toBe(0);
    run.advance(30_000);
    const events = run.run('kubectl -n shop get events').stdout;
    expect(events).toContain('failed calling webhook "policy.example.com": failed to call webhook: Post "https://policy-server.policy.svc:443/validate?timeout=10s": no endpoints available for service "policy-server"');
    expect(run.goal().met).toBe(false);
    expect(run.run('kubectl -n policy scale deploy policy-server --replicas=1').exitCode).toBe(0);
    expect(run.waitForGoal(run.elapsed() + 5 * 60_000)).toBeDefined();
  });
});
