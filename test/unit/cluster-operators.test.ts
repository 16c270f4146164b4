/** ClusterOperators follow the health of what the simulation runs (OpenShift flavor only). */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/core/cluster.js';
import { createSession } from '../../src/commands/session.js';
import { runPalette } from '../../src/commands/palette.js';
import { kubeletFor } from '../../src/core/kubelet/index.js';
import { CLUSTER_OPERATOR_NAMES } from '../../src/core/openshift/cluster-operators.js';

function setup(flavor: 'openshift' | 'kubernetes' = 'openshift') {
  const cluster = new Cluster({ flavor, controlPlane: 3, workers: [{ name: 'worker-1' }], seed: 7 }).start();
  const session = createSession(cluster);
  return { cluster, run: (line: string) => runPalette(session, line) };
}

const park = (cluster: Cluster, node: string, file: string) => kubeletFor(cluster.ctx, node)!.files.move(`/etc/kubernetes/manifests/${file}`, '/root/');
const restore = (cluster: Cluster, node: string, file: string) => kubeletFor(cluster.ctx, node)!.files.move(`/root/${file}`, '/etc/kubernetes/manifests/');

describe('clusteroperators', () => {
  it('lists the real operator names with the CRD columns; healthy operators show no message', () => {
    const { cluster, run } = setup();
    cluster.advance(90_000);
    const out = run('oc get clusteroperators').stdout.split('\n');
    expect(out[0]).toMatch(/^NAME +VERSION +AVAILABLE +PROGRESSING +DEGRADED +SINCE +MESSAGE$/);
    expect(out.slice(1, -1).map((l) => l.split(/\s+/)[0])).toEqual(CLUSTER_OPERATOR_NAMES);
    for (const name of ['etcd', 'kube-apiserver', 'kube-scheduler', 'dns', 'network', 'storage']) {
      expect(out.find((l) => l.startsWith(`${name} `))).toMatch(new RegExp(`^${name} +4\\.19\\.0 +True +False +False +90s *$`));
    }
    expect(run('oc get co kube-scheduler -o name').stdout).toBe('clusteroperator.config.openshift.io/kube-scheduler\n');
  });

  it('kube-scheduler turns Degraded and unavailable when its static pods are gone, and recovers', () => {
    const { cluster, run } = setup();
    cluster.advance(70_000);
    for (const m of ['master-0', 'master-1', 'master-2']) park(cluster, m, 'kube-scheduler-pod.yaml');
    cluster.advance(5_000);
    expect(run('oc get co kube-scheduler').stdout).toMatch(/\nkube-scheduler +4\.19\.0 +False +False +True +\d+s +StaticPodsDegraded: pods "openshift-kube-scheduler-master-0" not found/);
    const degraded = run(`oc get co kube-scheduler -o jsonpath='{.status.conditions[?(@.type=="Degraded")].message}'`).stdout;
    expect(degraded).toBe(
      ['master-0', 'master-1', 'master-2'].map((m) => `StaticPodsDegraded: pods "openshift-kube-scheduler-${m}" not found`).join('\n'),
    );
    expect(run(`oc get co kube-scheduler -o jsonpath='{.status.conditions[?(@.type=="Available")].message}'`).stdout).toBe('StaticPodsAvailable: 0 nodes are active; 3 nodes are at revision 8');
    const describe = run('oc describe co kube-scheduler').stdout;
    expect(describe).toContain('Reason:                StaticPods_ZeroNodesActive');
    restore(cluster, 'master-0', 'kube-scheduler-pod.yaml');
    cluster.advance(60_000);
    expect(run(`oc get co kube-scheduler -o jsonpath='{.status.conditions[?(@.type=="Available")].status}'`).stdout).toBe('True');
    // Two nodes still miss theirs: still degraded, as the real operator would say.
    expect(run(`oc get co kube-scheduler -o jsonpath='{.status.conditions[?(@.type=="Degraded")].message}'`).stdout).toBe(
      ['master-1', 'master-2'].map((m) => `StaticPodsDegraded: pods "openshift-kube-scheduler-${m}" not found`).join('\n'),
    );
  });

  it('etcd reports the unhealthy member', () => {
    const { cluster, run } = setup();
    cluster.advance(70_000);
    park(cluster, 'master-1', 'etcd-pod.yaml');
    cluster.advance(5_000);
    const msg = run(`oc get co etcd -o jsonpath='{.status.conditions[?(@.type=="Degraded")].message}'`).stdout;
    expect(msg).toBe('EtcdMembersDegraded: 2 of 3 members are available, master-1 is unhealthy\nStaticPodsDegraded: pods "etcd-master-1" not found');
    expect(run(`oc get co etcd -o jsonpath='{.status.conditions[?(@.type=="Available")].status}'`).stdout).toBe('True');
  });

  it('does not exist on the kubernetes flavor', () => {
    const { cluster, run } = setup('kubernetes');
    cluster.advance(70_000);
    expect([...cluster.api.cachedList('clusteroperators')]).toEqual([]);
  });
});
