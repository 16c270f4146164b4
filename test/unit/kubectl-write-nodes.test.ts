import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/core/api/types.js';
import { drill, out, type Drill } from './kubectl-write-helpers.js';

function pod(name: string, namespace: string, node: string, extra: Partial<KObject['metadata']> = {}, volumes?: unknown[]): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...extra },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }], ...(volumes ? { volumes } : {}) },
  };
}

/**
 * worker-1 runs a DaemonSet pod, a bare pod, a ReplicaSet pod with an emptyDir and a plain ReplicaSet pod,
 * besides the cluster's own dns-default DaemonSet pod (OpenShift runs it on every node); returns that pod's
 * "namespace/name".
 */
function podsOnWorker1(d: Drill): string {
  d.cluster.advance(10_000);
  const admin = d.cluster.admin;
  // The pods' service accounts (the serviceaccount controller may not have made them yet).
  for (const ns of ['default', 'kube-system']) {
    if (!admin.tryGet('serviceaccounts', ns, 'default')) admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
  }
  const ds = admin.create<KObject>({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent' }] } } },
  });
  const rsRef = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-6d4cf56db6', uid: '00000000-0000-4000-8000-000000000001', controller: true };
  admin.create(pod('agent-x7k2p', 'kube-system', 'worker-1', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata.uid!, controller: true }] }));
  admin.create(pod('solo', 'default', 'worker-1'));
  admin.create(pod('cache', 'default', 'worker-1', { ownerReferences: [rsRef] }, [{ name: 'tmp', emptyDir: {} }]));
  admin.create(pod('web-6d4cf56db6-abcde', 'default', 'worker-1', { ownerReferences: [rsRef] }));
  return systemDaemonPods(d, 'worker-1');
}

/** The cluster's own DaemonSet pods on a node (openshift-* namespaces: CSI node plugin, dns-default, ...), as drain lists them. */
function systemDaemonPods(d: ReturnType<typeof drill>, node: string): string {
  const pods = [...d.cluster.api.cachedList('pods')]
    .filter((p) => p.metadata.namespace!.startsWith('openshift-') && p.spec.nodeName === node && p.metadata.ownerReferences?.[0]?.kind === 'DaemonSet')
    .map((p) => `${p.metadata.namespace}/${p.metadata.name}`)
    .sort();
  expect(pods.some((p) => p.startsWith('openshift-dns/'))).toBe(true);
  return pods.join(', ');
}

describe('kubectl taint', () => {
  it('adds, overwrites and removes taints with kubectl\'s messages', () => {
    const d = drill();
    expect(d.run('kubectl taint nodes worker-1 dedicated=db:NoSchedule').stdout).toBe('node/worker-1 tainted\n');
    const mine = (): unknown[] => (d.cluster.api.cached('nodes', undefined, 'worker-1')!.spec.taints ?? []).filter((t: { key: string }) => t.key === 'dedicated');
    expect(mine()).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    expect(d.run('kubectl taint nodes worker-1 dedicated=db:NoSchedule').stderr).toBe(
      'error: node worker-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n',
    );
    expect(d.run('kubectl taint nodes worker-1 dedicated=web:NoSchedule --overwrite').stdout).toBe('node/worker-1 modified\n');
    expect(d.run('kubectl taint node worker-1 dedicated:NoSchedule-').stdout).toBe('node/worker-1 untainted\n');
    expect(mine()).toEqual([]);
    expect(d.run('kubectl taint nodes worker-1 dedicated:NoSchedule-').stderr).toBe('error: taint "dedicated:NoSchedule" not found\n');
    expect(d.run('kubectl taint nodes worker-1 a=b:Sometimes').stderr).toBe('error: invalid taint effect: Sometimes, unsupported taint effect\n');
    expect(d.run('kubectl taint nodes worker-1 a=b').stderr).toBe(
      "error: invalid taint spec: a=b, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n",
    );
    expect(d.run('kubectl taint nodes worker-1').stderr).toBe('error: at least one taint update is required\n');
    expect(d.run('kubectl taint pods x a=b:NoSchedule').stderr).toBe('error: invalid resource type pods, only ["node" "nodes"] are supported\n');
    expect(d.run('oc adm taint nodes worker-2 gpu=true:NoExecute').stdout).toBe('node/worker-2 tainted\n');
    expect(d.run('kubectl taint nodes nope a=b:NoSchedule').stderr).toBe('Error from server (NotFound): nodes "nope" not found\n');
  });
});

describe('kubectl cordon / uncordon / drain', () => {
  it('cordons and uncordons, saying when nothing changes', () => {
    const d = drill();
    expect(d.run('kubectl cordon worker-1').stdout).toBe('node/worker-1 cordoned\n');
    expect(d.cluster.api.cached('nodes', undefined, 'worker-1')!.spec.unschedulable).toBe(true);
    expect(d.run('kubectl cordon worker-1').stdout).toBe('node/worker-1 already cordoned\n');
    expect(d.run('oc adm uncordon node/worker-1').stdout).toBe('node/worker-1 uncordoned\n');
    expect(d.cluster.api.cached('nodes', undefined, 'worker-1')!.spec.unschedulable).toBeUndefined();
    expect(d.run('kubectl uncordon worker-1').stdout).toBe('node/worker-1 already uncordoned\n');
    expect(d.run('kubectl cordon').stderr).toBe("error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n");
  });

  it('refuses to drain pods it may not evict, listing them like kubectl', () => {
    const d = drill();
    const dns = podsOnWorker1(d);
    expect(out(d.run('kubectl drain worker-1'))).toEqual({
      stdout: 'node/worker-1 cordoned\n',
      stderr:
        `error: unable to drain node "worker-1" due to error:[cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache, cannot delete Pods declare no controller (use --force to override): default/solo, cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/agent-x7k2p, ${dns}], continuing command...\n` +
        `error: [cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache, cannot delete Pods declare no controller (use --force to override): default/solo, cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/agent-x7k2p, ${dns}]\n`,
      exitCode: 1,
    });
    expect(d.cluster.api.cached('pods', 'default', 'solo')!.metadata.deletionTimestamp).toBeUndefined();
  });

  it('drains with --ignore-daemonsets --delete-emptydir-data --force: warnings, evictions, drained', () => {
    const d = drill();
    const dns = podsOnWorker1(d);
    expect(out(d.run('oc adm drain worker-1 --ignore-daemonsets --delete-emptydir-data --force'))).toEqual({
      stdout:
        'node/worker-1 cordoned\nevicting pod default/cache\nevicting pod default/solo\nevicting pod default/web-6d4cf56db6-abcde\npod/cache evicted\npod/solo evicted\npod/web-6d4cf56db6-abcde evicted\nnode/worker-1 drained\n',
      // kubectl's local-storage warning is overwritten by the next filter (a TODO in k8s.io/kubectl/pkg/drain).
      stderr: `Warning: deleting Pods that declare no controller: default/solo; ignoring DaemonSet-managed Pods: kube-system/agent-x7k2p, ${dns}\n`,
      exitCode: 0,
    });
    const solo = d.cluster.api.cached('pods', 'default', 'solo');
    expect(solo === undefined || solo.metadata.deletionTimestamp !== undefined).toBe(true);
    expect(d.cluster.api.cached('pods', 'kube-system', 'agent-x7k2p')!.metadata.deletionTimestamp).toBeUndefined();
    // worker-2 runs only the cluster's own DaemonSet pods.
    const dns2 = systemDaemonPods(d, 'worker-2');
    expect(out(d.run('kubectl drain worker-2 --ignore-daemonsets --dry-run=client'))).toEqual({
      stdout: 'node/worker-2 cordoned (dry run)\nnode/worker-2 drained (dry run)\n',
      stderr: `Warning: ignoring DaemonSet-managed Pods: ${dns2}\n`,
      exitCode: 0,
    });
  });
});
