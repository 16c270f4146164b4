/**
 * The read commands against a running cluster (scheduler, controllers and kubelets on the
 * virtual clock). Assertions are about shape, not about how far other components have got.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/core/cluster.js';
import { createSession, type Session } from '../../src/commands/session.js';
import { runPalette } from '../../src/commands/palette.js';

let cluster: Cluster;
let session: Session;
const sh = (line: string) => runPalette(session, line);

beforeAll(() => {
  cluster = new Cluster({ flavor: 'kubernetes', controlPlane: 1, workers: [{ name: 'worker-1' }, { name: 'worker-2' }] }).start();
  session = createSession(cluster, { namespace: 'shop' });
  cluster.admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  cluster.advance(1_000);
  if (!cluster.admin.tryGet('serviceaccounts', 'shop', 'default')) {
    cluster.admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'shop' } });
  }
  cluster.admin.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } } },
  });
  cluster.advance(90_000);
});

describe('kubectl read commands on a running cluster', () => {
  it('lists the nodes the kubelets registered', () => {
    const r = sh('kubectl get nodes');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME {3,}STATUS {3,}ROLES {3,}AGE {3,}VERSION$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['master-0', 'worker-1', 'worker-2']);
    expect(lines[1]).toMatch(/^master-0\s+(Ready|NotReady)\s+control-plane\s+\d+s\s+v1\.32\.4$/);
  });

  it('shows the deployment, its replica set and its pods', () => {
    expect(sh('kubectl get deploy web').stdout).toMatch(/^NAME {3}READY {3}UP-TO-DATE {3}AVAILABLE {3}AGE\nweb {4}\d\/2 /);
    const rs = sh('kubectl get rs -o name').stdout.trim().split('\n');
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatch(/^replicaset\.apps\/web-[a-z0-9]+$/);
    const pods = sh('kubectl get pods -l app=web -o name').stdout.trim().split('\n');
    expect(pods).toHaveLength(2);
    const describe = sh('kubectl describe deploy web').stdout;
    expect(describe).toContain(`NewReplicaSet:   ${rs[0]!.slice('replicaset.apps/'.length)} (2/2 replicas created)`);
    expect(describe).toMatch(/Normal {2}ScalingReplicaSet {2}\S+ +deployment-controller {2}Scaled up replica set web-\S+ from 0 to 2/);
  });

  it('describes a pod with the events the components recorded', () => {
    const pod = sh('kubectl get pods -l app=web -o name').stdout.split('\n')[0]!;
    const out = sh(`kubectl describe ${pod}`).stdout;
    expect(out).toMatch(/^Name: {13}web-/);
    expect(out).toContain('Controlled By:');
    expect(out).toMatch(/\nEvents:\n  Type +Reason +Age +From +Message\n/);
    expect(out).toMatch(/default-scheduler/);
  });

  it('reads logs through the kubelet or explains why it cannot', () => {
    const r = sh('kubectl logs deploy/web');
    expect(r.stderr).toMatch(/^Found 2 pods, using pod\/web-/);
    if (r.exitCode !== 0) expect(r.stderr).toMatch(/is waiting to start|not found/);
  });

  it('reports node usage from the metrics the kubelets publish', () => {
    const r = sh('kubectl top nodes');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('NAME       CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   ');
    expect(lines[1]).toMatch(/^master-0 {3}\d+m +\d+% +\d+Mi +\d+% +$/);
    expect(sh('oc adm top nodes').exitCode).toBe(0);
  });

  it('lists node events across namespaces sorted by time', () => {
    const r = sh('kubectl get events -A --sort-by=.lastTimestamp');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^NAMESPACE +LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
    expect(r.stdout).toContain('node/worker-1');
  });
});
