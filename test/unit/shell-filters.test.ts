import { describe, expect, it } from 'vitest';
import { cut } from '../../src/commands/shell/filters/cut.js';
import { head } from '../../src/commands/shell/filters/head.js';
import { sort } from '../../src/commands/shell/filters/sort.js';
import { tail } from '../../src/commands/shell/filters/tail.js';
import { uniq } from '../../src/commands/shell/filters/uniq.js';
import { wc } from '../../src/commands/shell/filters/wc.js';

// Expected outputs were checked against GNU coreutils 9.1 under C.UTF-8 (‘curly’ quotes).
const NUMS = Array.from({ length: 12 }, (_, i) => `line${i + 1}`).join('\n') + '\n';
const TABLE = [
  'NAME    STATUS    RESTARTS  AGE',
  'web-1   Running   0         5m',
  'web-2   Crash     7         20m',
  'db-0    Running   0         3h',
  'api-9   Running   2         10K',
  'job-x   Pending   0         2M',
].join('\n') + '\n';

const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

describe('head', () => {
  it('defaults to 10 lines; -n N, -N, --lines=N', () => {
    expect(head(['head'], NUMS).stdout.split('\n')).toHaveLength(11);
    expect(head(['head', '-n', '2'], NUMS)).toEqual(ok('line1\nline2\n'));
    expect(head(['head', '-3'], NUMS)).toEqual(ok('line1\nline2\nline3\n'));
    expect(head(['head', '--lines=1'], NUMS)).toEqual(ok('line1\n'));
    expect(head(['head', '--li=1'], NUMS)).toEqual(ok('line1\n'));
  });

  it('-n -N prints all but the last N; -c counts bytes', () => {
    expect(head(['head', '-n', '-10'], NUMS)).toEqual(ok('line1\nline2\n'));
    expect(head(['head', '-c', '7'], NUMS)).toEqual(ok('line1\nl'));
    expect(head(['head', '-c', '-4'], 'abcdef\n')).toEqual(ok('abc'));
    expect(head(['head', '-c', '1K'], NUMS).stdout).toBe(NUMS);
  });

  it('keeps a missing final newline missing', () => {
    expect(head(['head', '-n', '1'], 'a\nb')).toEqual(ok('a\n'));
    expect(head(['head'], 'a\nb')).toEqual(ok('a\nb'));
  });

  it('-v and several inputs print headers', () => {
    expect(head(['head', '-v', '-n1'], NUMS)).toEqual(ok('==> standard input <==\nline1\n'));
  });

  it('errors', () => {
    expect(head(['head', '-n', 'abc'], NUMS)).toEqual({ stdout: '', stderr: 'head: invalid number of lines: ‘abc’\n', exitCode: 1 });
    expect(head(['head', '-c', 'x'], NUMS)).toEqual({ stdout: '', stderr: 'head: invalid number of bytes: ‘x’\n', exitCode: 1 });
    expect(head(['head', '-x'], NUMS)).toEqual({
      stdout: '',
      stderr: "head: invalid option -- 'x'\nTry 'head --help' for more information.\n",
      exitCode: 1,
    });
    expect(head(['head', 'nofile'], NUMS)).toEqual({
      stdout: '',
      stderr: "head: cannot open 'nofile' for reading: No such file or directory\n",
      exitCode: 1,
    });
  });
});

describe('tail', () => {
  it('last N lines, -N, -n +N from line N', () => {
    expect(tail(['tail', '-n', '2'], NUMS)).toEqual(ok('line11\nline12\n'));
    expect(tail(['tail', '-1'], NUMS)).toEqual(ok('line12\n'));
    expect(tail(['tail', '-n', '+11'], NUMS)).toEqual(ok('line11\nline12\n'));
    expect(tail(['tail'], NUMS).stdout.startsWith('line3\n')).toBe(true);
    expect(tail(['tail', '-n', '0'], NUMS)).toEqual(ok(''));
  });

  it('-c N and -c +N; -f is ignored on a pipe', () => {
    expect(tail(['tail', '-c', '4'], 'abcdef\n')).toEqual(ok('def\n'));
    expect(tail(['tail', '-c', '+3'], 'abcdef\n')).toEqual(ok('cdef\n'));
    expect(tail(['tail', '-f', '-n', '1'], NUMS)).toEqual(ok('line12\n'));
  });

  it('keeps a missing final newline missing', () => {
    expect(tail(['tail', '-n', '1'], 'a\nb')).toEqual(ok('b'));
  });

  it('errors', () => {
    expect(tail(['tail', '-n', 'x'], NUMS)).toEqual({ stdout: '', stderr: 'tail: invalid number of lines: ‘x’\n', exitCode: 1 });
    expect(tail(['tail', '--foo'], NUMS)).toEqual({
      stdout: '',
      stderr: "tail: unrecognized option '--foo'\nTry 'tail --help' for more information.\n",
      exitCode: 1,
    });
    expect(tail(['tail', 'nofile'], NUMS).stderr).toBe("tail: cannot open 'nofile' for reading: No such file or directory\n");
  });
});

describe('wc', () => {
  it('a single count on stdin is a bare number', () => {
    expect(wc(['wc', '-l'], TABLE)).toEqual(ok('6\n'));
    expect(wc(['wc', '-w'], 'a b\nc\n')).toEqual(ok('3\n'));
    expect(wc(['wc', '-c'], 'héllo\n')).toEqual(ok('7\n'));
    expect(wc(['wc', '-m'], 'héllo\n')).toEqual(ok('6\n'));
    expect(wc(['wc', '-L'], 'x\ty\nab\n')).toEqual(ok('9\n'));
  });

  it('several counts use width 7 in GNU order (lines, words, chars, bytes, max)', () => {
    expect(wc(['wc'], 'a b\nc\n')).toEqual(ok('      2       3       6\n'));
    expect(wc(['wc', '-cl'], 'a b\nc\n')).toEqual(ok('      2       6\n'));
  });

  it('counts newlines, so a missing final newline is not a line', () => {
    expect(wc(['wc', '-l'], 'a\nb')).toEqual(ok('1\n'));
  });

  it('errors', () => {
    expect(wc(['wc', '-x'], '')).toEqual({
      stdout: '',
      stderr: "wc: invalid option -- 'x'\nTry 'wc --help' for more information.\n",
      exitCode: 1,
    });
    expect(wc(['wc', '-c', 'nofile'], '')).toEqual({ stdout: '', stderr: 'wc: nofile: No such file or directory\n', exitCode: 1 });
  });
});

describe('sort', () => {
  it('sorts by code point (C.UTF-8), -r reverses', () => {
    expect(sort(['sort'], 'b\na\nB\nA\n')).toEqual(ok('A\nB\na\nb\n'));
    expect(sort(['sort', '-r'], 'b\na\nc\n')).toEqual(ok('c\nb\na\n'));
    expect(sort(['sort', '-f'], 'b\nA\na\nB\n')).toEqual(ok('A\na\nB\nb\n'));
  });

  it('-n, -g and -h numeric orders', () => {
    expect(sort(['sort', '-n'], '10\n9\n-1\n1.5\nabc\n')).toEqual(ok('-1\nabc\n1.5\n9\n10\n'));
    expect(sort(['sort', '-g'], '10\n9\n-1\n1.5\nabc\n')).toEqual(ok('abc\n-1\n1.5\n9\n10\n'));
    expect(sort(['sort', '-h'], '10K\n2M\n-1\n5\n1G\n')).toEqual(ok('-1\n5\n10K\n2M\n1G\n'));
  });

  it('-k with fields, character offsets, per-key options and -t', () => {
    expect(sort(['sort', '-k3,3n', '-k1,1r'], TABLE)).toEqual(
      ok('web-1   Running   0         5m\njob-x   Pending   0         2M\ndb-0    Running   0         3h\nNAME    STATUS    RESTARTS  AGE\napi-9   Running   2         10K\nweb-2   Crash     7         20m\n'),
    );
    expect(sort(['sort', '-k2h'], 'a 10K\nb 1M\nc 512\n')).toEqual(ok('c 512\na 10K\nb 1M\n'));
    // A missing field is an empty key: the last-resort compare decides.
    expect(sort(['sort', '-k4h'], 'b 1M\na 10K\n')).toEqual(ok('a 10K\nb 1M\n'));
    expect(sort(['sort', '-t-', '-k2n'], 'web-10\napi-9\ndb-0\n')).toEqual(ok('db-0\napi-9\nweb-10\n'));
    expect(sort(['sort', '-k1.2,1.3'], 'xb\nya\nzc\n')).toEqual(ok('ya\nxb\nzc\n'));
  });

  it('-u keeps the first of each run of equal keys; -s disables the last-resort compare', () => {
    expect(sort(['sort', '-u', '-r'], '1\n1\n2\n')).toEqual(ok('2\n1\n'));
    expect(sort(['sort', '-k2,2', '-u'], 'b x\na x\nc y\n')).toEqual(ok('b x\nc y\n'));
    expect(sort(['sort', '-s', '-k2,2'], 'b x\na x\nc w\n')).toEqual(ok('c w\nb x\na x\n'));
    expect(sort(['sort', '-k2,2'], 'b x\na x\nc w\n')).toEqual(ok('c w\na x\nb x\n'));
  });

  it('-c reports the first disorder', () => {
    expect(sort(['sort', '-c'], '3\n1\n2\n')).toEqual({ stdout: '', stderr: 'sort: -:2: disorder: 1\n', exitCode: 1 });
    expect(sort(['sort', '-c'], '1\n2\n')).toEqual(ok(''));
  });

  it('errors exit 2', () => {
    const err = (args: string[], stderr: string) => expect(sort(['sort', ...args], 'a\n')).toEqual({ stdout: '', stderr, exitCode: 2 });
    err(['-x'], "sort: invalid option -- 'x'\nTry 'sort --help' for more information.\n");
    err(['-k', '0'], 'sort: field number is zero: invalid field specification ‘0’\n');
    err(['-k', 'abc'], 'sort: invalid number at field start: invalid count at start of ‘abc’\n');
    err(['-k', '1.0'], 'sort: character offset is zero: invalid field specification ‘1.0’\n');
    err(['-k', '1,1q'], 'sort: stray character in field spec: invalid field specification ‘1,1q’\n');
    err(['-k', '1,x'], "sort: invalid number after ',': invalid count at start of ‘x’\n");
    err(['-t', 'ab'], 'sort: multi-character tab ‘ab’\n');
    err(['-n', '-h'], "sort: options '-hn' are incompatible\n");
  });
});

describe('uniq', () => {
  it('merges adjacent duplicates; -c prefixes %7d counts', () => {
    expect(uniq(['uniq'], 'a\na\nb\na\n')).toEqual(ok('a\nb\na\n'));
    expect(uniq(['uniq', '-c'], 'a\na\nb\nA\n')).toEqual(ok('      2 a\n      1 b\n      1 A\n'));
    expect(uniq(['uniq', '-ci'], 'a\nA\nb\n')).toEqual(ok('      2 a\n      1 b\n'));
  });

  it('-d, -u, -f, -s', () => {
    expect(uniq(['uniq', '-d'], 'a\na\nb\nc\n')).toEqual(ok('a\n'));
    expect(uniq(['uniq', '-u'], 'a\na\nb\nc\n')).toEqual(ok('b\nc\n'));
    expect(uniq(['uniq', '-f1', '-c'], '1 x\n2 x\n3 y\n')).toEqual(ok('      2 1 x\n      1 3 y\n'));
    expect(uniq(['uniq', '-s1'], 'a1\nb1\n')).toEqual(ok('a1\n'));
  });

  it('errors', () => {
    expect(uniq(['uniq', 'a', 'b', 'c'], '')).toEqual({
      stdout: '',
      stderr: "uniq: extra operand ‘c’\nTry 'uniq --help' for more information.\n",
      exitCode: 1,
    });
    expect(uniq(['uniq', 'nofile'], '')).toEqual({ stdout: '', stderr: 'uniq: nofile: No such file or directory\n', exitCode: 1 });
  });
});

describe('cut', () => {
  it('-d -f with lists, ranges and lines without the delimiter', () => {
    expect(cut(['cut', '-d:', '-f2-'], 'a:b:c\nnodelim\n')).toEqual(ok('b:c\nnodelim\n'));
    expect(cut(['cut', '-d:', '-f1,3', '-s'], 'a:b:c\nnodelim\n')).toEqual(ok('a:c\n'));
    expect(cut(['cut', '-d:', '-f1,3', '--output-delimiter= '], 'a:b:c\n')).toEqual(ok('a c\n'));
    expect(cut(['cut', '-f2'], 'a\tb\tc\n')).toEqual(ok('b\n'));
    expect(cut(['cut', '-f2', '--complement'], 'a\tb\tc\n')).toEqual(ok('a\tc\n'));
  });

  it('-c and -b', () => {
    expect(cut(['cut', '-c', '-3,6-'], 'abcdefgh\n')).toEqual(ok('abcfgh\n'));
    expect(cut(['cut', '-b', '1-3,5'], 'abcdefgh\n')).toEqual(ok('abce\n'));
  });

  it('errors', () => {
    const err = (args: string[], msg: string) =>
      expect(cut(['cut', ...args], '')).toEqual({ stdout: '', stderr: `${msg}\nTry 'cut --help' for more information.\n`, exitCode: 1 });
    err([], 'cut: you must specify a list of bytes, characters, or fields');
    err(['-d', 'ab', '-f1'], 'cut: the delimiter must be a single character');
    err(['-f', '0'], 'cut: fields are numbered from 1');
    err(['-c', '0'], 'cut: byte/character positions are numbered from 1');
    err(['-f', 'x'], 'cut: invalid field value ‘x’');
    err(['-c', 'x'], 'cut: invalid byte/character position ‘x’');
    err(['-f', '3-1'], 'cut: invalid decreasing range');
    err(['-f', '1', '-c', '1'], 'cut: only one list may be specified');
    err(['-d,', '-c1'], 'cut: an input delimiter may be specified only when operating on fields');
    err(['-s', '-c1'], 'cut: suppressing non-delimited lines makes sense\n\tonly when operating on fields');
  });
});
