import { describe, expect, it } from 'vitest';
import { CycleState, Code, SKIP, type FilterPlugin, type FrameworkHandle } from '../../src/core/scheduler/types.js';
import { nodeUnschedulable } from '../../src/core/scheduler/plugins/node-unschedulable.js';
import { nodeName } from '../../src/core/scheduler/plugins/node-name.js';
import { taintTolerationFilter } from '../../src/core/scheduler/plugins/taint-toleration.js';
import { nodeAffinityFilter } from '../../src/core/scheduler/plugins/node-affinity.js';
import { nodePorts } from '../../src/core/scheduler/plugins/node-ports.js';
import { nodeResourcesFitFilter } from '../../src/core/scheduler/plugins/node-resources-fit.js';
import { volumeBinding } from '../../src/core/scheduler/plugins/volume-binding.js';
import { SchedulerCache } from '../../src/core/scheduler/cache.js';
import { podRequests } from '../../src/core/scheduler/podinfo.js';
import type { KObject, Pod } from '../../src/core/api/types.js';
import { makeNode, makePod, nodeInfo, podInfo } from './scheduler-helpers.js';

function run(plugin: FilterPlugin, pod: Pod, ni: ReturnType<typeof nodeInfo>) {
  const state = new CycleState();
  const info = podInfo(pod);
  const pre = plugin.preFilter?.(state, info) ?? null;
  if (pre) return pre;
  return plugin.filter(state, info, ni);
}

describe('NodeUnschedulable', () => {
  it('rejects a cordoned node unless the pod tolerates node.kubernetes.io/unschedulable', () => {
    const cordoned = nodeInfo(makeNode('n1', { unschedulable: true }));
    expect(run(nodeUnschedulable, makePod('p'), cordoned)).toEqual({ code: Code.UnschedulableAndUnresolvable, reasons: ['node(s) were unschedulable'] });
    const tolerant = makePod('p', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
    expect(run(nodeUnschedulable, tolerant, cordoned)).toBeNull();
    expect(run(nodeUnschedulable, makePod('p'), nodeInfo(makeNode('n2')))).toBeNull();
  });
});

describe('NodeName', () => {
  it('only the named node fits', () => {
    const pod = makePod('p', { nodeName: 'n1' });
    expect(run(nodeName, pod, nodeInfo(makeNode('n1')))).toBeNull();
    expect(run(nodeName, pod, nodeInfo(makeNode('n2')))!.reasons).toEqual(["node(s) didn't match the requested node name"]);
  });
});

describe('TaintToleration filter', () => {
  const node = nodeInfo(
    makeNode('n1', {
      taints: [
        { key: 'soft', effect: 'PreferNoSchedule' },
        { key: 'dedicated', value: 'db', effect: 'NoSchedule' },
        { key: 'gone', effect: 'NoExecute' },
      ],
    }),
  );
  it('names the first untolerated NoSchedule/NoExecute taint, ignoring PreferNoSchedule', () => {
    expect(run(taintTolerationFilter, makePod('p'), node)).toEqual({ code: Code.UnschedulableAndUnresolvable, reasons: ['node(s) had untolerated taint {dedicated: db}'] });
    const tolDb = makePod('p', { spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] } });
    expect(run(taintTolerationFilter, tolDb, node)!.reasons).toEqual(['node(s) had untolerated taint {gone: }']);
  });
  it('Exists with an empty key tolerates everything; a wrong value does not', () => {
    expect(run(taintTolerationFilter, makePod('p', { spec: { tolerations: [{ operator: 'Exists' }] } }), node)).toBeNull();
    const wrong = makePod('p', { spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web' }, { key: 'gone', operator: 'Exists' }] } });
    expect(run(taintTolerationFilter, wrong, node)!.reasons).toEqual(['node(s) had untolerated taint {dedicated: db}']);
  });
});

describe('NodeAffinity filter', () => {
  const ssd = nodeInfo(makeNode('n1', { labels: { disk: 'ssd', zone: 'a', gen: '5' } }));
  const hdd = nodeInfo(makeNode('n2', { labels: { disk: 'hdd', zone: 'b', gen: '3' } }));
  const reason = ["node(s) didn't match Pod's node affinity/selector"];
  it('is skipped for pods without selector or required affinity', () => {
    expect(nodeAffinityFilter.preFilter!(new CycleState(), podInfo(makePod('p')))).toBe(SKIP);
  });
  it('applies nodeSelector', () => {
    const pod = makePod('p', { spec: { nodeSelector: { disk: 'ssd' } } });
    expect(run(nodeAffinityFilter, pod, ssd)).toBeNull();
    expect(run(nodeAffinityFilter, pod, hdd)).toEqual({ code: Code.UnschedulableAndUnresolvable, reasons: reason });
  });
  it('ORs terms, ANDs expressions, supports NotIn, Gt and matchFields', () => {
    const aff = (terms: unknown[]) => makePod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } } });
    const both = aff([{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }, { key: 'zone', operator: 'NotIn', values: ['a'] }] }]);
    expect(run(nodeAffinityFilter, both, ssd)!.reasons).toEqual(reason);
    const either = aff([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }]);
    expect(run(nodeAffinityFilter, either, ssd)).toBeNull();
    expect(run(nodeAffinityFilter, either, hdd)).toBeNull();
    const byName = aff([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }]);
    expect(run(nodeAffinityFilter, byName, ssd)!.reasons).toEqual(reason);
    expect(run(nodeAffinityFilter, byName, hdd)).toBeNull();
  });
});

describe('NodePorts', () => {
  it('rejects a node where the host port is taken, on the same protocol', () => {
    const node = nodeInfo(makeNode('n1'), [makePod('old', { hostPort: 8080, nodeName: 'n1' })]);
    expect(run(nodePorts, makePod('p', { hostPort: 8080 }), node)).toEqual({ code: Code.Unschedulable, reasons: ["node(s) didn't have free ports for the requested pod ports"] });
    expect(run(nodePorts, makePod('p', { hostPort: 8081 }), node)).toBeNull();
    expect(nodePorts.preFilter!(new CycleState(), podInfo(makePod('p')))).toBe(SKIP);
  });
});

describe('NodeResourcesFit filter', () => {
  it('lists every insufficient resource and the pod count', () => {
    const node = nodeInfo(makeNode('n1', { cpu: '2', memory: '1Gi', pods: '2' }), [
      makePod('a', { cpu: '1500m', memory: '512Mi', nodeName: 'n1' }),
      makePod('b', { nodeName: 'n1' }),
    ]);
    expect(run(nodeResourcesFitFilter, makePod('p', { cpu: '600m', memory: '600Mi' }), node)).toEqual({
      code: Code.Unschedulable,
      reasons: ['Too many pods', 'Insufficient cpu', 'Insufficient memory'],
    });
    const roomy = nodeInfo(makeNode('n2', { cpu: '2', memory: '1Gi' }), [makePod('a', { cpu: '1500m', nodeName: 'n2' })]);
    expect(run(nodeResourcesFitFilter, makePod('p', { cpu: '500m' }), roomy)).toBeNull();
    expect(run(nodeResourcesFitFilter, makePod('p', { cpu: '501m' }), roomy)!.reasons).toEqual(['Insufficient cpu']);
  });
  it('checks extended resources', () => {
    const node = nodeInfo(makeNode('n1', { extra: { 'nvidia.com/gpu': '1' } }));
    const pod = makePod('p', { spec: { containers: [{ name: 'c', image: 'cuda', resources: { limits: { 'nvidia.com/gpu': '2' } } }] } });
    expect(run(nodeResourcesFitFilter, pod, node)!.reasons).toEqual(['Insufficient nvidia.com/gpu']);
  });
  it('computes requests with the init-container max rule and sidecars', () => {
    const pod = makePod('p', {
      spec: {
        containers: [
          { name: 'a', image: 'x', resources: { requests: { cpu: '100m', memory: '100Mi' } } },
          { name: 'b', image: 'x', resources: { requests: { cpu: '200m' } } },
        ],
        initContainers: [
          { name: 'init', image: 'x', resources: { requests: { cpu: '1', memory: '50Mi' } } },
          { name: 'side', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } },
        ],
      },
    });
    const r = podRequests(pod);
    expect(r.cpu).toBe(1000);
    expect(r.memory).toBe(100 * 1024 * 1024);
    expect(podRequests(makePod('q', { cpu: '300m' })).cpu).toBe(300);
    expect(podRequests(makePod('q'), true)).toMatchObject({ cpu: 100, memory: 200 * 1024 * 1024 });
  });
});

describe('VolumeBinding', () => {
  function handle(objs: KObject[]): FrameworkHandle {
    const inf = (kind: string) => {
      const items = objs.filter((o) => o.kind === kind);
      return {
        getByName: (ns: string | undefined, name: string) => items.find((o) => o.metadata.name === name && (o.metadata.namespace ?? undefined) === ns),
        list: () => items.values(),
      };
    };
    return {
      cache: new SchedulerCache(),
      pvcs: inf('PersistentVolumeClaim'),
      pvs: inf('PersistentVolume'),
      storageClasses: inf('StorageClass'),
      namespaces: inf('Namespace'),
    } as unknown as FrameworkHandle;
  }
  const pvc = (name: string, extra: Record<string, unknown> = {}): KObject => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...extra },
    status: { phase: 'Pending' },
  });
  const withClaim = makePod('p', { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] } });
  const node = nodeInfo(makeNode('n1', { labels: { zone: 'a' } }));

  it('a missing claim and an unbound immediate claim reject at PreFilter', () => {
    expect(run(volumeBinding(handle([])), withClaim, node)).toEqual({ code: Code.UnschedulableAndUnresolvable, reasons: ['persistentvolumeclaim "data" not found'] });
    const sc = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'ebs.csi.aws.com', volumeBindingMode: 'Immediate' };
    expect(run(volumeBinding(handle([pvc('data'), sc])), withClaim, node)).toEqual({
      code: Code.UnschedulableAndUnresolvable,
      reasons: ['pod has unbound immediate PersistentVolumeClaims'],
    });
  });
  it('a WaitForFirstConsumer claim passes; a bound volume must be reachable from the node', () => {
    const wffc = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'ebs.csi.aws.com', volumeBindingMode: 'WaitForFirstConsumer' };
    expect(run(volumeBinding(handle([pvc('data'), wffc])), withClaim, node)).toBeNull();
    const pv: KObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-1' },
      spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }] } } },
    };
    const bound = pvc('data', { volumeName: 'pv-1' });
    const objs = [{ ...bound, status: { phase: 'Bound' } }, pv];
    expect(run(volumeBinding(handle(objs)), withClaim, node)).toEqual({ code: Code.UnschedulableAndUnresolvable, reasons: ['node(s) had volume node affinity conflict'] });
    expect(run(volumeBinding(handle(objs)), withClaim, nodeInfo(makeNode('n2', { labels: { zone: 'b' } })))).toBeNull();
  });
});
