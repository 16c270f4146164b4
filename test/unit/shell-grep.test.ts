import { describe, expect, it } from 'vitest';
import { grep } from '../../src/commands/shell/filters/grep.js';

// Expected outputs were checked against GNU grep 3.8 under C.UTF-8.
const LINES = 'a\nb\nc\na\nx\ny\nz\na\n';
const PODS = [
  'NAME          STATUS             AGE',
  'web-abcde     Running            5m',
  'web-fghij     CrashLoopBackOff   20m',
  'db-0          Running            3h',
  'worker-(x)    Pending            1G',
  'a+b|c         Running            5',
].join('\n') + '\n';

const run = (args: string[], stdin = PODS) => grep(['grep', ...args], stdin);
const out = (args: string[], stdin = PODS) => run(args, stdin).stdout;
const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

describe('grep: selection', () => {
  it('prints matching lines, exit 0; nothing matched is exit 1', () => {
    expect(run(['Running'])).toEqual({
      stdout: 'web-abcde     Running            5m\ndb-0          Running            3h\na+b|c         Running            5\n',
      stderr: '',
      exitCode: 0,
    });
    expect(run(['Nope'])).toEqual({ stdout: '', stderr: '', exitCode: 1 });
  });

  it('-i -v -c and combined short flags', () => {
    expect(out(['-c', 'Running'])).toBe('3\n');
    expect(out(['-ic', 'running'])).toBe('3\n');
    expect(out(['-vc', 'Running'])).toBe('3\n');
    expect(out(['-iv', 'RUNNING'])).toBe('NAME          STATUS             AGE\nweb-fghij     CrashLoopBackOff   20m\nworker-(x)    Pending            1G\n');
    expect(run(['-c', 'zzz'])).toEqual({ stdout: '0\n', stderr: '', exitCode: 1 });
  });

  it('options may follow the pattern (GNU permutation) and -- ends them', () => {
    expect(out(['db', '-n'])).toBe('4:db-0          Running            3h\n');
    expect(out(['-c', '--', '-0'])).toBe('1\n');
  });

  it('-n numbers lines, -e takes several patterns', () => {
    expect(out(['-n', '-e', 'a', '-e', 'x\\|z'], LINES)).toBe('1:a\n4:a\n5:x\n7:z\n8:a\n');
  });

  it('-w and -x', () => {
    expect(out(['-ow', 'a'], 'ab a_ a-b\n')).toBe('a\n');
    expect(out(['-c', '-w', 'web'])).toBe('2\n');
    expect(out(['-x', 'db-0.*'])).toBe('db-0          Running            3h\n');
    expect(run(['-x', 'db-0'])).toEqual({ stdout: '', stderr: '', exitCode: 1 });
  });

  it('-o prints each match; -F is literal', () => {
    expect(out(['-o', 'web-[a-z]*'])).toBe('web-abcde\nweb-fghij\n');
    expect(out(['-F', '(x)'])).toBe('worker-(x)    Pending            1G\n');
    expect(run(['-F', 'x.y'], 'xzy\n').exitCode).toBe(1);
    expect(out(['-o', 'x.y'], 'x.y\n')).toBe('x.y\n');
  });

  it('-q prints nothing; -l and -L print the stdin label', () => {
    expect(run(['-q', 'db'])).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(run(['-q', 'nope']).exitCode).toBe(1);
    expect(out(['-l', 'db'])).toBe('(standard input)\n');
    expect(run(['-L', 'db'])).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(out(['-H', 'Pending'])).toBe('(standard input):worker-(x)    Pending            1G\n');
  });

  it('-m stops after NUM selected lines', () => {
    expect(out(['-m1', 'a'], LINES)).toBe('a\n');
    expect(out(['-c', '-m', '2', 'a'], LINES)).toBe('2\n');
  });

  it('files cannot be read: GNU message, exit 2 unless -q found a match', () => {
    expect(run(['-c', 'db', '-', 'nofile'])).toEqual({
      stdout: '(standard input):1\n',
      stderr: 'grep: nofile: No such file or directory\n',
      exitCode: 2,
    });
    expect(run(['-q', 'db', '-', 'nofile']).exitCode).toBe(0);
    expect(run(['-s', 'db', 'nofile'])).toEqual({ stdout: '', stderr: '', exitCode: 2 });
    expect(run(['-f', 'pats.txt'])).toEqual({ stdout: '', stderr: 'grep: pats.txt: No such file or directory\n', exitCode: 2 });
  });

  it('adds the missing final newline', () => {
    expect(run(['b'], 'a\nb')).toEqual({ stdout: 'b\n', stderr: '', exitCode: 0 });
  });
});

describe('grep: context', () => {
  it('-A with -n marks context with - and separates groups with --', () => {
    expect(out(['-n', '-A1', 'a'], LINES)).toBe('1:a\n2-b\n--\n4:a\n5-x\n--\n8:a\n');
  });

  it('-B, -C and -NUM', () => {
    expect(out(['-B1', 'x'], LINES)).toBe('a\nx\n');
    expect(out(['-C1', '-n', 'y'], LINES)).toBe('5-x\n6:y\n7-z\n');
    expect(out(['-2', '-n', 'y'], LINES)).toBe('4-a\n5-x\n6:y\n7-z\n8-a\n');
  });

  it('adjacent groups merge without a separator', () => {
    expect(out(['-A1', 'a'], 'a\nb\na\nb\n')).toBe('a\nb\na\nb\n');
  });

  it('-A0 still separates non-adjacent matches, --no-group-separator does not', () => {
    expect(out(['-A0', 'a'], 'a\nb\na\n')).toBe('a\n--\na\n');
    expect(out(['--no-group-separator', '-A0', 'a'], 'a\nb\na\n')).toBe('a\na\n');
    expect(out(['--group-separator=XX', '-A0', 'a'], 'a\nb\na\n')).toBe('a\nXX\na\n');
  });

  it('-o with context prints no context lines but keeps the separators', () => {
    expect(out(['-o', '-A1', 'a'], LINES)).toBe('a\n--\na\n--\na\n');
  });

  it('-m keeps the trailing context, even matching lines', () => {
    expect(out(['-m1', '-A2', 'a'], 'a\na\nb\nc\n')).toBe('a\na\nb\n');
  });
});

describe('grep: regular expressions', () => {
  it('BRE: \\| \\+ \\? \\( \\) \\{ \\} are operators, bare ones are literal', () => {
    expect(out(['a+b|c'])).toBe('a+b|c         Running            5\n');
    expect(out(['(x)'])).toBe('worker-(x)    Pending            1G\n');
    expect(out(['-o', 'a\\+'], 'aa\n')).toBe('aa\n');
    expect(out(['-c', 'Runn\\?ing'])).toBe('3\n');
    expect(out(['-o', 'a\\{2\\}'], 'aab\n')).toBe('aa\n');
    expect(out(['-o', '\\(ab\\)*c'], 'ababc\n')).toBe('ababc\n');
    expect(out(['-o', '*a'], '*a\n')).toBe('*a\n');
    // ^ mid-pattern is literal, a final $ still anchors.
    expect(out(['-o', 'a^b$'], 'a^b\n')).toBe('a^b\n');
    expect(run(['a^b$'], 'a^b$\n').exitCode).toBe(1);
  });

  it('ERE: | + ? () {} are operators, backslashed ones literal', () => {
    expect(out(['-E', 'Crash|Pend', '-c'])).toBe('2\n');
    expect(out(['-E', 'a\\+b\\|c'])).toBe('a+b|c         Running            5\n');
    expect(out(['-E', '\\(x\\)'])).toBe('worker-(x)    Pending            1G\n');
    expect(out(['-oE', '[0-9]{1,2}[mh]'])).toBe('5m\n20m\n3h\n');
    expect(out(['-E', 'a{1'], 'a{1\n')).toBe('a{1\n');
    expect(run(['-E', 'a)'], 'a)\n').stdout).toBe('a)\n');
  });

  it('leftmost-longest across alternatives, back-references, classes, word anchors', () => {
    expect(out(['-oE', 'ab|abcd'], 'abcd\n')).toBe('abcd\n');
    expect(out(['-E', '(a|b)\\1'], 'xaay\nab\n')).toBe('xaay\n');
    expect(out(['-o', '[[:digit:]]h'])).toBe('3h\n');
    expect(out(['-o', '\\<[a-z]\\+-0\\>'])).toBe('db-0\n');
    expect(out(['-o', '[]a]'], ']a\n')).toBe(']\na\n');
  });

  it('-P uses Perl-style (JavaScript) syntax', () => {
    expect(out(['-P', '\\d+h$'])).toBe('db-0          Running            3h\n');
  });

  it('regex errors use GNU wording and exit 2', () => {
    const cases: [string[], string][] = [
      [['a\\{1'], 'grep: Unmatched \\{\n'],
      [['x\\{2,1\\}'], 'grep: Invalid content of \\{\\}\n'],
      [['['], 'grep: Invalid regular expression\n'],
      [['[a'], 'grep: Unmatched [, [^, [:, [., or [=\n'],
      [['a\\'], 'grep: Trailing backslash\n'],
      [['\\(a'], 'grep: Unmatched ( or \\(\n'],
      [['-E', '(a'], 'grep: Unmatched ( or \\(\n'],
      [['\\1'], 'grep: Invalid back reference\n'],
      [['[:space:]'], 'grep: character class syntax is [[:space:]], not [:space:]\n'],
      [['[[:foo:]]'], 'grep: Invalid character class name\n'],
    ];
    for (const [args, stderr] of cases) expect(run(args, 'aab\n')).toEqual({ stdout: '', stderr, exitCode: 2 });
  });
});

describe('grep: option errors', () => {
  it('invalid and unrecognized options print the usage hint, exit 2', () => {
    expect(run(['-Q', 'x'])).toEqual({ stdout: '', stderr: `grep: invalid option -- 'Q'\n${USAGE}`, exitCode: 2 });
    expect(run(['--foo', 'a'])).toEqual({ stdout: '', stderr: `grep: unrecognized option '--foo'\n${USAGE}`, exitCode: 2 });
    expect(run(['--foo=bar', 'a']).stderr).toBe(`grep: unrecognized option '--foo=bar'\n${USAGE}`);
  });

  it('missing pattern or option argument', () => {
    expect(run([])).toEqual({ stdout: '', stderr: USAGE, exitCode: 2 });
    expect(run(['-A'])).toEqual({ stdout: '', stderr: `grep: option requires an argument -- 'A'\n${USAGE}`, exitCode: 2 });
    expect(run(['--regexp']).stderr).toBe(`grep: option '--regexp' requires an argument\n${USAGE}`);
  });

  it('long options: unique prefixes work, ambiguous ones list the candidates', () => {
    expect(out(['--cou', 'Running'])).toBe('3\n');
    expect(run(['--co', 'a']).stderr).toBe(
      `grep: option '--co' is ambiguous; possibilities: '--context' '--color' '--colour' '--count'\n${USAGE}`,
    );
    expect(run(['--count=1', 'a']).stderr).toBe(`grep: option '--count' doesn't allow an argument\n${USAGE}`);
  });

  it('bad numbers and conflicting matchers', () => {
    expect(run(['-A', 'x', 'a'])).toEqual({ stdout: '', stderr: 'grep: x: invalid context length argument\n', exitCode: 2 });
    expect(run(['-m', 'x', 'a'])).toEqual({ stdout: '', stderr: 'grep: invalid max count\n', exitCode: 2 });
    expect(run(['-E', '-F', 'a'])).toEqual({ stdout: '', stderr: 'grep: conflicting matchers specified\n', exitCode: 2 });
  });

  it('--help prints the usage to stdout', () => {
    const r = run(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith('Usage: grep [OPTION]... PATTERNS [FILE]...\nSearch for PATTERNS in each FILE.\n')).toBe(true);
  });
});
