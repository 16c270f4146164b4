/**
 * pods/log as the API server proxies it to the kubelet of the pod's node: plain text, with the
 * kubelet's options (container, previous, tailLines, sinceSeconds, sinceTime, timestamps,
 * limitBytes), and `follow=true` streamed until the container stops. Also pods/exec, attach and
 * portforward, which need a streaming protocol kubedrill does not speak yet: a clear Status.
 */
import type { Cluster } from '../core/cluster.js';
import type { KObject } from '../core/api/types.js';
import type { LogOptions } from '../core/kubelet/logs.js';
import { kubeletFor } from '../core/kubelet/index.js';
import { ApiError, badRequest } from '../core/apiserver/errors.js';

export function logOptions(q: URLSearchParams): LogOptions & { container?: string; follow: boolean } {
  const num = (k: string): number | undefined => {
    const v = q.get(k);
    if (v === null || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw badRequest(`invalid ${k}: ${v}`);
    return n;
  };
  return {
    container: q.get('container') || undefined,
    follow: q.get('follow') === 'true' || q.get('follow') === '1',
    previous: q.get('previous') === 'true' || q.get('previous') === '1',
    tailLines: num('tailLines'),
    sinceSeconds: num('sinceSeconds'),
    sinceTime: q.get('sinceTime') || undefined,
    timestamps: q.get('timestamps') === 'true' || q.get('timestamps') === '1',
    limitBytes: num('limitBytes'),
  };
}

/** The log text of one container of a (readable, already authorized) pod. */
export function readLog(cluster: Cluster, pod: KObject, opts: LogOptions & { container?: string }): string {
  const name = pod.metadata.name;
  const containers: Array<{ name: string }> = pod.spec?.containers ?? [];
  const inits: Array<{ name: string }> = pod.spec?.initContainers ?? [];
  let container = opts.container;
  if (!container) {
    if (containers.length !== 1) {
      throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(' ')}]${inits.length ? ` or one of the init containers: [${inits.map((c) => c.name).join(' ')}]` : ''}`);
    }
    container = containers[0]!.name;
  }
  if (![...containers, ...inits].some((c) => c.name === container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  const node = pod.spec?.nodeName;
  if (!node) throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ContainerCreating`);
  const kubelet = kubeletFor(cluster.ctx, node);
  if (!kubelet) {
    const ip = cluster.info.nodes.find((n) => n.name === node)?.ip ?? node;
    throw new ApiError(500, 'InternalError', `Get "https://${ip}:10250/containerLogs/${pod.metadata.namespace}/${name}/${container}": dial tcp ${ip}:10250: connect: no route to host`);
  }
  return kubelet.logs(pod.metadata.namespace ?? '', name, container, { ...opts });
}

function stopped(pod: KObject | undefined, container: string | undefined): boolean {
  if (!pod) return true;
  const statuses: Array<{ name: string; state?: { terminated?: unknown } }> = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const name = container ?? pod.spec?.containers?.[0]?.name;
  const st = statuses.find((s) => s.name === name);
  return !!st?.state?.terminated && pod.spec?.restartPolicy === 'Never';
}

/**
 * Follows a container's log: what is there now, then every new line as the simulated clock
 * writes it, polled on the wall clock. Ends when the pod goes away or its container has
 * stopped for good. Returns the function that stops following.
 */
export function followLog(
  cluster: Cluster,
  pod: KObject,
  opts: LogOptions & { container?: string },
  write: (chunk: string) => void,
  end: () => void,
  pollMs = 250,
): () => void {
  const stamped = (o: LogOptions): Array<[string, string]> =>
    readLog(cluster, pod, { ...o, timestamps: true, previous: false })
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const i = l.indexOf(' ');
        return [l.slice(0, i), l.slice(i + 1)];
      });
  const emit = (lines: Array<[string, string]>): void => {
    if (lines.length) write(lines.map(([t, l]) => (opts.timestamps ? `${t} ${l}` : l)).join('\n') + '\n');
  };
  let first = stamped(opts);
  let lastTs = first.length ? first[first.length - 1]![0] : '';
  let sameTs = first.filter(([t]) => t === lastTs).length;
  emit(first);
  first = [];
  const timer = setInterval(() => {
    try {
      const current = cluster.api.cached('pods', pod.metadata.namespace, pod.metadata.name);
      if (!current || current.metadata.uid !== pod.metadata.uid) return finish();
      const lines = stamped({});
      const fresh: Array<[string, string]> = [];
      let seen = 0;
      for (const entry of lines) {
        if (entry[0] > lastTs) fresh.push(entry);
        else if (entry[0] === lastTs && ++seen > sameTs) fresh.push(entry);
      }
      if (fresh.length) {
        const ts = fresh[fresh.length - 1]![0];
        sameTs = ts === lastTs ? sameTs + fresh.length : fresh.filter(([t]) => t === ts).length;
        lastTs = ts;
        emit(fresh);
      }
      if (stopped(current, opts.container)) finish();
    } catch {
      finish();
    }
  }, pollMs);
  timer.unref?.();
  let done = false;
  function finish(): void {
    if (done) return;
    done = true;
    clearInterval(timer);
    end();
  }
  return () => {
    done = true;
    clearInterval(timer);
  };
}

/** pods/attach and portforward (and exec without an upgrade): the streams kubectl asks for are not spoken here. */
export function streamingNotSupported(sub: string, pod: string): ApiError {
  return new ApiError(
    400,
    'BadRequest',
    `${sub} through kubedrill serve is not supported yet (pod "${pod}"): kubectl ${sub === 'portforward' ? 'port-forward' : sub} needs a streaming upgrade (SPDY or WebSocket) that kubedrill does not speak; use kubectl exec (WebSocket) or the kubedrill palette`,
  );
}
