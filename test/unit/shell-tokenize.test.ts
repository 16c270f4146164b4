import { describe, expect, it } from 'vitest';
import { parseCommandLine, ShellSyntaxError, splitWords, tokenize } from '../../src/commands/shell/tokenize.js';

function syntaxError(line: string): { message: string; exitCode: number } {
  try {
    parseCommandLine(line);
  } catch (err) {
    if (err instanceof ShellSyntaxError) return { message: err.message, exitCode: err.exitCode };
    throw err;
  }
  throw new Error(`no error for ${line}`);
}

describe('tokenize: word splitting', () => {
  it('splits on blanks and keeps empty quoted words', () => {
    expect(tokenize('kubectl  get\tpods')).toEqual([['kubectl', 'get', 'pods']]);
    expect(tokenize("echo '' \"\" x")).toEqual([['echo', '', '', 'x']]);
  });

  it('joins adjacent quoted and unquoted parts into one word', () => {
    expect(tokenize(`echo a'b'"c"d 'it''s'`)).toEqual([['echo', 'abcd', 'its']]);
  });

  it('keeps single quotes literal, including backslashes', () => {
    expect(tokenize(String.raw`echo 'a\nb' '\\'`)).toEqual([['echo', String.raw`a\nb`, String.raw`\\`]]);
  });

  it('honours only \\" \\\\ \\$ \\` inside double quotes', () => {
    expect(tokenize(String.raw`echo "x\"y" "\\" "\$HOME" "\q"`)).toEqual([['echo', 'x"y', '\\', '$HOME', String.raw`\q`]]);
  });

  it('unquoted backslash escapes the next character, including blanks', () => {
    expect(tokenize(String.raw`echo a\ b \'q\' c\\d`)).toEqual([['echo', 'a b', "'q'", String.raw`c\d`]]);
  });

  it("$'...' takes C escapes like bash", () => {
    expect(tokenize(String.raw`echo $'a\tb\x41\101\'\q' $'x'`)).toEqual([['echo', "a\tbAA'\\q", 'x']]);
    expect(() => tokenize("echo $'abc")).toThrow("bash: unexpected EOF while looking for matching `''");
  });

  it('leaves $VAR, globs and ~ literal (no expansion in the palette)', () => {
    expect(tokenize('echo $HOME ${X} *.yaml ~')).toEqual([['echo', '$HOME', '${X}', '*.yaml', '~']]);
  });

  it('drops comments that start a word, not # inside a word', () => {
    expect(tokenize('kubectl get pods # all of them')).toEqual([['kubectl', 'get', 'pods']]);
    expect(tokenize('echo a#b "#c"')).toEqual([['echo', 'a#b', '#c']]);
  });

  it('splits pipelines on unquoted | only', () => {
    expect(tokenize(`kubectl get pods | grep 'a|b' | wc -l`)).toEqual([
      ['kubectl', 'get', 'pods'],
      ['grep', 'a|b'],
      ['wc', '-l'],
    ]);
    expect(tokenize('a|b')).toEqual([['a'], ['b']]);
  });

  it('splitWords returns one argv', () => {
    expect(splitWords(`kubectl exec -it web -- sh -c "echo hi"`)).toEqual(['kubectl', 'exec', '-it', 'web', '--', 'sh', '-c', 'echo hi']);
  });

  it('an empty line or a comment-only line has no commands', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('   # nothing')).toEqual([]);
  });
});

describe('parseCommandLine: sequences and redirections', () => {
  it('parses ; && || with their operators', () => {
    const parsed = parseCommandLine('a; b && c || d');
    expect(parsed.items.map((i) => [i.op, i.pipeline.commands[0]!.argv[0]])).toEqual([
      [undefined, 'a'],
      [';', 'b'],
      ['&&', 'c'],
      ['||', 'd'],
    ]);
  });

  it('a trailing ; is allowed and newlines separate commands', () => {
    expect(parseCommandLine('a;').items).toHaveLength(1);
    expect(parseCommandLine('a\nb').items.map((i) => i.op)).toEqual([undefined, ';']);
  });

  it('records 2>&1, /dev/null redirections and |&', () => {
    const [item] = parseCommandLine('kubectl logs x 2>&1 >/dev/null |& cat').items;
    expect(item!.pipeline.commands[0]!.redirects).toEqual([
      { fd: 2, to: 'stdout' },
      { fd: 1, to: 'null' },
      { fd: 2, to: 'stdout' },
    ]);
    expect(item!.pipeline.commands[0]!.argv).toEqual(['kubectl', 'logs', 'x']);
    const [quiet] = parseCommandLine('a &>/dev/null 2> /dev/null').items;
    expect(quiet!.pipeline.commands[0]!.redirects).toEqual([
      { fd: 1, to: 'null' },
      { fd: 2, to: 'null' },
      { fd: 2, to: 'null' },
    ]);
  });

  it('a digit glued to a word is not a file descriptor', () => {
    const [item] = parseCommandLine('echo a2>/dev/null').items;
    expect(item!.pipeline.commands[0]!.argv).toEqual(['echo', 'a2']);
    expect(item!.pipeline.commands[0]!.redirects).toEqual([{ fd: 1, to: 'null' }]);
  });
});

describe('parseCommandLine: bash error messages', () => {
  it('unterminated quotes', () => {
    expect(syntaxError("echo 'abc")).toEqual({ message: "bash: unexpected EOF while looking for matching `''", exitCode: 2 });
    expect(syntaxError('echo "abc')).toEqual({ message: 'bash: unexpected EOF while looking for matching `"\'', exitCode: 2 });
  });

  it('misplaced operators', () => {
    expect(syntaxError('| grep x').message).toBe("bash: syntax error near unexpected token `|'");
    expect(syntaxError(';').message).toBe("bash: syntax error near unexpected token `;'");
    expect(syntaxError('a ;; b').message).toBe("bash: syntax error near unexpected token `;;'");
    expect(syntaxError('a && ;').message).toBe("bash: syntax error near unexpected token `;'");
    expect(syntaxError('echo (a)').message).toBe("bash: syntax error near unexpected token `a'");
    expect(syntaxError('a >').message).toBe("bash: syntax error near unexpected token `newline'");
  });

  it('a line ending in | && || is an unexpected end of file', () => {
    for (const line of ['a |', 'a &&', 'a ||']) {
      expect(syntaxError(line)).toEqual({ message: 'bash: syntax error: unexpected end of file', exitCode: 2 });
    }
  });

  it('refuses what the simulated shell cannot do, naming it', () => {
    expect(syntaxError('echo $(date').message).toBe("bash: unexpected EOF while looking for matching `)'");
    expect(syntaxError('echo `date').message).toBe("bash: unexpected EOF while looking for matching ``'");
    expect(syntaxError('sleep 1 &').message).toBe('kubedrill: background jobs (&) are not supported in the palette');
    expect(syntaxError('(cd x)').message).toBe('kubedrill: subshells ( ... ) are not supported in the palette');
    expect(syntaxError('kubectl get pods > pods.txt')).toEqual({
      message: 'kubedrill: cannot write to pods.txt: the palette has no file system (only /dev/null and 2>&1 are supported)',
      exitCode: 1,
    });
    expect(syntaxError('cat < nofile')).toEqual({ message: 'bash: nofile: No such file or directory', exitCode: 1 });
  });

  it('tokenize refuses sequences and points to parseCommandLine', () => {
    expect(() => tokenize('a; b')).toThrow('kubedrill: tokenize() handles one pipeline; use parseCommandLine() for sequences');
  });
});
