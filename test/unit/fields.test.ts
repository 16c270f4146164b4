import { describe, expect, it } from 'vitest';
import {
  escapeValue,
  fieldExactMatch,
  fieldSelectorToString,
  fieldValue,
  isEmptyFieldSelector,
  matchesFields,
  parseFieldSelector,
  validateFieldSelector,
} from '../../src/core/api/fields.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop' },
  spec: { nodeName: 'worker-1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' },
  status: { phase: 'Running', podIP: '10.128.0.5', podIPs: [{ ip: '10.128.0.5' }] },
};

const event = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web-1.17a', namespace: 'shop' },
  involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'shop', uid: 'u1' },
  reason: 'BackOff',
  type: 'Warning',
  source: { component: 'kubelet', host: 'worker-1' },
};

describe('parseFieldSelector', () => {
  it('parses and prints terms sorted', () => {
    const sel = parseFieldSelector('status.phase!=Pending,metadata.name==web-1,spec.nodeName=worker-1');
    expect(sel.requirements).toEqual([
      { field: 'metadata.name', operator: '=', value: 'web-1' },
      { field: 'spec.nodeName', operator: '=', value: 'worker-1' },
      { field: 'status.phase', operator: '!=', value: 'Pending' },
    ]);
    expect(fieldSelectorToString(sel)).toBe('metadata.name=web-1,spec.nodeName=worker-1,status.phase!=Pending');
  });

  it('handles escapes and empty input', () => {
    expect(parseFieldSelector('metadata.name=a\\,b').requirements[0]!.value).toBe('a,b');
    expect(parseFieldSelector('metadata.name=a\\=b\\\\').requirements[0]!.value).toBe('a=b\\');
    expect(escapeValue('a,b=c\\')).toBe('a\\,b\\=c\\\\');
    expect(isEmptyFieldSelector(parseFieldSelector(''))).toBe(true);
    expect(isEmptyFieldSelector(parseFieldSelector(','))).toBe(true);
    expect(parseFieldSelector('spec.nodeName=').requirements[0]).toEqual({ field: 'spec.nodeName', operator: '=', value: '' });
  });

  it('throws the fields package messages', () => {
    expect(() => parseFieldSelector('spec.nodeName')).toThrow("invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'");
    expect(() => parseFieldSelector('a=b,c')).toThrow("invalid selector: 'a=b,c'; can't understand 'c'");
    expect(() => parseFieldSelector('a=b\\x')).toThrow('invalid field selector: invalid escape sequence: \\x');
    expect(() => parseFieldSelector('a=b\\')).toThrow('invalid field selector: invalid escape sequence: \\');
    expect(() => parseFieldSelector('a=b=c')).toThrow('invalid field selector: unescapedRune character in value: 61');
  });
});

describe('matchesFields', () => {
  it.each([
    ['metadata.name=web-1', true],
    ['metadata.name=web-2', false],
    ['metadata.namespace!=shop', false],
    ['metadata.namespace!=kube-system', true],
    ['spec.nodeName=worker-1', true],
    ['spec.nodeName=', false],
    ['status.phase=Running', true],
    ['status.phase!=Running', false],
    ['spec.hostNetwork=false', true],
    ['status.podIP=10.128.0.5', true],
    ['spec.nodeName=worker-1,status.phase=Running', true],
    ['spec.nodeName=worker-1,status.phase=Failed', false],
    ['spec.host=worker-1', true],
    ['', true],
  ])('pod %j -> %s', (text, want) => {
    expect(matchesFields(parseFieldSelector(text), pod)).toBe(want);
  });

  it('unscheduled pods have an empty nodeName', () => {
    const pending = { ...pod, spec: { ...pod.spec, nodeName: undefined } };
    expect(matchesFields(parseFieldSelector('spec.nodeName='), pending)).toBe(true);
  });

  it.each([
    ['involvedObject.name=web-1', true],
    ['involvedObject.kind=Pod,involvedObject.namespace=shop', true],
    ['involvedObject.uid=u2', false],
    ['reason=BackOff', true],
    ['type=Normal', false],
    ['source=kubelet', true],
  ])('event %j -> %s', (text, want) => {
    expect(matchesFields(parseFieldSelector(text), event)).toBe(want);
  });

  it('nodes expose spec.unschedulable as true/false', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' }, spec: { unschedulable: true } };
    expect(fieldValue(node, 'spec.unschedulable')).toBe('true');
    expect(fieldValue({ ...node, spec: {} }, 'spec.unschedulable')).toBe('false');
  });
});

describe('validateFieldSelector and fieldExactMatch', () => {
  it('uses the API server messages', () => {
    expect(() => validateFieldSelector(parseFieldSelector('spec.nodeName=x'), 'Pod')).not.toThrow();
    expect(() => validateFieldSelector(parseFieldSelector('spec.foo=x'), 'Pod')).toThrow('field label not supported: spec.foo');
    expect(() => validateFieldSelector(parseFieldSelector('status.replicas=1'), 'Deployment')).toThrow(
      '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    expect(() => validateFieldSelector(parseFieldSelector('metadata.name=x'), 'Deployment')).not.toThrow();
    expect(() => validateFieldSelector(parseFieldSelector('involvedObject.name=x'), 'Event')).not.toThrow();
  });

  it('finds the exact value for index lookups', () => {
    const sel = parseFieldSelector('spec.nodeName=worker-3,status.phase!=Failed');
    expect(fieldExactMatch(sel, 'spec.nodeName')).toBe('worker-3');
    expect(fieldExactMatch(sel, 'status.phase')).toBeUndefined();
  });
});
