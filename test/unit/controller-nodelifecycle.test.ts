import { describe, expect, it } from 'vitest';
import type { KObject, Taint } from '../../src/core/api/types.js';
import { createNodeLifecycleController } from '../../src/core/controllers/node-lifecycle.js';
import { cluster, ensureSA, eventsOf, settle, startControllers } from './admission-helpers.js';

type C = ReturnType<typeof cluster>;
const node = (c: C, name: string): KObject => c.api.cached('nodes', undefined, name)!;
const ready = (n: KObject) => n.status.conditions.find((x: KObject) => x.type === 'Ready');
const taints = (n: KObject): string[] => (n.spec.taints ?? []).map((t: Taint) => `${t.key}:${t.effect}`);

function setup(): C {
  const c = cluster();
  ensureSA(c, 'default');
  startControllers(c, createNodeLifecycleController);
  settle(c, 15_000);
  return c;
}

describe('node lifecycle controller', () => {
  it('removes the registration taint once the kubelet reports Ready', () => {
    const c = setup();
    expect(ready(node(c, 'worker-1')).status).toBe('True');
    expect(taints(node(c, 'worker-1'))).toEqual([]);
  });

  it('marks a silent node Unknown after the grace period, taints it and its pods, then evicts after 300 s', () => {
    const c = setup();
    c.admin.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'on-w2', namespace: 'default' }, spec: { nodeName: 'worker-2', containers: [{ name: 'app', image: 'nginx:1.27' }] } });
    settle(c, 20_000);
    const p0 = c.api.cached('pods', 'default', 'on-w2')!;
    expect(p0.status.conditions.find((x: KObject) => x.type === 'Ready')?.status).toBe('True');
    c.kubelets.get('worker-2')!.stop();
    settle(c, 30_000);
    expect(ready(node(c, 'worker-2')).status).toBe('True');
    settle(c, 40_000);
    const n = node(c, 'worker-2');
    expect(ready(n)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(n.status.conditions.find((x: KObject) => x.type === 'MemoryPressure')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    expect(taints(n)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(eventsOf(c, 'default', 'worker-2')).toContain('Normal NodeNotReady Node worker-2 status is now: NodeNotReady');
    const p1 = c.api.cached('pods', 'default', 'on-w2')!;
    expect(p1.status.conditions.find((x: KObject) => x.type === 'Ready')?.status).toBe('False');
    expect(eventsOf(c, 'default', 'on-w2')).toContain('Warning NodeNotReady Node is not ready');
    expect(p1.metadata.deletionTimestamp).toBeUndefined();
    settle(c, 300_000);
    expect(eventsOf(c, 'default', 'on-w2')).toContain('Normal TaintManagerEviction Marking for deletion Pod default/on-w2');
    // The kubelet is gone, so the pod stays Terminating (deletionTimestamp set), as on a real cluster.
    expect(c.api.cached('pods', 'default', 'on-w2')!.metadata.deletionTimestamp).toBeDefined();
  });

  it('lifts the taints when the kubelet comes back', () => {
    const c = setup();
    c.kubelets.get('worker-3')!.stop();
    settle(c, 80_000);
    expect(taints(node(c, 'worker-3'))).toContain('node.kubernetes.io/unreachable:NoExecute');
    c.kubelets.get('worker-3')!.start();
    settle(c, 20_000);
    expect(ready(node(c, 'worker-3')).status).toBe('True');
    expect(taints(node(c, 'worker-3'))).toEqual([]);
  });

  it('taints cordoned nodes unschedulable', () => {
    const c = setup();
    const n = node(c, 'worker-1');
    c.admin.update({ ...n, spec: { ...n.spec, unschedulable: true } });
    settle(c);
    expect(taints(node(c, 'worker-1'))).toEqual(['node.kubernetes.io/unschedulable:NoSchedule']);
  });
});
