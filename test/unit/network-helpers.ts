/** Shared set-up for the network tests: a small cluster with pods placed on known nodes. */
import { Cluster } from '../../src/core/cluster.js';
import type { Pod } from '../../src/core/api/types.js';
import { createSession, type Session } from '../../src/commands/session.js';
import { runPalette } from '../../src/commands/palette.js';

export interface Shop {
  c: Cluster;
  s: Session;
  pod(name: string): Pod;
  run(line: string): { stdout: string; stderr: string; exitCode: number };
}

function ensureNs(c: Cluster, ns: string): void {
  if (!c.admin.tryGet('namespaces', undefined, ns)) c.admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  if (!c.admin.tryGet('serviceaccounts', ns, 'default')) c.admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
}

export function addPod(c: Cluster, ns: string, name: string, node: string, app: string, image = 'nginx:1.25', extra: Partial<Pod['spec']['containers'][number]> = {}): void {
  ensureNs(c, ns);
  c.admin.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { app } },
    spec: { nodeName: node, containers: [{ name: app, image, ports: [{ name: 'http', containerPort: 80 }], ...extra }] },
  } as Pod);
}

/**
 * OpenShift (or kubernetes) cluster, 1 master and 2 workers; namespace shop with
 * frontend-1 (busybox, worker-1), backend-1 (nginx, worker-1), backend-2 (nginx, worker-2) and
 * Service backend 8080 -> 80.
 */
export function shop(flavor: 'openshift' | 'kubernetes' = 'openshift'): Shop {
  const c = new Cluster({ flavor, controlPlane: 1, workers: [{ name: 'worker-1' }, { name: 'worker-2' }], seed: 11 }).start();
  c.advance(1000);
  addPod(c, 'shop', 'frontend-1', 'worker-1', 'frontend', 'busybox:1.36', { command: ['sleep', '3600'] });
  addPod(c, 'shop', 'backend-1', 'worker-1', 'backend', 'nginx:1.25', { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10 } });
  addPod(c, 'shop', 'backend-2', 'worker-2', 'backend');
  c.admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'backend', namespace: 'shop' }, spec: { clusterIP: flavor === 'openshift' ? '172.30.40.10' : '10.96.40.10', selector: { app: 'backend' }, ports: [{ name: 'http', port: 8080, targetPort: 80 }] } });
  c.advance(60_000);
  const s = createSession(c, { namespace: 'shop' });
  return {
    c,
    s,
    pod: (name) => c.api.cached('pods', 'shop', name) as Pod,
    run: (line) => runPalette(s, line),
  };
}

export function denyAll(c: Cluster, ns = 'shop'): void {
  c.admin.create({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny-all', namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
  c.advance(1000);
}
