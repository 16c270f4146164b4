/**
 * etcdctl inside the etcd static pod (`oc -n openshift-etcd exec etcd-master-0 -c etcdctl --
 * etcdctl endpoint health`, or `oc rsh`): the same simulated etcdctl as the palette's, run next
 * to that node's member (127.0.0.1:2379 reaches it) with the container's environment
 * (OpenShift's etcdctl container sets ETCDCTL_ENDPOINTS to every member).
 */
import { runEtcdctl } from '../etcdctl.js';
import type { PodTool } from './types.js';

export const etcdctl: PodTool = (argv, _stdin, shell) => {
  const { cluster } = shell.session;
  const member = shell.pod.spec.nodeName;
  return runEtcdctl(argv.slice(1), {
    etcd: cluster.etcd,
    clock: cluster.clock,
    dataDir: shell.session.dataDir,
    endpoint: member,
    env: shell.env,
    cwd: '/',
  });
};

