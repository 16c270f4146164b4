import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch, strategicMergePatch, PatchError } from '../../src/core/api/patch.js';

describe('patches', () => {
  const deploy = {
    spec: {
      replicas: 1,
      template: { spec: { containers: [{ name: 'web', image: 'nginx:1.25' }, { name: 'sidecar', image: 'busybox:1.36' }] } },
    },
  };

  it('merge patch replaces lists and deletes with null', () => {
    const out = mergePatch(deploy, { spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } }) as typeof deploy;
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.template.spec.containers).toEqual([{ name: 'web', image: 'nginx:1.27' }]);
    expect(mergePatch({ a: 1, b: 2 }, { b: null })).toEqual({ a: 1 });
    expect(deploy.spec.replicas).toBe(1);
  });

  it('strategic merge patch merges containers by name', () => {
    const out = strategicMergePatch(deploy, { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } }) as typeof deploy;
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'web', image: 'nginx:1.27' },
      { name: 'sidecar', image: 'busybox:1.36' },
    ]);
    const removed = strategicMergePatch(deploy, { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } }) as typeof deploy;
    expect(removed.spec.template.spec.containers.map((c) => c.name)).toEqual(['web']);
  });

  it('json patch applies operations and reports failures', () => {
    const out = jsonPatch(deploy, [
      { op: 'replace', path: '/spec/replicas', value: 5 },
      { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'x', image: 'redis:7' } },
    ]) as typeof deploy;
    expect(out.spec.replicas).toBe(5);
    expect(out.spec.template.spec.containers).toHaveLength(3);
    expect(() => jsonPatch(deploy, [{ op: 'replace', path: '/spec/missing', value: 1 }])).toThrow(PatchError);
    expect(deploy.spec.template.spec.containers).toHaveLength(2);
  });
});
