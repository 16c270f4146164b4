/**
 * GNU xargs in the palette: builds command lines from stdin and runs them through the same
 * simulated commands (`etcdctl endpoint status -w json | grep -o '"revision":[0-9]*' | cut -d: -f2
 * | xargs etcdctl compaction`). -n, -r, -I and -0 as GNU documents them; exit 123 when a run
 * fails, 127 when the command does not exist.
 */
import type { CommandResolver, CommandResult, CommandRunner } from './shell/pipeline.js';

/** Splits input as xargs does without -0: blanks and newlines separate, quotes group. */
function splitInput(input: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input))) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

export function xargs(resolve: CommandResolver): CommandRunner {
  return (argv, stdin): CommandResult => {
    let maxArgs = Infinity;
    let noRunIfEmpty = false;
    let replace: string | undefined;
    let nul = false;
    let i = 1;
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-r' || a === '--no-run-if-empty') noRunIfEmpty = true;
      else if (a === '-0' || a === '--null') nul = true;
      else if (a === '-n' || a === '--max-args') maxArgs = Number(argv[++i]);
      else if (/^-n\d+$/.test(a)) maxArgs = Number(a.slice(2));
      else if (a.startsWith('--max-args=')) maxArgs = Number(a.slice(11));
      else if (a === '-I') replace = argv[++i];
      else if (/^-I.+/.test(a)) replace = a.slice(2);
      else if (a === '--') {
        i++;
        break;
      } else if (a.startsWith('-') && a.length > 1) {
        return { stdout: '', stderr: `xargs: invalid option -- '${a.replace(/^-+/, '')}'\nUsage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\n`, exitCode: 1 };
      } else break;
    }
    if (!Number.isInteger(maxArgs) && maxArgs !== Infinity) return { stdout: '', stderr: `xargs: invalid number "${argv[i - 1]}" for -n option\n`, exitCode: 1 };
    const cmd = argv.slice(i);
    if (cmd.length === 0) cmd.push('echo');
    const runner = resolve(cmd[0]!);
    if (!runner) return { stdout: '', stderr: `xargs: ${cmd[0]}: No such file or directory\n`, exitCode: 127 };
    const items = replace !== undefined ? stdin.split('\n').filter((l) => l.trim() !== '') : nul ? stdin.split('\0').filter(Boolean) : splitInput(stdin);
    const runs: string[][] = [];
    if (replace !== undefined) {
      for (const item of items) runs.push(cmd.map((c) => c.split(replace!).join(item)));
    } else if (items.length === 0) {
      if (!noRunIfEmpty) runs.push(cmd);
    } else {
      const n = Math.max(1, maxArgs);
      for (let k = 0; k < items.length; k += n === Infinity ? items.length : n) runs.push([...cmd, ...items.slice(k, n === Infinity ? undefined : k + n)]);
    }
    let stdout = '';
    let stderr = '';
    let failed = false;
    for (const args of runs) {
      const r = runner(args, '');
      stdout += r.stdout;
      stderr += r.stderr;
      if (r.exitCode !== 0) failed = true;
    }
    return { stdout, stderr, exitCode: failed ? 123 : 0 };
  };
}
