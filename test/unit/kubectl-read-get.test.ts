import { beforeAll, describe, expect, it } from 'vitest';
import { runPalette } from '../../src/commands/palette.js';
import { podSummary } from '../../src/commands/kubectl/printers/index.js';
import type { Pod } from '../../src/core/api/types.js';
import { at, buildFixture, T0, type Fixture } from './kubectl-read-fixtures.js';

let fx: Fixture;
const sh = (line: string) => runPalette(fx.session, line);

beforeAll(() => {
  fx = buildFixture();
  fx.cluster.admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop', labels: { tier: 'be' } }, data: { a: '1', b: '2' } });
  fx.cluster.admin.create({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'ebs.csi.aws.com',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
});

const NOW = T0 + 300_000;

function pod(status: Pod['status'], extra: Partial<Pod['spec']> = {}, meta: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'shop', creationTimestamp: at(0), ...meta },
    spec: { containers: [{ name: 'app', image: 'app:1' }], ...extra },
    status,
  };
}

const cs = (state: object, extra: object = {}) => ({ name: 'app', image: 'app:1', imageID: '', ready: false, restartCount: 0, state, lastState: {}, ...extra });

describe('pod STATUS, READY and RESTARTS (printPod)', () => {
  it('reports init container progress and failures with the Init: prefix', () => {
    const inits = { initContainers: [{ name: 'a', image: 'i' }, { name: 'b', image: 'i' }] };
    const init = (statuses: object[]) => podSummary(pod({ phase: 'Pending', initContainerStatuses: statuses as never, containerStatuses: [cs({ waiting: { reason: 'PodInitializing' } })] as never }, inits), NOW).status;
    expect(init([{ ...cs({ terminated: { exitCode: 0, reason: 'Completed' } }), name: 'a' }, { ...cs({ running: {} }), name: 'b' }])).toBe('Init:1/2');
    expect(init([{ ...cs({ waiting: { reason: 'CrashLoopBackOff' } }), name: 'a' }])).toBe('Init:CrashLoopBackOff');
    expect(init([{ ...cs({ terminated: { exitCode: 1, reason: 'Error' } }), name: 'a' }])).toBe('Init:Error');
    expect(init([{ ...cs({ terminated: { exitCode: 3 } }), name: 'a' }])).toBe('Init:ExitCode:3');
    expect(init([{ ...cs({ terminated: { exitCode: 137, signal: 9 } }), name: 'a' }])).toBe('Init:Signal:9');
  });

  it('walks containers from last to first and counts ready running ones', () => {
    const two = { containers: [{ name: 'app', image: 'a' }, { name: 'side', image: 'b' }] };
    const s = podSummary(pod({ phase: 'Running', containerStatuses: [cs({ running: {} }, { ready: true }), { ...cs({ waiting: { reason: 'ImagePullBackOff' } }), name: 'side' }] as never }, two), NOW);
    expect(s).toEqual({ ready: '1/2', status: 'ImagePullBackOff', restarts: '0' });
    expect(podSummary(pod({ phase: 'Running', containerStatuses: [cs({ terminated: { exitCode: 0, signal: 15 } })] as never }), NOW).status).toBe('Signal:15');
    expect(podSummary(pod({ phase: 'Failed', containerStatuses: [cs({ terminated: { exitCode: 137, reason: 'OOMKilled' } })] as never }), NOW).status).toBe('OOMKilled');
  });

  it('shows Completed, NotReady for a finished container beside a running one, and the restart age', () => {
    expect(podSummary(pod({ phase: 'Succeeded', containerStatuses: [cs({ terminated: { exitCode: 0, reason: 'Completed' } })] as never }), NOW).status).toBe('Completed');
    const two = { containers: [{ name: 'side', image: 'b' }, { name: 'app', image: 'a' }] };
    const mixed = pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ ...cs({ running: {} }, { ready: true }), name: 'side' }, cs({ terminated: { exitCode: 0, reason: 'Completed' } })] as never }, two);
    expect(podSummary(mixed, NOW).status).toBe('NotReady');
    const restarted = pod({ phase: 'Running', containerStatuses: [cs({ running: {} }, { ready: true, restartCount: 3, lastState: { terminated: { exitCode: 1, finishedAt: at(180) } } })] as never });
    expect(podSummary(restarted, NOW)).toEqual({ ready: '1/1', status: 'Running', restarts: '3 (2m ago)' });
  });

  it('says Terminating for a deleted pod, Unknown when its node was lost, SchedulingGated when gated', () => {
    const deleted = { deletionTimestamp: at(290) };
    expect(podSummary(pod({ phase: 'Running', containerStatuses: [cs({ running: {} }, { ready: true })] as never }, {}, deleted), NOW).status).toBe('Terminating');
    expect(podSummary(pod({ phase: 'Running', reason: 'NodeLost' }, {}, deleted), NOW).status).toBe('Unknown');
    expect(podSummary(pod({ phase: 'Succeeded' }, {}, deleted), NOW).status).toBe('Succeeded');
    expect(podSummary(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), NOW).status).toBe('SchedulingGated');
  });
});

describe('kubectl get', () => {
  it('reports unknown types, missing objects and empty namespaces like kubectl', () => {
    expect(sh('kubectl get foo')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
    expect(sh('kubectl get pod nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    expect(sh('kubectl get deploy nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', exitCode: 1 });
    expect(sh('kubectl get pods -n default')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    expect(sh('kubectl get pods -n default -A -l app=none')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
    expect(sh('kubectl get pod nope --ignore-not-found')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(sh('kubectl get pods -w').stderr).toBe('error: --watch is only available in the dashboard\n');
    const none = sh('kubectl get');
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('error: Required resource not specified.');
  });

  it('prints what it found and the errors for the rest', () => {
    const r = sh('kubectl get pods big nope');
    expect(r.stdout).toBe('NAME   READY   STATUS    RESTARTS   AGE\nbig    0/1     Pending   0          4m45s\n');
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(r.exitCode).toBe(1);
  });

  it('prints one table per type with kind-prefixed names', () => {
    expect(sh('kubectl get pod/big svc/web').stdout).toBe(
      'NAME      READY   STATUS    RESTARTS   AGE\npod/big   0/1     Pending   0          4m45s\n\n' +
        'NAME          TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE\nservice/web   ClusterIP   10.96.120.15   <none>        80/TCP    4m50s\n',
    );
    const all = sh('kubectl get all').stdout;
    expect(all).toContain('pod/web-7d4b9c8f5-x2x9k');
    expect(all).toContain('service/shop-lb');
    expect(all).toContain('deployment.apps/web');
    expect(all.split('\n\n')).toHaveLength(3);
  });

  it('adds label columns, LABELS, sorts and drops headers', () => {
    expect(sh('kubectl get pods -L app,pod-template-hash --sort-by=.status.phase --no-headers').stdout).toBe(
      'big                   0/1   Pending            0             4m45s         \n' +
        'web-7d4b9c8f5-q8wzn   0/1   CrashLoopBackOff   4 (45s ago)   4m45s   web   7d4b9c8f5\n' +
        'web-7d4b9c8f5-x2x9k   1/1   Running            0             4m45s   web   7d4b9c8f5\n',
    );
    expect(sh('kubectl get cm settings --show-labels').stdout).toBe('NAME       DATA   AGE   LABELS\nsettings   2      0s    tier=be\n');
    expect(sh('kubectl get cm settings --show-kind').stdout).toBe('NAME                 DATA   AGE\nconfigmap/settings   2      0s\n');
  });

  it('marks the default storage class and prints booleans as Go does', () => {
    expect(sh('kubectl get sc').stdout).toBe(
      'NAME                 PROVISIONER       RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\nstandard (default)   ebs.csi.aws.com   Delete          WaitForFirstConsumer   false                  0s\n',
    );
  });

  it('supports -o name, jsonpath, custom-columns and yaml of one object or a List', () => {
    expect(sh('kubectl get pods -o name').stdout).toBe('pod/big\npod/web-7d4b9c8f5-q8wzn\npod/web-7d4b9c8f5-x2x9k\n');
    expect(sh("kubectl get pods -o jsonpath='{.items[*].spec.nodeName}'").stdout).toBe('node-a node-a');
    expect(sh("kubectl get pod big -o jsonpath='{.status.phase}'").stdout).toBe('Pending');
    expect(sh('kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName').stdout).toBe(
      'NAME                  NODE\nbig                   <none>\nweb-7d4b9c8f5-q8wzn   node-a\nweb-7d4b9c8f5-x2x9k   node-a\n',
    );
    const one = sh('kubectl get cm settings -o yaml').stdout;
    expect(one.startsWith('apiVersion: v1\ndata:\n  a: "1"\n  b: "2"\nkind: ConfigMap\nmetadata:\n')).toBe(true);
    const list = sh('kubectl get cm -l tier=be -o yaml').stdout;
    expect(list.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n')).toBe(true);
    expect(list.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
    expect(sh('kubectl get pods -o xml').stderr).toContain('error: unable to match a printer suitable for the output format "xml"');
  });

  it('filters with field selectors', () => {
    expect(sh('kubectl get pods --field-selector status.phase=Pending -o name').stdout).toBe('pod/big\n');
  });
});
