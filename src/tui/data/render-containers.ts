/** A pod's containers, k9s' drill-down from a pod: NAME IMAGE READY STATE INIT RESTARTS PROBES(L:R) PORTS AGE. */
import type { Container, ContainerStatus, Pod } from '../../core/api/types.js';
import { age } from '../../commands/kubectl/printers/index.js';
import type { Renderer, Row, Tone } from './renderer.js';

export interface ContainerEntry {
  pod: Pod;
  spec: Container;
  status?: ContainerStatus;
  init: boolean;
}

export function containersOf(pod: Pod): ContainerEntry[] {
  const statuses = new Map<string, ContainerStatus>();
  for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) statuses.set(s.name, s);
  return [
    ...(pod.spec?.initContainers ?? []).map((c) => ({ pod, spec: c, status: statuses.get(c.name), init: true })),
    ...(pod.spec?.containers ?? []).map((c) => ({ pod, spec: c, status: statuses.get(c.name), init: false })),
  ];
}

function stateOf(s: ContainerStatus | undefined): { state: string; tone: Tone; problem: string } {
  if (!s) return { state: 'Waiting', tone: 'pending', problem: '' };
  if (s.state?.running) return { state: 'Running', tone: s.ready ? 'ok' : 'error', problem: s.ready ? '' : 'container not ready' };
  if (s.state?.terminated) {
    const t = s.state.terminated;
    const reason = t.reason || `ExitCode:${t.exitCode}`;
    return t.exitCode === 0 ? { state: reason, tone: 'completed', problem: '' } : { state: reason, tone: 'error', problem: `terminated: ${reason}` };
  }
  const reason = s.state?.waiting?.reason || 'Waiting';
  const pending = reason === 'ContainerCreating' || reason === 'PodInitializing' || reason === 'Waiting';
  return { state: reason, tone: pending ? 'pending' : 'error', problem: pending ? '' : `waiting: ${reason}` };
}

export const containerRenderer: Renderer<ContainerEntry> = {
  columns: ['NAME', 'IMAGE', 'READY', 'STATE', 'INIT', 'RESTARTS', 'PROBES(L:R)', 'PORTS', 'AGE'],
  optional: ['PORTS', 'INIT', 'PROBES(L:R)'],
  flexible: ['IMAGE', 'PORTS', 'NAME'],
  statusColumn: 3,
  row(c: ContainerEntry, now: number): Row {
    const st = stateOf(c.status);
    const probe = (p: unknown): string => (p ? 'on' : 'off');
    const ports = (c.spec.ports ?? []).map((p) => `${p.name ? `${p.name}:` : ''}${p.containerPort}/${p.protocol ?? 'TCP'}`).join(',');
    const started = c.status?.state?.running?.startedAt;
    return {
      key: c.spec.name,
      cells: [
        c.spec.name, c.spec.image, String(c.status?.ready ?? false), st.state, String(c.init), String(c.status?.restartCount ?? 0),
        `${probe(c.spec.livenessProbe)}:${probe(c.spec.readinessProbe)}`, ports, started ? age(started, now) : age(c.pod.metadata.creationTimestamp, now),
      ],
      problem: st.problem,
      tone: st.tone,
    };
  },
};
