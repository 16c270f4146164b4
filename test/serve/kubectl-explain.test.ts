/**
 * `kubectl explain` with the real kubectl against `kubedrill serve`: the /openapi/v3 documents
 * carry the upstream schemas (field names, types, required fields, descriptions).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenarios/library.js';
import { ScenarioRun } from '../../src/scenarios/runtime.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { writeKubeconfig } from '../../src/serve/kubeconfig.js';
import { openApiGroupVersion, openApiIndex } from '../../src/serve/discovery.js';
import { Kubectl, RUN_KUBECTL } from './kubectl.js';

if (!RUN_KUBECTL) console.warn('test/serve/kubectl-explain.test.ts: kubectl is not on the PATH; the real-kubectl tests are skipped');

describe('/openapi/v3 documents', () => {
  it('carry the schemas of their group-version kinds, found by x-kubernetes-group-version-kind', () => {
    const url = (openApiIndex() as { paths: Record<string, { serverRelativeURL: string }> }).paths['apis/apps/v1']!.serverRelativeURL;
    const doc = openApiGroupVersion(url.split('?')[0]!) as { components: { schemas: Record<string, any> }; paths: Record<string, any> };
    const deploy = doc.components.schemas['io.k8s.api.apps.v1.Deployment'];
    expect(deploy['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(deploy.properties.spec).toMatchObject({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }] });
    expect(doc.components.schemas['io.k8s.api.apps.v1.DeploymentSpec'].required).toEqual(['selector', 'template']);
    // What DeploymentSpec reaches comes along (the pod template's containers).
    expect(doc.components.schemas['io.k8s.api.core.v1.Container'].properties.ports.items).toEqual({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.ContainerPort' }], default: {} });
    expect(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments'].get['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    const core = openApiGroupVersion('/openapi/v3/api/v1') as { components: { schemas: Record<string, any> }; paths: Record<string, any> };
    expect(core.paths['/api/v1/namespaces/{namespace}/bindings'].post['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'Binding' });
    expect(core.components.schemas['io.k8s.api.apps.v1.Deployment']).toBeUndefined();
  });
});

let run: ScenarioRun;
let server: RunningServer;
let k: Kubectl;

beforeAll(async () => {
  if (!RUN_KUBECTL) return;
  run = new ScenarioRun(findScenario('payments-crashloop-env'), { seed: 7 }).start();
  server = await startServer(run.cluster, { port: 0 });
  k = new Kubectl('');
  const config = path.join(k.dir, 'config');
  writeKubeconfig(config, { server: server.url, token: run.cluster.adminToken, namespace: run.session.namespace });
  (k as { kubeconfig: string }).kubeconfig = config;
});

afterAll(async () => {
  if (!RUN_KUBECTL) return;
  await server.close();
  k.cleanup();
});

async function explain(args: string): Promise<string> {
  const r = await k.run(['explain', ...args.split(' ')]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe.skipIf(!RUN_KUBECTL)('the real kubectl explain against kubedrill serve', () => {
  it('explain pods: kind, version, description and the top-level fields', async () => {
    const out = await explain('pods');
    expect(out.startsWith('KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n    Pod is a collection of containers that can run on a host. This resource is\n    created by clients and scheduled onto hosts.\n')).toBe(true);
    expect(out).toContain('\n  metadata\t<ObjectMeta>\n    Standard object\'s metadata. More info:\n');
    expect(out).toContain('\n  spec\t<PodSpec>\n');
    expect(out).toContain('\n  status\t<PodStatus>\n');
  });

  it('explain pod.spec.containers: a list of Container, its fields, required ones marked', async () => {
    const out = await explain('pod.spec.containers');
    expect(out.startsWith('KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container>\n\n\nDESCRIPTION:\n    List of containers belonging to the pod.')).toBe(true);
    expect(out).toContain('\n  args\t<[]string>\n');
    expect(out).toContain('\n  env\t<[]EnvVar>\n    List of environment variables to set in the container. Cannot be updated.\n');
    expect(out).toContain('\n  name\t<string> -required-\n');
    expect(out).toContain('\n  resources\t<ResourceRequirements>\n');
  });

  it('explain deployment.spec.strategy (a group kind) and an int-or-string field', async () => {
    const out = await explain('deployment.spec.strategy');
    expect(out.startsWith('GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: strategy <DeploymentStrategy>\n')).toBe(true);
    expect(out).toContain('\n  rollingUpdate\t<RollingUpdateDeployment>\n    Rolling update config params. Present only if DeploymentStrategyType =\n    RollingUpdate.\n');
    expect(await explain('deploy.spec.strategy.rollingUpdate.maxSurge')).toContain('FIELD: maxSurge <IntOrString>\n');
    expect(await explain('pod.spec.containers.resources.limits')).toContain('FIELD: limits <map[string]Quantity>\n');
  });

  it('explain svc --recursive: the whole tree, nested fields indented', async () => {
    const out = await explain('svc --recursive');
    expect(out.startsWith('KIND:       Service\nVERSION:    v1\n')).toBe(true);
    expect(out).toContain('\n  spec\t<ServiceSpec>\n    allocateLoadBalancerNodePorts\t<boolean>\n    clusterIP\t<string>\n');
    expect(out).toContain('\n    ports\t<[]ServicePort>\n      appProtocol\t<string>\n      name\t<string>\n      nodePort\t<integer>\n      port\t<integer> -required-\n');
    expect(out).toContain('\n      targetPort\t<IntOrString>\n');
  });

  it('every kind the server lists can be explained', async () => {
    const kinds = ['configmaps', 'nodes', 'events', 'secrets', 'namespaces', 'replicasets.apps', 'statefulsets.apps', 'daemonsets.apps', 'jobs.batch', 'cronjobs.batch',
      'horizontalpodautoscalers.autoscaling', 'ingresses.networking.k8s.io', 'networkpolicies.networking.k8s.io', 'roles.rbac.authorization.k8s.io',
      'poddisruptionbudgets.policy', 'leases.coordination.k8s.io', 'endpointslices.discovery.k8s.io', 'storageclasses.storage.k8s.io', 'bindings'];
    const results = await Promise.all(kinds.map((r) => k.run(['explain', r])));
    expect(results.map((r, i) => `${kinds[i]} ${r.code} ${r.stderr}${/KIND: +\S+/.exec(r.stdout)?.[0] ?? ''}`)).toEqual(
      kinds.map((r, i) => `${r} 0 ${/KIND: +\S+/.exec(results[i]!.stdout)?.[0] ?? 'no KIND'}`),
    );
  });
});
