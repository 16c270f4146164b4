import { describe, expect, it } from 'vitest';
import {
  ALL_NAMESPACES_FLAG,
  FlagError,
  FlagSet,
  formatKubectlFlagError,
  kubectlFlagSet,
  parseFlags,
  parseGoDuration,
  parseGoInt,
  tryParse,
  type FlagSpec,
} from '../../src/commands/flags.js';

const GET: FlagSpec[] = [
  ALL_NAMESPACES_FLAG,
  { name: 'output', shorthand: 'o', type: 'string' },
  { name: 'selector', shorthand: 'l', type: 'string' },
  { name: 'watch', shorthand: 'w', type: 'bool' },
  { name: 'label-columns', shorthand: 'L', type: 'stringSlice' },
  { name: 'chunk-size', type: 'int64', default: 500 },
];
const get = () => kubectlFlagSet('kubectl get', GET);

function parseError(set: FlagSet, argv: string[]): { kind: string; message: string } {
  try {
    set.parse(argv);
  } catch (err) {
    if (err instanceof FlagError) return { kind: err.kind, message: err.message };
    throw err;
  }
  throw new Error(`parsed without error: ${argv.join(' ')}`);
}

describe('FlagSet.parse: grammar', () => {
  it('--name=value, --name value, -n value, -nvalue, -n=value', () => {
    for (const argv of [
      ['--namespace=kube-system'],
      ['--namespace', 'kube-system'],
      ['-n', 'kube-system'],
      ['-nkube-system'],
      ['-n=kube-system'],
    ]) {
      const r = get().parse(['pods', ...argv]);
      expect(r.flags.namespace).toBe('kube-system');
      expect(r.args).toEqual(['pods']);
      expect(r.changed.has('namespace')).toBe(true);
    }
  });

  it('fills defaults and reports only what was given as changed', () => {
    const r = get().parse(['pods']);
    expect(r.flags.namespace).toBe('');
    expect(r.flags['all-namespaces']).toBe(false);
    expect(r.flags['chunk-size']).toBe(500);
    expect(r.flags['cache-dir']).toBe('/root/.kube/cache');
    expect(r.flags['log-flush-frequency']).toBe(5000);
    expect(r.changed.size).toBe(0);
    expect(r.argsLenAtDash).toBe(-1);
    expect(r.help).toBe(false);
  });

  it('bundles bool shorthands and lets the last one take a value', () => {
    const r = get().parse(['pods', '-Aw', '-Aowide']);
    expect(r.flags['all-namespaces']).toBe(true);
    expect(r.flags.watch).toBe(true);
    expect(r.flags.output).toBe('wide');
  });

  it('bool flags take =false but never the next argument', () => {
    const r = get().parse(['--watch=false', '-A', 'false']);
    expect(r.flags.watch).toBe(false);
    expect(r.changed.has('watch')).toBe(true);
    expect(r.flags['all-namespaces']).toBe(true);
    expect(r.args).toEqual(['false']);
  });

  it('flags may follow positional args (interspersed), unless disabled', () => {
    expect(get().parse(['pods', 'web', '-n', 'x', 'db']).args).toEqual(['pods', 'web', 'db']);
    const r = get().parse(['-n', 'x', 'web', 'sh', '-c', 'ls'], { interspersed: false });
    expect(r.args).toEqual(['web', 'sh', '-c', 'ls']);
    expect(r.flags.namespace).toBe('x');
  });

  it('-- ends the flags and records where it was', () => {
    const r = get().parse(['web', '-n', 'x', '--', 'sh', '-c', '-n']);
    expect(r.args).toEqual(['web', 'sh', '-c', '-n']);
    expect(r.argsLenAtDash).toBe(1);
    expect(r.flags.namespace).toBe('x');
  });

  it('a value may start with a dash when the flag needs one; - alone is positional', () => {
    const r = get().parse(['-l', '-app', '-']);
    expect(r.flags.selector).toBe('-app');
    expect(r.args).toEqual(['-']);
  });

  it('scalars keep the last value; arrays, slices and maps accumulate', () => {
    const set = new FlagSet('t', [
      { name: 'env', shorthand: 'e', type: 'stringArray' },
      { name: 'cols', type: 'stringSlice', default: ['x'] },
      { name: 'labels', type: 'stringToString', default: { keep: 'no' } },
      { name: 'image', type: 'string' },
      { name: 'verbose', shorthand: 'v', type: 'count' },
    ]);
    const r = set.parse([
      '--image=a', '--image=b',
      '-e', 'A=1,B=2', '--env=C=3',
      '--cols=a,b', '--cols', 'c',
      '--labels', 'app=web', '--labels=tier=fe,env=prod',
      '-vvv',
    ]);
    expect(r.flags.image).toBe('b');
    expect(r.flags.env).toEqual(['A=1,B=2', 'C=3']);
    expect(r.flags.cols).toEqual(['a', 'b', 'c']);
    expect(r.flags.labels).toEqual({ app: 'web', tier: 'fe', env: 'prod' });
    expect(r.flags.verbose).toBe(3);
    // Defaults are copied, never shared with the spec.
    expect(set.parse([]).flags.cols).toEqual(['x']);
    expect(set.parse([]).flags.labels).toEqual({ keep: 'no' });
  });

  it('stringToString keeps a single pair with commas whole; stringSlice honours CSV quotes', () => {
    const set = new FlagSet('t', [
      { name: 'm', type: 'stringToString' },
      { name: 's', type: 'stringSlice' },
    ]);
    const r = set.parse(['--m', 'a=1,2', '--s', '"x,y",z']);
    expect(r.flags.m).toEqual({ a: '1,2' });
    expect(r.flags.s).toEqual(['x,y', 'z']);
  });

  it('types: int base prefixes, durations in ms, floats', () => {
    const set = new FlagSet('t', [
      { name: 'n', type: 'int' },
      { name: 'd', type: 'duration' },
      { name: 'f', type: 'float64' },
    ]);
    const r = set.parse(['--n=0x1f', '--d=1h2m3.5s', '--f=1.5e2']);
    expect(r.flags).toMatchObject({ n: 31, d: 3_723_500, f: 150 });
    expect(parseGoInt('010')).toBe(8);
    expect(parseGoInt('1_000')).toBe(1000);
    expect(parseGoInt('010', 32, 10)).toBe(10);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('-2m')).toBe(-120_000);
    expect(parseGoDuration('300us')).toBeCloseTo(0.3);
    expect(parseGoDuration('0')).toBe(0);
  });

  it('--help and -h set help (cobra\'s implicit flag)', () => {
    expect(get().parse(['pods', '--help']).help).toBe(true);
    expect(get().parse(['-h']).help).toBe(true);
    expect(get().parse(['--help=false']).help).toBe(false);
  });

  it('kubectl normalises _ to - in flag names', () => {
    expect(get().parse(['--all_namespaces']).flags['all-namespaces']).toBe(true);
  });

  it('deprecated flags still work and produce pflag\'s notice', () => {
    const set = new FlagSet('t', [{ name: 'old', type: 'bool', deprecated: 'use --new instead' }]);
    expect(set.parse(['--old']).warnings).toEqual(['Flag --old has been deprecated, use --new instead']);
  });

  it('shares global flags without redefining them', () => {
    const set = kubectlFlagSet('kubectl logs', [{ name: 'since', type: 'duration' }]).addAll([{ name: 'namespace', type: 'int' }]);
    expect(set.lookup('namespace')!.type).toBe('string');
    expect(set.parse(['--since=10m', '-v', '6', '--as-group=a', '--as-group=b']).flags).toMatchObject({
      since: 600_000,
      v: 6,
      'as-group': ['a', 'b'],
    });
  });

  it('refuses duplicate names and shorthands like pflag panics', () => {
    expect(() => new FlagSet('kubectl get', [{ name: 'a', type: 'bool' }, { name: 'a', type: 'bool' }])).toThrow(
      'kubectl get flag redefined: a',
    );
    expect(
      () => new FlagSet('kubectl get', [{ name: 'a', shorthand: 'x', type: 'bool' }, { name: 'b', shorthand: 'x', type: 'bool' }]),
    ).toThrow(`unable to redefine 'x' shorthand in "kubectl get" flagset: it's already used for "a" flag`);
  });
});

describe('FlagSet.parse: pflag error messages', () => {
  // Each message was checked against kubectl 1.32 (pflag) output.
  const cases: [string[], string, string][] = [
    [['--foo'], 'unknown-flag', 'unknown flag: --foo'],
    [['--foo=bar'], 'unknown-flag', 'unknown flag: --foo'],
    [['--all_namespacez'], 'unknown-flag', 'unknown flag: --all_namespacez'],
    [['-z'], 'unknown-shorthand', "unknown shorthand flag: 'z' in -z"],
    [['-Az'], 'unknown-shorthand', "unknown shorthand flag: 'z' in -z"],
    [['-zA'], 'unknown-shorthand', "unknown shorthand flag: 'z' in -zA"],
    [['pods', '--namespace'], 'needs-argument', 'flag needs an argument: --namespace'],
    [['pods', '-n'], 'needs-argument', "flag needs an argument: 'n' in -n"],
    [['-An'], 'needs-argument', "flag needs an argument: 'n' in -n"],
    [['---x'], 'bad-syntax', 'bad flag syntax: ---x'],
    [['--=x'], 'bad-syntax', 'bad flag syntax: --=x'],
    [['-A=maybe'], 'invalid-argument', 'invalid argument "maybe" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
    [['--chunk-size=abc'], 'invalid-argument', 'invalid argument "abc" for "--chunk-size" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
    [['--chunk-size=08'], 'invalid-argument', 'invalid argument "08" for "--chunk-size" flag: strconv.ParseInt: parsing "08": invalid syntax'],
    [['-vv'], 'invalid-argument', 'invalid argument "v" for "-v, --v" flag: strconv.ParseInt: parsing "v": invalid syntax'],
    [['-v=0x10'], 'invalid-argument', 'invalid argument "0x10" for "-v, --v" flag: strconv.ParseInt: parsing "0x10": invalid syntax'],
    [['-L', 'a"b'], 'invalid-argument', 'invalid argument "a\\"b" for "-L, --label-columns" flag: parse error on line 1, column 2: bare " in non-quoted-field'],
    [['-L', 'x,a"b'], 'invalid-argument', 'invalid argument "x,a\\"b" for "-L, --label-columns" flag: parse error on line 1, column 4: bare " in non-quoted-field'],
    [['-L', '"a"b'], 'invalid-argument', 'invalid argument "\\"a\\"b" for "-L, --label-columns" flag: parse error on line 1, column 3: extraneous or missing " in quoted-field'],
    [['-L', 'a,"b'], 'invalid-argument', 'invalid argument "a,\\"b" for "-L, --label-columns" flag: parse error on line 1, column 5: extraneous or missing " in quoted-field'],
  ];
  for (const [argv, kind, message] of cases) {
    it(`${argv.join(' ')} -> ${message}`, () => {
      expect(parseError(get(), argv)).toEqual({ kind, message });
    });
  }

  it('int range and duration errors carry Go\'s strconv/time text', () => {
    const set = new FlagSet('kubectl', [
      { name: 'replicas', type: 'int' },
      { name: 'r32', shorthand: 'r', type: 'int32' },
      { name: 'since', type: 'duration' },
      { name: 'labels', type: 'stringToString' },
    ]);
    expect(parseError(set, ['--replicas=abc']).message).toBe(
      'invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax',
    );
    expect(parseError(set, ['-r', '99999999999']).message).toBe(
      'invalid argument "99999999999" for "-r, --r32" flag: strconv.ParseInt: parsing "99999999999": value out of range',
    );
    expect(parseError(set, ['--replicas=99999999999999999999']).message).toBe(
      'invalid argument "99999999999999999999" for "--replicas" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range',
    );
    expect(parseError(set, ['--since=abc']).message).toBe('invalid argument "abc" for "--since" flag: time: invalid duration "abc"');
    expect(parseError(set, ['--since=10']).message).toBe('invalid argument "10" for "--since" flag: time: missing unit in duration "10"');
    expect(parseError(set, ['--since=5x']).message).toBe(
      'invalid argument "5x" for "--since" flag: time: unknown unit "x" in duration "5x"',
    );
    expect(parseError(set, ['--labels=app']).message).toBe('invalid argument "app" for "--labels" flag: app must be formatted as key=value');
  });
});

describe('kubectl error formatting', () => {
  it('formats like kubectl: error: ..., See \'<path> --help\' for usage.', () => {
    const err = new FlagError('unknown-flag', 'unknown flag: --foo');
    expect(formatKubectlFlagError(err, 'kubectl get')).toBe("error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n");
  });

  it('tryParse returns a palette result with exit status 1', () => {
    const r = tryParse(get(), ['pods', '--foo'], 'kubectl get');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.result).toEqual({ stdout: '', stderr: "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n", exitCode: 1 });
    }
    const good = tryParse(get(), ['pods', '-A'], 'kubectl get');
    expect(good.ok && good.parsed.flags['all-namespaces']).toBe(true);
  });

  it('parseFlags is a one-off parse', () => {
    expect(parseFlags(['-it', 'web'], [
      { name: 'stdin', shorthand: 'i', type: 'bool' },
      { name: 'tty', shorthand: 't', type: 'bool' },
    ])).toMatchObject({ flags: { stdin: true, tty: true }, args: ['web'] });
  });
});
