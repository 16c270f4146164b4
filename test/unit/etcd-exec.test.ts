/** etcdctl reached as on OpenShift (oc exec into the etcd static pod) and on kubeadm clusters. */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/core/cluster.js';
import { createSession } from '../../src/commands/session.js';
import { runPalette } from '../../src/commands/palette.js';

function setup(flavor: 'openshift' | 'kubernetes') {
  const cluster = new Cluster({ flavor, controlPlane: 3, workers: [{ name: 'worker-1' }], seed: 3 }).start();
  cluster.advance(60_000);
  const session = createSession(cluster);
  return { cluster, run: (line: string) => runPalette(session, line) };
}

describe('etcdctl in the etcd pod', () => {
  it('openshift: the etcdctl container (the default one) reaches every member through ETCDCTL_ENDPOINTS', () => {
    const { run } = setup('openshift');
    const r = run('oc -n openshift-etcd exec etcd-master-0 -- etcdctl endpoint health');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[0])).toEqual(['https://10.0.0.10:2379', 'https://10.0.0.11:2379', 'https://10.0.0.12:2379']);
    expect(r.stderr).toBe('Defaulted container "etcdctl" out of: etcdctl, etcd, etcd-metrics, etcd-readyz, setup (init), etcd-ensure-env-vars (init), etcd-resources-copy (init)\n');
    const table = run('oc -n openshift-etcd exec etcd-master-1 -c etcdctl -- etcdctl member list -w table').stdout.split('\n');
    expect(table[1]).toBe('|        ID        | STATUS  |   NAME   |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |');
    expect(run(`oc -n openshift-etcd exec etcd-master-0 -- sh -c 'etcdctl get /kubernetes.io/namespaces/default --keys-only'`).stdout).toBe('/kubernetes.io/namespaces/default\n\n');
  });

  it('kubeadm: the distroless etcd image has etcdctl and no shell; 127.0.0.1:2379 is the local member', () => {
    const { cluster, run } = setup('kubernetes');
    const status = run('kubectl -n kube-system exec etcd-master-2 -- etcdctl endpoint status').stdout;
    expect(status.startsWith(`127.0.0.1:2379, ${cluster.etcd.member('master-2')!.id}, 3.5.18, `)).toBe(true);
    expect(run('kubectl -n kube-system exec etcd-master-2 -- sh -c true').stderr).toContain('exec: "sh": executable file not found in $PATH');
  });

  it('the palette route and the pod route see the same cluster', () => {
    const { run } = setup('openshift');
    expect(run('etcdctl put /kubedrill/probe 1').stdout).toBe('OK\n');
    expect(run('oc -n openshift-etcd exec etcd-master-2 -c etcdctl -- etcdctl get /kubedrill/probe --print-value-only').stdout).toBe('1\n');
  });
});
