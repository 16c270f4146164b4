/**
 * The pod row, ported from printPod: READY counts ready running containers (plus started
 * restartable init containers), STATUS walks init containers and then containers from last to
 * first, RESTARTS shows "N (AGE ago)" from the latest terminated state.
 */
import type { Pod } from '../../../../core/api/types.js';
import { age, registerTable } from '../table.js';

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

const isRestartableInit = (c: { [key: string]: unknown } | undefined): boolean => c?.restartPolicy === 'Always';

export function podSummary(pod: Pod, now: number): PodSummary {
  const spec = pod.spec ?? ({ containers: [] } as unknown as Pod['spec']);
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let total = spec.containers?.length ?? 0;
  let ready = 0;
  let lastRestart = 0;
  let lastRestartableInitRestart = 0;
  const phase = status.phase ?? '';
  let reason: string = status.reason || phase;
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  const inits = new Map((spec.initContainers ?? []).map((c) => [c.name, c]));
  for (const c of spec.initContainers ?? []) if (isRestartableInit(c)) total++;
  const finished = (t?: string): number => (t ? Date.parse(t) || 0 : 0);

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    const lt = c.lastState?.terminated;
    if (lt) lastRestart = Math.max(lastRestart, finished(lt.finishedAt));
    const restartable = isRestartableInit(inits.get(c.name));
    if (restartable) {
      restartableInitRestarts += c.restartCount ?? 0;
      if (lt) lastRestartableInitRestart = Math.max(lastRestartableInitRestart, finished(lt.finishedAt));
    }
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      else reason = `Init:${term.reason}`;
    } else if (wait && wait.reason && wait.reason !== 'PodInitializing') reason = `Init:${wait.reason}`;
    else reason = `Init:${i}/${spec.initContainers?.length ?? 0}`;
    initializing = true;
    break;
  }

  const initializedTrue = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const cs = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      restarts += c.restartCount ?? 0;
      const lt = c.lastState?.terminated;
      if (lt) lastRestart = Math.max(lastRestart, finished(lt.finishedAt));
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait && wait.reason) reason = wait.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded') reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart > 0) restartsText = `${restarts} (${age(new Date(lastRestart).toISOString(), now)} ago)`;
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText };
}

registerTable('pods', {
  columns: [
    { name: 'Name' },
    { name: 'Ready' },
    { name: 'Status' },
    { name: 'Restarts' },
    { name: 'Age' },
    { name: 'IP', priority: 1 },
    { name: 'Node', priority: 1 },
    { name: 'Nominated Node', priority: 1 },
    { name: 'Readiness Gates', priority: 1 },
  ],
  row: (pod: Pod, ctx) => {
    const s = podSummary(pod, ctx.now);
    const cells: string[] = [pod.metadata.name, s.ready, s.status, s.restarts, age(pod.metadata.creationTimestamp, ctx.now)];
    if (ctx.wide) {
      const gates = (pod.spec?.readinessGates as Array<{ conditionType: string }> | undefined) ?? [];
      let readiness = '<none>';
      if (gates.length > 0) {
        let ok = 0;
        for (const g of gates) {
          const c = pod.status?.conditions?.find((x) => x.type === g.conditionType);
          if (c?.status === 'True') ok++;
        }
        readiness = `${ok}/${gates.length}`;
      }
      cells.push(
        pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>',
        pod.spec?.nodeName || '<none>',
        pod.status?.nominatedNodeName || '<none>',
        readiness,
      );
    }
    return cells;
  },
});
