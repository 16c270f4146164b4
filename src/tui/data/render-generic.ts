/**
 * Every other kind: the API server's printer columns (the same table `kubectl get` prints),
 * with a health check for workloads whose ready count lags the desired count.
 */
import type { ResourceType } from '../../core/api/resources.js';
import type { KObject } from '../../core/api/types.js';
import { tableFor } from '../../commands/kubectl/printers/index.js';
import { keyOfObject, type Renderer, type Row, type Tone } from './renderer.js';

/** Desired vs ready replicas for workload kinds, as k9s checks them. */
function workloadHealth(plural: string, o: KObject): { problem: string; tone: Tone } {
  const s = o.status ?? {};
  let desired: number | undefined;
  let ready: number | undefined;
  switch (plural) {
    case 'deployments':
    case 'replicasets':
    case 'statefulsets':
      desired = o.spec?.replicas ?? 1;
      ready = s.readyReplicas ?? 0;
      break;
    case 'daemonsets':
      desired = s.desiredNumberScheduled ?? 0;
      ready = s.numberReady ?? 0;
      break;
    case 'namespaces':
      return o.status?.phase === 'Terminating' ? { problem: '', tone: 'killed' } : { problem: '', tone: 'ok' };
    case 'persistentvolumeclaims':
    case 'persistentvolumes': {
      const phase = s.phase ?? 'Pending';
      if (phase === 'Bound') return { problem: '', tone: 'ok' };
      if (phase === 'Pending' || phase === 'Available') return { problem: '', tone: 'pending' };
      return { problem: `volume phase: ${phase}`, tone: 'error' };
    }
    case 'jobs': {
      const failed = (s.conditions ?? []).find((c: { type: string; status: string }) => c.type === 'Failed' && c.status === 'True');
      if (failed) return { problem: `job failed: ${failed.reason ?? ''}`.trim(), tone: 'error' };
      return (s.succeeded ?? 0) >= (o.spec?.completions ?? 1) ? { problem: '', tone: 'completed' } : { problem: '', tone: 'ok' };
    }
    default:
      return { problem: '', tone: 'ok' };
  }
  if (ready !== undefined && desired !== undefined && ready < desired) return { problem: `ready check failed: ${ready} of ${desired}`, tone: 'error' };
  return { problem: '', tone: 'ok' };
}

export function genericRenderer(res: ResourceType, withNamespace: boolean): Renderer<KObject> {
  const def = tableFor(res);
  const show = def.columns.map((c) => !c.priority);
  const columns = def.columns.filter((_, i) => show[i]).map((c) => c.name.toUpperCase());
  if (withNamespace && res.namespaced) columns.unshift('NAMESPACE');
  const statusColumn = columns.findIndex((c) => c === 'STATUS' || c === 'PHASE' || c === 'READY');
  return {
    columns,
    flexible: [...columns.filter((c) => c !== 'NAME').reverse(), 'NAME'],
    statusColumn,
    row(obj: KObject, now: number): Row {
      let raw: Array<string | number | boolean>;
      try {
        raw = def.row(obj, { now, wide: false });
      } catch {
        raw = [obj.metadata.name];
      }
      const cells = raw.filter((_, i) => show[i]).map((v) => String(v ?? '').split('\n')[0]!);
      while (cells.length < columns.length - (withNamespace && res.namespaced ? 1 : 0)) cells.push('');
      if (withNamespace && res.namespaced) cells.unshift(obj.metadata.namespace ?? '');
      return { key: keyOfObject(obj), cells, ...workloadHealth(res.plural, obj) };
    },
  };
}
