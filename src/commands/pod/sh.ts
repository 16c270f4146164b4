/** sh -c 'LINE' / bash -c inside a container: pipes, &&, ||, ; and $VAR from the container's env. */
import { containerEnv } from './env.js';
import { res, type PodTool } from './types.js';

/** Expands $VAR and ${VAR} outside single quotes. */
export function expandVars(line: string, vars: Map<string, string>): string {
  let out = '';
  let single = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'") single = !single;
    if (ch !== '$' || single) {
      out += ch;
      continue;
    }
    const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(line.slice(i));
    if (!m) {
      out += ch;
      continue;
    }
    out += vars.get(m[1] ?? m[2]!) ?? '';
    i += m[0].length - 1;
  }
  return out;
}

export function makeSh(runLine: (line: string, stdin: string, shell: Parameters<PodTool>[2]) => ReturnType<PodTool>): PodTool {
  return (argv, stdin, shell) => {
    const ci = argv.indexOf('-c');
    if (ci < 0 || argv[ci + 1] === undefined) {
      if (argv.length > 1 && !argv[1]!.startsWith('-')) return res('', `${argv[0]}: can't open '${argv[1]}': No such file or directory\n`, 2);
      return res('', `${argv[0]}: an interactive shell needs a terminal, which the palette has not; use ${argv[0]} -c 'COMMAND'\n`, 1);
    }
    const vars = new Map(containerEnv(shell));
    return runLine(expandVars(argv[ci + 1]!, vars), stdin, shell);
  };
}
