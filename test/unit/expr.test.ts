import { describe, expect, it } from 'vitest';
import { evaluate, exprToString, ExprError, parseExpression, test, truthy } from '../../src/scenarios/expr.js';

const deploy = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'checkout', labels: { app: 'checkout', 'app.kubernetes.io/name': 'shop' } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        containers: [
          { name: 'app', image: 'shop/checkout:1.4', resources: { limits: { memory: '512Mi', cpu: '500m' } } },
          { name: 'sidecar', image: 'envoy' },
        ],
      },
    },
  },
  status: {
    readyReplicas: 3,
    replicas: 3,
    conditions: [
      { type: 'Progressing', status: 'True' },
      { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' },
    ],
    containerStatuses: [{ restartCount: 4, ready: true }],
  },
  subsets: [],
};

function ev(text: string, obj: unknown = deploy): unknown {
  return evaluate(parseExpression(text), obj);
}

function parseError(text: string): { message: string; column: number } {
  try {
    parseExpression(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ExprError);
    return { message: (e as ExprError).message, column: (e as ExprError).column };
  }
  throw new Error(`expected ${text} to fail`);
}

describe('paths', () => {
  it('reads dotted paths, indexes and map keys', () => {
    expect(ev('status.readyReplicas')).toBe(3);
    expect(ev('spec.template.spec.containers[0].image')).toBe('shop/checkout:1.4');
    expect(ev('spec.template.spec.containers[-1].name')).toBe('sidecar');
    expect(ev('status.containerStatuses[0].restartCount')).toBe(4);
    expect(ev('metadata.labels["app.kubernetes.io/name"]')).toBe('shop');
  });

  it('picks the first element matching a predicate', () => {
    expect(ev('status.conditions[type == "Available"].status')).toBe('False');
    expect(ev('status.conditions[status == "False" and type == "Available"].reason')).toBe('MinimumReplicasUnavailable');
    expect(ev('spec.template.spec.containers[name != "app"].image')).toBe('envoy');
  });

  it('gives null for anything missing, never throwing', () => {
    expect(ev('status.nope')).toBeNull();
    expect(ev('status.nope.deeper[3].x')).toBeNull();
    expect(ev('status.conditions[9].type')).toBeNull();
    expect(ev('status.conditions[type == "Ready"].status')).toBeNull();
    expect(ev('status.readyReplicas.x')).toBeNull();
    expect(ev('status.conditions.type')).toBeNull();
    expect(ev('metadata[0]')).toBeNull();
    expect(ev('x', null)).toBeNull();
    expect(ev('x', 'text')).toBeNull();
  });

  it('treats keywords after a dot as field names', () => {
    expect(ev('a.not.and', { a: { not: { and: 1 } } })).toBe(1);
  });
});

describe('comparisons', () => {
  it.each([
    ['status.readyReplicas >= 3', true],
    ['status.readyReplicas > 3', false],
    ['status.readyReplicas == spec.replicas', true],
    ['status.readyReplicas != 3', false],
    ['status.readyReplicas < 10', true],
    ['status.readyReplicas <= 2', false],
    ['status.conditions[type == "Progressing"].status == "True"', true],
    ['metadata.name == "checkout"', true],
    ['metadata.name != "cart"', true],
    ['status.nope == null', true],
    ['null == status.nope', true],
    ['status.readyReplicas == null', false],
    ['status.containerStatuses[0].ready == true', true],
    ['status.containerStatuses[0].ready != false', true],
  ])('%s -> %s', (text, want) => {
    expect(ev(text)).toBe(want);
  });

  it('compares quantities by value when both sides parse', () => {
    expect(ev('"512Mi" < "1Gi"')).toBe(true);
    expect(ev('"1Gi" == "1024Mi"')).toBe(true);
    expect(ev('spec.template.spec.containers[0].resources.limits.memory < "1Gi"')).toBe(true);
    expect(ev('spec.template.spec.containers[0].resources.limits.memory >= 512Mi')).toBe(true);
    expect(ev('spec.template.spec.containers[0].resources.limits.cpu == 0.5')).toBe(true);
    expect(ev('spec.template.spec.containers[0].resources.limits.cpu < "1"')).toBe(true);
    expect(ev('"110" >= 100')).toBe(true);
  });

  it('orders strings lexicographically and never orders mismatched types', () => {
    expect(ev('"abc" < "abd"')).toBe(true);
    expect(ev('metadata.name < 5')).toBe(false);
    expect(ev('metadata.name >= 5')).toBe(false);
    expect(ev('status.nope < 5')).toBe(false);
    expect(ev('status.nope >= 5')).toBe(false);
    expect(ev('true > false')).toBe(false);
    expect(ev('"10.0.0.1" < 11')).toBe(false);
    expect(ev('"Running" == 0')).toBe(false);
  });

  it('compares lists and maps structurally', () => {
    expect(ev('subsets == subsets')).toBe(true);
    expect(ev('subsets == null')).toBe(false);
  });
});

describe('logic and len()', () => {
  it.each([
    ['status.readyReplicas >= 3 and metadata.name == "checkout"', true],
    ['status.readyReplicas >= 4 and metadata.name == "checkout"', false],
    ['status.readyReplicas >= 4 or metadata.name == "checkout"', true],
    ['not status.readyReplicas >= 4', true],
    ['not (status.readyReplicas >= 3)', false],
    ['not not true', true],
    ['(false or true) and true', true],
    ['false or true and false', false],
    ['len(subsets) >= 1', false],
    ['len(subsets) == 0', true],
    ['len(status.conditions) == 2', true],
    ['len(metadata.labels) == 2', true],
    ['len(metadata.name) == 8', true],
    ['len(status.nope) == 0', true],
  ])('%s -> %s', (text, want) => {
    expect(ev(text)).toBe(want);
  });

  it('len of a scalar is null', () => {
    expect(ev('len(status.readyReplicas)')).toBeNull();
  });

  it('test() applies truthiness', () => {
    expect(test(parseExpression('status.readyReplicas'), deploy)).toBe(true);
    expect(test(parseExpression('subsets'), deploy)).toBe(false);
    expect(test(parseExpression('status.nope'), deploy)).toBe(false);
    expect(test(parseExpression('metadata.labels'), deploy)).toBe(true);
    expect(test(parseExpression('len(subsets)'), deploy)).toBe(false);
    expect(truthy('')).toBe(false);
    expect(truthy(0)).toBe(false);
    expect(truthy({})).toBe(false);
    expect(truthy('x')).toBe(true);
  });
});

describe('literals', () => {
  it('parses numbers, strings, booleans and null', () => {
    expect(ev('-1.5')).toBe(-1.5);
    expect(ev('1e3')).toBe(1000);
    expect(ev('"a\\"b\\n"')).toBe('a"b\n');
    expect(ev("'single'")).toBe('single');
    expect(ev('true')).toBe(true);
    expect(ev('null')).toBeNull();
    expect(ev('512Mi')).toBe('512Mi');
    expect(ev('250m')).toBe('250m');
  });
});

describe('parse errors', () => {
  it.each([
    ['status.readyReplicas >= 3)', "unexpected token ')' at column 26", 26],
    ['size(spec.containers) > 1', "unknown function 'size', only len() is supported", 1],
    ['a < b < c', "unexpected token '<' at column 7", 7],
    ['status.phase = "Running"', "unexpected '=' at column 14, use '==' to compare", 14],
    ['a && b', "unexpected '&&' at column 3, use 'and'", 3],
    ['!a', "unexpected '!' at column 1, use 'not' or '!='", 1],
    ['(a == 1', "expected ')' at column 8, found end of expression", 8],
    ['x == "abc', 'unterminated string starting at column 6', 6],
    ['a ==', 'unexpected end of expression at column 5', 5],
    ['a.', "expected a field name after '.' at column 3", 3],
    ['a.[0]', "expected a field name after '.' at column 3, found '['", 3],
    ['a[]', 'empty [] at column 2', 2],
    ['a[1.5]', 'index must be an integer at column 3', 3],
    ['a[b == 1', "expected ']' at column 9, found end of expression", 9],
    ['len(a, b)', "len() takes one argument, found ',' at column 6", 6],
    ['a # b', "unexpected character '#' at column 3", 3],
    ['and', "unexpected token 'and' at column 1", 1],
    ['', 'empty expression', 1],
    ['"a\\q"', "unknown escape '\\q' at column 3", 3],
    ['3x', "unexpected character 'x' at column 2", 2],
  ])('%j', (text, message, column) => {
    expect(parseError(text)).toEqual({ message, column });
  });
});

describe('exprToString', () => {
  it.each([
    ['status.readyReplicas>=3', 'status.readyReplicas >= 3'],
    ["status.conditions[type=='Ready'].status=='True'", 'status.conditions[type == "Ready"].status == "True"'],
    ['not(a==1)', 'not (a == 1)'],
    ['a or b and c', 'a or b and c'],
    ['(a or b) and c', '(a or b) and c'],
    ['a and (b or c)', 'a and (b or c)'],
    ['len( subsets )>=1', 'len(subsets) >= 1'],
    ['metadata.labels["app.kubernetes.io/name"] == "x"', 'metadata.labels["app.kubernetes.io/name"] == "x"'],
    ['x[0][-1]', 'x[0][-1]'],
    ['m < 512Mi', 'm < "512Mi"'],
    ['x == null and y != true', 'x == null and y != true'],
  ])('%s -> %s', (text, printed) => {
    const e = parseExpression(text);
    expect(exprToString(e)).toBe(printed);
    expect(exprToString(parseExpression(exprToString(e)))).toBe(printed);
  });
});
