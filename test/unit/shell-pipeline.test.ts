import { describe, expect, it } from 'vitest';
import { FILTERS, filterResolver } from '../../src/commands/shell/filters/index.js';
import { runPipeline, type CommandResolver, type CommandRunner } from '../../src/commands/shell/pipeline.js';

const PODS = [
  'NAME                  READY   STATUS             RESTARTS   AGE',
  'web-7d4b9c8f5-abcde   1/1     Running            0          5m',
  'web-7d4b9c8f5-fghij   0/1     CrashLoopBackOff   7          20m',
  'db-0                  1/1     Running            0          3h',
].join('\n') + '\n';

const kubectl: CommandRunner = (argv) => {
  if (argv[1] === 'get') return { stdout: PODS, stderr: '', exitCode: 0 };
  return { stdout: '', stderr: `error: unknown command "${argv[1]}" for "kubectl"\n`, exitCode: 1 };
};
const resolve: CommandResolver = filterResolver((name) => (name === 'kubectl' ? kubectl : undefined));

describe('runPipeline', () => {
  it('expands command substitution when the command runs, splitting unquoted output into words', () => {
    const argvOf: CommandRunner = (argv) => ({ stdout: argv.slice(1).map((a) => `[${a}]`).join('') + '\n', stderr: '', exitCode: 0 });
    const r: CommandResolver = filterResolver((name) => (name === 'kubectl' ? kubectl : name === 'args' ? argvOf : undefined));
    expect(runPipeline('args $(kubectl get pods | grep db | cut -d" " -f1)', r).stdout).toBe('[db-0]\n');
    expect(runPipeline('args x$(echo "a  b")y', r).stdout).toBe('[xa][by]\n');
    expect(runPipeline('args "x$(echo "a  b")y" `echo c`', r).stdout).toBe('[xa  by][c]\n');
    expect(runPipeline('args $(echo) z', r).stdout).toBe('[z]\n');
    expect(runPipeline("args '$(not run)'", r).stdout).toBe('[$(not run)]\n');
    expect(runPipeline('args $(echo "(nested $(echo deep))")', r).stdout).toBe('[(nested][deep)]\n');
    expect(runPipeline('args $(kubectl foo)', r)).toEqual({ stdout: '\n', stderr: 'error: unknown command "foo" for "kubectl"\n', exitCode: 0 });
    expect(runPipeline('$(echo)', r)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('feeds each stage the previous stdout', () => {
    expect(runPipeline('kubectl get pods | grep Running | wc -l', resolve)).toEqual({ stdout: '2\n', stderr: '', exitCode: 0 });
  });

  it('exit code is the last stage, stderr of every stage is kept (no pipefail)', () => {
    expect(runPipeline('kubectl foo | wc -l', resolve)).toEqual({
      stdout: '0\n',
      stderr: 'error: unknown command "foo" for "kubectl"\n',
      exitCode: 0,
    });
    expect(runPipeline('kubectl get pods | grep Pending', resolve)).toEqual({ stdout: '', stderr: '', exitCode: 1 });
  });

  it('unknown commands give bash\'s message and 127', () => {
    expect(runPipeline('foo bar', resolve)).toEqual({ stdout: '', stderr: 'bash: foo: command not found\n', exitCode: 127 });
    expect(runPipeline("'' x", resolve)).toEqual({ stdout: '', stderr: 'bash: : command not found\n', exitCode: 127 });
    expect(runPipeline('echo hi | nosuch', resolve).stderr).toBe('bash: nosuch: command not found\n');
  });

  it('runs && || ; like bash', () => {
    expect(runPipeline('kubectl get pods | grep -q db && echo found', resolve)).toEqual({ stdout: 'found\n', stderr: '', exitCode: 0 });
    expect(runPipeline('kubectl get pods | grep -q nope && echo found', resolve)).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(runPipeline('false || echo fallback', resolve).stdout).toBe('fallback\n');
    expect(runPipeline('false || echo y && echo z', resolve).stdout).toBe('y\nz\n');
    expect(runPipeline('true || echo x', resolve)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(runPipeline('echo a; false; echo b', resolve)).toEqual({ stdout: 'a\nb\n', stderr: '', exitCode: 0 });
    expect(runPipeline('echo a; false', resolve).exitCode).toBe(1);
  });

  it('applies 2>&1, 2>/dev/null, >/dev/null and |&', () => {
    expect(runPipeline('kubectl foo 2>&1 | grep -c unknown', resolve).stdout).toBe('1\n');
    expect(runPipeline('kubectl foo |& wc -l', resolve)).toEqual({ stdout: '1\n', stderr: '', exitCode: 0 });
    expect(runPipeline('kubectl foo 2>/dev/null', resolve)).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(runPipeline('echo a >/dev/null; echo b', resolve).stdout).toBe('b\n');
    expect(runPipeline('nosuch 2>/dev/null; echo after', resolve)).toEqual({ stdout: 'after\n', stderr: '', exitCode: 0 });
  });

  it('turns syntax errors into bash output with status 2', () => {
    expect(runPipeline("grep 'abc", resolve)).toEqual({
      stdout: '',
      stderr: "bash: unexpected EOF while looking for matching `''\n",
      exitCode: 2,
    });
    expect(runPipeline('kubectl get pods |', resolve)).toEqual({
      stdout: '',
      stderr: 'bash: syntax error: unexpected end of file\n',
      exitCode: 2,
    });
  });

  it('an empty line does nothing and succeeds', () => {
    expect(runPipeline('   ', resolve)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('a throwing runner is reported, not propagated', () => {
    const broken: CommandResolver = (n) => (n === 'boom' ? () => { throw new Error('kaput'); } : undefined);
    expect(runPipeline('boom', broken)).toEqual({ stdout: '', stderr: 'boom: internal error: kaput\n', exitCode: 1 });
  });

  it('FILTERS holds the text tools and builtins', () => {
    expect(Object.keys(FILTERS).sort()).toEqual(
      ['cat', 'cut', 'echo', 'egrep', 'false', 'fgrep', 'grep', 'head', 'printf', 'sort', 'tail', 'true', 'uniq', 'wc'],
    );
  });

  it('echo and printf behave like the bash builtins', () => {
    expect(runPipeline(`echo 'a b' "c  d" x\\ y`, resolve).stdout).toBe('a b c  d x y\n');
    expect(runPipeline('echo -n abc | wc -c', resolve).stdout).toBe('3\n');
    expect(runPipeline("echo -e 'a\\tb'", resolve).stdout).toBe('a\tb\n');
    expect(runPipeline("printf '%s=%d\\n' a 1 b 2", resolve).stdout).toBe('a=1\nb=2\n');
    expect(runPipeline("printf '%5s|%-3s|%03d\\n' ab c 7", resolve).stdout).toBe('   ab|c  |007\n');
  });
});
