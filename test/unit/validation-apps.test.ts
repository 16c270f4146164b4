import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { apiError, cluster } from './admission-helpers.js';

const deploy = (name: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    ...spec,
  },
});

describe('apps validation', () => {
  const c = cluster();
  c.controllerManager.stop();

  it('requires the selector to match the template labels', () => {
    const err = apiError(() => c.admin.create(deploy('a', { selector: { matchLabels: { app: 'api' } } })));
    expect(err.kubectlMessage()).toBe('The Deployment "a" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`');
  });

  it('reports a missing selector together with the labels mismatch, as upstream', () => {
    const err = apiError(() => c.admin.create(deploy('b', { selector: undefined })));
    expect(err.message).toBe(
      'Deployment.apps "b" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]'.replace('Deployment.apps', 'Deployment'),
    );
  });

  it('checks template restartPolicy, replicas and strategy', () => {
    const tpl = { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'web', image: 'nginx' }] } };
    expect(apiError(() => c.admin.create(deploy('c', { template: tpl }))).message).toBe('Deployment "c" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
    expect(apiError(() => c.admin.create(deploy('d', { replicas: -1 }))).message).toBe('Deployment "d" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(apiError(() => c.admin.create(deploy('e', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }))).message).toBe(
      'Deployment "e" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    );
  });

  it('validates the template pod spec with its path', () => {
    const tpl = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web' }] } };
    expect(apiError(() => c.admin.create(deploy('f', { template: tpl }))).message).toBe('Deployment "f" is invalid: spec.template.spec.containers[0].image: Required value');
  });

  it('keeps the selector immutable', () => {
    const d = c.admin.create(deploy('g'));
    const changed = {
      ...d,
      spec: { ...d.spec, selector: { matchLabels: { app: 'web2' } }, template: { ...d.spec.template, metadata: { labels: { app: 'web2' } } } },
    };
    expect(apiError(() => c.admin.update(changed)).kubectlMessage()).toBe(
      'The Deployment "g" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it('checks StatefulSet and DaemonSet selectors', () => {
    const sts: KObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' }, spec: { serviceName: 'db', selector: { matchLabels: {} }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres' }] } } } };
    expect(apiError(() => c.admin.create(sts)).message).toBe('StatefulSet "db" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset');
  });

  it('lets StatefulSet containers mount their volumeClaimTemplates, and only those', () => {
    const sts = (mount: string): KObject => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: `db-${mount}`, namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres', volumeMounts: [{ name: mount, mountPath: '/data' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    });
    expect(c.admin.create(sts('data')).metadata.name).toBe('db-data');
    expect(apiError(() => c.admin.create(sts('other'))).message).toBe('StatefulSet "db-other" is invalid: spec.template.spec.containers[0].volumeMounts[0].name: Not found: "other"');
  });
});
