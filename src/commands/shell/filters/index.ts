/** The simulated text filters available in the palette's shell layer. */
import type { CommandResolver, CommandRunner } from '../pipeline.js';
import { cat, echo, falseCmd, printf, trueCmd } from './basic.js';
import { cut } from './cut.js';
import { grep } from './grep.js';
import { head } from './head.js';
import { sort } from './sort.js';
import { tail } from './tail.js';
import { uniq } from './uniq.js';
import { wc } from './wc.js';

/** egrep/fgrep: GNU 3.8+ scripts that warn and run grep -E / grep -F. */
const egrep: CommandRunner = (argv, stdin) => {
  const r = grep(['grep', '-E', ...argv.slice(1)], stdin);
  return { ...r, stderr: `egrep: warning: egrep is obsolescent; using grep -E\n${r.stderr}` };
};
const fgrep: CommandRunner = (argv, stdin) => {
  const r = grep(['grep', '-F', ...argv.slice(1)], stdin);
  return { ...r, stderr: `fgrep: warning: fgrep is obsolescent; using grep -F\n${r.stderr}` };
};

export const FILTERS: Record<string, CommandRunner> = {
  grep,
  egrep,
  fgrep,
  head,
  tail,
  wc,
  sort,
  uniq,
  cut,
  cat,
  echo,
  printf,
  true: trueCmd,
  false: falseCmd,
};

/** A resolver over FILTERS, optionally falling back to other commands (kubectl, oc...). */
export function filterResolver(fallback?: CommandResolver): CommandResolver {
  return (name) => (Object.hasOwn(FILTERS, name) ? FILTERS[name] : fallback?.(name));
}
