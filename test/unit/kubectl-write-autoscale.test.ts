import { describe, expect, it } from 'vitest';
import { drill, out } from './kubectl-write-helpers.js';

describe('kubectl autoscale', () => {
  it('creates an HPA on a deployment with kubectl\'s message and v1 defaults', () => {
    const d = drill();
    d.run('kubectl create deployment web --image=nginx');
    expect(out(d.run('oc autoscale deployment web --min=2 --max=10 --cpu-percent=80'))).toEqual({
      stdout: 'horizontalpodautoscaler.autoscaling/web autoscaled\n',
      stderr: '',
      exitCode: 0,
    });
    const hpa = d.cluster.api.cached('horizontalpodautoscalers', 'default', 'web')!;
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    expect(d.run('kubectl autoscale deploy/web --max=3 --name web2').stdout).toBe('horizontalpodautoscaler.autoscaling/web2 autoscaled\n');
    expect(d.cluster.api.cached('horizontalpodautoscalers', 'default', 'web2')!.spec.minReplicas).toBe(1);
    expect(d.run('kubectl autoscale deploy/web --max=3').stderr).toBe('Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" already exists\n');
  });

  it('fails like kubectl on bad limits, missing objects and unscalable kinds', () => {
    const d = drill();
    d.run('kubectl create deployment web --image=nginx');
    d.run('kubectl create configmap c --from-literal=a=b');
    expect(d.run('kubectl autoscale deploy/web').stderr).toBe('error: --max=MAXPODS is required and must be at least 1, max: -1\n');
    expect(d.run('kubectl autoscale deploy/web --min=5 --max=3').stderr).toBe('error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 3, min: 5\n');
    expect(d.run('kubectl autoscale deploy/nope --max=3').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(d.run('kubectl autoscale configmap c --max=3').stderr).toBe('error: cannot autoscale a ConfigMap\n');
    expect(d.run('kubectl autoscale deploy/web --max=3 --dry-run=client').stdout).toBe('horizontalpodautoscaler.autoscaling/web autoscaled (dry run)\n');
    expect(d.cluster.api.cached('horizontalpodautoscalers', 'default', 'web')).toBeUndefined();
  });
});
