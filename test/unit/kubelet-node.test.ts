import { describe, it, expect } from 'vitest';
import { cluster, runPod, status, events, getPod, kubelet, until } from './kubelet-helpers.js';
import type { Node } from '../../src/core/api/types.js';

const node = (c: ReturnType<typeof cluster>, name = 'worker-1') => c.api.cached('nodes', undefined, name) as Node;
const lease = (c: ReturnType<typeof cluster>, name = 'worker-1') => c.api.cached('leases', 'kube-node-lease', name)!;

describe('kubelet node status and lease', () => {
  it('registers the Node like a kubeadm node', () => {
    const c = cluster({ workers: [{ name: 'worker-1', zone: 'zone-a', images: ['nginx:1.25'] }] });
    const n = node(c);
    expect(n.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'worker-1',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'node-role.kubernetes.io/worker': '',
      'topology.kubernetes.io/zone': 'zone-a',
    });
    expect(n.spec.podCIDR).toBe('10.244.1.0/24');
    expect(n.status!.addresses).toEqual([{ type: 'InternalIP', address: '10.0.1.10' }, { type: 'Hostname', address: 'worker-1' }]);
    expect(n.status!.capacity).toMatchObject({ cpu: '4', pods: '110' });
    expect(n.status!.allocatable!.cpu).toBe('4');
    const memCap = parseInt(n.status!.capacity!.memory!, 10);
    const memAlloc = parseInt(n.status!.allocatable!.memory!, 10);
    expect(memCap - memAlloc).toBe(100 * 1024);
    expect(n.status!.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.4', containerRuntimeVersion: 'containerd://1.7.24', osImage: 'Ubuntu 22.04.5 LTS', operatingSystem: 'linux', architecture: 'amd64' });
    expect(n.status!.conditions!.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
    ]);
    expect(n.status!.images!.some((i) => i.names.includes('docker.io/library/nginx:1.25'))).toBe(true);
    expect(events(c, 'worker-1')).toEqual([
      'Starting: Starting kubelet.',
      'NodeHasSufficientMemory: Node worker-1 status is now: NodeHasSufficientMemory',
      'NodeHasNoDiskPressure: Node worker-1 status is now: NodeHasNoDiskPressure',
      'NodeHasSufficientPID: Node worker-1 status is now: NodeHasSufficientPID',
      'NodeAllocatableEnforced: Updated Node Allocatable limit across pods',
      'NodeReady: Node worker-1 status is now: NodeReady',
    ]);
  });

  it('OpenShift nodes: RHCOS, CRI-O, reserved cpu and memory', () => {
    const c = cluster({ flavor: 'openshift' });
    const n = node(c);
    expect(n.status!.nodeInfo!.containerRuntimeVersion).toMatch(/^cri-o:\/\/1\.32\./);
    expect(n.status!.nodeInfo!.osImage).toMatch(/^Red Hat Enterprise Linux CoreOS /);
    expect(n.status!.allocatable!.cpu).toBe('3500m');
    const memCap = parseInt(n.status!.capacity!.memory!, 10);
    expect(memCap - parseInt(n.status!.allocatable!.memory!, 10)).toBe(1024 * 1024 + 100 * 1024);
    expect(n.spec.podCIDR).toBeUndefined();
  });

  it('renews the Lease every 10 s; status is posted only on change or every 5 minutes', () => {
    const c = cluster();
    const l0 = lease(c);
    expect(l0.spec).toMatchObject({ holderIdentity: 'worker-1', leaseDurationSeconds: 40 });
    const renewals: string[] = [];
    for (let i = 0; i < 6; i++) {
      c.advance(10_000);
      renewals.push(lease(c).spec.renewTime);
    }
    const gaps = renewals.slice(1).map((r, i) => Date.parse(r) - Date.parse(renewals[i]!));
    expect(gaps).toEqual([10_000, 10_000, 10_000, 10_000, 10_000]);
    expect(renewals[0]).toMatch(/^2026-11-24T09:00:\d\d\.\d{6}Z$/);
    const hb = () => node(c).status!.conditions!.find((x) => x.type === 'Ready')!.lastHeartbeatTime;
    const h1 = hb();
    c.advance(60_000);
    expect(hb()).toBe(h1);
    c.advance(5 * 60_000);
    expect(hb()).not.toBe(h1);
  });

  it('a stopped kubelet renews nothing and keeps containers running; start() resumes', () => {
    const c = cluster({ workers: [{ name: 'worker-1', images: ['nginx:1.25'] }] });
    runPod(c, 'web', { containers: [{ name: 'nginx', image: 'nginx:1.25' }] });
    c.advance(5000);
    const k = kubelet(c);
    k.stop();
    expect(k.running).toBe(false);
    const r1 = lease(c).spec.renewTime;
    c.advance(60_000);
    expect(lease(c).spec.renewTime).toBe(r1);
    expect(c.metrics.nodeUsage('worker-1')).toBeUndefined();
    expect(k.containers().find((x) => x.podName === 'web')!.state).toBe('CONTAINER_RUNNING');
    // deletion while stopped: stuck Terminating
    c.admin.delete('pods', 'default', 'web');
    c.advance(60_000);
    expect(getPod(c, 'web')!.metadata.deletionTimestamp).toBeDefined();
    k.start();
    c.advance(100);
    expect(lease(c).spec.renewTime).not.toBe(r1);
    expect(events(c, 'worker-1').filter((e) => e.startsWith('Starting'))).toEqual(['Starting: Starting kubelet.']);
    const starting = c.admin.list('events', 'default').items.find((e: any) => e.involvedObject.name === 'worker-1' && e.reason === 'NodeHasSufficientMemory');
    expect(starting?.count).toBe(2);
    c.advance(2000);
    expect(getPod(c, 'web')).toBeUndefined();
  });

  it('node pressure: the condition flips with the real reason, BestEffort pods are evicted first', () => {
    const c = cluster({ workers: [{ name: 'worker-1', images: ['nginx:1.25'] }] });
    runPod(c, 'besteffort', { containers: [{ name: 'web', image: 'nginx:1.25' }] });
    runPod(c, 'burstable', { containers: [{ name: 'web', image: 'nginx:1.25', resources: { requests: { cpu: '100m' } } }] });
    runPod(c, 'guaranteed', { containers: [{ name: 'web', image: 'nginx:1.25', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } } }] });
    c.advance(5000);
    kubelet(c).setPressure('DiskPressure', true);
    c.advance(100);
    const cond = node(c).status!.conditions!.find((x) => x.type === 'DiskPressure')!;
    expect(cond).toMatchObject({ status: 'True', reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure' });
    expect(events(c, 'worker-1')).toContain('NodeHasDiskPressure: Node worker-1 status is now: NodeHasDiskPressure');
    until(c, () => getPod(c, 'besteffort')!.status!.phase === 'Failed', 20_000);
    const p = getPod(c, 'besteffort')!;
    expect(p.status!.reason).toBe('Evicted');
    expect(p.status!.message).toMatch(/^The node was low on resource: ephemeral-storage\. Threshold quantity: \d+Ki, available: \d+Ki\. Container web was using \d+Ki, request is 0, has larger consumption of ephemeral-storage\. $/);
    expect(p.status!.conditions!.find((x) => x.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'TerminationByKubelet' });
    expect(events(c, 'besteffort').some((e) => e.startsWith('Evicted: The node was low on resource: ephemeral-storage.'))).toBe(true);
    expect(getPod(c, 'burstable')!.status!.phase).toBe('Running');
    c.advance(10_000);
    expect(getPod(c, 'burstable')!.status!.phase).toBe('Failed');
    c.advance(60_000);
    expect(getPod(c, 'guaranteed')!.status!.phase).toBe('Running');
    kubelet(c).setPressure('DiskPressure', false);
    c.advance(100);
    expect(node(c).status!.conditions!.find((x) => x.type === 'DiskPressure')!.status).toBe('False');
    expect(events(c, 'worker-1')).toContain('NodeHasNoDiskPressure: Node worker-1 status is now: NodeHasNoDiskPressure');
  });

  it('notices a cordon: NodeNotSchedulable, then NodeSchedulable', () => {
    const c = cluster();
    c.admin.patch('nodes', undefined, 'worker-1', { spec: { unschedulable: true } }, 'merge');
    c.advance(10_000);
    expect(events(c, 'worker-1')).toContain('NodeNotSchedulable: Node worker-1 status is now: NodeNotSchedulable');
    c.admin.patch('nodes', undefined, 'worker-1', { spec: { unschedulable: null } }, 'merge');
    c.advance(10_000);
    expect(events(c, 'worker-1')).toContain('NodeSchedulable: Node worker-1 status is now: NodeSchedulable');
  });

  it('reports usage for kubectl top', () => {
    const c = cluster({ workers: [{ name: 'worker-1', images: ['redis:7'] }] });
    runPod(c, 'cache', { containers: [{ name: 'redis', image: 'redis:7' }] });
    c.advance(5000);
    expect(c.metrics.podUsage('default', 'cache')).toEqual({ namespace: 'default', name: 'cache', node: 'worker-1', containers: [{ name: 'redis', cpuMillis: 2, memoryBytes: 4 * 1024 * 1024 }] });
    expect(c.metrics.nodeUsage('worker-1')!.cpuMillis).toBe(92);
  });
});

describe('static pods', () => {
  it('kubeadm: mirror pods in kube-system owned by the Node', () => {
    const c = cluster();
    c.advance(15_000);
    const names = ['etcd-master-0', 'kube-apiserver-master-0', 'kube-controller-manager-master-0', 'kube-scheduler-master-0'];
    for (const n of names) {
      const p = getPod(c, n, 'kube-system')!;
      expect(p, n).toBeDefined();
      expect(p.metadata.annotations!['kubernetes.io/config.mirror']).toMatch(/^[0-9a-f]{32}$/);
      expect(p.metadata.annotations!['kubernetes.io/config.source']).toBe('file');
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'master-0', uid: node(c, 'master-0').metadata.uid, controller: true }]);
      expect(p.status!.phase).toBe('Running');
      expect(p.status!.podIP).toBe('10.0.0.10');
      expect(p.spec.priorityClassName).toBe('system-node-critical');
    }
    expect(status(c, 'etcd-master-0', 'etcd', 'kube-system').ready).toBe(true);
  });

  it('openshift: etcd with its four containers; a stopped member shows CrashLoopBackOff, then recovers', () => {
    const c = cluster({ flavor: 'openshift' });
    c.advance(60_000);
    const etcd = getPod(c, 'etcd-master-0', 'openshift-etcd')!;
    expect(etcd.spec.containers.map((x) => x.name)).toEqual(['etcdctl', 'etcd', 'etcd-metrics', 'etcd-readyz']);
    expect(getPod(c, 'kube-apiserver-master-0', 'openshift-kube-apiserver')).toBeDefined();
    expect(getPod(c, 'kube-controller-manager-master-0', 'openshift-kube-controller-manager')).toBeDefined();
    expect(getPod(c, 'openshift-kube-scheduler-master-0', 'openshift-kube-scheduler')).toBeDefined();
    expect(etcd.status!.initContainerStatuses!.map((s) => s.state.terminated?.reason)).toEqual(['Completed', 'Completed', 'Completed']);
    expect(status(c, 'etcd-master-0', 'etcd', 'openshift-etcd').ready).toBe(true);
    c.etcd.stopMember('master-0');
    c.advance(15_000);
    // a single-member cluster has no API without etcd; judge the kubelet's own view
    const w = kubelet(c, 'master-0').worker('openshift-etcd', 'etcd-master-0')!;
    const st = w.buildStatus().containerStatuses!.find((s) => s.name === 'etcd')!;
    expect(st.ready).toBe(false);
    expect(st.state.waiting?.reason ?? st.state.terminated?.reason).toMatch(/CrashLoopBackOff|Error/);
    c.etcd.startMember('master-0');
    c.advance(15_000);
    const back = w.buildStatus().containerStatuses!.find((s) => s.name === 'etcd')!;
    expect(back.state.running).toBeDefined();
    expect(back.restartCount).toBeGreaterThanOrEqual(1);
  });

  it('a deleted mirror pod is published again', () => {
    const c = cluster();
    c.advance(5000);
    c.admin.delete('pods', 'kube-system', 'kube-scheduler-master-0');
    c.advance(12_000);
    const p = getPod(c, 'kube-scheduler-master-0', 'kube-system');
    expect(p).toBeDefined();
    expect(p!.metadata.annotations!['kubernetes.io/config.mirror']).toBeDefined();
  });
});
