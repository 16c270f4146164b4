/** describe for workload controllers: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, RC, HPA, PDB. */
import type { KObject } from '../../../../core/api/types.js';
import { formatLabelSelector, selectorFromLabelSelector, selectorToString } from '../../../../core/api/labels.js';
import { humanAge } from '../../../../core/clock.js';
import { formatLabels } from '../table.js';
import { describeEvents, describePodTemplate, eventsFor, podPhaseCounts, printAnnotationsMultiline, printController, printLabelsMultiline } from './common.js';
import { PrefixWriter, rfc1123z, type DescribeContext } from './writer.js';

function selectorString(sel: unknown): string {
  try {
    return selectorToString(selectorFromLabelSelector(sel as never));
  } catch {
    return '<invalid>';
  }
}

/** JSON with sorted keys, for comparing templates regardless of key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function withoutHash(template: any): unknown {
  if (!template) return template;
  const { ['pod-template-hash']: _h, ...labels } = template.metadata?.labels ?? {};
  return { ...template, metadata: { ...(template.metadata ?? {}), labels } };
}

function header(w: PrefixWriter, o: KObject): void {
  w.write(0, `Name:\t${o.metadata.name}\n`);
  w.write(0, `Namespace:\t${o.metadata.namespace ?? ''}\n`);
}

function conditionsTable(w: PrefixWriter, conditions: Array<{ type: string; status: string; reason?: string }> | undefined): void {
  if (!conditions?.length) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

export function describeDeployment(d: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  header(w, d);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  const selector = selectorString(d.spec?.selector);
  w.write(0, `Selector:\t${selector}\n`);
  const st = d.status ?? {};
  w.write(0, `Replicas:\t${d.spec?.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  const strategy = d.spec?.strategy ?? {};
  w.write(0, `StrategyType:\t${strategy.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}\n`);
  if (strategy.rollingUpdate) {
    w.write(0, `RollingUpdateStrategy:\t${strategy.rollingUpdate.maxUnavailable ?? ''} max unavailable, ${strategy.rollingUpdate.maxSurge ?? ''} max surge\n`);
  }
  describePodTemplate(d.spec?.template, w);
  conditionsTable(w, st.conditions);
  // GetAllReplicaSets: RSes controlled by this deployment; the new one matches the template.
  const owned = ctx.list('replicasets', d.metadata.namespace, selector ? { labelSelector: selector } : {}).filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid));
  if (owned.length) {
    // FindNewReplicaSet: the oldest RS whose template equals the deployment's, ignoring pod-template-hash.
    const want = canonical(withoutHash(d.spec?.template));
    const byAge = [...owned].sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
    const newRS = byAge.find((rs) => canonical(withoutHash(rs.spec?.template)) === want);
    const old = byAge.filter((rs) => rs !== newRS);
    const fmt = (list: KObject[]): string => list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ') || '<none>';
    w.write(0, `OldReplicaSets:\t${fmt(old)}\n`);
    w.write(0, `NewReplicaSet:\t${fmt(newRS ? [newRS] : [])}\n`);
  }
  describeEvents(eventsFor(d, ctx), w, ctx.now);
  return w.toString();
}

export function describeReplicaSet(rs: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  header(w, rs);
  w.write(0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const by = printController(rs);
  if (by) w.write(0, `Controlled By:\t${by}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
  w.write(0, 'Pods Status:\t');
  w.write(0, `${podPhaseCounts(ctx, rs, selectorString(rs.spec?.selector))}\n`);
  describePodTemplate(rs.spec?.template, w);
  conditionsTable(w, rs.status?.conditions);
  describeEvents(eventsFor(rs, ctx), w, ctx.now);
  return w.toString();
}

export function describeReplicationController(rc: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  header(w, rc);
  w.write(0, `Selector:\t${formatLabels(rc.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rc.metadata.annotations);
  w.write(0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 0} desired\n`);
  const sel = Object.entries(rc.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  w.write(0, `Pods Status:\t${podPhaseCounts(ctx, rc, sel)}\n`);
  describePodTemplate(rc.spec?.template, w);
  conditionsTable(w, rc.status?.conditions);
  describeEvents(eventsFor(rc, ctx), w, ctx.now);
  return w.toString();
}

export function describeStatefulSet(s: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  header(w, s);
  w.write(0, `CreationTimestamp:\t${rfc1123z(s.metadata.creationTimestamp)}\n`);
  const selector = selectorString(s.spec?.selector);
  w.write(0, `Selector:\t${selector}\n`);
  printLabelsMultiline(w, 'Labels', s.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', s.metadata.annotations);
  w.write(0, `Replicas:\t${s.spec?.replicas ?? 0} desired | ${s.status?.replicas ?? 0} total\n`);
  w.write(0, `Update Strategy:\t${s.spec?.updateStrategy?.type ?? ''}\n`);
  const ru = s.spec?.updateStrategy?.rollingUpdate;
  if (ru && ru.partition !== undefined) {
    w.write(1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
  }
  w.write(0, `Pods Status:\t${podPhaseCounts(ctx, s, selector)}\n`);
  describePodTemplate(s.spec?.template, w);
  const vcts: KObject[] = s.spec?.volumeClaimTemplates ?? [];
  if (!vcts.length) w.write(0, 'Volume Claims:\t<none>\n');
  else {
    w.write(0, 'Volume Claims:\n');
    for (const pvc of vcts) {
      w.write(1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
      w.write(1, `StorageClass:\t${pvc.spec?.storageClassName ?? ''}\n`);
      printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ');
      printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ');
      const cap = pvc.spec?.resources?.requests?.storage;
      w.write(1, `Capacity:\t${cap ?? '<default>'}\n`);
      w.write(1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
    }
  }
  describeEvents(eventsFor(s, ctx), w, ctx.now);
  return w.toString();
}

export function describeDaemonSet(d: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  header(w, d);
  const selector = selectorString(d.spec?.selector);
  w.write(0, `Selector:\t${selector}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(d.spec?.template?.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  const st = d.status ?? {};
  w.write(0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
  w.write(0, `Pods Status:\t${podPhaseCounts(ctx, d, selector)}\n`);
  describePodTemplate(d.spec?.template, w);
  describeEvents(eventsFor(d, ctx), w, ctx.now);
  return w.toString();
}

export function describeJob(j: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  header(w, j);
  w.write(0, `Selector:\t${selectorString(j.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', j.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', j.metadata.annotations);
  const by = printController(j);
  if (by) w.write(0, `Controlled By:\t${by}\n`);
  const spec = j.spec ?? {};
  const st = j.status ?? {};
  if (spec.parallelism !== undefined) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(0, spec.completions !== undefined && spec.completions !== null ? `Completions:\t${spec.completions}\n` : 'Completions:\t<unset>\n');
  if (spec.completionMode) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec.suspend !== undefined) w.write(0, `Suspend:\t${spec.suspend}\n`);
  if (spec.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec.ttlSecondsAfterFinished !== undefined) w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  if (st.completionTime) w.write(0, `Completed At:\t${rfc1123z(st.completionTime)}\n`);
  if (st.startTime && st.completionTime) w.write(0, `Duration:\t${humanAge(Date.parse(st.completionTime) - Date.parse(st.startTime))}\n`);
  if (spec.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  if (st.ready === undefined) w.write(0, `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  else w.write(0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  if (spec.completionMode === 'Indexed') w.write(0, `Completed Indexes:\t${st.completedIndexes || '<none>'}\n`);
  describePodTemplate(spec.template, w);
  describeEvents(eventsFor(j, ctx), w, ctx.now);
  return w.toString();
}

export function describeCronJob(c: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  header(w, c);
  printLabelsMultiline(w, 'Labels', c.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', c.metadata.annotations);
  const spec = c.spec ?? {};
  const opt = (v: unknown, suffix = ''): string => (v === undefined || v === null ? '<unset>' : `${v}${suffix}`);
  w.write(0, `Schedule:\t${spec.schedule ?? ''}\n`);
  w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
  w.write(0, `Suspend:\t${spec.suspend === undefined || spec.suspend === null ? '<unset>' : spec.suspend ? 'True' : 'False'}\n`);
  w.write(0, `Successful Job History Limit:\t${opt(spec.successfulJobsHistoryLimit)}\n`);
  w.write(0, `Failed Job History Limit:\t${opt(spec.failedJobsHistoryLimit)}\n`);
  w.write(0, `Starting Deadline Seconds:\t${opt(spec.startingDeadlineSeconds, 's')}\n`);
  const jt = spec.jobTemplate?.spec ?? {};
  w.write(0, jt.selector ? `Selector:\t${selectorString(jt.selector)}\n` : 'Selector:\t<unset>\n');
  w.write(0, `Parallelism:\t${opt(jt.parallelism)}\n`);
  w.write(0, `Completions:\t${opt(jt.completions)}\n`);
  if (jt.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${jt.activeDeadlineSeconds}s\n`);
  describePodTemplate(jt.template, w);
  w.write(0, c.status?.lastScheduleTime ? `Last Schedule Time:\t${rfc1123z(c.status.lastScheduleTime)}\n` : 'Last Schedule Time:\t<unset>\n');
  const active: Array<{ name: string }> = c.status?.active ?? [];
  w.write(0, 'Active Jobs:\t');
  w.writeLine(active.length ? active.map((a) => a.name).join(', ') : '<none>');
  describeEvents(eventsFor(c, ctx), w, ctx.now);
  return w.toString();
}

export function describeHPA(h: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  header(w, h);
  printLabelsMultiline(w, 'Labels', h.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', h.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(h.metadata.creationTimestamp)}\n`);
  const ref = h.spec?.scaleTargetRef ?? {};
  w.write(0, `Reference:\t${ref.kind ?? ''}/${ref.name ?? ''}\n`);
  w.write(0, 'Metrics:\t( current / target )\n');
  const statuses: any[] = h.status?.currentMetrics ?? [];
  (h.spec?.metrics ?? []).forEach((m: any, i: number) => {
    const st = statuses[i];
    if (m.type === 'Resource' || m.type === 'ContainerResource') {
      const key = m.type === 'Resource' ? 'resource' : 'containerResource';
      const r = m[key];
      w.write(1, m.type === 'Resource' ? `resource ${r.name} on pods` : `resource ${r.name} of container "${r.container}" on pods`);
      if (r.target?.averageValue !== undefined) w.write(0, `:\t${st?.[key]?.current?.averageValue ?? '<unknown>'} / ${r.target.averageValue}\n`);
      else {
        const cur = st?.[key]?.current;
        const current = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}% (${cur.averageValue ?? '0'})` : '<unknown>';
        const target = r.target?.averageUtilization !== undefined ? `${r.target.averageUtilization}%` : '<auto>';
        w.write(1, `(as a percentage of request):\t${current} / ${target}\n`);
      }
    } else if (m.type === 'Pods') w.write(1, `"${m.pods?.metric?.name}" on pods:\t${st?.pods?.current?.averageValue ?? '<unknown>'} / ${m.pods?.target?.averageValue}\n`);
    else w.write(1, `<unknown metric type "${m.type}">\n`);
  });
  w.write(0, `Min replicas:\t${h.spec?.minReplicas ?? '<unset>'}\n`);
  w.write(0, `Max replicas:\t${h.spec?.maxReplicas ?? 0}\n`);
  w.write(0, `${ref.kind ?? ''} pods:\t`);
  w.write(0, `${h.status?.currentReplicas ?? 0} current / ${h.status?.desiredReplicas ?? 0} desired\n`);
  const conds: any[] = h.status?.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tReason\tMessage\n');
    w.write(1, '----\t------\t------\t-------\n');
    for (const c of conds) w.write(1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  describeEvents(eventsFor(h, ctx), w, ctx.now);
  return w.toString();
}

export function describePDB(p: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  header(w, p);
  if (p.spec?.minAvailable !== undefined) w.write(0, `Min available:\t${p.spec.minAvailable}\n`);
  else if (p.spec?.maxUnavailable !== undefined) w.write(0, `Max unavailable:\t${p.spec.maxUnavailable}\n`);
  w.write(0, p.spec?.selector ? `Selector:\t${formatLabelSelector(p.spec.selector)}\n` : 'Selector:\t<unset>\n');
  w.write(0, 'Status:\n');
  const st = p.status ?? {};
  w.write(2, `Allowed disruptions:\t${st.disruptionsAllowed ?? 0}\n`);
  w.write(2, `Current:\t${st.currentHealthy ?? 0}\n`);
  w.write(2, `Desired:\t${st.desiredHealthy ?? 0}\n`);
  w.write(2, `Total:\t${st.expectedPods ?? 0}\n`);
  describeEvents(eventsFor(p, ctx), w, ctx.now);
  return w.toString();
}
