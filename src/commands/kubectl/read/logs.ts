/**
 * `kubectl logs`: finds the pod (directly, or the first pod of a workload or selector), picks
 * the container the way kubectl 1.32 does (annotation, else the first, with a "Defaulted
 * container" note), and reads the text from the kubelet of the pod's node.
 */
import type { KObject, Pod } from '../../../core/api/types.js';
import { ApiError } from '../../../core/apiserver/errors.js';
import { formatLabelSelector } from '../../../core/api/labels.js';
import { kubeletFor } from '../../../core/kubelet/index.js';
import { parseGoDuration, type FlagSpec, type ParseResult } from '../../flags.js';
import type { CommandResult } from '../../shell/pipeline.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import { resolveType } from './resources.js';

const LOGS_FLAGS: FlagSpec[] = [
  { name: 'all-containers', type: 'bool', usage: 'Get all containers\' logs in the pod(s).' },
  { name: 'all-pods', type: 'bool', usage: 'Get logs from all pod(s). Sets prefix to true.' },
  { name: 'container', shorthand: 'c', type: 'string', usage: 'Print the logs of this container' },
  { name: 'follow', shorthand: 'f', type: 'bool', usage: 'Specify if the logs should be streamed.' },
  { name: 'ignore-errors', type: 'bool', usage: 'If watching / following pod logs, allow for any errors that occur to be non-fatal' },
  { name: 'insecure-skip-tls-verify-backend', type: 'bool', usage: 'Skip verifying the identity of the kubelet that logs are requested from.' },
  { name: 'limit-bytes', type: 'int64', usage: 'Maximum bytes of logs to return. Defaults to no limit.' },
  { name: 'max-log-requests', type: 'int', default: 5, usage: 'Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.' },
  { name: 'pod-running-timeout', type: 'duration', default: 20_000, usage: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running' },
  { name: 'prefix', type: 'bool', usage: 'Prefix each log line with the log source (pod name and container name)' },
  { name: 'previous', shorthand: 'p', type: 'bool', usage: 'If true, print the logs for the previous instance of the container in a pod if it exists.' },
  { name: 'selector', shorthand: 'l', type: 'string', usage: 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.' },
  { name: 'since', type: 'string', usage: 'Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs.' },
  { name: 'since-time', type: 'string', usage: 'Only return logs after a specific date (RFC3339). Defaults to all logs.' },
  { name: 'tail', type: 'int64', default: -1, usage: 'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.' },
  { name: 'timestamps', type: 'bool', usage: 'Include timestamps on each line in the log output' },
];

const USAGE_ERROR = (cli: string): string =>
  `error: expected '${cli} logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee '${cli} logs -h' for help and examples\n`;

/** The pods a workload selects, most useful first (running and ready before the rest). */
function podsForObject(ctx: KubectlContext, obj: KObject): Pod[] {
  let selector: string;
  if (obj.kind === 'Service') selector = formatLabelSelectorMap(obj.spec?.selector);
  else if (obj.kind === 'CronJob') selector = formatLabelSelector(obj.spec?.jobTemplate?.spec?.selector);
  else if (obj.kind === 'ReplicationController') selector = formatLabelSelectorMap(obj.spec?.selector);
  else selector = formatLabelSelector(obj.spec?.selector);
  if (!selector || selector === '<none>') return [];
  const pods = ctx.client.list<Pod>('pods', ctx.namespace, { labelSelector: selector }).items;
  const rank = (p: Pod): number => (p.metadata.deletionTimestamp ? 3 : p.status?.phase === 'Running' ? (p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 0 : 1) : 2);
  return [...pods].sort((a, b) => rank(a) - rank(b) || String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)));
}

function formatLabelSelectorMap(m: Record<string, string> | undefined): string {
  if (!m || Object.keys(m).length === 0) return '';
  return formatLabelSelector({ matchLabels: m });
}

function containerNames(pod: Pod): string {
  return [
    ...(pod.spec.containers ?? []).map((c) => c.name),
    ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`),
    ...((pod.spec.ephemeralContainers as Array<{ name: string }> | undefined) ?? []).map((c) => `${c.name} (ephem)`),
  ].join(', ');
}

export function runLogs(ctx: KubectlContext, args: string[], parsed: ParseResult): CommandResult {
  const f = parsed.flags;
  if (f.follow) return { stdout: '', stderr: 'error: --follow is only available in the dashboard\n', exitCode: 1 };
  const selector = f.selector as string;
  if (args.length === 0 && !selector) return { stdout: '', stderr: USAGE_ERROR(ctx.cli), exitCode: 1 };
  if (args.length > 0 && selector) return { stdout: '', stderr: 'error: only a selector (-l) or a POD name is allowed\n', exitCode: 1 };
  let container = f.container as string;
  if (args.length === 2 && !args[0]!.includes('/')) {
    if (container) return { stdout: '', stderr: 'error: only one of -c or an inline [CONTAINER] arg is allowed\n', exitCode: 1 };
    container = args[1]!;
  } else if (args.length > 2 || (args.length === 2 && args[0]!.includes('/'))) return { stdout: '', stderr: USAGE_ERROR(ctx.cli), exitCode: 1 };
  let stderr = '';
  let tail = f.tail as number;
  let pods: Pod[];
  const prefix = !!f.prefix || !!f['all-pods'];
  if (selector) {
    if (!parsed.changed.has('tail')) tail = 10;
    pods = ctx.client.list<Pod>('pods', ctx.namespace, { labelSelector: selector }).items;
    if (pods.length === 0) return { stdout: '', stderr: `No resources found in ${ctx.namespace} namespace.\n`, exitCode: 0 };
    const max = f['max-log-requests'] as number;
    if (f.follow && pods.length > max) {
      return { stdout: '', stderr: `error: you are attempting to follow ${pods.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit\n`, exitCode: 1 };
    }
  } else {
    const arg = args[0]!;
    if (arg.includes('/')) {
      const i = arg.indexOf('/');
      const res = resolveType(arg.slice(0, i));
      const obj = ctx.client.get(res.plural, res.namespaced ? ctx.namespace : undefined, arg.slice(i + 1));
      if (res.plural === 'pods') pods = [obj as Pod];
      else {
        const matching = podsForObject(ctx, obj);
        if (matching.length === 0) return { stdout: '', stderr: `error: timed out waiting for the condition\n`, exitCode: 1 };
        if (matching.length > 1 && !f['all-pods']) stderr += `Found ${matching.length} pods, using pod/${matching[0]!.metadata.name}\n`;
        pods = f['all-pods'] ? matching : [matching[0]!];
      }
    } else pods = [ctx.client.get<Pod>('pods', ctx.namespace, arg)];
  }

  let sinceSeconds: number | undefined;
  if (f.since) {
    if (f['since-time']) return { stdout: '', stderr: 'error: at most one of `sinceTime` or `sinceSeconds` may be specified\n', exitCode: 1 };
    try {
      sinceSeconds = Math.ceil(parseGoDuration(f.since as string) / 1000);
    } catch (err) {
      return { stdout: '', stderr: `error: invalid argument "${f.since}" for "--since" flag: ${(err as Error).message}\n`, exitCode: 1 };
    }
  }
  const opts = {
    previous: !!f.previous,
    tailLines: tail >= 0 ? tail : undefined,
    sinceSeconds,
    sinceTime: (f['since-time'] as string) || undefined,
    timestamps: !!f.timestamps,
    limitBytes: (f['limit-bytes'] as number) > 0 ? (f['limit-bytes'] as number) : undefined,
  };
  let stdout = '';
  for (const pod of pods) {
    let names: string[];
    if (f['all-containers']) names = [...(pod.spec.initContainers ?? []).map((c) => c.name), ...pod.spec.containers.map((c) => c.name)];
    else if (container) names = [container];
    else {
      const byAnnotation = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
      const chosen = byAnnotation && pod.spec.containers.some((c) => c.name === byAnnotation) ? byAnnotation : pod.spec.containers[0]?.name;
      if (!chosen) return { stdout, stderr: `${stderr}error: pod ${pod.metadata.namespace}/${pod.metadata.name} does not have any containers\n`, exitCode: 1 };
      if (chosen !== byAnnotation && (pod.spec.containers.length > 1 || pod.spec.initContainers?.length)) {
        stderr += `Defaulted container "${chosen}" out of: ${containerNames(pod)}\n`;
      }
      names = [chosen];
    }
    for (const name of names) {
      try {
        stdout += readLogs(ctx, pod, name, opts, prefix ? `[pod/${pod.metadata.name}/${name}] ` : '');
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const msg = err.code === 500 && err.message.startsWith('Get "') ? `Error from server: ${err.message}` : err.kubectlMessage();
        if (selector || f['all-containers']) {
          stderr += `${msg}\n`;
          continue;
        }
        return { stdout, stderr: `${stderr}${msg}\n`, exitCode: 1 };
      }
    }
  }
  return { stdout, stderr, exitCode: 0 };
}

function readLogs(ctx: KubectlContext, pod: Pod, container: string, opts: Parameters<NonNullable<ReturnType<typeof kubeletFor>>['logs']>[3], prefix: string): string {
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  if (!all.some((c) => c.name === container)) throw new ApiError(400, 'BadRequest', `container ${container} is not valid for pod ${pod.metadata.name}`);
  const node = pod.spec.nodeName;
  // The API server has no node to proxy to: nothing has run yet.
  if (!node) throw new ApiError(400, 'BadRequest', `container "${container}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`);
  const kubelet = kubeletFor(ctx.session.cluster.ctx, node);
  if (!kubelet) {
    const nodeObj = ctx.session.cluster.api.cached('nodes', undefined, node);
    const ip = nodeObj?.status?.addresses?.find((a: { type: string }) => a.type === 'InternalIP')?.address ?? ctx.session.cluster.info.nodes.find((n) => n.name === node)?.ip ?? node;
    throw new ApiError(500, 'InternalError', `Get "https://${ip}:10250/containerLogs/${pod.metadata.namespace}/${pod.metadata.name}/${container}": dial tcp ${ip}:10250: connect: no route to host`);
  }
  const text = kubelet.logs(pod.metadata.namespace ?? '', pod.metadata.name, container, opts);
  if (!prefix || !text) return text;
  return text
    .split('\n')
    .map((l, i, a) => (i === a.length - 1 && l === '' ? '' : prefix + l))
    .join('\n');
}

export const logsCommand: KubectlCommand = {
  name: 'logs',
  short: 'Print the logs for a container in a pod',
  help: `Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.

Examples:
  # Return snapshot logs from pod nginx with only one container
  kubectl logs nginx

  # Return snapshot of previous terminated ruby container logs from pod web-1
  kubectl logs -p -c ruby web-1

  # Show all logs from pod nginx written in the last hour
  kubectl logs --since=1h nginx

  # Return snapshot logs from first container of a job named hello
  kubectl logs job/hello

Usage:
  kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]`,
  flags: LOGS_FLAGS,
  run: runLogs,
};

