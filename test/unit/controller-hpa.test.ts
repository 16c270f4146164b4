import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import type { PodUsage } from '../../src/core/metrics.js';
import { convertDesiredReplicasWithRules } from '../../src/core/controllers/hpa.js';
import { deployment, events, get, newCluster, pods, settle, setPodPhase } from './controller-helpers.js';

type C = ReturnType<typeof newCluster>;

/** A metrics source standing in for kubelets: cpu millicores per pod name prefix. */
function fakeMetrics(c: C): Map<string, number> {
  const usage = new Map<string, number>();
  const podUsage = (ns: string, name: string): PodUsage | undefined => {
    for (const [prefix, cpu] of usage) if (name.startsWith(prefix)) return { namespace: ns, name, node: '', containers: [{ name: 'app', cpuMillis: cpu, memoryBytes: 1 << 20 }] };
    return undefined;
  };
  c.metrics.register('fake-metrics', { pods: () => [], pod: podUsage, node: () => ({ cpuMillis: 0, memoryBytes: 0 }) });
  return usage;
}

function hpa(name: string, min: number, max: number, util = 50): KObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: min,
      maxReplicas: max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: util } } }],
    },
  };
}

function readyPods(c: C, prefix: string): void {
  for (const p of pods(c, 'default', prefix)) if (!p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')) setPodPhase(c, p, 'Running');
  settle(c);
}

function conds(h: KObject): string[] {
  return (h.status?.conditions ?? []).map((x: { type: string; status: string; reason: string }) => `${x.type}=${x.status} ${x.reason}`);
}

describe('horizontal pod autoscaler', () => {
  it('limits scale-up to max(2x, 4) and clamps to min/max', () => {
    expect(convertDesiredReplicasWithRules(2, 8, 1, 10)).toMatchObject({ replicas: 4, condition: 'ScaleUpLimit' });
    expect(convertDesiredReplicasWithRules(5, 8, 1, 6)).toMatchObject({ replicas: 6, condition: 'TooManyReplicas' });
    expect(convertDesiredReplicasWithRules(5, 0, 2, 6)).toMatchObject({ replicas: 2, condition: 'TooFewReplicas' });
    expect(convertDesiredReplicasWithRules(5, 5, 2, 6)).toMatchObject({ replicas: 5, condition: 'DesiredWithinRange' });
  });

  it('scales on cpu utilization through the scale subresource with the upstream event', () => {
    const c = newCluster();
    c.scheduler.stop();
    const usage = fakeMetrics(c);
    const d = deployment('web', 2);
    d.spec.template.spec.containers[0].resources = { requests: { cpu: '100m' } };
    c.admin.create(d);
    settle(c);
    readyPods(c, 'web-');
    usage.set('web-', 200);
    c.admin.create(hpa('web', 1, 10));
    settle(c);
    expect(get(c, 'deployments', 'default', 'web').spec.replicas).toBe(4);
    const h = get(c, 'horizontalpodautoscalers', 'default', 'web');
    expect(events(c, 'default', 'web').filter((e) => e.includes('Rescale'))).toEqual(['Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target']);
    expect(h.status).toMatchObject({ currentReplicas: 2, desiredReplicas: 4 });
    expect(h.status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 200, averageValue: '200m' } } }]);
    expect(conds(h)).toEqual(['AbleToScale=True SucceededRescale', 'ScalingActive=True ValidMetricFound', 'ScalingLimited=True ScaleUpLimit']);

    // Load drops. Upstream keeps the pre-limit recommendation (8) for the 5-minute window, so
    // the next sync still goes to 8 (reason computed from the metric: below target)...
    settle(c);
    readyPods(c, 'web-');
    usage.set('web-', 10);
    settle(c, 15_000);
    expect(get(c, 'deployments', 'default', 'web').spec.replicas).toBe(8);
    expect(events(c, 'default', 'web')).toContain('Normal SuccessfulRescale New size: 8; reason: All metrics below target');
    readyPods(c, 'web-');
    settle(c, 15_000);
    expect(get(c, 'deployments', 'default', 'web').spec.replicas).toBe(8);
    expect(conds(get(c, 'horizontalpodautoscalers', 'default', 'web'))[0]).toBe('AbleToScale=True ScaleDownStabilized');
    // ...and only scales down once the high recommendations leave the window.
    for (let i = 0; i < 21; i++) settle(c, 15_000);
    // 8 pods at 10% of request against a 50% target: ceil(0.2 * 8) = 2.
    expect(get(c, 'deployments', 'default', 'web').spec.replicas).toBe(2);
    expect(events(c, 'default', 'web')).toContain('Normal SuccessfulRescale New size: 2; reason: All metrics below target');
  });

  it('reports pods without cpu requests as FailedGetResourceMetric', () => {
    const c = newCluster();
    c.scheduler.stop();
    const usage = fakeMetrics(c);
    c.admin.create(deployment('api', 2));
    settle(c);
    readyPods(c, 'api-');
    usage.set('api-', 50);
    settle(c, 1000);
    c.admin.create(hpa('api', 1, 5));
    settle(c);
    const h = get(c, 'horizontalpodautoscalers', 'default', 'api');
    const first = pods(c, 'default', 'api-')[0]!.metadata.name;
    const msg = `failed to get cpu utilization: missing request for cpu in container app of Pod ${first}`;
    const active = h.status.conditions.find((x: { type: string }) => x.type === 'ScalingActive');
    expect(active).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${msg}` });
    const evs = events(c, 'default', 'api');
    expect(evs).toContain(`Warning FailedGetResourceMetric ${msg}`);
    expect(evs).toContain(`Warning FailedComputeMetricsReplicas invalid metrics (1 invalid out of 1), first error is: ${msg}`);
    expect(h.status.currentMetrics).toEqual([{ type: '' }]);
    expect(get(c, 'deployments', 'default', 'api').spec.replicas).toBe(2);
  });

  it('syncs every 15 seconds and not while the controller-manager is down', () => {
    const c = newCluster();
    c.scheduler.stop();
    const usage = fakeMetrics(c);
    const d = deployment('w', 1);
    d.spec.template.spec.containers[0].resources = { requests: { cpu: '100m' } };
    c.admin.create(d);
    settle(c);
    readyPods(c, 'w-');
    usage.set('w-', 50);
    c.admin.create(hpa('w', 1, 10));
    settle(c);
    expect(get(c, 'deployments', 'default', 'w').spec.replicas).toBe(1);
    c.controllerManager.stop();
    usage.set('w-', 300);
    settle(c, 60_000);
    expect(get(c, 'deployments', 'default', 'w').spec.replicas).toBe(1);
    c.controllerManager.start();
    settle(c);
    // 300% against 50%: 6 wanted, at most max(2 x 1, 4) = 4 in one step.
    expect(get(c, 'deployments', 'default', 'w').spec.replicas).toBe(4);
  });
});
