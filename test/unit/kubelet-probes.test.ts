import { describe, it, expect } from 'vitest';
import { cluster, runPod, status, events, getPod, until, eventCount } from './kubelet-helpers.js';

const BB = 'busybox:1.36';
const opts = {
  workers: [{ name: 'worker-1', images: [BB, 'nginx:1.25'] }],
  images: { 'example/slow:1': { listen: [8080], ready: 25_000, cpu: '5m', memory: '20Mi' } },
};

describe('kubelet probes', () => {
  it('without probes a running container is ready at once', () => {
    const c = cluster(opts);
    runPod(c, 'web', { containers: [{ name: 'web', image: 'nginx:1.25' }] });
    c.advance(1100);
    expect(status(c, 'web').ready).toBe(true);
    expect(getPod(c, 'web')!.status!.conditions!.find((x) => x.type === 'Ready')!.status).toBe('True');
  });

  it('readiness follows the image becoming ready; ContainersNotReady until then', () => {
    const c = cluster(opts);
    runPod(c, 'slow', { containers: [{ name: 'app', image: 'example/slow:1', readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 } }] });
    c.advance(10_000);
    const p = getPod(c, 'slow')!;
    expect(p.status!.phase).toBe('Running');
    expect(p.status!.conditions!.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    expect(p.status!.conditions!.find((x) => x.type === 'ContainersReady')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    const ip = p.status!.podIP;
    expect(events(c, 'slow')).toContain(`Unhealthy: Readiness probe failed: Get "http://${ip}:8080/ready": dial tcp ${ip}:8080: connect: connection refused`);
    const t = until(c, () => status(c, 'slow').ready);
    // ready 25 s after start; probes tick every 5 s from start+1 s: first success at start+26 s
    expect(c.clock.now() - Date.parse(status(c, 'slow').state.running!.startedAt!)).toBeGreaterThanOrEqual(26_000);
    expect(t).toBeGreaterThan(0);
    expect(status(c, 'slow').started).toBe(true);
  });

  it('a liveness probe on a port nothing listens on kills and restarts the container', () => {
    const c = cluster(opts);
    runPod(c, 'live', { containers: [{ name: 'nginx', image: 'nginx:1.25', livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 } }] });
    c.advance(40_000);
    const ip = getPod(c, 'live')!.status!.podIP;
    expect(events(c, 'live')).toContain(`Unhealthy: Liveness probe failed: Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused`);
    expect(events(c, 'live')).toContain('Killing: Container nginx failed liveness probe, will be restarted');
    expect(eventCount(c, 'live', 'Unhealthy')).toBe(3);
    until(c, () => status(c, 'live').restartCount === 1);
    expect(status(c, 'live').lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('exec probe: cat /tmp/healthy fails once the file is removed (the docs example)', () => {
    const c = cluster(opts);
    runPod(c, 'liveness-exec', {
      containers: [{ name: 'liveness', image: BB, args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'], livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 } }],
    });
    c.advance(30_000);
    expect(eventCount(c, 'liveness-exec', 'Unhealthy')).toBe(0);
    c.advance(20_000);
    expect(events(c, 'liveness-exec')).toContain("Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    expect(events(c, 'liveness-exec')).toContain('Killing: Container liveness failed liveness probe, will be restarted');
  });

  it('tcpSocket readiness on a named port, and a startup probe gating liveness', () => {
    const c = cluster(opts);
    runPod(c, 'tcp', {
      containers: [{
        name: 'app', image: 'example/slow:1', ports: [{ name: 'http', containerPort: 8080 }],
        startupProbe: { tcpSocket: { port: 'http' }, periodSeconds: 10, failureThreshold: 30 },
        livenessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 10, failureThreshold: 1 },
        readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 10 },
      }],
    });
    c.advance(20_000);
    expect(status(c, 'tcp').started).toBe(false);
    expect(status(c, 'tcp').ready).toBe(false);
    const ip = getPod(c, 'tcp')!.status!.podIP;
    expect(events(c, 'tcp')).toContain(`Unhealthy: Startup probe failed: dial tcp ${ip}:8080: connect: connection refused`);
    c.advance(20_000);
    expect(status(c, 'tcp').started).toBe(true);
    expect(status(c, 'tcp').ready).toBe(true);
    expect(status(c, 'tcp').restartCount).toBe(0);
  });

  it('a healthy pod with probes costs no timers once settled', () => {
    const c = cluster(opts);
    runPod(c, 'quiet', { containers: [{ name: 'web', image: 'nginx:1.25', readinessProbe: { httpGet: { port: 80 } }, livenessProbe: { httpGet: { port: 80 } } }] });
    c.advance(30_000);
    expect(status(c, 'quiet').ready).toBe(true);
    const before = c.clock.pendingTasks();
    runPod(c, 'quiet2', { containers: [{ name: 'web', image: 'nginx:1.25', readinessProbe: { httpGet: { port: 80 } }, livenessProbe: { httpGet: { port: 80 } } }] });
    c.advance(30_000);
    expect(status(c, 'quiet2').ready).toBe(true);
    expect(c.clock.pendingTasks()).toBeLessThanOrEqual(before);
  });
});
