import { describe, it, expect } from 'vitest';
import { cluster, runPod, status, events, getPod, kubelet, until, eventCount } from './kubelet-helpers.js';
import { setRegistryReachable } from '../../src/core/kubelet/index.js';

describe('kubelet image pulls', () => {
  it('pulls a missing image with the real Pulling/Pulled messages', () => {
    const c = cluster();
    runPod(c, 'web', { containers: [{ name: 'nginx', image: 'nginx:1.25' }] });
    c.advance(10_000);
    expect(events(c, 'web')).toEqual([
      'Pulling: Pulling image "nginx:1.25"',
      'Pulled: Successfully pulled image "nginx:1.25" in 2.15s (2.15s including waiting). Image size: 73400320 bytes.',
      'Created: Created container: nginx',
      'Started: Started container nginx',
    ]);
    const s = status(c, 'web');
    expect(s.state.running).toBeDefined();
    expect(s.ready).toBe(true);
    expect(s.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(s.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(getPod(c, 'web')!.status!.podIP).toBe('10.244.1.2');
  });

  it('reports an image already on the node, and IfNotPresent does not pull again', () => {
    const c = cluster({ workers: [{ name: 'worker-1', images: ['redis:7'] }] });
    runPod(c, 'cache', { containers: [{ name: 'redis', image: 'redis:7' }] });
    c.advance(5000);
    expect(events(c, 'cache')[0]).toBe('Pulled: Container image "redis:7" already present on machine');
    expect(events(c, 'cache')).not.toContain('Pulling: Pulling image "redis:7"');
  });

  it('imagePullPolicy Always pulls even when present; :latest defaults to Always', () => {
    const c = cluster({ workers: [{ name: 'worker-1', images: ['nginx:latest'] }] });
    runPod(c, 'a', { containers: [{ name: 'nginx', image: 'nginx' }] });
    c.advance(5000);
    expect(events(c, 'a')[0]).toBe('Pulling: Pulling image "nginx"');
    expect(events(c, 'a')[1]).toMatch(/^Pulled: Successfully pulled image "nginx" in \d+ms \(\d+ms including waiting\)\. Image size: \d+ bytes\.$/);
  });

  it('an unknown tag fails with ErrImagePull, then ImagePullBackOff with back-off 10s, 20s, 40s', () => {
    const c = cluster();
    const t0 = c.clock.now();
    runPod(c, 'bad', { containers: [{ name: 'web', image: 'nginx:1.255' }] });
    c.advance(2000);
    const notFound = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.255": failed to resolve reference "docker.io/library/nginx:1.255": docker.io/library/nginx:1.255: not found';
    expect(status(c, 'bad').state.waiting).toEqual({ reason: 'ErrImagePull', message: notFound });
    expect(events(c, 'bad')).toEqual(['Pulling: Pulling image "nginx:1.255"', `Failed: Failed to pull image "nginx:1.255": ${notFound}`, 'Failed: Error: ErrImagePull']);
    c.advance(5000);
    expect(status(c, 'bad').state.waiting).toEqual({ reason: 'ImagePullBackOff', message: `Back-off pulling image "nginx:1.255": ErrImagePull: ${notFound}` });
    expect(events(c, 'bad')).toContain('BackOff: Back-off pulling image "nginx:1.255"');
    expect(events(c, 'bad')).toContain('Failed: Error: ImagePullBackOff');
    expect(getPod(c, 'bad')!.status!.phase).toBe('Pending');
    // Pull attempts: the first after the sandbox (t0+1s), then 10 s, 20 s, 40 s after each failure.
    const starts: number[] = [];
    let seen = 1;
    starts.push(1000);
    until(c, () => {
      const n = eventCount(c, 'bad', 'Pulling');
      if (n > seen) {
        seen = n;
        starts.push(c.clock.now() - t0);
      }
      return seen >= 4;
    });
    const gaps = starts.slice(1).map((s, i) => s - starts[i]! - 600);
    // 100 ms polling granularity
    expect(gaps.map((g) => Math.round(g / 1000))).toEqual([10, 20, 40]);
  });

  it('a repository that does not exist reads as pull access denied', () => {
    const c = cluster();
    runPod(c, 'nope', { containers: [{ name: 'app', image: 'example/does-not-exist:1' }] });
    c.advance(2000);
    expect(status(c, 'nope').state.waiting?.message).toBe(
      'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/example/does-not-exist:1": failed to resolve reference "docker.io/example/does-not-exist:1": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
  });

  it('CRI-O on OpenShift words the failure its own way', () => {
    const c = cluster({ flavor: 'openshift' });
    runPod(c, 'bad', { containers: [{ name: 'web', image: 'nginx:1.255' }] });
    // The node pulls the OpenShift DaemonSets' images (CSI driver) first: allow for the queue.
    c.advance(5000);
    expect(status(c, 'bad').state.waiting?.message).toBe('rpc error: code = Unknown desc = initializing source docker://docker.io/library/nginx:1.255: reading manifest 1.255 in docker.io/library/nginx: manifest unknown: manifest unknown');
    const ip = getPod(c, 'bad')!.status!.podIP!;
    expect(ip).toMatch(/^10\.128\.2\.\d+$/);
    expect(events(c, 'bad')[0]).toBe(`AddedInterface: Add eth0 [${ip}/23] from ovn-kubernetes`);
    expect(status(c, 'bad').containerID).toBeUndefined();
  });

  it('an unreachable registry times out after 30 s with a dial i/o timeout', () => {
    const c = cluster();
    setRegistryReachable(c.ctx, 'quay.io', false);
    runPod(c, 'q', { containers: [{ name: 'app', image: 'quay.io/openshift/origin-cli:4.17', command: ['sleep', '3600'] }] });
    c.advance(20_000);
    expect(status(c, 'q').state.waiting?.reason).toBe('ContainerCreating');
    c.advance(12_000);
    const w = status(c, 'q').state.waiting!;
    expect(w.reason).toBe('ErrImagePull');
    expect(w.message).toMatch(
      /^rpc error: code = Unknown desc = failed to pull and unpack image "quay\.io\/openshift\/origin-cli:4\.17": failed to resolve reference "quay\.io\/openshift\/origin-cli:4\.17": failed to do request: Head "https:\/\/quay\.io\/v2\/openshift\/origin-cli\/manifests\/4\.17": dial tcp \d+\.\d+\.\d+\.\d+:443: i\/o timeout$/,
    );
    kubelet(c).setRegistryReachable('quay.io', true);
    until(c, () => !!status(c, 'q').state.running);
  });

  it('pull policy Never with a missing image, and an invalid reference', () => {
    const c = cluster();
    runPod(c, 'never', { containers: [{ name: 'app', image: 'redis:7', imagePullPolicy: 'Never' }] });
    runPod(c, 'upper', { containers: [{ name: 'app', image: 'Nginx:1.25' }] });
    c.advance(3000);
    expect(status(c, 'never').state.waiting).toEqual({ reason: 'ErrImageNeverPull', message: 'Container image "redis:7" is not present with pull policy of Never' });
    expect(status(c, 'upper').state.waiting?.reason).toBe('InvalidImageName');
    expect(status(c, 'upper').state.waiting?.message).toBe('Failed to apply default image tag "Nginx:1.25": couldn\'t parse image name "Nginx:1.25": invalid reference format: repository name (library/Nginx) must be lowercase');
  });

  it('pulls are serialised on a node: the second waits for the first', () => {
    const c = cluster();
    runPod(c, 'a', { containers: [{ name: 'pg', image: 'postgres:16', env: [{ name: 'POSTGRES_PASSWORD', value: 'x' }] }] });
    runPod(c, 'b', { containers: [{ name: 'py', image: 'python:3.12' }] });
    c.advance(30_000);
    const pulledB = events(c, 'b').find((e) => e.startsWith('Pulled'))!;
    const m = /in ([\d.]+)s \(([\d.]+)s including waiting\)/.exec(pulledB)!;
    expect(Number(m[2])).toBeGreaterThan(Number(m[1]));
  });
});
