import { describe, expect, it } from 'vitest';
import type { KObject, Node } from '../../src/core/api/types.js';
import { daemonTolerations, nodeMatchesPodSpec, tolerates } from '../../src/core/controllers/daemonset.js';
import { events, get, newCluster, pods, settle, setPodPhase } from './controller-helpers.js';

function ds(name: string, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'agent', image: 'fluentd' }], ...extra } },
    },
  };
}

function ensureNodes(c: ReturnType<typeof newCluster>): string[] {
  // Kubelets register their nodes (not-ready until their first status); if they do not (yet),
  // register them as a kubelet would.
  settle(c, 20_000);
  for (const n of c.info.nodes) {
    if (c.api.cached('nodes', undefined, n.name)) continue;
    c.admin.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name, ...n.labels } }, spec: { taints: n.taints } });
  }
  // The node lifecycle controller lifts node.kubernetes.io/not-ready from Ready nodes; do it here if it is not there.
  for (const n of c.api.cachedList('nodes')) {
    const ready = (n.status?.conditions ?? []).some((x: { type: string; status: string }) => x.type === 'Ready' && x.status === 'True');
    const taints = (n.spec?.taints ?? []) as Array<{ key: string }>;
    if ((ready || !n.status?.conditions) && taints.some((t) => t.key === 'node.kubernetes.io/not-ready')) {
      c.admin.update({ ...n, spec: { ...n.spec, taints: taints.filter((t) => t.key !== 'node.kubernetes.io/not-ready') } });
    }
  }
  settle(c);
  return c.info.nodes.map((n) => n.name);
}

const target = (p: KObject): string => p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];

describe('daemonset controller', () => {
  it('tolerations and node matching follow upstream', () => {
    const t = daemonTolerations(false);
    expect(t.map((x) => `${x.key}:${x.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(daemonTolerations(true).at(-1)!.key).toBe('node.kubernetes.io/network-unavailable');
    expect(tolerates(t, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' })).toBe(false);
    expect(tolerates([{ operator: 'Exists' }], { key: 'x', effect: 'NoExecute' })).toBe(true);
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'w1', labels: { disk: 'ssd' } }, spec: {} } as Node;
    expect(nodeMatchesPodSpec(node, { containers: [], nodeSelector: { disk: 'ssd' } })).toBe(true);
    expect(nodeMatchesPodSpec(node, { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['ssd'] }] }] } } } })).toBe(false);
  });

  it('runs one pod per schedulable node, skipping tainted control-plane nodes, pinned by node affinity', () => {
    const c = newCluster();
    c.scheduler.stop();
    const nodes = ensureNodes(c);
    c.admin.create(ds('logs'));
    settle(c);
    const ps = pods(c, 'kube-system', 'logs-');
    const workers = nodes.filter((n) => !n.startsWith('master'));
    expect(ps.map(target).sort()).toEqual(workers.sort());
    const p = ps[0]!;
    expect(p.metadata.labels!['controller-revision-hash']).toMatch(/^[456789bcdf]+$/);
    expect(p.spec.tolerations!.map((t) => t.key)).toContain('node.kubernetes.io/unschedulable');
    let status = get(c, 'daemonsets', 'kube-system', 'logs').status;
    expect(status).toMatchObject({ desiredNumberScheduled: workers.length, currentNumberScheduled: workers.length, numberReady: 0, numberMisscheduled: 0 });
    for (const x of ps) setPodPhase(c, x, 'Running');
    settle(c);
    status = get(c, 'daemonsets', 'kube-system', 'logs').status;
    expect(status).toMatchObject({ numberReady: workers.length, numberAvailable: workers.length, updatedNumberScheduled: workers.length });
    expect(events(c, 'kube-system', 'logs').filter((e) => e.startsWith('Normal SuccessfulCreate Created pod: logs-'))).toHaveLength(workers.length);
  });

  it('tolerating the control-plane taint covers every node; a node selector narrows it', () => {
    const c = newCluster();
    c.scheduler.stop();
    const nodes = ensureNodes(c);
    c.admin.create(ds('everywhere', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }));
    c.admin.create(ds('picky', { nodeSelector: { 'kubernetes.io/hostname': 'worker-2' } }));
    settle(c);
    expect(pods(c, 'kube-system', 'everywhere-')).toHaveLength(nodes.length);
    expect(pods(c, 'kube-system', 'picky-').map(target)).toEqual(['worker-2']);
  });

  it('rolls a new template one node at a time', () => {
    const c = newCluster();
    c.scheduler.stop();
    ensureNodes(c);
    c.admin.create(ds('agent'));
    settle(c);
    for (const x of pods(c, 'kube-system', 'agent-')) setPodPhase(c, x, 'Running');
    settle(c);
    c.admin.patch('daemonsets', 'kube-system', 'agent', { spec: { template: { spec: { containers: [{ name: 'agent', image: 'fluentd:2' }] } } } }, 'merge');
    settle(c);
    // One old pod goes (maxUnavailable 1); its node gets a pod of the new revision.
    expect(events(c, 'kube-system', 'agent').filter((e) => e.startsWith('Normal SuccessfulDelete'))).toHaveLength(1);
    const hashes = pods(c, 'kube-system', 'agent-').map((p) => p.metadata.labels!['controller-revision-hash']);
    expect(new Set(hashes).size).toBe(2);
    // As the new pods become ready the rest follow.
    for (let i = 0; i < 4; i++) {
      for (const x of pods(c, 'kube-system', 'agent-')) if (!x.status?.conditions?.some((k) => k.type === 'Ready' && k.status === 'True')) setPodPhase(c, x, 'Running');
      settle(c);
    }
    expect(new Set(pods(c, 'kube-system', 'agent-').map((p) => p.metadata.labels!['controller-revision-hash'])).size).toBe(1);
    expect(get(c, 'daemonsets', 'kube-system', 'agent').status.updatedNumberScheduled).toBe(3);
  });
});
