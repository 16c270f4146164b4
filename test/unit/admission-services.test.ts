import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { apiError, cluster } from './admission-helpers.js';

const svc = (name: string, spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });

describe('service IP and node port allocation', () => {
  it('allocates distinct cluster IPs in the service CIDR, deterministically', () => {
    const ips = (seed: number) => {
      const c = cluster({ seed });
      return [1, 2, 3].map((i) => c.admin.create(svc(`s${i}`, {})).spec.clusterIP as string);
    };
    const a = ips(3);
    expect(new Set(a).size).toBe(3);
    for (const ip of a) expect(ip).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(ips(3)).toEqual(a);
    const os = cluster({ flavor: 'openshift', seed: 3 });
    expect(os.admin.create(svc('x', {})).spec.clusterIP).toMatch(/^172\.30\.\d+\.\d+$/);
  });

  it('rejects a taken or out-of-range cluster IP and frees IPs on delete', () => {
    const c = cluster();
    expect(apiError(() => c.admin.create(svc('dup', { clusterIP: '10.96.0.10' }))).message).toBe(
      'Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    expect(apiError(() => c.admin.create(svc('far', { clusterIP: '192.168.1.1' }))).message).toBe(
      'Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"192.168.1.1"}: failed to allocate IP 192.168.1.1: the provided IP (192.168.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    c.admin.create(svc('fixed', { clusterIP: '10.96.0.50' }));
    c.admin.delete('services', 'default', 'fixed');
    expect(c.admin.create(svc('again', { clusterIP: '10.96.0.50' })).spec.clusterIP).toBe('10.96.0.50');
    expect(c.admin.create(svc('headless', { clusterIP: 'None' })).spec.clusterIPs).toEqual(['None']);
  });

  it('allocates node ports in 30000-32767 and rejects taken ones', () => {
    const c = cluster();
    const np = c.admin.create(svc('np', { type: 'NodePort' }));
    expect(np.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(np.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
    expect(np.spec.externalTrafficPolicy).toBe('Cluster');
    expect(apiError(() => c.admin.create(svc('np2', { type: 'NodePort', ports: [{ port: 80, nodePort: np.spec.ports[0].nodePort }] }))).message).toBe(
      `Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: ${np.spec.ports[0].nodePort}: provided port is already allocated`,
    );
    expect(apiError(() => c.admin.create(svc('np3', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }))).message).toBe(
      'Service "np3" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });
});
