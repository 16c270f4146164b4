/** env / printenv inside a container: PATH and HOSTNAME, the resolved container env (service links included), HOME. */
import { res, type PodTool } from './types.js';

export function containerEnv(shell: Parameters<PodTool>[2]): Array<[string, string]> {
  return [
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['HOSTNAME', shell.pod.metadata.name],
    ...Object.entries(shell.env).filter(([k]) => k !== 'PATH' && k !== 'HOSTNAME' && k !== 'HOME'),
    ['HOME', '/root'],
  ];
}

export const env: PodTool = (argv, _stdin, shell) => {
  const vars = containerEnv(shell);
  const names = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (argv[0] === 'printenv' && names.length > 0) {
    const found = names.map((n) => vars.find(([k]) => k === n)).filter((x): x is [string, string] => !!x);
    return res(found.map(([, v]) => `${v}\n`).join(''), '', found.length === names.length ? 0 : 1);
  }
  return res(vars.map(([k, v]) => `${k}=${v}\n`).join(''));
};
