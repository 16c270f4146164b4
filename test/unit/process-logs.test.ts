import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/core/cluster.js';
import { createSession } from '../../src/commands/session.js';
import { runPalette } from '../../src/commands/palette.js';

describe('control-plane process logs through the static pod', () => {
  it('the leader\'s kube-scheduler container shows the scheduler\'s klog, a standby only waits for the lease', () => {
    const cluster = new Cluster({ controlPlane: 3, workers: [{ name: 'worker-1' }], seed: 2 }).start();
    const session = createSession(cluster);
    runPalette(session, 'kubectl create deployment web --image=nginx');
    cluster.advance(30_000);
    const leader = runPalette(session, 'oc logs -n openshift-kube-scheduler openshift-kube-scheduler-master-0 -c kube-scheduler');
    expect(leader.exitCode).toBe(0);
    expect(leader.stdout).toMatch(/^I\d{4} [\d:.]+ +1 server\.go:167\] "Starting Kubernetes Scheduler" version="v1\.32\.\d+"$/m);
    expect(leader.stdout).toContain('successfully acquired lease openshift-kube-scheduler/kube-scheduler');
    expect(leader.stdout).toMatch(/"Successfully bound pod to node" pod="default\/web-[a-z0-9]+-[a-z0-9]+" node="worker-1"/);
    const standby = runPalette(session, 'oc logs -n openshift-kube-scheduler openshift-kube-scheduler-master-1 -c kube-scheduler');
    expect(standby.stdout.trimEnd().split('\n').at(-1)).toMatch(/attempting to acquire leader lease openshift-kube-scheduler\/kube-scheduler\.\.\.$/);
    expect(standby.stdout).not.toContain('Successfully bound');
  });
});
