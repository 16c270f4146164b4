/**
 * kubectl rollout status | restart | undo | history | pause | resume.
 * `rollout status` in the palette never blocks: it prints the current state once, as
 * `--watch=false` does, and exits 0 whether or not the rollout finished (1 on a progress
 * deadline error) — run it again, or advance the clock, to follow progress.
 */
import { resourceForKind } from '../../../core/api/resources.js';
import type { KObject } from '../../../core/api/types.js';
import { controllerOf, getCondition } from '../../../core/api/types.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import { CmdError, checkOutput, DRY_RUN_FLAG, dryRunOf, FILENAME_FLAG, getTarget, OUTPUT_FLAG, patchObject, printResult, quotedNameOf, singleTarget, type DryRun, type Target } from './common.js';
import { tabwrite } from '../printers/tabwriter.js';
import type { CommandResult } from '../../shell/pipeline.js';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

const NEED_RESOURCE = 'required resource not specified';

function target(ctx: KubectlContext, args: string[], kinds: string[]): { t: Target; obj: KObject } {
  const t = singleTarget(ctx, args, NEED_RESOURCE);
  if (!kinds.includes(t.res.plural)) throw new CmdError(`no status viewer has been implemented for ${t.res.kind}${t.res.group ? `.${t.res.group}` : ''}`);
  return { t, obj: getTarget(ctx, t) };
}

/** polymorphichelpers' status viewers: the text and whether the rollout is done. */
export function rolloutStatus(obj: KObject, revision = 0): { text: string; done: boolean } {
  const name = obj.metadata.name;
  const st = obj.status ?? {};
  const gen = obj.metadata.generation ?? 0;
  if (obj.kind === 'Deployment') {
    if (revision > 0) {
      const rev = Number(obj.metadata.annotations?.[REVISION] ?? 0);
      if (rev !== revision) throw new CmdError(`desired revision (${revision}) is different from the running revision (${rev})`);
    }
    if (gen <= (st.observedGeneration ?? 0)) {
      const cond = getCondition(st.conditions, 'Progressing');
      if (cond?.reason === 'ProgressDeadlineExceeded') throw new CmdError(`deployment "${name}" exceeded its progress deadline`);
      const replicas = obj.spec?.replicas ?? 1;
      const updated = st.updatedReplicas ?? 0;
      if (updated < replicas) return { text: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
      if ((st.replicas ?? 0) > updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
      if ((st.availableReplicas ?? 0) < updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
      return { text: `deployment "${name}" successfully rolled out\n`, done: true };
    }
    return { text: 'Waiting for deployment spec update to be observed...\n', done: false };
  }
  if (obj.kind === 'DaemonSet') {
    if ((obj.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new CmdError('rollout status is only available for RollingUpdate strategy type');
    if (gen <= (st.observedGeneration ?? 0)) {
      const desired = st.desiredNumberScheduled ?? 0;
      if ((st.updatedNumberScheduled ?? 0) < desired) return { text: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`, done: false };
      if ((st.numberAvailable ?? 0) < desired) return { text: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`, done: false };
      return { text: `daemon set "${name}" successfully rolled out\n`, done: true };
    }
    return { text: 'Waiting for daemon set spec update to be observed...\n', done: false };
  }
  // StatefulSet
  const strategy = obj.spec?.updateStrategy ?? { type: 'RollingUpdate' };
  if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new CmdError('rollout status is only available for RollingUpdate strategy type');
  if (!st.observedGeneration || gen > st.observedGeneration) return { text: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = obj.spec?.replicas ?? 1;
  if ((st.readyReplicas ?? 0) < replicas) return { text: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`, done: false };
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (partition !== undefined && (st.updatedReplicas ?? 0) < replicas - partition) {
      return { text: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`, done: false };
    }
    return { text: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`, done: true };
  }
  if (st.updateRevision !== st.currentRevision) return { text: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`, done: false };
  return { text: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`, done: true };
}

const status: KubectlCommand = {
  name: 'status',
  short: 'Show the status of the rollout',
  help: 'Show the status of the rollout.\n\nUsage:\n  kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]',
  flags: [
    FILENAME_FLAG,
    { name: 'watch', shorthand: 'w', type: 'bool', default: true, usage: "Watch the status of the rollout until it's done." },
    { name: 'revision', type: 'int64', usage: 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).' },
    { name: 'timeout', type: 'duration', usage: 'The length of time to wait before ending watch, zero means never.' },
  ],
  run(ctx, args, parsed) {
    if (args.length === 0) throw new CmdError(NEED_RESOURCE);
    const revision = parsed.flags.revision as number;
    if (revision < 0) throw new CmdError(`revision must be a positive integer: ${revision}`);
    const { obj } = target(ctx, args, ['deployments', 'daemonsets', 'statefulsets']);
    return { stdout: rolloutStatus(obj, revision).text, stderr: '', exitCode: 0 };
  },
};

const restart: KubectlCommand = {
  name: 'restart',
  short: 'Restart a resource',
  help: 'Restart a resource.\n\n Resource rollout will be restarted.\n\nUsage:\n  kubectl rollout restart RESOURCE [options]',
  flags: [FILENAME_FLAG, DRY_RUN_FLAG, OUTPUT_FLAG, { name: 'selector', shorthand: 'l', type: 'string', usage: 'Selector (label query) to filter on.' }],
  run(ctx, args, parsed) {
    if (args.length === 0) throw new CmdError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    const output = checkOutput(ctx, parsed);
    const dry = dryRunOf(parsed);
    const t = singleTarget(ctx, args, NEED_RESOURCE);
    if (!['deployments', 'daemonsets', 'statefulsets'].includes(t.res.plural)) throw new CmdError(`restarting is not supported`);
    const obj = getTarget(ctx, t);
    if (obj.spec?.paused) throw new CmdError(`${quotedNameOf(t.res, t.name).replace(/^(\S+) /, `${t.res.plural}.${t.res.group} `)} can't restart paused deployment (run rollout resume first)`);
    const at = new Date(ctx.session.cluster.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } };
    const result = dry === 'client' ? obj : patchObject(ctx, t.res.plural, obj.metadata.namespace, t.name, patch, 'strategic', dry);
    return { stdout: printResult(ctx, result, 'restarted', output, dry), stderr: '', exitCode: 0 };
  },
};

function pauseCommand(pause: boolean): KubectlCommand {
  const word = pause ? 'pause' : 'resume';
  return {
    name: word,
    short: pause ? 'Mark the provided resource as paused' : 'Resume a paused resource',
    help: `${pause ? 'Mark the provided resource as paused.' : 'Resume a paused resource.'}\n\nUsage:\n  kubectl rollout ${word} RESOURCE [options]`,
    flags: [FILENAME_FLAG, OUTPUT_FLAG],
    run(ctx, args, parsed) {
      if (args.length === 0) throw new CmdError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
      const output = checkOutput(ctx, parsed);
      const t = singleTarget(ctx, args, NEED_RESOURCE);
      if (t.res.plural !== 'deployments') throw new CmdError(`${pause ? 'pausing' : 'resuming'} is not supported`);
      const obj = getTarget(ctx, t);
      if (!!obj.spec?.paused === pause) throw new CmdError(`deployments.apps "${t.name}" is ${pause ? 'already paused' : 'not paused'}`);
      const result = patchObject(ctx, 'deployments', obj.metadata.namespace, t.name, { spec: { paused: pause ? true : null } }, 'strategic');
      return { stdout: printResult(ctx, result, pause ? 'paused' : 'resumed', output), stderr: '', exitCode: 0 };
    },
  };
}

/** The deployment's ReplicaSets (owned by it), with their revision numbers. */
function replicaSetsOf(ctx: KubectlContext, d: KObject): Array<{ rs: KObject; revision: number }> {
  const all = ctx.client.list('replicasets', d.metadata.namespace).items;
  return all
    .filter((rs) => controllerOf(rs)?.uid === d.metadata.uid)
    .map((rs) => ({ rs, revision: Number(rs.metadata.annotations?.[REVISION] ?? NaN) }))
    .filter((x) => Number.isFinite(x.revision));
}

function stripHash(tpl: any): any {
  const labels = { ...(tpl?.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return { ...tpl, metadata: { ...(tpl?.metadata ?? {}), labels } };
}

function sameTemplate(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortDeep(stripHash(a))) === JSON.stringify(sortDeep(stripHash(b)));
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) if ((v as Record<string, unknown>)[k] !== undefined) out[k] = sortDeep((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

const undo: KubectlCommand = {
  name: 'undo',
  short: 'Undo a previous rollout',
  help: 'Roll back to a previous rollout.\n\nUsage:\n  kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]',
  flags: [FILENAME_FLAG, DRY_RUN_FLAG, OUTPUT_FLAG, { name: 'to-revision', type: 'int64', usage: 'The revision to rollback to. Default to 0 (last revision).' }],
  run(ctx, args, parsed) {
    if (args.length === 0) throw new CmdError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    const output = checkOutput(ctx, parsed);
    const dry = dryRunOf(parsed);
    const t = singleTarget(ctx, args, NEED_RESOURCE);
    if (t.res.plural === 'daemonsets' || t.res.plural === 'statefulsets') return undoFromRevisions(ctx, t, parsed.flags['to-revision'] as number, output, dry);
    if (t.res.plural !== 'deployments') throw new CmdError(`no rollbacker has been implemented for "${t.res.kind}"`);
    const d = getTarget(ctx, t);
    const toRevision = parsed.flags['to-revision'] as number;
    if (d.spec?.paused) throw new CmdError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
    const sets = replicaSetsOf(ctx, d);
    let chosen: KObject | undefined;
    if (toRevision > 0) {
      chosen = sets.find((s) => s.revision === toRevision)?.rs;
      if (!chosen) throw new CmdError(`unable to find specified revision ${toRevision} in history`);
    } else {
      const sorted = [...sets].sort((a, b) => b.revision - a.revision);
      chosen = sorted[1]?.rs;
      if (!chosen) throw new CmdError(`no rollout history found for deployment "${d.metadata.name}"`);
    }
    if (sameTemplate(chosen.spec?.template, d.spec?.template)) {
      return { stdout: printResult(ctx, d, `skipped rollback (current template already matches revision ${toRevision})`, output, dry), stderr: '', exitCode: 0 };
    }
    const annotations: Record<string, string> = {};
    for (const k of ANNOTATIONS_TO_SKIP) if (d.metadata.annotations?.[k] !== undefined) annotations[k] = d.metadata.annotations[k]!;
    for (const [k, v] of Object.entries(chosen.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
    const template = stripHash(chosen.spec.template);
    const patch = [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ];
    const result = dry === 'client' ? d : patchObject(ctx, 'deployments', d.metadata.namespace, t.name, patch, 'json', dry);
    return { stdout: printResult(ctx, result, 'rolled back', output, dry), stderr: '', exitCode: 0 };
  },
};

function describeTemplate(tpl: any): string {
  const labels = Object.entries(tpl?.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`).sort();
  const annotations = Object.entries(tpl?.metadata?.annotations ?? {}).map(([k, v]) => `${k}: ${v}`).sort();
  let text = 'Pod Template:\n';
  text += `  Labels:\t${labels.length ? labels.join('\n\t') : '<none>'}\n`;
  if (annotations.length) text += `  Annotations:\t${annotations.join('\n\t')}\n`;
  text += '  Containers:\n';
  for (const c of tpl?.spec?.containers ?? []) {
    text += `   ${c.name}:\n`;
    text += `    Image:\t${c.image}\n`;
    const ports = (c.ports ?? []).map((p: any) => `${p.containerPort}/${p.protocol ?? 'TCP'}`);
    text += `    Port:\t${ports.length ? ports.join(', ') : '<none>'}\n`;
    text += `    Host Port:\t${ports.length ? (c.ports ?? []).map((p: any) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ') : '<none>'}\n`;
    if (c.command?.length) text += `    Command:\n${c.command.map((x: string) => `      ${x}\n`).join('')}`;
    if (c.args?.length) text += `    Args:\n${c.args.map((x: string) => `      ${x}\n`).join('')}`;
    const limits = Object.entries(c.resources?.limits ?? {});
    const requests = Object.entries(c.resources?.requests ?? {});
    if (limits.length) text += `    Limits:\n${limits.map(([k, v]) => `      ${k}:\t${v}\n`).join('')}`;
    if (requests.length) text += `    Requests:\n${requests.map(([k, v]) => `      ${k}:\t${v}\n`).join('')}`;
    const env = (c.env ?? []).map((e: any) => `      ${e.name}:\t${e.value ?? (e.valueFrom?.configMapKeyRef ? `<set to the key '${e.valueFrom.configMapKeyRef.key}' of config map '${e.valueFrom.configMapKeyRef.name}'>` : e.valueFrom?.secretKeyRef ? `<set to the key '${e.valueFrom.secretKeyRef.key}' in secret '${e.valueFrom.secretKeyRef.name}'>` : '')}\n`);
    text += `    Environment:\t${env.length ? `\n${env.join('')}` : '<none>\n'}`;
    const mounts = (c.volumeMounts ?? []).map((m: any) => `      ${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})\n`);
    text += `    Mounts:\t${mounts.length ? `\n${mounts.join('')}` : '<none>\n'}`;
  }
  const vols = (tpl?.spec?.volumes ?? []).map((v: any) => `   ${v.name}:\n`);
  text += `  Volumes:\t${vols.length ? `\n${vols.join('')}` : '<none>\n'}`;
  if (tpl?.spec?.nodeSelector) text += `  Node-Selectors:\t${Object.entries(tpl.spec.nodeSelector).map(([k, v]) => `${k}=${v}`).join('\n\t')}\n`;
  else text += '  Node-Selectors:\t<none>\n';
  text += `  Tolerations:\t${(tpl?.spec?.tolerations ?? []).length ? (tpl.spec.tolerations as any[]).map((t) => `${t.key ?? ''}${t.value ? `=${t.value}` : ''}:${t.effect ?? ''}`).join('\n\t') : '<none>'}\n`;
  return tabwrite(text, { minwidth: 0, padding: 2 });
}

const history: KubectlCommand = {
  name: 'history',
  short: 'View rollout history',
  help: 'View previous rollout revisions and configurations.\n\nUsage:\n  kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]',
  flags: [FILENAME_FLAG, OUTPUT_FLAG, { name: 'revision', type: 'int64', usage: 'See the details, including podTemplate of the revision specified' }],
  run(ctx, args, parsed) {
    if (args.length === 0) throw new CmdError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    const t = singleTarget(ctx, args, NEED_RESOURCE);
    const revision = parsed.flags.revision as number;
    if (t.res.plural === 'daemonsets' || t.res.plural === 'statefulsets') return historyFromRevisions(ctx, t, revision);
    if (t.res.plural !== 'deployments') throw new CmdError(`no history viewer has been implemented for "${t.res.kind}"`);
    const d = getTarget(ctx, t);
    const sets = replicaSetsOf(ctx, d).sort((a, b) => a.revision - b.revision);
    const head = `${resourceForKind('Deployment')!.kind.toLowerCase()}.apps/${d.metadata.name}`;
    if (revision > 0) {
      const s = sets.find((x) => x.revision === revision);
      if (!s) throw new CmdError(`unable to find the specified revision`);
      const tpl = { ...s.rs.spec.template, metadata: { ...s.rs.spec.template.metadata } };
      return { stdout: `${head} with revision #${revision}\n${describeTemplate(tpl)}\n`, stderr: '', exitCode: 0 };
    }
    if (sets.length === 0) return { stdout: `${head} \nNo rollout history found.\n`, stderr: '', exitCode: 0 };
    const rows = sets.map((s) => `${s.revision}\t${s.rs.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}\n`);
    const table = tabwrite(`REVISION\tCHANGE-CAUSE\n${rows.join('')}`, { minwidth: 0, padding: 2 });
    return { stdout: `${head} \n${table}\n`, stderr: '', exitCode: 0 };
  },
};

/** ControllerRevisions of a DaemonSet or StatefulSet, oldest first (their history). */
function revisionsOf(ctx: KubectlContext, owner: KObject): KObject[] {
  return ctx.client
    .list('controllerrevisions', owner.metadata.namespace)
    .items.filter((cr) => controllerOf(cr)?.uid === owner.metadata.uid)
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
}

/** DaemonSet/StatefulSet rollback as kubectl's rollbackers do it: the revision's data is a strategic merge patch. */
function undoFromRevisions(ctx: KubectlContext, t: Target, toRevision: number, output: string, dry: DryRun): CommandResult {
  const owner = getTarget(ctx, t);
  const history = revisionsOf(ctx, owner);
  let chosen: KObject | undefined;
  if (toRevision > 0) {
    chosen = history.find((r) => r.revision === toRevision);
    if (!chosen) throw new CmdError(`unable to find specified revision ${toRevision} in history`);
  } else {
    if (history.length <= 1) throw new CmdError('no last revision to roll back to');
    chosen = history[history.length - 2];
  }
  const target = (chosen!.data as { spec?: { template?: unknown } } | undefined)?.spec?.template as Record<string, unknown> | undefined;
  const { $patch: _ignored, ...template } = target ?? {};
  if (sameTemplate(template, owner.spec?.template)) {
    return { stdout: printResult(ctx, owner, `skipped rollback (current template already matches revision ${chosen!.revision})`, output, dry), stderr: '', exitCode: 0 };
  }
  const result = dry === 'client' ? owner : patchObject(ctx, t.res.plural, owner.metadata.namespace, t.name, chosen!.data, 'strategic', dry);
  return { stdout: printResult(ctx, result, 'rolled back', output, dry), stderr: '', exitCode: 0 };
}

function historyFromRevisions(ctx: KubectlContext, t: Target, revision: number): CommandResult {
  const owner = getTarget(ctx, t);
  const history = revisionsOf(ctx, owner);
  const head = `${t.res.plural.slice(0, -1)}.apps/${owner.metadata.name}`;
  if (revision > 0) {
    const r = history.find((x) => x.revision === revision);
    if (!r) throw new CmdError(`unable to find the specified revision`);
    const { $patch: _ignored, ...tpl } = ((r.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template ?? {}) as Record<string, unknown>;
    return { stdout: `${head} with revision #${revision}\n${describeTemplate(tpl)}\n`, stderr: '', exitCode: 0 };
  }
  if (history.length === 0) return { stdout: `${head} \nNo rollout history found.\n`, stderr: '', exitCode: 0 };
  const rows = history.map((r) => `${r.revision}\t${r.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}\n`);
  return { stdout: `${head} \n${tabwrite(`REVISION\tCHANGE-CAUSE\n${rows.join('')}`, { minwidth: 0, padding: 2 })}\n`, stderr: '', exitCode: 0 };
}

export const rolloutCommand: KubectlCommand = {
  name: 'rollout',
  short: 'Manage the rollout of a resource',
  help: 'Manage the rollout of one or many resources.\n\nUsage:\n  kubectl rollout SUBCOMMAND [options]',
  subcommands: [history, pauseCommand(true), restart, pauseCommand(false), status, undo],
};

