/**
 * A small emulation of glibc getopt_long, so the simulated coreutils/grep accept the same
 * option spellings (bundled shorts, attached values, unique long prefixes, argument
 * permutation, `--`) and print glibc's exact diagnostics.
 */

export type ArgKind = 'none' | 'required' | 'optional';

export interface LongOption {
  name: string;
  arg: ArgKind;
  /** What the option reports as (usually its short letter). */
  key: string;
}

export interface GetoptSpec {
  prog: string;
  /** getopt optstring: a letter, followed by ':' if it takes an argument. */
  short: string;
  long: LongOption[];
}

export interface ParsedOption {
  key: string;
  value?: string;
  /** Index of the argv element it came from (lets grep glue digit options like -15). */
  argIndex: number;
}

export type GetoptResult =
  | { ok: true; options: ParsedOption[]; operands: string[] }
  | { ok: false; message: string };

function shortTable(optstring: string): Map<string, boolean> {
  const table = new Map<string, boolean>();
  for (let i = 0; i < optstring.length; i++) {
    const c = optstring[i]!;
    if (c === ':') continue;
    table.set(c, optstring[i + 1] === ':');
  }
  return table;
}

/** Parses argv (without the program name). GNU permutes: operands may come before options. */
export function getopt(argv: readonly string[], spec: GetoptSpec): GetoptResult {
  const shorts = shortTable(spec.short);
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  const fail = (message: string): GetoptResult => ({ ok: false, message: `${spec.prog}: ${message}` });

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const exact = spec.long.find((o) => o.name === name);
      let found = exact;
      if (!found) {
        const candidates = spec.long.filter((o) => o.name.startsWith(name));
        const distinct = candidates.filter(
          (o, idx) => candidates.findIndex((p) => p.key === o.key && p.arg === o.arg) === idx,
        );
        if (distinct.length > 1) {
          const list = candidates.map((o) => ` '--${o.name}'`).join('');
          return fail(`option '${arg}' is ambiguous; possibilities:${list}`);
        }
        found = candidates[0];
      }
      if (!found) return fail(`unrecognized option '${arg}'`);
      if (eq >= 0) {
        if (found.arg === 'none') return fail(`option '--${found.name}' doesn't allow an argument`);
        options.push({ key: found.key, value: arg.slice(eq + 1), argIndex: i });
      } else if (found.arg === 'required') {
        if (i + 1 >= argv.length) return fail(`option '--${found.name}' requires an argument`);
        options.push({ key: found.key, value: argv[++i], argIndex: i - 1 });
      } else {
        options.push({ key: found.key, argIndex: i });
      }
      continue;
    }
    if (arg.length > 1 && arg.startsWith('-')) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j]!;
        const takesArg = shorts.get(c);
        if (takesArg === undefined) return fail(`invalid option -- '${c}'`);
        if (!takesArg) {
          options.push({ key: c, argIndex: i });
          continue;
        }
        if (j + 1 < arg.length) {
          options.push({ key: c, value: arg.slice(j + 1), argIndex: i });
        } else {
          if (i + 1 >= argv.length) return fail(`option requires an argument -- '${c}'`);
          options.push({ key: c, value: argv[++i], argIndex: i - 1 });
        }
        break;
      }
      continue;
    }
    operands.push(arg);
  }
  return { ok: true, options, operands };
}
