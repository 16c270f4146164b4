/** Tables for workload controllers: apps, batch, autoscaling, policy. */
import type { KObject } from '../../../../core/api/types.js';
import { formatLabelSelector, selectorFromLabelSelector, selectorToString } from '../../../../core/api/labels.js';
import { humanAge } from '../../../../core/clock.js';
import { age, containerCells, formatLabels, registerTable } from '../table.js';

const NAME = { name: 'Name' };
const AGE = { name: 'Age' };
const WIDE = [{ name: 'Containers', priority: 1 as const }, { name: 'Images', priority: 1 as const }, { name: 'Selector', priority: 1 as const }];

/** metav1.LabelSelectorAsSelector(...).String(): "" for an empty selector, "<invalid>" on error. */
function selectorString(sel: unknown): string {
  try {
    return selectorToString(selectorFromLabelSelector(sel as never));
  } catch {
    return '<invalid>';
  }
}

registerTable('deployments', {
  columns: [NAME, { name: 'Ready' }, { name: 'Up-to-date' }, { name: 'Available' }, AGE, ...WIDE],
  row: (d: KObject, ctx) => {
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [
      d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0,
      age(d.metadata.creationTimestamp, ctx.now), names, images, selectorString(d.spec?.selector),
    ];
  },
});

registerTable('replicasets', {
  columns: [NAME, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, AGE, ...WIDE],
  row: (rs: KObject, ctx) => {
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [
      rs.metadata.name, rs.spec?.replicas ?? 0, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0, age(rs.metadata.creationTimestamp, ctx.now),
      names, images, formatLabelSelector(rs.spec?.selector),
    ];
  },
});

registerTable('statefulsets', {
  columns: [NAME, { name: 'Ready' }, AGE, WIDE[0]!, WIDE[1]!],
  row: (s: KObject, ctx) => {
    const [names, images] = containerCells(s.spec?.template?.spec?.containers);
    return [s.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, age(s.metadata.creationTimestamp, ctx.now), names, images];
  },
});

registerTable('daemonsets', {
  columns: [NAME, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, { name: 'Up-to-date' }, { name: 'Available' }, { name: 'Node Selector' }, AGE, ...WIDE],
  row: (d: KObject, ctx) => {
    const st = d.status ?? {};
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [
      d.metadata.name, st.desiredNumberScheduled ?? 0, st.currentNumberScheduled ?? 0, st.numberReady ?? 0, st.updatedNumberScheduled ?? 0,
      st.numberAvailable ?? 0, formatLabels(d.spec?.template?.spec?.nodeSelector), age(d.metadata.creationTimestamp, ctx.now),
      names, images, formatLabelSelector(d.spec?.selector),
    ];
  },
});

registerTable('controllerrevisions', {
  columns: [NAME, { name: 'Controller' }, { name: 'Revision' }, AGE],
  row: (r: KObject, ctx) => {
    const ref = r.metadata.ownerReferences?.find((o) => o.controller);
    let controller = '<none>';
    if (ref) {
      const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
      controller = `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
    }
    return [r.metadata.name, controller, r.revision ?? 0, age(r.metadata.creationTimestamp, ctx.now)];
  },
});

const hasCondition = (o: KObject, type: string): boolean => {
  const c = (o.status?.conditions ?? []).find((x: { type: string }) => x.type === type);
  return c?.status === 'True';
};

/** Job STATUS column (1.30+): Complete, Failed, Terminating, Suspended, FailureTarget, Running. */
export function jobStatus(j: KObject): string {
  if (hasCondition(j, 'Complete')) return 'Complete';
  if (hasCondition(j, 'Failed')) return 'Failed';
  if (j.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(j, 'Suspended')) return 'Suspended';
  if (hasCondition(j, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export function jobCompletions(j: KObject): string {
  const succeeded = j.status?.succeeded ?? 0;
  if (j.spec?.completions !== undefined && j.spec?.completions !== null) return `${succeeded}/${j.spec.completions}`;
  const par = j.spec?.parallelism ?? 0;
  return par > 1 ? `${succeeded}/1 of ${par}` : `${succeeded}/1`;
}

export function jobDuration(j: KObject, now: number): string {
  const start = j.status?.startTime ? Date.parse(j.status.startTime) : NaN;
  if (Number.isNaN(start)) return '';
  const end = j.status?.completionTime ? Date.parse(j.status.completionTime) : now;
  return humanAge(end - start);
}

registerTable('jobs', {
  columns: [NAME, { name: 'Status' }, { name: 'Completions' }, { name: 'Duration' }, AGE, ...WIDE],
  row: (j: KObject, ctx) => {
    const [names, images] = containerCells(j.spec?.template?.spec?.containers);
    return [j.metadata.name, jobStatus(j), jobCompletions(j), jobDuration(j, ctx.now), age(j.metadata.creationTimestamp, ctx.now), names, images, formatLabelSelector(j.spec?.selector)];
  },
});

const boolPtr = (v: unknown): string => (v === undefined || v === null ? '<unset>' : v ? 'True' : 'False');

registerTable('cronjobs', {
  columns: [NAME, { name: 'Schedule' }, { name: 'Timezone' }, { name: 'Suspend' }, { name: 'Active' }, { name: 'Last Schedule' }, AGE, ...WIDE],
  row: (c: KObject, ctx) => {
    const tmpl = c.spec?.jobTemplate?.spec;
    const [names, images] = containerCells(tmpl?.template?.spec?.containers);
    return [
      c.metadata.name, c.spec?.schedule ?? '', c.spec?.timeZone ?? '<none>', boolPtr(c.spec?.suspend), (c.status?.active ?? []).length,
      c.status?.lastScheduleTime ? age(c.status.lastScheduleTime, ctx.now) : '<none>', age(c.metadata.creationTimestamp, ctx.now),
      names, images, formatLabelSelector(tmpl?.selector),
    ];
  },
});

/** formatHPAMetrics for autoscaling/v2 objects. */
export function hpaTargets(h: KObject): string {
  const specs: any[] = h.spec?.metrics ?? [];
  const statuses: any[] = h.status?.currentMetrics ?? [];
  if (specs.length === 0) return '<none>';
  const list: string[] = [];
  specs.forEach((spec, i) => {
    const st = statuses[i];
    switch (spec.type) {
      case 'Resource':
      case 'ContainerResource': {
        const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
        const target = spec[key]?.target ?? {};
        const cur = st?.[key]?.current;
        if (target.averageValue !== undefined) list.push(`${spec[key].name}: ${cur?.averageValue ?? '<unknown>'}/${target.averageValue}`);
        else {
          const c = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}%` : '<unknown>';
          const t = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
          list.push(`${spec[key].name}: ${c}/${t}`);
        }
        break;
      }
      case 'Pods':
        list.push(`${st?.pods?.current?.averageValue ?? '<unknown>'}/${spec.pods?.target?.averageValue}`);
        break;
      case 'Object':
      case 'External': {
        const key = spec.type === 'Object' ? 'object' : 'external';
        const target = spec[key]?.target ?? {};
        if (target.averageValue !== undefined) list.push(`${st?.[key]?.current?.averageValue ?? '<unknown>'}/${target.averageValue} (avg)`);
        else list.push(`${st?.[key]?.current?.value ?? '<unknown>'}/${target.value}`);
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  if (list.length > 2) return `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...`;
  return list.join(', ');
}

registerTable('horizontalpodautoscalers', {
  columns: [NAME, { name: 'Reference' }, { name: 'Targets' }, { name: 'MinPods' }, { name: 'MaxPods' }, { name: 'Replicas' }, AGE],
  row: (h: KObject, ctx) => [
    h.metadata.name, `${h.spec?.scaleTargetRef?.kind ?? ''}/${h.spec?.scaleTargetRef?.name ?? ''}`, hpaTargets(h),
    h.spec?.minReplicas !== undefined ? String(h.spec.minReplicas) : '<unset>', h.spec?.maxReplicas ?? 0, h.status?.currentReplicas ?? 0,
    age(h.metadata.creationTimestamp, ctx.now),
  ],
});

registerTable('poddisruptionbudgets', {
  columns: [NAME, { name: 'Min Available' }, { name: 'Max Unavailable' }, { name: 'Allowed Disruptions' }, AGE],
  row: (p: KObject, ctx) => [
    p.metadata.name, p.spec?.minAvailable !== undefined ? String(p.spec.minAvailable) : 'N/A',
    p.spec?.maxUnavailable !== undefined ? String(p.spec.maxUnavailable) : 'N/A', p.status?.disruptionsAllowed ?? 0, age(p.metadata.creationTimestamp, ctx.now),
  ],
});
