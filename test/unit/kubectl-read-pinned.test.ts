/**
 * Exact kubectl output for hand-made objects (see kubectl-read-fixtures.ts). The describe pod and
 * describe node texts were compared with kubectl 1.32 itself, run against the same objects served
 * over HTTP (only the times differ there, as kubectl uses the wall clock).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runPalette } from '../../src/commands/palette.js';
import { buildFixture, type Fixture } from './kubectl-read-fixtures.js';

let fx: Fixture;
const run = (line: string): string => {
  const r = runPalette(fx.session, line);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r.stdout;
};

beforeAll(() => {
  fx = buildFixture();
  fx.cluster.metrics.register('node-a', {
    pods: () => [],
    pod: () => undefined,
    node: () => ({ cpuMillis: 1234, memoryBytes: 5 * 1024 ** 3 + 123 }),
  });
});

describe('kubectl read output, pinned', () => {
  it("kubectl get pods", () => {
    expect(run("kubectl get pods")).toBe(`NAME                  READY   STATUS             RESTARTS      AGE
big                   0/1     Pending            0             4m45s
web-7d4b9c8f5-q8wzn   0/1     CrashLoopBackOff   4 (45s ago)   4m45s
web-7d4b9c8f5-x2x9k   1/1     Running            0             4m45s
`);
  });

  it("kubectl get pods -A -o wide", () => {
    expect(run("kubectl get pods -A -o wide")).toBe(`NAMESPACE   NAME                  READY   STATUS             RESTARTS      AGE     IP           NODE     NOMINATED NODE   READINESS GATES
shop        big                   0/1     Pending            0             4m45s   <none>       <none>   <none>           <none>
shop        web-7d4b9c8f5-q8wzn   0/1     CrashLoopBackOff   4 (45s ago)   4m45s   10.244.5.8   node-a   <none>           <none>
shop        web-7d4b9c8f5-x2x9k   1/1     Running            0             4m45s   10.244.5.7   node-a   <none>           <none>
`);
  });

  it("kubectl get nodes", () => {
    expect(run("kubectl get nodes")).toBe(`NAME     STATUS                        ROLES    AGE   VERSION
node-a   Ready                         worker   5m    v1.32.4
node-b   NotReady,SchedulingDisabled   worker   5m    v1.32.4
`);
  });

  it("kubectl get nodes -o wide", () => {
    expect(run("kubectl get nodes -o wide")).toBe(`NAME     STATUS                        ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION       CONTAINER-RUNTIME
node-a   Ready                         worker   5m    v1.32.4   10.0.1.20     <none>        Ubuntu 22.04.4 LTS   5.15.0-105-generic   containerd://1.7.13
node-b   NotReady,SchedulingDisabled   worker   5m    v1.32.4   10.0.1.21     <none>        Ubuntu 22.04.4 LTS   5.15.0-105-generic   containerd://1.7.13
`);
  });

  it("kubectl get deploy", () => {
    expect(run("kubectl get deploy")).toBe(`NAME   READY   UP-TO-DATE   AVAILABLE   AGE
web    1/2     2            1           4m50s
`);
  });

  it("kubectl get svc", () => {
    expect(run("kubectl get svc")).toBe(`NAME      TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)         AGE
shop-lb   LoadBalancer   10.96.44.2     <pending>     443:31443/TCP   4m50s
web       ClusterIP      10.96.120.15   <none>        80/TCP          4m50s
`);
  });

  it("kubectl get ep", () => {
    expect(run("kubectl get ep")).toBe(`NAME   ENDPOINTS       AGE
web    10.244.5.7:80   4m50s
`);
  });

  it("kubectl get events", () => {
    expect(run("kubectl get events")).toBe(`LAST SEEN   TYPE      REASON              OBJECT                    MESSAGE
4m45s       Normal    Scheduled           pod/web-7d4b9c8f5-q8wzn   Successfully assigned shop/web-7d4b9c8f5-q8wzn to node-a
46s         Normal    Pulled              pod/web-7d4b9c8f5-q8wzn   Container image "nginx:1.25" already present on machine
46s         Normal    Created             pod/web-7d4b9c8f5-q8wzn   Created container: nginx
46s         Normal    Started             pod/web-7d4b9c8f5-q8wzn   Started container nginx
10s         Warning   BackOff             pod/web-7d4b9c8f5-q8wzn   Back-off restarting failed container nginx in pod web-7d4b9c8f5-q8wzn_shop(uid)
4m50s       Normal    ScalingReplicaSet   deployment/web            Scaled up replica set web-7d4b9c8f5 from 0 to 2
`);
  });

  it("kubectl describe pod web-7d4b9c8f5-q8wzn", () => {
    expect(run("kubectl describe pod web-7d4b9c8f5-q8wzn")).toBe(`Name:             web-7d4b9c8f5-q8wzn
Namespace:        shop
Priority:         0
Service Account:  default
Node:             node-a/10.0.1.20
Start Time:       Tue, 24 Nov 2026 09:00:15 +0000
Labels:           app=web
                  pod-template-hash=7d4b9c8f5
Annotations:      <none>
Status:           Running
IP:               10.244.5.8
IPs:
  IP:           10.244.5.8
Controlled By:  ReplicaSet/web-7d4b9c8f5
Containers:
  nginx:
    Container ID:  containerd://9b2e77f1c4a0
    Image:         nginx:1.25
    Image ID:      docker.io/library/nginx@sha256:0c86dddac19f2ce4fd716ac58c0fd87bf69bfd4edabfd6971fb885bafd12a00b
    Port:          80/TCP
    Host Port:     0/TCP
    Command:
      sh
      -c
      exit 1
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Tue, 24 Nov 2026 09:04:14 +0000
      Finished:     Tue, 24 Nov 2026 09:04:15 +0000
    Ready:          False
    Restart Count:  4
    Limits:
      memory:  256Mi
    Requests:
      cpu:        250m
      memory:     128Mi
    Environment:  <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-gnzj5 (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       False 
  ContainersReady             False 
  PodScheduled                True 
Volumes:
  kube-api-access-gnzj5:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   Burstable
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age                   From               Message
  ----     ------     ----                  ----               -------
  Normal   Scheduled  4m45s                 default-scheduler  Successfully assigned shop/web-7d4b9c8f5-q8wzn to node-a
  Normal   Pulled     46s (x5 over 4m44s)   kubelet            Container image "nginx:1.25" already present on machine
  Normal   Created    46s (x5 over 4m44s)   kubelet            Created container: nginx
  Normal   Started    46s (x5 over 4m43s)   kubelet            Started container nginx
  Warning  BackOff    10s (x12 over 4m30s)  kubelet            Back-off restarting failed container nginx in pod web-7d4b9c8f5-q8wzn_shop(uid)
`);
  });

  it("kubectl describe node node-a", () => {
    expect(run("kubectl describe node node-a")).toBe(`Name:               node-a
Roles:              worker
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=node-a
                    kubernetes.io/os=linux
                    node-role.kubernetes.io/worker=
Annotations:        node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Tue, 24 Nov 2026 09:00:00 +0000
Taints:             node.kubernetes.io/not-ready:NoSchedule
Unschedulable:      false
Lease:              Failed to get lease: leases.coordination.k8s.io "node-a" not found
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Tue, 24 Nov 2026 09:04:50 +0000   Tue, 24 Nov 2026 09:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   Tue, 24 Nov 2026 09:04:50 +0000   Tue, 24 Nov 2026 09:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   Tue, 24 Nov 2026 09:04:50 +0000   Tue, 24 Nov 2026 09:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    Tue, 24 Nov 2026 09:04:50 +0000   Tue, 24 Nov 2026 09:00:00 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  10.0.1.20
  Hostname:    node-a
Capacity:
  cpu:                4
  ephemeral-storage:  120Gi
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             16009Mi
  pods:               110
Allocatable:
  cpu:                3500m
  ephemeral-storage:  115960790684
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             14885Mi
  pods:               110
System Info:
  Machine ID:                 b6f1c3a0f0c84a0c9a7e2d55d2c1a001
  System UUID:                b6f1c3a0-f0c8-4a0c-9a7e-2d55d2c1a001
  Boot ID:                    0f6e6f5d-5d1e-4a53-9d38-4a0b0c9a1b2c
  Kernel Version:             5.15.0-105-generic
  OS Image:                   Ubuntu 22.04.4 LTS
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.13
  Kubelet Version:            v1.32.4
  Kube-Proxy Version:         v1.32.4
PodCIDR:                      10.244.5.0/24
PodCIDRs:                     10.244.5.0/24
Non-terminated Pods:          (2 in total)
  Namespace                   Name                   CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                   ------------  ----------  ---------------  -------------  ---
  shop                        web-7d4b9c8f5-q8wzn    250m (7%)     0 (0%)      128Mi (0%)       256Mi (1%)     4m45s
  shop                        web-7d4b9c8f5-x2x9k    250m (7%)     0 (0%)      128Mi (0%)       256Mi (1%)     4m45s
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                500m (14%)  0 (0%)
  memory             256Mi (1%)  512Mi (3%)
  ephemeral-storage  0 (0%)      0 (0%)
  hugepages-1Gi      0 (0%)      0 (0%)
  hugepages-2Mi      0 (0%)      0 (0%)
Events:              <none>
`);
  });

  it("kubectl top nodes", () => {
    expect(run("kubectl top nodes")).toBe(`NAME     CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   
node-a   1234m        35%         5120Mi          34%         
node-b   <unknown>    <unknown>   <unknown>       <unknown>   
`);
  });
});
