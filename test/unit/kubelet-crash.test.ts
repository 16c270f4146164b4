import { describe, it, expect } from 'vitest';
import { cluster, runPod, status, events, getPod, kubelet, until, eventCount } from './kubelet-helpers.js';

const BB = 'busybox:1.36';
const opts = { workers: [{ name: 'worker-1', images: [BB] }] };

describe('kubelet restarts and exits', () => {
  it('CrashLoopBackOff: first restart at once, then back-off 10s, 20s, 40s, 1m20s', () => {
    const c = cluster(opts);
    const pod = runPod(c, 'flaky', { containers: [{ name: 'flaky', image: BB, command: ['sh', '-c', 'echo starting; exit 1'] }] });
    const uid = getPod(c, 'flaky')!.metadata.uid;
    c.advance(1500);
    // Started at t=1s (sandbox), exited at once: terminated Error, exit 1.
    const s1 = status(c, 'flaky');
    expect(s1.state.terminated?.exitCode).toBe(1);
    expect(s1.state.terminated?.reason).toBe('Error');
    void pod;
    c.advance(1000);
    // PLEG noticed; no back-off yet: restarted at once, and crashed again.
    expect(status(c, 'flaky').restartCount).toBe(1);
    c.advance(1000);
    const w = status(c, 'flaky').state.waiting!;
    expect(w).toEqual({ reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=flaky pod=flaky_default(${uid})` });
    expect(status(c, 'flaky').lastState.terminated?.exitCode).toBe(1);
    expect(events(c, 'flaky')).toContain(`BackOff: Back-off restarting failed container flaky in pod flaky_default(${uid})`);
    expect(getPod(c, 'flaky')!.status!.phase).toBe('Running');
    const seen: string[] = [];
    until(c, () => {
      const m = status(c, 'flaky').state.waiting?.message;
      const b = m ? /back-off (\S+) /.exec(m)![1]! : undefined;
      if (b && seen[seen.length - 1] !== b) seen.push(b);
      return seen.length >= 6;
    });
    expect(seen).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s']);
    expect(status(c, 'flaky').restartCount).toBe(6);
  });

  it('restart times follow the back-off: 10 s after the 2nd exit, 20 s after the 3rd', () => {
    const c = cluster(opts);
    runPod(c, 'f', { containers: [{ name: 'f', image: BB, command: ['false'] }] });
    const t0 = c.clock.now();
    const starts: number[] = [];
    let last = '';
    until(c, () => {
      const s = status(c, 'f');
      const id = s?.containerID ?? '';
      if (id && id !== last) {
        last = id;
        starts.push(Math.round((c.clock.now() - t0) / 100) / 10);
      }
      return starts.length >= 5;
    });
    // t=1 (sandbox), +1 (PLEG, no back-off), then +10, +20, +40 from each exit
    expect(starts.map((s, i) => (i === 0 ? s : Math.round(s - starts[i - 1]!)))).toEqual([1, 1, 10, 20, 40]);
  });

  it('the back-off resets after the container ran for 10 minutes', () => {
    const c = cluster(opts);
    runPod(c, 'long', { containers: [{ name: 'long', image: BB, command: ['sh', '-c', 'sleep 700; exit 3'] }] });
    c.advance(702_000);
    expect(status(c, 'long').restartCount).toBe(1);
    c.advance(702_000);
    // second exit after 10+ minutes: no CrashLoopBackOff wait, restarted at once
    expect(status(c, 'long').restartCount).toBe(2);
    expect(status(c, 'long').state.running).toBeDefined();
    expect(status(c, 'long').lastState.terminated?.exitCode).toBe(3);
  });

  it('an image exiting with 139 shows Error and exit code 139', () => {
    const c = cluster({ images: { 'example/segv:1': { cpu: '1m', memory: '5Mi', exit: { after: 3000, code: 139 }, logs: ['starting worker'] } } });
    runPod(c, 'segv', { containers: [{ name: 'app', image: 'example/segv:1' }] });
    until(c, () => !!status(c, 'segv')?.lastState.terminated || !!status(c, 'segv')?.state.terminated);
    const t = status(c, 'segv').state.terminated ?? status(c, 'segv').lastState.terminated!;
    expect(t.exitCode).toBe(139);
    expect(t.reason).toBe('Error');
    expect(kubelet(c).logs('default', 'segv', undefined, { previous: false })).toBe('starting worker\n');
  });

  it('memory growth past the limit is OOMKilled with exit code 137', () => {
    const c = cluster({ images: { 'example/leaky:1': { cpu: '5m', memory: '50Mi', memoryGrowthPerSec: 1024 * 1024, listen: [8080], ready: 500 } } });
    runPod(c, 'leaky', { containers: [{ name: 'app', image: 'example/leaky:1', resources: { limits: { memory: '100Mi' }, requests: { memory: '100Mi' } } }] });
    c.advance(30_000);
    const usage = c.metrics.podUsage('default', 'leaky')!;
    expect(Math.round(usage.containers[0]!.memoryBytes / 1024 / 1024)).toBeGreaterThan(70);
    until(c, () => status(c, 'leaky')?.restartCount === 1);
    const last = status(c, 'leaky').lastState.terminated!;
    expect(last.exitCode).toBe(137);
    expect(last.reason).toBe('OOMKilled');
    // 50Mi + 1Mi/s reaches 100Mi 50 s after the start
    expect(Date.parse(last.finishedAt!) - Date.parse(last.startedAt!)).toBe(50_000);
  });

  it('restartPolicy Never and OnFailure end the pod', () => {
    const c = cluster(opts);
    runPod(c, 'ok', { restartPolicy: 'OnFailure', containers: [{ name: 'job', image: BB, command: ['sh', '-c', 'echo done'] }] });
    runPod(c, 'ko', { restartPolicy: 'Never', containers: [{ name: 'job', image: BB, command: ['sh', '-c', 'echo boom; exit 2'] }] });
    c.advance(10_000);
    expect(getPod(c, 'ok')!.status!.phase).toBe('Succeeded');
    expect(status(c, 'ok').state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const ready = getPod(c, 'ok')!.status!.conditions!.find((x) => x.type === 'Ready')!;
    expect(ready).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(getPod(c, 'ko')!.status!.phase).toBe('Failed');
    expect(status(c, 'ko').state.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(status(c, 'ko').restartCount).toBe(0);
    expect(kubelet(c).logs('default', 'ko')).toBe('boom\n');
  });

  it('busybox with no command exits 0 at once and loops (Completed, then CrashLoopBackOff)', () => {
    const c = cluster(opts);
    runPod(c, 'bb', { containers: [{ name: 'bb', image: BB }] });
    c.advance(1500);
    expect(status(c, 'bb').state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    c.advance(2000);
    expect(status(c, 'bb').state.waiting?.reason).toBe('CrashLoopBackOff');
  });

  it('sleep keeps running; while loops log lazily; logs with tail and timestamps', () => {
    const c = cluster(opts);
    runPod(c, 'loop', { containers: [{ name: 'loop', image: BB, command: ['sh', '-c', 'echo hello $GREETING; while true; do echo tick; sleep 5; done'], env: [{ name: 'GREETING', value: 'world' }] }] });
    c.advance(61_000);
    expect(status(c, 'loop').state.running).toBeDefined();
    const text = kubelet(c).logs('default', 'loop');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('hello world');
    expect(lines.slice(1).every((l) => l === 'tick')).toBe(true);
    expect(lines.length).toBe(1 + 13);
    expect(kubelet(c).logs('default', 'loop', 'loop', { tailLines: 2 })).toBe('tick\ntick\n');
    expect(kubelet(c).logs('default', 'loop', 'loop', { tailLines: 1, timestamps: true })).toMatch(/^2026-11-24T09:01:\d\d\.\d{3}000000Z tick\n$/);
    expect(eventCount(c, 'loop', 'Started')).toBe(1);
  });
});

describe('kubelet journal', () => {
  it('logs "Error syncing pod, skipping" in klog form for a crash loop and a bad image', () => {
    const c = cluster(opts);
    runPod(c, 'flaky', { containers: [{ name: 'flaky', image: BB, command: ['false'] }] });
    runPod(c, 'bad', { containers: [{ name: 'web', image: 'nginx:1.255' }] });
    c.advance(8000);
    const k = kubelet(c);
    const uid = getPod(c, 'flaky')!.metadata.uid;
    const lines = k.journal.read().map((l) => l.line);
    const pid = String(k.journal.pid).padStart(7);
    expect(lines).toContain(
      `E1124 09:00:03.001000 ${pid} pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"flaky\\" with CrashLoopBackOff: \\"back-off 10s restarting failed container=flaky pod=flaky_default(${uid})\\"" pod="default/flaky" podUID="${uid}"`,
    );
    expect(lines.some((l) => l.includes('"PullImage from image service failed" err="rpc error: code = NotFound desc = failed to pull and unpack image \\"docker.io/library/nginx:1.255\\"'))).toBe(true);
    expect(lines.some((l) => l.includes('"SyncLoop ADD" source="api" pods=["default/flaky"]'))).toBe(true);
    expect(lines.some((l) => /"SyncLoop \(PLEG\): event for pod" pod="default\/flaky" event=\{"ID":"[0-9a-f-]+","Type":"ContainerDied","Data":"[0-9a-f]{64}"\}/.test(l))).toBe(true);
  });
});
