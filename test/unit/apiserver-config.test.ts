import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/core/cluster.js';

describe('openshift-kube-apiserver/config', () => {
  it('lists the admission plugins the simulated server really runs, in order', () => {
    const cluster = new Cluster({ controlPlane: 1, workers: [{ name: 'worker-1' }], seed: 1 }).start();
    const cm = cluster.api.cached('configmaps', 'openshift-kube-apiserver', 'config')!;
    const config = JSON.parse(cm.data['config.yaml']);
    const chain = cluster.api.admissionChain();
    expect(config.kind).toBe('KubeAPIServerConfig');
    expect(config.apiServerArguments['enable-admission-plugins']).toEqual([...new Set([...chain.mutating, ...chain.validating])]);
    expect(config.apiServerArguments['enable-admission-plugins']).toContain('NamespaceLifecycle');
    expect(config.servicesSubnet).toBe('172.30.0.0/16');
  });

  it('does not exist on the kubernetes flavor', () => {
    const cluster = new Cluster({ flavor: 'kubernetes', controlPlane: 1, workers: [{ name: 'worker-1' }], seed: 1 }).start();
    expect(cluster.api.cached('configmaps', 'openshift-kube-apiserver', 'config')).toBeUndefined();
  });
});
