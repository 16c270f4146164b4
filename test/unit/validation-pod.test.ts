import { describe, expect, it } from 'vitest';
import { apiError, cluster, pod } from './admission-helpers.js';

describe('pod validation', () => {
  const c = cluster();
  // The serviceaccount controller makes the default ServiceAccount the pods below need.
  if (!c.admin.tryGet('serviceaccounts', 'default', 'default')) throw new Error('the serviceaccount controller made no default ServiceAccount');

  const create = (spec: Record<string, unknown>, name = 'p') => apiError(() => c.admin.create(pod(name, 'default', spec)));

  it('requires containers and images', () => {
    expect(create({ containers: [] }).kubectlMessage()).toBe('The Pod "p" is invalid: spec.containers: Required value');
    expect(create({ containers: [{ name: 'app' }] }).message).toBe('Pod "p" is invalid: spec.containers[0].image: Required value');
  });

  it('checks container names as DNS-1123 labels and for duplicates', () => {
    expect(create({ containers: [{ name: 'My_App', image: 'nginx' }] }).message).toBe(
      `Pod "p" is invalid: spec.containers[0].name: Invalid value: "My_App": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    );
    expect(create({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] }).message).toBe('Pod "p" is invalid: spec.containers[1].name: Duplicate value: "a"');
  });

  it('lists supported values for enums', () => {
    expect(create({ restartPolicy: 'Sometimes' }).message).toBe('Pod "p" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"');
    expect(create({ containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Sometimes' }] }).message).toBe(
      'Pod "p" is invalid: spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    );
  });

  it('checks ports', () => {
    expect(create({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] }).message).toBe(
      'Pod "p" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
    expect(create({ containers: [{ name: 'a', image: 'x', ports: [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }] }] }).message).toBe(
      'Pod "p" is invalid: spec.containers[0].ports[1].name: Duplicate value: "http"',
    );
    expect(
      create({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }] }, { name: 'b', image: 'x', ports: [{ containerPort: 81, hostPort: 8080 }] }] }).message,
    ).toBe('Pod "p" is invalid: spec.containers[1].ports[0].hostPort: Duplicate value: "8080/TCP"');
  });

  it('checks resources: requests within limits, malformed quantities rejected at decode', () => {
    expect(create({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] }).message).toBe(
      'Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    );
    const bad = create({ containers: [{ name: 'a', image: 'x', resources: { limits: { memory: '2Gx' } } }] });
    expect(bad.code).toBe(400);
    expect(bad.kubectlMessage()).toBe(
      `Error from server (BadRequest): Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });

  it('checks volume mounts, probes and tolerations', () => {
    expect(create({ containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] }).message).toBe(
      'Pod "p" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"',
    );
    expect(create({ containers: [{ name: 'a', image: 'x', livenessProbe: { periodSeconds: 5 } }] }).message).toBe(
      'Pod "p" is invalid: spec.containers[0].livenessProbe: Required value: must specify a handler type',
    );
    expect(create({ tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }).message).toBe(
      "Pod \"p\" is invalid: spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
    );
  });

  it('joins several errors in brackets', () => {
    expect(create({ containers: [{ name: 'A' }] }).message).toMatch(/^Pod "p" is invalid: \[spec\.containers\[0\]\.name: Invalid value: "A": .*, spec\.containers\[0\]\.image: Required value\]$/);
  });

  it('forbids changing the pod spec beyond images', () => {
    const p = c.admin.create(pod('ok', 'default'));
    const changed = { ...p, spec: { ...p.spec, restartPolicy: 'Never' } };
    expect(apiError(() => c.admin.update(changed)).message).toMatch(/^Pod "ok" is invalid: spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`/);
    const image = { ...p, spec: { ...p.spec, containers: [{ ...p.spec.containers[0], image: 'nginx:1.28' }] } };
    expect(c.admin.update(image).spec.containers[0].image).toBe('nginx:1.28');
  });

  it('sets phase Pending and the QoS class on create', () => {
    const p = c.admin.create(pod('qos', 'default', { containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] }));
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
  });
});
