/** hostname inside a container: the pod name (or spec.hostname), -i the pod IP. */
import { res, type PodTool } from './types.js';

export const hostname: PodTool = (argv, _stdin, shell) => {
  if (argv.includes('-i')) return res(`${shell.pod.status?.podIP ?? ''}\n`);
  return res(`${shell.pod.spec.hostname ?? shell.pod.metadata.name}\n`);
};
