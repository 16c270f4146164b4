/**
 * Every command the study guide (../shared/seed/internals-study-guide.md) shows, made concrete
 * with the sandbox's real names, answers in the palette with the real tool's shape and exit
 * status. One shared sandbox run, commands in the guide's order (module 1 to 8).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenarios/library.js';
import { ScenarioRun } from '../../src/scenarios/runtime.js';

interface GuideCommand {
  module: number;
  line: string;
  /** The exit status the real tool gives here (grep without a match: 1). */
  exit?: number;
  /** What the output must show (stdout + stderr). */
  shows?: RegExp;
}

const CATALOG = '$(oc get pods -n shop -l app=catalog -o name | head -1 | cut -d/ -f2)';
const ETCD_TLS = '--endpoints=https://localhost:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key';
const ETCDCTL = 'oc exec -n openshift-etcd etcd-master-0 -c etcdctl -- etcdctl';

const COMMANDS: GuideCommand[] = [
  // Module 1: API server
  { module: 1, line: 'kubectl get pods -n shop -v=8', shows: /GET https:\/\/[^ ]+\/api\/v1\/namespaces\/shop\/pods\?limit=500[\s\S]*Response Status: 200 OK/ },
  { module: 1, line: 'oc get --raw /metrics | grep apiserver_request', shows: /^apiserver_request_total\{/m },
  { module: 1, line: 'oc debug node/master-0 -- chroot /host crictl ps --name=kube-apiserver -q', shows: /^[0-9a-f]{13,}$/m },
  { module: 1, line: "oc debug node/master-0 -- chroot /host sh -c 'crictl logs $(crictl ps --name=kube-apiserver -q) | tail -5'", shows: /\S/ },
  { module: 1, line: 'oc get cm -n openshift-kube-apiserver config -o yaml | grep -A 50 "admission"', shows: /enable-admission-plugins/ },
  // Module 2: etcd
  { module: 2, line: 'oc debug node/master-0 -- chroot /host crictl ps | grep etcd', shows: /etcd/ },
  { module: 2, line: `${ETCDCTL} ${ETCD_TLS} endpoint status`, shows: /https:\/\/localhost:2379, [0-9a-f]{16}, 3\.5\.\d+/ },
  { module: 2, line: `${ETCDCTL} get / --prefix --keys-only | head -50`, shows: /^\/kubernetes\.io\/[a-z.]+\/[^ ]+\n\n\/kubernetes\.io\//m },
  { module: 2, line: 'etcdctl endpoint health', shows: /is healthy: successfully committed proposal/ },
  { module: 2, line: 'etcdctl member list', shows: /started, master-0, https:\/\// },
  { module: 2, line: 'etcdctl defrag', shows: /Finished defragmenting etcd member/ },
  { module: 2, line: 'etcdctl endpoint status --write-out=table', shows: /\| +ENDPOINT +\| +ID +\| +VERSION +\| +DB SIZE +\|/ },
  { module: 2, line: 'etcdctl snapshot save /backup/etcd-snapshot.db', shows: /Snapshot saved at \/backup\/etcd-snapshot\.db/ },
  { module: 2, line: 'etcdctl snapshot status /backup/etcd-snapshot.db --write-out=table', shows: /\| +HASH +\| +REVISION +\| +TOTAL KEYS +\| +TOTAL SIZE +\|/ },
  { module: 2, line: 'etcdctl snapshot restore /backup/etcd-snapshot.db --data-dir=/var/lib/etcd-restore', shows: /restored snapshot|restoring snapshot/ },
  // EtcdBackup is a TechPreview API: its CRD (cluster-scoped) exists only with the TechPreviewNoUpgrade
  // feature set, so a default cluster answers as this one does.
  { module: 2, line: 'oc get etcdbackups -n openshift-etcd', exit: 1, shows: /^error: the server doesn't have a resource type "etcdbackups"$/m },
  // Module 3: scheduler
  { module: 3, line: 'oc adm taint nodes worker-1 dedicated=database:NoSchedule', shows: /^node\/worker-1 tainted$/m },
  { module: 3, line: 'oc run pending-pod --image=nginx --overrides=\'{"spec":{"nodeSelector":{"disk":"ssd"}}}\'', shows: /^pod\/pending-pod created$/m },
  { module: 3, line: 'oc describe pod pending-pod | grep -A 20 "Events:"', shows: /FailedScheduling .*0\/6 nodes are available: .*node\(s\) didn't match Pod's node affinity\/selector/ },
  { module: 3, line: 'oc describe node worker-1 | grep -A 10 "Allocatable:"', shows: /Allocatable:\n +cpu: / },
  { module: 3, line: 'oc describe node worker-1 | grep -A 30 "Non-terminated Pods:"', shows: /Non-terminated Pods: +\(\d+ in total\)/ },
  { module: 3, line: 'oc logs -n openshift-kube-scheduler openshift-kube-scheduler-master-0', shows: /^[IWE]\d{4} / },
  // Module 5: networking
  { module: 5, line: 'oc exec -n shop my-pod -- ip addr', shows: /inet 10\.1(2[89]|3[01])\.\d+\.\d+\/23/ },
  { module: 5, line: 'oc exec -n shop my-pod -- ip route', shows: /default via 10\.1\d\d\.\d+\.1 dev eth0/ },
  { module: 5, line: 'oc exec -n shop my-pod -- cat /etc/resolv.conf', shows: /nameserver 172\.30\.0\.10/ },
  { module: 5, line: 'oc exec -n shop my-pod -- nslookup kubernetes.default.svc.cluster.local', shows: /Address:? +172\.30\.0\.1\b/ },
  { module: 5, line: 'oc exec -n shop deploy/frontend -- curl -v http://catalog:8080', shows: /< HTTP\/1\.1 200/ },
  { module: 5, line: 'oc debug node/worker-1 -- chroot /host ovs-vsctl show', shows: /Bridge br-int/ },
  { module: 5, line: 'oc debug node/worker-1 -- chroot /host ovs-ofctl dump-flows br-int | head -50', shows: /cookie=0x[0-9a-f]+, duration=[\d.]+s, table=0, n_packets=\d+/ },
  { module: 5, line: 'oc get pods -n openshift-ovn-kubernetes', shows: /ovnkube-node-\w+ +\d+\/\d+ +Running/ },
  { module: 5, line: 'oc get networkpolicy -n shop', shows: /No resources found in shop namespace\./ },
  { module: 5, line: 'oc debug node/worker-1 -- chroot /host tcpdump -i any -c 5 port 8080', shows: /5 packets captured/ },
  // Module 6: storage
  { module: 6, line: 'oc get pvc -n shop', shows: /^NAME +STATUS +VOLUME +CAPACITY +ACCESS MODES +STORAGECLASS/m },
  { module: 6, line: 'oc describe pvc -n shop data-postgres-0', shows: /StorageClass: +gp3-csi/ },
  // Module 7: debugging
  { module: 7, line: `oc describe pod -n shop ${CATALOG} | grep -A 20 "Events:"`, shows: /Events:/ },
  { module: 7, line: 'oc describe node | grep -A 10 "Allocated resources:"', shows: /Allocated resources:/ },
  { module: 7, line: 'oc get nodes --show-labels | grep node-role.kubernetes.io/worker', shows: /worker-1/ },
  { module: 7, line: `oc describe pod -n shop ${CATALOG} | grep "Failed to pull"`, exit: 1 },
  { module: 7, line: `oc logs -n shop ${CATALOG} --previous`, shows: /\S/ },
  { module: 7, line: `oc get pod -n shop ${CATALOG} -o jsonpath='{.status.containerStatuses[0].lastState.terminated.exitCode}'`, shows: /^\d+$/ },
  { module: 7, line: `oc describe pod -n shop ${CATALOG} | grep OOMKilled`, exit: 1 },
  { module: 7, line: 'oc get endpoints frontend -n shop', shows: /^frontend +(10\.\d+\.\d+\.\d+:80,?)+/m },
  { module: 7, line: "oc get svc frontend -n shop -o jsonpath='{.spec.selector}'", shows: /^\{"app":"frontend"\}$/ },
  { module: 7, line: 'oc get pods --show-labels -n shop', shows: /app=frontend/ },
  { module: 7, line: 'oc run debug -n shop --rm -i --restart=Never --image=busybox -- wget -qO- http://frontend:80', shows: /pod "debug" deleted/ },
  { module: 7, line: 'oc logs -n shop deploy/frontend', shows: /\S/ },
  { module: 7, line: 'oc logs -n shop deploy/frontend -c nginx --tail=100', shows: /\S/ },
  { module: 7, line: 'oc logs -n shop deploy/frontend --since=1h', shows: /\S/ },
  { module: 7, line: `oc exec -n shop ${CATALOG} -- cat /app/config`, shows: /^listen: 0\.0\.0\.0:8080$/m },
  { module: 7, line: `oc exec -it -n shop ${CATALOG} -- /bin/bash`, exit: 1, shows: /an interactive shell needs a terminal/ },
  { module: 7, line: `oc cp -n shop ${CATALOG}:/app/config ./local-file && cat ./local-file`, shows: /^listen: 0\.0\.0\.0:8080$/m },
  { module: 7, line: 'oc port-forward -n shop deploy/frontend 8080:80', exit: 1, shows: /oc exec deploy\/frontend -- curl -s localhost:80/ },
  { module: 7, line: 'oc debug node/worker-2 -- chroot /host crictl ps', shows: /^CONTAINER +IMAGE +CREATED +STATE +NAME +ATTEMPT +POD ID +POD/ },
  { module: 7, line: "oc debug node/worker-2 -- chroot /host sh -c 'crictl logs $(crictl ps --name=nginx -q | head -1)'", shows: /\S/ },
  { module: 7, line: 'oc debug node/worker-2 -- chroot /host journalctl -u kubelet | tail -5', shows: /kubenswrapper|kubelet/ },
  { module: 7, line: 'oc debug node/worker-2 -- chroot /host systemctl status kubelet', shows: /Active: active \(running\)/ },
  { module: 7, line: 'oc debug node/worker-2 -- chroot /host ss -tulpn', shows: /LISTEN .*:10250/ },
  { module: 7, line: 'oc debug node/worker-2 -- chroot /host df -h', shows: /^Filesystem +Size +Used +Avail +Use% +Mounted on/m },
  { module: 7, line: 'oc debug node/worker-2 -- chroot /host free -h', shows: /^Mem: /m },
  { module: 7, line: "oc get events -A --sort-by='.lastTimestamp' | tail -50", shows: /Scheduled|Started/ },
  { module: 7, line: 'oc get all -n shop', shows: /deployment\.apps\/frontend/ },
  { module: 7, line: 'oc api-resources', shows: /^pods +po +v1 +true +Pod$/m },
  { module: 7, line: 'oc get clusteroperators', shows: /^NAME +VERSION +AVAILABLE +PROGRESSING +DEGRADED +SINCE +MESSAGE/ },
  { module: 7, line: 'oc describe clusteroperator etcd', shows: /Kind: +ClusterOperator/ },
  { module: 7, line: 'oc adm top nodes', shows: /^NAME +CPU\(cores\) +CPU(%|\(%\)) +MEMORY\(bytes\) +MEMORY(%|\(%\))/ },
  { module: 7, line: 'oc adm top pods -A', shows: /^NAMESPACE +NAME +CPU\(cores\) +MEMORY\(bytes\)/ },
  // Module 8: performance
  { module: 8, line: 'oc adm top pods -n shop', shows: /^NAME +CPU\(cores\) +MEMORY\(bytes\)/ },
  { module: 8, line: 'oc adm top pods -n shop --containers', shows: /^POD +NAME +CPU\(cores\) +MEMORY\(bytes\)/ },
  { module: 8, line: 'oc describe resourcequota -n shop', shows: /No resources found in shop namespace\./ },
  { module: 8, line: 'oc describe limitrange -n shop', shows: /No resources found in shop namespace\./ },
  { module: 8, line: 'oc autoscale deployment frontend -n shop --min=2 --max=10 --cpu-percent=80', shows: /^horizontalpodautoscaler\.autoscaling\/frontend autoscaled$/m },
];

describe('every command of the study guide answers in the palette', () => {
  let run: ScenarioRun;
  beforeAll(() => {
    run = new ScenarioRun(findScenario('sandbox'), { seed: 1 }).start();
    // The guide's "my-pod": a busybox pod, whose image has ip and nslookup (nginx's has not).
    expect(run.run('kubectl run my-pod -n shop --image=busybox:1.36 -- sleep 3600').exitCode).toBe(0);
    run.advance(120_000);
  });
  for (const c of COMMANDS) {
    it(`module ${c.module}: ${c.line}`, () => {
      const r = run.run(c.line);
      const output = r.stdout + r.stderr;
      expect({ exit: r.exitCode, output }).toMatchObject({ exit: c.exit ?? 0 });
      if (c.shows) expect(output).toMatch(c.shows);
    });
  }
});
