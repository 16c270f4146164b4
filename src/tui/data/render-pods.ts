/** Pods as k9s lists them: NAMESPACE NAME READY STATUS RESTARTS IP NODE AGE. */
import type { Pod } from '../../core/api/types.js';
import { age, podSummary } from '../../commands/kubectl/printers/index.js';
import { keyOfObject, type Renderer, type Row, type Tone } from './renderer.js';

const PENDING = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'SchedulingGated']);
const COMPLETED = new Set(['Completed', 'Succeeded']);

/** The pod's problem as k9s phrases it ("container ready check failed: 1 of 2"), or ''. */
export function podProblem(status: string, ready: string): { problem: string; tone: Tone } {
  if (status === 'Terminating') return { problem: '', tone: 'killed' };
  if (COMPLETED.has(status)) return { problem: '', tone: 'completed' };
  if (PENDING.has(status) || status.startsWith('Init:') && !/Init:(Error|CrashLoopBackOff|ExitCode|Signal|ImagePull|ErrImage)/.test(status)) {
    return { problem: '', tone: 'pending' };
  }
  if (status !== 'Running') return { problem: `pod status: ${status}`, tone: 'error' };
  const [ok, total] = ready.split('/').map(Number);
  if (ok !== total) return { problem: `container ready check failed: ${ok} of ${total}`, tone: 'error' };
  return { problem: '', tone: 'ok' };
}

export function podRenderer(withNamespace: boolean, wide = true): Renderer<Pod> {
  const columns = ['NAME', 'READY', 'STATUS', 'RESTARTS', ...(wide ? ['IP'] : []), 'NODE', 'AGE'];
  if (withNamespace) columns.unshift('NAMESPACE');
  return {
    columns,
    optional: ['IP', 'NODE'],
    flexible: ['NAMESPACE', 'NODE', 'NAME'],
    statusColumn: columns.indexOf('STATUS'),
    row(pod: Pod, now: number): Row {
      const s = podSummary(pod, now);
      const cells = [pod.metadata.name, s.ready, s.status, s.restarts];
      if (wide) cells.push(pod.status?.podIP || '<none>');
      cells.push(pod.spec?.nodeName || '<none>', age(pod.metadata.creationTimestamp, now));
      if (withNamespace) cells.unshift(pod.metadata.namespace ?? '');
      return { key: keyOfObject(pod), cells, ...podProblem(s.status, s.ready) };
    },
  };
}
