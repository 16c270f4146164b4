import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { apiError, cluster } from './admission-helpers.js';

const svc = (name: string, spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });

describe('core validation', () => {
  const c = cluster();

  it('checks service ports', () => {
    expect(apiError(() => c.admin.create(svc('a', { selector: { app: 'a' } }))).message).toBe('Service "a" is invalid: spec.ports: Required value');
    expect(apiError(() => c.admin.create(svc('b', { ports: [{ port: 0 }] }))).message).toBe(
      'Service "b" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]',
    );
    expect(apiError(() => c.admin.create(svc('c', { ports: [{ port: 80 }, { port: 443 }] }))).message).toBe('Service "c" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]');
    expect(apiError(() => c.admin.create(svc('d', { type: 'Magic', ports: [{ port: 80 }] }))).message).toBe(
      'Service "d" is invalid: spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
  });

  it('service names are DNS-1035 labels', () => {
    expect(apiError(() => c.admin.create(svc('1web', { ports: [{ port: 80 }] }))).message).toBe(
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it('checks labels', () => {
    const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default', labels: { app: 'bad value' } } };
    expect(apiError(() => c.admin.create(cm)).message).toBe(
      `ConfigMap "x" is invalid: metadata.labels: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
  });

  it('checks PVCs and quota quantities', () => {
    const pvc: KObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { resources: { requests: { storage: '1Gi' } } } };
    expect(apiError(() => c.admin.create(pvc)).message).toBe('PersistentVolumeClaim "data" is invalid: spec.accessModes: Required value: at least 1 access mode is required');
  });

  it('keeps a service cluster IP when an update leaves it out, and refuses to change it', () => {
    const s = c.admin.create(svc('keep', { selector: { app: 'k' }, ports: [{ port: 80 }] }));
    const { clusterIP: _ip, clusterIPs: _ips, ...rest } = s.spec;
    void _ip;
    void _ips;
    expect(c.admin.update({ ...s, spec: rest }).spec.clusterIP).toBe(s.spec.clusterIP);
    const cur = c.api.cached('services', 'default', 'keep')!;
    expect(apiError(() => c.admin.update({ ...cur, spec: { ...cur.spec, clusterIP: '10.96.0.99', clusterIPs: ['10.96.0.99'] } })).message).toBe(
      'Service "keep" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set',
    );
  });
});
