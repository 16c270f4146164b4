import { describe, expect, it } from 'vitest';
import {
  everything,
  formatLabelSelector,
  isEmpty,
  matches,
  matchLabelsOnly,
  nothing,
  parseSelector,
  requiresExactMatch,
  selectorFromLabelSelector,
  selectorFromSet,
  selectorToString,
  validateLabelKey,
  validateLabelValue,
} from '../../src/core/api/labels.js';

const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('parseSelector', () => {
  it.each([
    ['app=web', 'app=web'],
    ['app==web,tier!=db', 'app==web,tier!=db'],
    ['env in (prod, staging),!canary,track', '!canary,env in (prod,staging),track'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['  app = web , tier notin (db)  ', 'app=web,tier notin (db)'],
    ['a=', 'a='],
    ['a>1,b<2', 'a>1,b<2'],
    ['value in (in,notin)', 'value in (in,notin)'],
    ['example.com/role=db', 'example.com/role=db'],
    ['', ''],
  ])('%j -> %j', (text, canonical) => {
    expect(selectorToString(parseSelector(text))).toBe(canonical);
  });

  it('keeps requirements sorted by key and values as a sorted set', () => {
    const sel = parseSelector('z=1,a in (c,b,c)');
    expect(sel.requirements.map((r) => [r.key, r.operator, [...r.values]])).toEqual([
      ['a', 'in', ['b', 'c']],
      ['z', '=', ['1']],
    ]);
  });

  it.each([
    ['app:monolith', `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART}`],
    ['-a=b', `unable to parse requirement: <nil>: Invalid value: "-a": ${NAME_PART}`],
    ['a b', 'unable to parse requirement: found \'b\', expected: in, notin, =, ==, !=, gt, lt'],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a in (b c)', "unable to parse requirement: found 'c', expected: ',' or ')'"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['a=(', "unable to parse requirement: found '(', expected: identifier"],
    ['a=b@c', `unable to parse requirement: values[0][a]: Invalid value: "b@c": ${LABEL_VALUE}`],
    ['a>x', 'unable to parse requirement: values[0]: Invalid value: "x": for \'Gt\', \'Lt\' operators, the value must be an integer'],
    [
      'app.kubernetes_io/name=x',
      "unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  ])('rejects %j', (text, message) => {
    expect(() => parseSelector(text)).toThrow(message);
    try {
      parseSelector(text);
    } catch (e) {
      expect((e as Error).message).toBe(message);
    }
  });
});

describe('matches', () => {
  const pod = { app: 'web', tier: 'fe', version: '3' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['missing in (x)', false],
    ['app notin (db)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['version>2', true],
    ['version>3', false],
    ['version<4', true],
    ['app>1', false],
    ['app=web,tier=fe', true],
    ['app=web,tier=be', false],
    ['', true],
  ])('%j -> %s', (text, want) => {
    expect(matches(parseSelector(text), pod)).toBe(want);
  });

  it('handles missing label maps and large value sets', () => {
    expect(matches(parseSelector('!a'), undefined)).toBe(true);
    expect(matches(parseSelector('a'), null)).toBe(false);
    const many = parseSelector('v in (a,b,c,d,e,f,g,h,i)');
    expect(many.requirements[0]!.valueSet?.has('h')).toBe(true);
    expect(matches(many, { v: 'h' })).toBe(true);
    expect(matches(many, { v: 'z' })).toBe(false);
  });

  it('does not look at inherited properties', () => {
    expect(matches(parseSelector('toString'), {})).toBe(false);
  });

  it('nothing matches nothing, everything matches all', () => {
    expect(matches(nothing(), { a: 'b' })).toBe(false);
    expect(matches(everything(), {})).toBe(true);
    expect(isEmpty(everything())).toBe(true);
    expect(isEmpty(nothing())).toBe(false);
    expect(isEmpty(parseSelector('a=b'))).toBe(false);
  });
});

describe('selectorFromLabelSelector', () => {
  it('combines matchLabels and matchExpressions', () => {
    const sel = selectorFromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['fe', 'be'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists' },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
      ],
    });
    expect(selectorToString(sel)).toBe('app=web,!canary,env notin (dev),tier in (be,fe),zone');
    expect(matches(sel, { app: 'web', tier: 'fe', zone: 'a' })).toBe(true);
    expect(matches(sel, { app: 'web', tier: 'fe', zone: 'a', canary: 'y' })).toBe(false);
    expect(matches(sel, { app: 'web', tier: 'db', zone: 'a' })).toBe(false);
  });

  it('null selects nothing, {} selects everything', () => {
    expect(selectorFromLabelSelector(null).nothing).toBe(true);
    expect(selectorFromLabelSelector(undefined).nothing).toBe(true);
    expect(isEmpty(selectorFromLabelSelector({}))).toBe(true);
    expect(isEmpty(selectorFromLabelSelector({ matchLabels: {}, matchExpressions: [] }))).toBe(true);
  });

  it('throws the metav1 messages', () => {
    expect(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Seriously' }] })).toThrow(
      '"Seriously" is not a valid label selector operator',
    );
    expect(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toThrow(
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    );
    expect(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] })).toThrow(
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    );
    expect(() => selectorFromLabelSelector({ matchLabels: { 'bad key': 'v' } })).toThrow(`key: Invalid value: "bad key": ${NAME_PART}`);
  });
});

describe('helpers', () => {
  it('matchLabelsOnly returns equality maps only', () => {
    expect(matchLabelsOnly(parseSelector('app=web,tier==fe'))).toEqual({ app: 'web', tier: 'fe' });
    expect(matchLabelsOnly(parseSelector('app in (web)'))).toEqual({ app: 'web' });
    expect(matchLabelsOnly(parseSelector(''))).toEqual({});
    expect(matchLabelsOnly(parseSelector('app=web,!canary'))).toBeUndefined();
    expect(matchLabelsOnly(parseSelector('app in (web,db)'))).toBeUndefined();
    expect(matchLabelsOnly(parseSelector('a=1,a=2'))).toBeUndefined();
    expect(matchLabelsOnly(nothing())).toBeUndefined();
    expect(matchLabelsOnly(selectorFromSet({ b: '2', a: '1' }))).toEqual({ a: '1', b: '2' });
  });

  it('requiresExactMatch and selectorFromSet', () => {
    expect(requiresExactMatch(parseSelector('app=web,tier in (a,b)'), 'app')).toBe('web');
    expect(requiresExactMatch(parseSelector('app=web,tier in (a,b)'), 'tier')).toBeUndefined();
    expect(selectorToString(selectorFromSet({ tier: 'fe', app: 'web' }))).toBe('app=web,tier=fe');
    expect(isEmpty(selectorFromSet({}))).toBe(true);
  });

  it('formatLabelSelector prints like kubectl describe', () => {
    expect(formatLabelSelector({ matchLabels: { app: 'web' } })).toBe('app=web');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(null)).toBe('<none>');
  });

  it('caches parsed selectors', () => {
    expect(parseSelector('cache=me')).toBe(parseSelector('cache=me'));
  });
});

describe('validation messages', () => {
  it('validates keys', () => {
    expect(validateLabelKey('app')).toEqual([]);
    expect(validateLabelKey('app.kubernetes.io/name')).toEqual([]);
    expect(validateLabelKey('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(validateLabelKey('/a')).toEqual(['prefix part must be non-empty']);
    expect(validateLabelKey('a/')).toEqual(['name part must be non-empty', NAME_PART]);
    expect(validateLabelKey('-a')).toEqual([NAME_PART]);
  });

  it('validates values', () => {
    expect(validateLabelValue('')).toEqual([]);
    expect(validateLabelValue('v1.2_x-y')).toEqual([]);
    expect(validateLabelValue('-x')).toEqual([LABEL_VALUE]);
    expect(validateLabelValue('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('selectorFromLabelSelector cache', () => {
  it('returns the same selector for the same (immutable) object', () => {
    const ls = { matchLabels: { app: 'web' } };
    expect(selectorFromLabelSelector(ls)).toBe(selectorFromLabelSelector(ls));
    expect(selectorFromLabelSelector({ matchLabels: { app: 'web' } })).not.toBe(selectorFromLabelSelector(ls));
  });
});
