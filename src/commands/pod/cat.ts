/** cat FILE... inside a container: mounted ConfigMaps/Secrets, /etc/resolv.conf, /etc/hosts, the token. */
import { res, type PodTool } from './types.js';

export const cat: PodTool = (argv, stdin, shell) => {
  const files = argv.slice(1).filter((a) => a !== '-' && !/^-[A-Za-z]+$/.test(a));
  if (files.length === 0) return res(stdin);
  let out = '';
  let err = '';
  for (const f of files) {
    const content = shell.file(f);
    if (content === undefined) err += `cat: ${f}: No such file or directory\n`;
    else if (content === '' && !/\.\w+$|token|namespace|resolv|hosts|hostname/.test(f) && !f.includes('/..')) err += `cat: ${f}: Is a directory\n`;
    else out += content;
  }
  return res(out, err, err ? 1 : 0);
};
