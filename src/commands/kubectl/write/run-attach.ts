/**
 * kubectl run -i/--attach [--rm]: create the pod, wait for its container to run and end, show
 * what it wrote, then delete it with --rm. The palette has no terminal, so -t behaves as
 * kubectl does with stdin that is not one (a warning, then plain -i), and stdin is empty.
 * Waiting advances the simulated clock: the command takes the time the pod takes.
 */
import type { Pod } from '../../../core/api/types.js';
import { formatGoDuration } from '../../../core/clock.js';
import { kubeletFor } from '../../../core/kubelet/index.js';
import type { CommandResult } from '../../shell/pipeline.js';
import type { KubectlContext } from '../types.js';
import { usageError } from './common.js';
import { stripNulls } from './create/run.js';

const STEP_MS = 500;
/** kubectl's --pod-running-timeout default: how long it waits for the pod to start. */
const START_TIMEOUT_MS = 60_000;
/** The palette cannot stay attached forever: it stops waiting after this long. */
const ATTACH_LIMIT_MS = 5 * 60_000;

type ContainerState = NonNullable<Pod['status']>['containerStatuses'] extends Array<infer S> | undefined ? S : never;

export function runAttached(ctx: KubectlContext, pod: Pod, opts: { rm: boolean; tty: boolean }): CommandResult {
  const cluster = ctx.session.cluster;
  let stderr = opts.tty ? 'Unable to use a TTY - input is not a terminal or the right kind of file\n' : '';
  const created = ctx.client.create<Pod>(stripNulls({ ...pod, metadata: { ...pod.metadata, namespace: pod.metadata.namespace ?? ctx.namespace } }));
  const ns = created.metadata.namespace!;
  const name = created.metadata.name;
  const container = created.spec.containers[0]!.name;
  const current = (): Pod | undefined => ctx.client.tryGet<Pod>('pods', ns, name);
  const stateOf = (p: Pod | undefined): ContainerState | undefined => p?.status?.containerStatuses?.find((c) => c.name === container);

  let waited = 0;
  let started = false;
  let status = stateOf(current());
  while (waited < ATTACH_LIMIT_MS) {
    status = stateOf(current());
    if (status?.state?.running || status?.state?.terminated) started = true;
    if (status?.state?.terminated || status?.lastState?.terminated) break;
    if (!started && waited >= START_TIMEOUT_MS) break;
    cluster.advance(STEP_MS);
    waited += STEP_MS;
  }
  const terminated = status?.state?.terminated ?? status?.lastState?.terminated;
  let stdout = '';
  let exitCode = 0;
  if (!started) {
    stderr += 'error: timed out waiting for the condition\n';
    exitCode = 1;
  } else {
    const node = current()?.spec.nodeName;
    const kubelet = node ? kubeletFor(cluster.ctx, node) : undefined;
    try {
      stdout = kubelet?.logs(ns, name, container, terminated && !status?.state?.terminated ? { previous: true } : {}) ?? '';
    } catch {
      stdout = '';
    }
    if (!terminated) {
      stderr += `kubedrill: the palette stopped waiting after ${formatGoDuration(ATTACH_LIMIT_MS)}; pod ${ns}/${name} is still running (the real kubectl would stay attached)\n`;
      return { stdout, stderr, exitCode: 0 };
    }
    exitCode = terminated.exitCode ?? 0;
  }
  if (opts.rm) {
    ctx.client.delete('pods', ns, name);
    stdout += `pod "${name}" deleted\n`;
  }
  if (started && exitCode !== 0) stderr += `pod ${ns}/${name} terminated (${terminated?.reason ?? 'Error'})\n`;
  return { stdout, stderr, exitCode };
}

export function checkAttachFlags(ctx: KubectlContext, flags: Record<string, unknown>): void {
  if (flags.tty && !flags.stdin) throw usageError(ctx, '-i/--stdin is required for containers with -t/--tty=true');
}
