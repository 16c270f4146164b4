/** echo (with $VAR from the container's env already expanded by sh). */
import { res, type PodTool } from './types.js';

export const echo: PodTool = (argv) => {
  const n = argv[1] === '-n';
  const words = argv.slice(n ? 2 : 1);
  return res(words.join(' ') + (n ? '' : '\n'));
};
