/**
 * kubectl drain NODE: cordon, then evict every pod on the node except mirror pods and (with
 * --ignore-daemonsets) DaemonSet pods. The pod filters and their messages are
 * k8s.io/kubectl/pkg/drain's. The palette does not wait for the evicted pods to terminate:
 * `pod/x evicted` follows the accepted eviction at once.
 */
import { controllerOf, type KObject } from '../../../core/api/types.js';
import { ApiError } from '../../../core/apiserver/errors.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import { CmdError, DRY_RUN_FLAG, dryRunOf, SELECTOR_FLAG, type DryRun } from './common.js';
import { cordonNodes, selectNodes } from './cordon.js';
import { errorText } from './errors.js';

type Status = { delete: boolean; reason: 'okay' | 'skip' | 'warning' | 'error'; message?: string };

const OKAY: Status = { delete: true, reason: 'okay' };

interface Options {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDir: boolean;
  podSelector?: string;
}

function finished(pod: KObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** drain.Helper.makeFilters, applied in order; the first that keeps the pod decides. */
function filterPod(ctx: KubectlContext, pod: KObject, o: Options): Status {
  let status: Status = OKAY;
  const filters: Array<() => Status> = [
    () => OKAY, // skipDeletedFilter: only with --skip-wait-for-delete-timeout
    () => {
      const ref = controllerOf(pod);
      if (!ref || ref.kind !== 'DaemonSet') return OKAY;
      if (finished(pod)) return OKAY;
      try {
        ctx.client.get('daemonsets', pod.metadata.namespace, ref.name);
      } catch (err) {
        if (err instanceof ApiError && err.code === 404 && o.force) return { delete: true, reason: 'warning', message: err.message };
        if (!(err instanceof ApiError && err.code === 404)) return { delete: false, reason: 'error', message: err instanceof Error ? err.message : String(err) };
      }
      if (!o.ignoreDaemonSets) return { delete: false, reason: 'error', message: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' };
      return { delete: false, reason: 'warning', message: 'ignoring DaemonSet-managed Pods' };
    },
    () => (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined ? { delete: false, reason: 'skip' } : OKAY),
    () => {
      const local = (pod.spec?.volumes ?? []).some((v: { emptyDir?: unknown }) => v.emptyDir !== undefined);
      if (!local || finished(pod)) return OKAY;
      if (!o.deleteEmptyDir) return { delete: false, reason: 'error', message: 'Pods with local storage (use --delete-emptydir-data to override)' };
      return { delete: true, reason: 'warning', message: 'deleting Pods with local storage' };
    },
    () => {
      if (finished(pod) || controllerOf(pod)) return OKAY;
      if (o.force) return { delete: true, reason: 'warning', message: 'deleting Pods that declare no controller' };
      return { delete: false, reason: 'error', message: 'Pods declare no controller (use --force to override)' };
    },
  ];
  for (const f of filters) {
    status = f();
    if (!status.delete) break;
  }
  return status;
}

function grouped(items: Array<{ pod: KObject; status: Status }>, reason: Status['reason']): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const { pod, status } of items) {
    if (status.reason !== reason) continue;
    const msg = status.message || 'unexpected error';
    m.set(msg, [...(m.get(msg) ?? []), `${pod.metadata.namespace}/${pod.metadata.name}`]);
  }
  return m;
}

/** utilerrors.Aggregate's text. */
function aggregate(msgs: string[]): string {
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
}

function drainNode(ctx: KubectlContext, node: KObject, o: Options, dry: DryRun, out: { stdout: string; stderr: string }): string | undefined {
  const pods = ctx.client.list('pods', undefined, { fieldSelector: `spec.nodeName=${node.metadata.name}`, ...(o.podSelector ? { labelSelector: o.podSelector } : {}) }).items;
  const items = pods.map((pod) => ({ pod, status: filterPod(ctx, pod, o) }));
  const errs = [...grouped(items, 'error')].map(([msg, list]) => `cannot delete ${msg}: ${list.join(', ')}`);
  if (errs.length) return aggregate(errs);
  const warnings = [...grouped(items, 'warning')].map(([msg, list]) => `${msg}: ${list.join(', ')}`);
  if (warnings.length) out.stderr += `Warning: ${warnings.join('; ')}\n`;
  const victims = items.filter((i) => i.status.delete).map((i) => i.pod);
  if (dry === 'client') {
    for (const p of victims) out.stdout += `evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`;
    return undefined;
  }
  const evicted: KObject[] = [];
  for (const p of victims) {
    out.stdout += `evicting pod ${p.metadata.namespace}/${p.metadata.name}${dry === 'server' ? ' (server dry run)' : ''}\n`;
    try {
      if (dry === 'server') continue;
      ctx.client.evict(p.metadata.namespace!, p.metadata.name);
      evicted.push(p);
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) {
        evicted.push(p);
        continue;
      }
      out.stderr += `error when evicting pods/"${p.metadata.name}" -n "${p.metadata.namespace}" (will retry after 5s): ${err instanceof Error ? err.message : String(err)}\n`;
      return `error when evicting pods/"${p.metadata.name}" -n "${p.metadata.namespace}": ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  for (const p of evicted) out.stdout += `pod/${p.metadata.name} evicted\n`;
  return undefined;
}

export const drainCommand: KubectlCommand = {
  name: 'drain',
  adm: true,
  short: 'Drain node in preparation for maintenance',
  help: 'Drain node in preparation for maintenance.\n\nUsage:\n  kubectl drain NODE [options]',
  flags: [
    SELECTOR_FLAG,
    DRY_RUN_FLAG,
    { name: 'force', type: 'bool', usage: 'Continue even if there are pods that do not declare a controller.' },
    { name: 'ignore-daemonsets', type: 'bool', usage: 'Ignore DaemonSet-managed pods.' },
    { name: 'delete-emptydir-data', type: 'bool', usage: 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).' },
    { name: 'delete-local-data', type: 'bool', hidden: true, deprecated: 'This option is deprecated and will be deleted. Use --delete-emptydir-data.' },
    { name: 'grace-period', type: 'int', default: -1, usage: 'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.' },
    { name: 'timeout', type: 'duration', usage: 'The length of time to wait before giving up, zero means infinite' },
    { name: 'pod-selector', type: 'string', usage: 'Label selector to filter pods on the node' },
    { name: 'disable-eviction', type: 'bool', usage: 'Force drain to use delete, even if eviction is supported.' },
    { name: 'skip-wait-for-delete-timeout', type: 'int', usage: 'If pod DeletionTimestamp older than N seconds, skip waiting for the pod.' },
    { name: 'chunk-size', type: 'int64', default: 500, usage: 'Return large lists in chunks rather than all at once.' },
  ],
  run(ctx, args, parsed) {
    const dry = dryRunOf(parsed);
    const nodes = selectNodes(ctx, args, parsed);
    const out = cordonNodes(ctx, nodes, true, dry);
    for (const w of parsed.warnings) out.stderr = `${w}\n${out.stderr}`;
    const o: Options = {
      force: !!parsed.flags.force,
      ignoreDaemonSets: !!parsed.flags['ignore-daemonsets'],
      deleteEmptyDir: !!parsed.flags['delete-emptydir-data'] || !!parsed.flags['delete-local-data'],
      podSelector: (parsed.flags['pod-selector'] as string) || undefined,
    };
    const fatal: string[] = [];
    const remaining: string[] = [];
    for (const node of nodes) {
      let err: string | undefined;
      try {
        err = drainNode(ctx, node, o, dry, out);
      } catch (e) {
        err = errorText(e).replace(/^error: /, '').replace(/\n$/, '');
      }
      if (err !== undefined) {
        out.stderr += `error: unable to drain node "${node.metadata.name}" due to error:${err}, continuing command...\n`;
        fatal.push(err);
        remaining.push(node.metadata.name);
        continue;
      }
      out.stdout += `node/${node.metadata.name} drained${dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : ''}\n`;
      // As RunDrain does: the pending list follows a later node's success.
      if (remaining.length) out.stderr += `There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`;
    }
    if (fatal.length) return { stdout: out.stdout, stderr: `${out.stderr}error: ${aggregate(fatal)}\n`, exitCode: 1 };
    if (nodes.length === 0) throw new CmdError('No resources found');
    return { ...out, exitCode: 0 };
  },
};
