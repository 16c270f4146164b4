import { describe, it, expect } from 'vitest';
import { cluster, runPod, status, events, getPod, kubelet, until } from './kubelet-helpers.js';
import { ApiError } from '../../src/core/apiserver/errors.js';

const BB = 'busybox:1.36';
const opts = { workers: [{ name: 'worker-1', images: [BB, 'nginx:1.25'] }] };

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof ApiError ? `${e.code} ${e.reason}: ${e.message}` : String(e);
  }
  return 'no error';
}

describe('kubelet pod deletion and logs', () => {
  it('graceful delete: Killing, SIGTERM-aware servers exit 143 quickly, then the pod is removed', () => {
    const c = cluster(opts);
    runPod(c, 'web', { containers: [{ name: 'nginx', image: 'nginx:1.25' }] });
    c.advance(3000);
    c.admin.delete('pods', 'default', 'web');
    c.advance(100);
    expect(getPod(c, 'web')!.metadata.deletionTimestamp).toBeDefined();
    expect(events(c, 'web')).toContain('Killing: Stopping container nginx');
    c.advance(1000);
    expect(getPod(c, 'web')).toBeUndefined();
  });

  it('a shell script ignores SIGTERM as PID 1: killed with 137 after the grace period', () => {
    const c = cluster(opts);
    runPod(c, 'sleeper', { terminationGracePeriodSeconds: 30, containers: [{ name: 'sleep', image: BB, command: ['sleep', '3600'] }] });
    c.advance(3000);
    c.admin.delete('pods', 'default', 'sleeper');
    c.advance(100);
    expect(events(c, 'sleeper')).toContain('Killing: Stopping container sleep');
    c.advance(29_000);
    expect(getPod(c, 'sleeper')).toBeDefined();
    expect(kubelet(c).containers().find((x) => x.podName === 'sleeper')!.state).toBe('CONTAINER_RUNNING');
    c.advance(2000);
    expect(getPod(c, 'sleeper')).toBeUndefined();
  });

  it('the logs API errors read like the kubelet', () => {
    const c = cluster(opts);
    runPod(c, 'two', { containers: [{ name: 'a', image: BB, command: ['sleep', '60'] }, { name: 'b', image: 'nginx:1.25' }] });
    runPod(c, 'pending', { containers: [{ name: 'web', image: 'nginx:1.255' }] });
    runPod(c, 'creating', { containers: [{ name: 'web', image: 'nginx:1.25' }], volumes: [{ name: 'x', configMap: { name: 'nope' } }] });
    c.advance(3000);
    const k = kubelet(c);
    expect(errorOf(() => k.logs('default', 'two'))).toBe('400 BadRequest: a container name must be specified for pod two, choose one of: [a b]');
    expect(errorOf(() => k.logs('default', 'two', 'c'))).toBe('400 BadRequest: container c is not valid for pod two');
    expect(errorOf(() => k.logs('default', 'two', 'a', { previous: true }))).toBe('400 BadRequest: previous terminated container "a" in pod "two" not found');
    expect(errorOf(() => k.logs('default', 'creating'))).toBe('400 BadRequest: container "web" in pod "creating" is waiting to start: ContainerCreating');
    expect(errorOf(() => k.logs('default', 'pending'))).toBe('400 BadRequest: container "web" in pod "pending" is waiting to start: image can\'t be pulled');
    c.advance(6000);
    expect(errorOf(() => k.logs('default', 'pending'))).toBe('400 BadRequest: container "web" in pod "pending" is waiting to start: trying and failing to pull image');
    expect(k.logs('default', 'two', 'b')).toBe('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    k.stop();
    expect(errorOf(() => k.logs('default', 'two', 'b'))).toBe('500 InternalError: Get "https://10.0.1.10:10250/containerLogs/default/two/b": dial tcp 10.0.1.10:10250: connect: connection refused');
  });

  it('previous logs come from the last terminated instance', () => {
    const c = cluster(opts);
    runPod(c, 'counter', { containers: [{ name: 'c', image: BB, command: ['sh', '-c', 'echo run; sleep 5; echo bye; exit 1'] }] });
    c.advance(8000);
    expect(status(c, 'counter').restartCount).toBe(1);
    expect(kubelet(c).logs('default', 'counter', 'c', { previous: true })).toBe('run\nbye\n');
    expect(kubelet(c).logs('default', 'counter', 'c')).toBe('run\n');
    expect(kubelet(c).containers().filter((x) => x.podName === 'counter').map((x) => [x.attempt, x.state])).toEqual([
      [0, 'CONTAINER_EXITED'],
      [1, 'CONTAINER_RUNNING'],
    ]);
  });

  it('an image change on a running pod restarts the container', () => {
    const c = cluster(opts);
    runPod(c, 'img', { containers: [{ name: 'web', image: 'nginx:1.25' }] });
    c.advance(3000);
    const p = c.admin.get('pods', 'default', 'img');
    c.admin.update({ ...p, spec: { ...p.spec, containers: [{ ...p.spec.containers[0], image: 'nginx:1.27' }] } });
    c.advance(10_000);
    expect(events(c, 'img')).toContain('Killing: Container web definition changed, will be restarted');
    expect(status(c, 'img').image).toBe('nginx:1.27');
    expect(status(c, 'img').state.running).toBeDefined();
    expect(status(c, 'img').restartCount).toBe(1);
  });
});

describe('kubelet determinism', () => {
  it('the same seed gives the same pods, IDs and events', () => {
    const run = () => {
      const c = cluster({ ...opts, flavor: 'openshift', seed: 42 });
      runPod(c, 'a', { containers: [{ name: 'web', image: 'nginx:1.25' }] });
      runPod(c, 'b', { containers: [{ name: 'job', image: BB, command: ['sh', '-c', 'exit 3'] }] });
      c.advance(60_000);
      return JSON.stringify([getPod(c, 'a')!.status, getPod(c, 'b')!.status, events(c, 'a'), events(c, 'b'), kubelet(c).containers()]);
    };
    expect(run()).toBe(run());
  });
});

describe('kubelet admission, deadlines and sidecars', () => {
  it('a pod bound past the scheduler that does not fit is rejected: OutOfcpu', () => {
    const c = cluster(opts);
    runPod(c, 'big', { containers: [{ name: 'web', image: 'nginx:1.25', resources: { requests: { cpu: '8' } } }] });
    c.advance(1000);
    const p = getPod(c, 'big')!;
    expect(p.status!.phase).toBe('Failed');
    expect(p.status!.reason).toBe('OutOfcpu');
    expect(p.status!.message).toBe("Pod was rejected: Node didn't have enough resource: cpu, requested: 8000, used: 0, capacity: 4000");
    expect(events(c, 'big')).toEqual(["OutOfcpu: Node didn't have enough resource: cpu, requested: 8000, used: 0, capacity: 4000"]);
  });

  it('a nodeSelector that does not match the node is rejected: NodeAffinity', () => {
    const c = cluster(opts);
    runPod(c, 'sel', { nodeSelector: { disktype: 'ssd' }, containers: [{ name: 'web', image: 'nginx:1.25' }] });
    c.advance(1000);
    expect(getPod(c, 'sel')!.status).toMatchObject({ phase: 'Failed', reason: 'NodeAffinity', message: "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" });
  });

  it('activeDeadlineSeconds ends the pod with DeadlineExceeded', () => {
    const c = cluster(opts);
    runPod(c, 'dl', { activeDeadlineSeconds: 30, containers: [{ name: 'sleep', image: BB, command: ['sleep', '3600'] }] } as never);
    c.advance(29_000);
    expect(getPod(c, 'dl')!.status!.phase).toBe('Running');
    c.advance(2000);
    expect(getPod(c, 'dl')!.status).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    expect(events(c, 'dl')).toContain('DeadlineExceeded: Pod was active on the node longer than the specified deadline');
  });

  it('a native sidecar (restartPolicy Always init container) runs alongside the main container', () => {
    const c = cluster(opts);
    runPod(c, 'sc', {
      restartPolicy: 'Never',
      initContainers: [{ name: 'proxy', image: 'nginx:1.25', restartPolicy: 'Always' }],
      containers: [{ name: 'job', image: BB, command: ['sh', '-c', 'echo work; sleep 5'] }],
    });
    c.advance(3000);
    expect(getPod(c, 'sc')!.status!.phase).toBe('Running');
    expect(status(c, 'sc', 'proxy').state.running).toBeDefined();
    expect(status(c, 'sc', 'job').state.running).toBeDefined();
    expect(getPod(c, 'sc')!.status!.conditions!.find((x) => x.type === 'Initialized')!.status).toBe('True');
    c.advance(10_000);
    expect(getPod(c, 'sc')!.status!.phase).toBe('Succeeded');
    expect(status(c, 'sc', 'proxy').state.terminated).toBeDefined();
  });
});
