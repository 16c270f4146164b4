import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { createEndpointsController } from '../../src/core/controllers/endpoints.js';
import { cluster, ensureSA, settle, startControllers } from './admission-helpers.js';

type C = ReturnType<typeof cluster>;

function setup(): C {
  const c = cluster();
  c.scheduler.stop();
  c.controllerManager.stop();
  ensureSA(c, 'default');
  startControllers(c, createEndpointsController);
  return c;
}

function runPod(c: C, name: string, ip: string, ready: boolean, labels: Record<string, string> = { app: 'web' }, ports = [{ name: 'http', containerPort: 8080 }]): void {
  c.admin.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: { containers: [{ name: 'web', image: 'nginx', ports }] } });
  const cur = c.api.cached('pods', 'default', name)!;
  c.admin.updateStatus({ ...cur, status: { ...cur.status, phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
}

const ep = (c: C, name: string): KObject | undefined => c.api.cached('endpoints', 'default', name);

describe('endpoints controller', () => {
  it('lists ready and not-ready pod IPs with ports resolved from a named targetPort', () => {
    const c = setup();
    c.admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', labels: { tier: 'front' } }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
    settle(c);
    expect(ep(c, 'web')!.subsets).toEqual([]);
    runPod(c, 'web-b', '10.244.1.12', true);
    runPod(c, 'web-a', '10.244.1.9', true);
    runPod(c, 'web-c', '10.244.2.5', false);
    runPod(c, 'other', '10.244.2.6', true, { app: 'api' });
    settle(c);
    const e = ep(c, 'web')!;
    expect(e.metadata.labels).toEqual({ tier: 'front' });
    const uid = (n: string) => c.api.cached('pods', 'default', n)!.metadata.uid;
    expect(e.subsets).toEqual([
      {
        addresses: [
          { ip: '10.244.1.9', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: uid('web-a') } },
          { ip: '10.244.1.12', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-b', uid: uid('web-b') } },
        ],
        notReadyAddresses: [{ ip: '10.244.2.5', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-c', uid: uid('web-c') } }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('keeps a wrong numeric targetPort (the address is listed, nothing listens) and drops pods lacking a named port', () => {
    const c = setup();
    c.admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'num', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 9999 }] } });
    c.admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'named', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'metrics' }] } });
    runPod(c, 'web-a', '10.244.1.9', true);
    settle(c);
    expect(ep(c, 'num')!.subsets).toEqual([{ addresses: [expect.objectContaining({ ip: '10.244.1.9' })], ports: [{ port: 9999, protocol: 'TCP' }] }]);
    expect(ep(c, 'named')!.subsets).toEqual([]);
  });

  it('follows readiness changes and deletions, and removes the Endpoints with the service', () => {
    const c = setup();
    c.admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } });
    runPod(c, 'web-a', '10.244.1.9', false);
    settle(c);
    expect(ep(c, 'web')!.subsets[0].notReadyAddresses).toHaveLength(1);
    const cur = c.api.cached('pods', 'default', 'web-a')!;
    c.admin.updateStatus({ ...cur, status: { ...cur.status, conditions: [{ type: 'Ready', status: 'True' }] } });
    settle(c);
    expect(ep(c, 'web')!.subsets[0].addresses.map((a: KObject) => a.ip)).toEqual(['10.244.1.9']);
    c.admin.delete('pods', 'default', 'web-a');
    settle(c);
    expect(ep(c, 'web')!.subsets).toEqual([]);
    c.admin.delete('services', 'default', 'web');
    settle(c);
    expect(ep(c, 'web')).toBeUndefined();
    // The kubernetes service has no selector: its Endpoints are left alone.
    expect(ep(c, 'kubernetes')!.subsets[0].ports).toEqual([{ name: 'https', port: 6443, protocol: 'TCP' }]);
  });
});
