/**
 * Hand-made objects for the kubectl read tests: a cluster that is never started (no scheduler,
 * kubelet or controller touches them), objects written through the admin client, status set
 * with updateStatus, and the clock advanced so ages are fixed.
 */
import { Cluster } from '../../src/core/cluster.js';
import { createSession, type Session } from '../../src/commands/session.js';
import type { KObject } from '../../src/core/api/types.js';

export const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** A time `s` seconds after the cluster's start. */
export const at = (s: number): string => iso(T0 + s * 1000);

function withStatus(cluster: Cluster, obj: KObject, status: Record<string, unknown>): KObject {
  const created = cluster.admin.create(obj);
  return cluster.admin.updateStatus({ ...created, status: { ...(created.status ?? {}), ...status } });
}

function node(name: string, ip: string, opts: { ready: 'True' | 'False' | 'Unknown'; unschedulable?: boolean; role: string; cidr: string }): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        [`node-role.kubernetes.io/${opts.role}`]: '',
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: opts.cidr, podCIDRs: [opts.cidr], ...(opts.unschedulable ? { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: at(100) }] } : {}) },
  };
}

function nodeStatus(ip: string, name: string, ready: 'True' | 'False' | 'Unknown'): Record<string, unknown> {
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type, status, lastHeartbeatTime: at(290), lastTransitionTime: at(0), reason, message,
  });
  return {
    capacity: { cpu: '4', 'ephemeral-storage': '125829120Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '16393216Ki', pods: '110' },
    allocatable: { cpu: '3500m', 'ephemeral-storage': '115960790684', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '15242240Ki', pods: '110' },
    conditions: [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      ready === 'True'
        ? cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
        : { ...cond('Ready', ready, 'NodeStatusUnknown', 'Kubelet stopped posting node status.'), lastTransitionTime: at(250) },
    ],
    addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: 'b6f1c3a0f0c84a0c9a7e2d55d2c1a001',
      systemUUID: 'b6f1c3a0-f0c8-4a0c-9a7e-2d55d2c1a001',
      bootID: '0f6e6f5d-5d1e-4a53-9d38-4a0b0c9a1b2c',
      kernelVersion: '5.15.0-105-generic',
      osImage: 'Ubuntu 22.04.4 LTS',
      containerRuntimeVersion: 'containerd://1.7.13',
      kubeletVersion: 'v1.32.4',
      kubeProxyVersion: 'v1.32.4',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

export interface Fixture {
  cluster: Cluster;
  session: Session;
}

/** Builds the fixture; the clock ends 300 s after the cluster's start. */
export function buildFixture(): Fixture {
  const cluster = new Cluster({ flavor: 'kubernetes', controlPlane: 1, workers: [{ name: 'worker-1' }] });
  const admin = cluster.admin;
  const clock = cluster.clock;
  admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  // No controller runs here, so the service account the admission plugin wants is made by hand.
  admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'shop' } });
  withStatus(cluster, node('node-a', '10.0.1.20', { ready: 'True', role: 'worker', cidr: '10.244.5.0/24' }), nodeStatus('10.0.1.20', 'node-a', 'True'));
  withStatus(cluster, node('node-b', '10.0.1.21', { ready: 'Unknown', unschedulable: true, role: 'worker', cidr: '10.244.6.0/24' }), nodeStatus('10.0.1.21', 'node-b', 'Unknown'));

  clock.advance(10_000);
  const dep = admin.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { memory: '256Mi' } } }] },
      },
    },
  });
  admin.updateStatus({ ...dep, status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 1 } });
  admin.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }], clusterIP: '10.96.120.15', clusterIPs: ['10.96.120.15'] },
  });
  admin.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'shop-lb', namespace: 'shop' },
    spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 443, targetPort: 8443, nodePort: 31443, protocol: 'TCP' }], clusterIP: '10.96.44.2', clusterIPs: ['10.96.44.2'] },
  });
  admin.create({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web', namespace: 'shop' },
    subsets: [{ addresses: [{ ip: '10.244.5.7', nodeName: 'node-a', targetRef: { kind: 'Pod', namespace: 'shop', name: 'web-7d4b9c8f5-x2x9k' } }], notReadyAddresses: [{ ip: '10.244.5.8' }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }],
  });

  clock.advance(5_000);
  const podSpec = (name: string, image: string) => ({
    nodeName: 'node-a',
    containers: [{ name, image, ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { memory: '256Mi' } } }],
  });
  const owner = (uid: string) => [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c8f5', uid, controller: true, blockOwnerDeletion: true }];
  const rsUid = '0e3a2b9c-2f4a-4c1e-9b7d-5d1f3a6b7c01';
  withStatus(
    cluster,
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-7d4b9c8f5-x2x9k', namespace: 'shop', labels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' }, ownerReferences: owner(rsUid) }, spec: podSpec('nginx', 'nginx:1.25') },
    {
      phase: 'Running',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: at(18) },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: at(15) },
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: at(20) },
        { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: at(20) },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: at(15) },
      ],
      hostIP: '10.0.1.20',
      hostIPs: [{ ip: '10.0.1.20' }],
      podIP: '10.244.5.7',
      podIPs: [{ ip: '10.244.5.7' }],
      startTime: at(15),
      qosClass: 'Burstable',
      containerStatuses: [
        {
          name: 'nginx', image: 'docker.io/library/nginx:1.25', imageID: 'docker.io/library/nginx@sha256:0c86dddac19f2ce4fd716ac58c0fd87bf69bfd4edabfd6971fb885bafd12a00b',
          containerID: 'containerd://5a1c9f0e7d3b', ready: true, started: true, restartCount: 0, state: { running: { startedAt: at(19) } }, lastState: {},
        },
      ],
    },
  );
  withStatus(
    cluster,
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-7d4b9c8f5-q8wzn', namespace: 'shop', labels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' }, ownerReferences: owner(rsUid) },
      spec: { ...podSpec('nginx', 'nginx:1.25'), containers: [{ ...podSpec('nginx', 'nginx:1.25').containers[0]!, command: ['sh', '-c', 'exit 1'] }] },
    },
    {
      phase: 'Running',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: at(18) },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: at(15) },
        { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: at(15), reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' },
        { type: 'ContainersReady', status: 'False', lastProbeTime: null, lastTransitionTime: at(15), reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: at(15) },
      ],
      hostIP: '10.0.1.20',
      hostIPs: [{ ip: '10.0.1.20' }],
      podIP: '10.244.5.8',
      podIPs: [{ ip: '10.244.5.8' }],
      startTime: at(15),
      qosClass: 'Burstable',
      containerStatuses: [
        {
          name: 'nginx', image: 'docker.io/library/nginx:1.25', imageID: 'docker.io/library/nginx@sha256:0c86dddac19f2ce4fd716ac58c0fd87bf69bfd4edabfd6971fb885bafd12a00b',
          containerID: 'containerd://9b2e77f1c4a0', ready: false, started: false, restartCount: 4,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=nginx pod=web-7d4b9c8f5-q8wzn_shop(uid)' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(254), finishedAt: at(255), containerID: 'containerd://9b2e77f1c4a0' } },
        },
      ],
    },
  );
  // A pending pod without a node, and one terminating.
  withStatus(cluster, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big', namespace: 'shop' }, spec: { containers: [{ name: 'big', image: 'busybox:1.36', resources: { requests: { cpu: '64' } } }] } }, {
    phase: 'Pending',
    conditions: [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: at(15), reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }],
    qosClass: 'Burstable',
  });

  const uidOf = (kind: string, ns: string | undefined, name: string): string =>
    admin.get(kind === 'Pod' ? 'pods' : kind === 'Node' ? 'nodes' : 'deployments', ns, name).metadata.uid!;
  const ev = (name: string, kind: string, objName: string, ns: string | undefined, type: string, reason: string, message: string, first: number, last: number, count: number, source: Record<string, string>, fieldPath?: string) =>
    admin.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns ?? 'default' },
      involvedObject: { kind, name: objName, namespace: ns, uid: uidOf(kind, ns, objName), apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', ...(fieldPath ? { fieldPath } : {}) },
      reason, message, type, count, firstTimestamp: at(first), lastTimestamp: at(last), source,
      reportingComponent: source.component ?? '', reportingInstance: source.host ?? '',
    });
  const crash = 'web-7d4b9c8f5-q8wzn';
  ev(`${crash}.1`, 'Pod', crash, 'shop', 'Normal', 'Scheduled', `Successfully assigned shop/${crash} to node-a`, 15, 15, 1, { component: 'default-scheduler' });
  ev(`${crash}.2`, 'Pod', crash, 'shop', 'Normal', 'Pulled', 'Container image "nginx:1.25" already present on machine', 16, 254, 5, { component: 'kubelet', host: 'node-a' }, 'spec.containers{nginx}');
  ev(`${crash}.3`, 'Pod', crash, 'shop', 'Normal', 'Created', 'Created container: nginx', 16, 254, 5, { component: 'kubelet', host: 'node-a' }, 'spec.containers{nginx}');
  ev(`${crash}.4`, 'Pod', crash, 'shop', 'Normal', 'Started', 'Started container nginx', 17, 254, 5, { component: 'kubelet', host: 'node-a' }, 'spec.containers{nginx}');
  ev(`${crash}.5`, 'Pod', crash, 'shop', 'Warning', 'BackOff', `Back-off restarting failed container nginx in pod ${crash}_shop(uid)`, 30, 290, 12, { component: 'kubelet', host: 'node-a' }, 'spec.containers{nginx}');
  ev('web.1', 'Deployment', 'web', 'shop', 'Normal', 'ScalingReplicaSet', 'Scaled up replica set web-7d4b9c8f5 from 0 to 2', 10, 10, 1, { component: 'deployment-controller' });
  ev('node-b.1', 'Node', 'node-b', undefined, 'Normal', 'NodeNotReady', 'Node node-b status is now: NodeNotReady', 250, 250, 1, { component: 'node-controller' });
  clock.advance(285_000);
  return { cluster, session: createSession(cluster, { namespace: 'shop' }) };
}
