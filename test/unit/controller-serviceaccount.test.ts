import { describe, expect, it } from 'vitest';
import { Client } from '../../src/core/apiserver/client.js';
import { createServiceAccountController } from '../../src/core/controllers/serviceaccount.js';
import { apiError, cluster, settle } from './admission-helpers.js';

describe('serviceaccount controller', () => {
  it('creates default accounts and the root CA ConfigMap in every namespace, and recreates them', () => {
    const c = cluster();
    const ctl = createServiceAccountController(c.ctx);
    ctl.start();
    c.informers.startAll();
    settle(c);
    expect(c.api.cached('serviceaccounts', 'default', 'default')).toBeDefined();
    expect(c.api.cached('serviceaccounts', 'kube-system', 'default')).toBeDefined();
    c.admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    settle(c);
    expect(c.api.cached('serviceaccounts', 'team', 'default')).toBeDefined();
    expect(c.api.cached('configmaps', 'team', 'kube-root-ca.crt')!.data['ca.crt']).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    c.admin.delete('serviceaccounts', 'team', 'default');
    settle(c);
    expect(c.api.cached('serviceaccounts', 'team', 'default')).toBeDefined();
  });

  it('adds builder and deployer on OpenShift', () => {
    const c = cluster({ flavor: 'openshift' });
    createServiceAccountController(c.ctx).start();
    c.informers.startAll();
    settle(c);
    expect(['builder', 'default', 'deployer'].map((n) => !!c.api.cached('serviceaccounts', 'openshift', n))).toEqual([true, true, true]);
    expect(c.api.cached('configmaps', 'openshift', 'openshift-service-ca.crt')).toBeDefined();
  });

  it('registers a bearer token per account that authenticates as the account', () => {
    const c = cluster();
    const ctl = createServiceAccountController(c.ctx);
    ctl.start();
    c.informers.startAll();
    settle(c);
    const token = ctl.tokenFor('default', 'default')!;
    expect(token.split('.')).toHaveLength(3);
    expect(c.api.authn.tokensOf('system:serviceaccount:default:default')).toEqual([token]);
    const sa = new Client(c.api, { token });
    const err = apiError(() => sa.list('pods', 'default'));
    expect(err.message).toBe('pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"');
  });
});
