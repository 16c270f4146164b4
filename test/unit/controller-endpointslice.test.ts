import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { createEndpointSliceController } from '../../src/core/controllers/endpointslice.js';
import { cluster, ensureSA, settle, startControllers } from './admission-helpers.js';

type C = ReturnType<typeof cluster>;

function setup(): C {
  const c = cluster();
  c.scheduler.stop();
  c.controllerManager.stop();
  ensureSA(c, 'default');
  startControllers(c, createEndpointSliceController);
  return c;
}

function runPod(c: C, name: string, ip: string, ready: boolean): void {
  c.admin.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'web' }, finalizers: ['test/hold'] }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] } });
  const cur = c.api.cached('pods', 'default', name)!;
  c.admin.updateStatus({ ...cur, status: { ...cur.status, phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
}

const slices = (c: C, svc: string): KObject[] => [...c.api.cachedList('endpointslices', 'default')].filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);

describe('endpointslice controller', () => {
  it('creates SERVICE-xxxxx slices with conditions, ports and an owner', () => {
    const c = setup();
    const svc = c.admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } } as KObject);
    runPod(c, 'web-a', '10.244.1.9', true);
    runPod(c, 'web-b', '10.244.1.10', false);
    settle(c);
    const [s, more] = slices(c, 'web');
    expect(more).toBeUndefined();
    expect(s!.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s!.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(s!.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(s!.addressType).toBe('IPv4');
    expect(s!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(s!.endpoints.map((e: KObject) => [e.addresses[0], e.conditions])).toEqual([
      ['10.244.1.9', { ready: true, serving: true, terminating: false }],
      ['10.244.1.10', { ready: false, serving: false, terminating: false }],
    ]);
  });

  it('keeps terminating pods as terminating, serving while ready', () => {
    const c = setup();
    c.admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } });
    runPod(c, 'web-a', '10.244.1.9', true);
    settle(c);
    c.admin.delete('pods', 'default', 'web-a');
    settle(c);
    expect(slices(c, 'web')[0]!.endpoints[0].conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('splits at 100 endpoints per slice and never duplicates slices in a burst', () => {
    const c = setup();
    c.admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } });
    settle(c);
    for (let i = 0; i < 150; i++) runPod(c, `web-${i}`, `10.244.${Math.floor(i / 200)}.${(i % 200) + 2}`, true);
    settle(c);
    const s = slices(c, 'web');
    expect(s.map((x) => x.endpoints.length).sort()).toEqual([100, 50]);
    c.admin.delete('services', 'default', 'web');
    settle(c);
    expect(slices(c, 'web')).toEqual([]);
  });
});
