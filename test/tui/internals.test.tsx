/**
 * The dashboard's internals views and the keys added with them: six home panes (OVN, CSI),
 * :api with a request's stages, :sched traces, :ovn flows, :csi chains, `kubectl get -w`
 * streams, the pod shell, `e` edit, `r` drain, log keys, completion, and tables kept from watch
 * events with the selection following its row.
 */
import React from 'react';
import { describe, expect, it } from 'vitest';
import { renderToString } from 'ink';
import { Screen } from '../../src/tui/app.js';
import { DashboardController } from '../../src/tui/controller.js';
import { detectTheme, ThemeContext } from '../../src/tui/theme.js';
import { TableModels } from '../../src/tui/data/table-model.js';
import { diffLines } from '../../src/tui/data/requests.js';
import { parseWatchCommand } from '../../src/tui/data/watch-stream.js';
import { topView, type TableView, type TextView } from '../../src/tui/state.js';
import type { KObject } from '../../src/core/api/types.js';
import { sandbox, typeLine, type Harness } from './helpers.js';

const strip = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

function screen(h: Harness, columns = 120, rows = 40): string {
  h.c.setSize(columns, rows);
  const out = renderToString(
    <ThemeContext.Provider value={detectTheme({})}>
      <Screen c={h.c} state={h.c.ui} layout={h.c.size} />
    </ThemeContext.Provider>,
    { columns },
  );
  const lines = strip(out).split('\n');
  expect(lines).toHaveLength(rows - 1);
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
  return lines.join('\n');
}

function command(h: Harness, line: string): void {
  h.keys(':');
  typeLine(h, line);
  h.keys('enter');
}

const top = (h: Harness) => topView(h.c.ui);
const table = (h: Harness): TableView => {
  const v = top(h);
  if (v.kind !== 'table') throw new Error(`top view is ${v.kind}`);
  return v;
};
const text = (h: Harness): TextView => {
  const v = top(h);
  if (v.kind !== 'text') throw new Error(`top view is ${v.kind}`);
  return v;
};

describe('home panes', () => {
  it('shows nodes, pods, events, etcd (leader named), OVN and CSI at 120x40', () => {
    const h = sandbox({ advanceMs: 60_000 });
    const s = screen(h);
    for (const title of ['Nodes [6]', 'etcd [3 members]', 'OVN [6]']) expect(s).toContain(title);
    expect(s).toMatch(/CSI volumes \[\d+\]/);
    expect(s).toMatch(/Pods \[\d+\]/);
    expect(s).toMatch(/Events \[\d+\]/);
    expect(s).toMatch(/leader: master-\d/);
    expect(s).toMatch(/\d+ ports \(0 unbound\), \d+ flows, \d+ packets/);
    expect(s).toMatch(/NODE +OVN-CONTROLLER +PORTS +FLOWS/);
    expect(s).toMatch(/worker-1 +running +\d+ +\d+/);
    expect(s).toContain('1 CSI drivers: ebs.csi.aws.com nodes 6/6');
  });

  it('tabs to the OVN and CSI panes at 80x24 and opens them', () => {
    const h = sandbox({ advanceMs: 30_000 });
    h.keys('tab', 'tab', 'tab', 'tab');
    let s = screen(h, 80, 24);
    expect(s).toMatch(/Nodes +Pods +Events +etcd +OVN +CSI/);
    expect(s).toContain('OVN [6]');
    expect(s).not.toContain('Nodes [6]');
    h.keys('tab');
    s = screen(h, 80, 24);
    expect(s).toMatch(/CSI volumes \[\d+\]/);
    h.keys('enter');
    expect(table(h).source).toEqual({ kind: 'rows', id: 'csi' });
  });
});

describe(':api', () => {
  it('lists requests newest first and shows every stage of a write, with the mutation diff', () => {
    const h = sandbox({ advanceMs: 30_000 });
    expect(h.run.run('kubectl create configmap probe -n shop --from-literal=a=b').exitCode).toBe(0);
    command(h, 'api');
    expect(table(h).source).toEqual({ kind: 'rows', id: 'requests' });
    const m = h.c.tableModel(table(h));
    expect(m.columns).toEqual(['TIME', 'VERB', 'RESOURCE', 'NAMESPACE', 'NAME', 'USER', 'CODE', 'LATENCY']);
    const ids = m.rows.map((r) => Number(r.row.key));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    h.keys('/');
    typeLine(h, 'configmaps');
    h.keys('enter');
    const row = h.c.tableModel(table(h)).rows.find((r) => r.row.cells[1] === 'CREATE' && r.row.cells[4] === 'probe');
    expect(row).toBeDefined();
    while (h.c.selectedRow(table(h)) !== row) h.keys('j');
    h.keys('enter');
    const lines = h.c.linesOf(text(h));
    const all = lines.join('\n');
    expect(lines[0]).toMatch(/^Request #\d+: CREATE configmaps -n shop probe$/);
    expect(all).toContain('1. Authentication (who, how)');
    expect(all).toMatch(/bearer token +allow +user system:admin/);
    expect(all).toMatch(/RBAC +allow +RBAC: allowed by ClusterRoleBinding "cluster-admin"/);
    expect(all).toMatch(/3\. Mutating admission, in order: NamespaceLifecycle -> /);
    expect(all).toContain('4. Validation');
    expect(all).toMatch(/6\. etcd write\n {2}key \/kubernetes\.io\/configmaps\/shop\/probe\n {2}revision \d+/);
    expect(all).toContain('7. Watchers notified');
    expect(all).toContain('Mutation: the object as sent (-) and as stored (+)');
    expect(lines.some((l) => /^\+ {3}uid: /.test(l))).toBe(true);
    expect(lines.some((l) => /^\+ {3}resourceVersion: "\d+"$/.test(l))).toBe(true);
  });

  it('shows where a forbidden request stopped', () => {
    const h = sandbox({ advanceMs: 10_000 });
    h.run.run('kubectl get secrets -n shop --as=system:serviceaccount:shop:default');
    command(h, 'api');
    h.keys('/');
    typeLine(h, '403');
    h.keys('enter', 'enter');
    const all = h.c.linesOf(text(h)).join('\n');
    expect(all).toMatch(/status 403/);
    expect(all).toMatch(/stopped at Authorization \(RBAC\)/);
    expect(all).toMatch(/RBAC +deny/);
  });

  it('diffs lines with context', () => {
    expect(diffLines(['a', 'b', 'c', 'd', 'e', 'f', 'g'], ['a', 'b', 'c', 'X', 'e', 'f', 'g'])).toEqual(['  b', '  c', '- d', '+ X', '  e', '  f']);
    expect(diffLines(['a'], ['a'])).toEqual(['  (no difference)']);
  });
});

describe(':sched', () => {
  const pending: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'stuck', namespace: 'shop' },
    spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'app', image: 'nginx:1.25' }] },
  };

  it('shows every node with each filter verdict for a Pending pod; t opens it from the pods view', () => {
    const h = sandbox({ advanceMs: 30_000 });
    h.run.cluster.admin.create(pending);
    h.run.advance(5_000);
    command(h, 'sched shop/stuck');
    const lines = h.c.linesOf(text(h));
    const all = lines.join('\n');
    expect(lines[0]).toMatch(/^Pod shop\/stuck {2}attempt \d+ at \d\d:\d\d:\d\d: Unschedulable$/);
    expect(all).toMatch(/nodes: 6 in the cluster, 6 evaluated, 0 feasible/);
    expect(all).toMatch(/worker-1 +rejected by NodeAffinity +-/);
    expect(all).toMatch(/master-0 +rejected by (TaintToleration|NodeAffinity)/);
    expect(all).toMatch(/ {2}NodeAffinity +Rejected {2}UnschedulableAndUnresolvable: node\(s\) didn't match Pod's node affinity\/selector/);
    expect(all).toContain('no node was scored');
    h.keys('esc');
    command(h, 'po');
    h.keys('/');
    typeLine(h, 'stuck');
    h.keys('enter', 't');
    expect(text(h).live).toEqual({ what: 'sched', arg: 'shop/stuck' });
  });

  it('lists raw, normalised and weighted scores for a scheduled pod; :sched lists pods whose Enter traces', () => {
    const h = sandbox({ advanceMs: 30_000 });
    command(h, 'sched');
    expect(table(h).mode).toBe('sched');
    h.keys('/');
    typeLine(h, 'frontend');
    h.keys('enter', 'enter');
    const all = h.c.linesOf(text(h)).join('\n');
    expect(all).toMatch(/Scheduled on worker-\d/);
    expect(all).toMatch(/worker-\d +passed \d+\/\d+ \(\d+ skipped\) +\d+ {2}<- selected/);
    expect(all).toMatch(/ {2}NodeResourcesFit +raw +\d+ {2}normalised +\d+ x \d+ = \d+/);
  });
});

describe(':ovn and :csi', () => {
  it(':ovn lists nodes from the network model; Enter shows the node flows', () => {
    const h = sandbox({ advanceMs: 30_000 });
    command(h, 'ovn');
    const m = h.c.tableModel(table(h));
    expect(m.columns).toEqual(['NODE', 'CHASSIS', 'OVN-CONTROLLER', 'SUBNET', 'PORTS', 'UNBOUND', 'FLOWS', 'PACKETS']);
    expect(m.rows.map((r) => r.row.key)).toEqual(['master-0', 'master-1', 'master-2', 'worker-1', 'worker-2', 'worker-3']);
    expect(m.header?.[1]).toMatch(/^ovn_cluster_router \+ join switch; 6 node switches/);
    h.keys('G', 'enter');
    const flows = h.c.tableModel(table(h));
    expect(table(h).source).toEqual({ kind: 'rows', id: 'ovn', arg: 'worker-3' });
    expect(flows.columns).toEqual(['TABLE', 'PRIORITY', 'PACKETS', 'BYTES', 'MATCH', 'ACTIONS']);
    expect(flows.rows.length).toBeGreaterThan(10);
    expect(flows.rows.some((r) => r.row.cells[5] === 'drop')).toBe(true);
  });

  it(':csi follows a claim from class to mount; d describes it', () => {
    const h = sandbox({ advanceMs: 30_000 });
    h.run.cluster.admin.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'shop' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    h.run.cluster.admin.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { containers: [{ name: 'db', image: 'nginx:1.25' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] },
    });
    h.run.advance(60_000);
    command(h, 'csi');
    const m = h.c.tableModel(table(h));
    const row = m.rows.find((r) => r.row.key === 'shop/data')!;
    expect(row.row.cells.slice(0, 3)).toEqual(['shop', 'data', 'Bound']);
    expect(row.row.cells[7]).toBe('ebs.csi.aws.com');
    h.keys('enter');
    const all = h.c.linesOf(text(h)).join('\n');
    expect(all).toMatch(/StorageClass +done +persistentvolume-controller +gp3-csi: provisioner ebs.csi.aws.com, WaitForFirstConsumer/);
    expect(all).toMatch(/Binding +done/);
    expect(all).toMatch(/Attach +done/);
    expect(all).toMatch(/NodePublish +done +kubelet on worker-\d +db/);
    h.keys('esc', 'd');
    expect(text(h).title).toBe('describe');
    expect(text(h).lines[0]).toMatch(/^Name: +data$/);
  });
});

describe('kubectl get -w', () => {
  it('parses the watch flags and keeps the rest for the list', () => {
    expect(parseWatchCommand('kubectl get pods -n shop -w')?.listLine).toBe('kubectl get pods -n shop');
    expect(parseWatchCommand('kubectl get pods -Aw')?.listLine).toBe('kubectl get pods -A');
    expect(parseWatchCommand('oc get deploy --watch-only')?.listLine).toBeUndefined();
    expect(parseWatchCommand('kubectl get pods')).toBeUndefined();
    expect(parseWatchCommand('kubectl get pods -w | grep web')).toBeUndefined();
  });

  it('streams the list, then a line per watch event, as kubectl prints them; closing stops the watch', () => {
    const h = sandbox({ advanceMs: 30_000 });
    command(h, 'kubectl get deploy -n shop -w');
    const v = top(h);
    expect(v.kind).toBe('stream');
    if (v.kind !== 'stream') return;
    const first = h.c.linesOf(v).slice();
    expect(first[0]).toMatch(/^NAME +READY +UP-TO-DATE +AVAILABLE +AGE$/);
    expect(first).toHaveLength(4);
    h.run.run('kubectl scale deployment frontend -n shop --replicas=5');
    h.run.advance(1_000);
    const after = h.c.linesOf(v);
    expect(after.length).toBeGreaterThan(4);
    // Each event line is aligned on its own cells (kubectl flushes its tabwriter per event).
    expect(after[4]).toMatch(/^frontend {3}\d\/5 {3}\d {5}\d {5}\d+s$/);
    h.c.tick();
    expect(screen(h)).toContain('watch: kubectl get deploy -n shop -w (following)');
    expect(h.c.stream(v.id)).toBeDefined();
    h.keys('esc');
    expect(h.c.stream(v.id)).toBeUndefined();
  });

  it('prints event types with --output-watch-events', () => {
    const h = sandbox({ advanceMs: 30_000 });
    command(h, 'kubectl get cm -n shop --watch-only --output-watch-events');
    h.run.run('kubectl create configmap w1 -n shop');
    h.run.run('kubectl delete configmap w1 -n shop');
    h.run.advance(100);
    const v = top(h);
    if (v.kind !== 'stream') throw new Error('no stream');
    expect(h.c.linesOf(v)).toEqual(['ADDED   w1    0     0s', 'DELETED   w1    0     0s']);
  });
});

describe('pod shell, edit, drain, logs', () => {
  it('s opens a shell on the pod: each line runs through kubectl exec; exit leaves', () => {
    const h = sandbox({ advanceMs: 30_000 });
    command(h, 'po');
    h.keys('/');
    typeLine(h, 'frontend');
    h.keys('enter', 's');
    expect(top(h).kind).toBe('shell');
    expect(h.c.ui.prompt?.kind).toBe('shell');
    typeLine(h, 'echo hello there');
    h.keys('enter');
    const v = top(h);
    if (v.kind !== 'shell') throw new Error('no shell');
    expect(v.lines.slice(-2)).toEqual(['$ echo hello there', 'hello there']);
    h.keys('up');
    expect(h.c.ui.prompt?.text).toBe('echo hello there');
    expect(screen(h)).toMatch(/\$ echo hello there/);
    h.keys('ctrl-u');
    typeLine(h, 'exit');
    h.keys('enter');
    expect(top(h).kind).toBe('table');
    expect(h.c.ui.prompt).toBeUndefined();
  });

  it('e edits through the API server: a rejected edit comes back with the error and is kept', () => {
    const run = sandbox({ advanceMs: 30_000 }).run;
    const calls: string[] = [];
    const answers: Array<(t: string) => string> = [
      (t) => t.replace(/replicas: 1\n/, 'replicas: -1\n'),
      (t) => t, // gives up: unchanged
      (t) => t.replace(/replicas: -1\n/, 'replicas: 2\n'),
    ];
    const c = new DashboardController(run, { namespace: 'shop', columns: 120, rows: 40, wallNow: () => 1, editor: (t) => (calls.push(t), answers[calls.length - 1]!(t)) });
    const type = (s: string) => [...s].forEach((ch) => c.press(ch === ' ' ? 'space' : ch));
    c.press(':');
    type('deploy');
    c.press('enter');
    c.press('/');
    type('cart');
    c.press('enter');
    c.press('e');
    expect(calls[0]).toMatch(/^# Please edit the object below\./);
    expect(calls[1]).toContain('# deployments.apps "cart" was not valid:');
    expect(calls[1]).toContain('# * The Deployment "cart" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(calls[1]).toContain('replicas: -1');
    expect(c.ui.flash?.text).toBe('Edit cancelled, no valid changes were saved. Your edit is kept: press e to continue it.');
    c.press('e');
    expect(calls[2]).toBe(calls[1]);
    expect(c.ui.flash?.text).toBe('deployment.apps/cart edited');
    expect(run.cluster.api.cached('deployments', 'shop', 'cart')?.spec?.replicas).toBe(2);
  });

  it('e without an editor says so; r drains a node after confirming', () => {
    const h = sandbox({ advanceMs: 30_000 });
    command(h, 'no');
    h.keys('e');
    expect(h.c.ui.flash?.level).toBe('warn');
    h.keys('G', 'r');
    expect(h.c.ui.dialog?.command).toBe('kubectl drain worker-3 --ignore-daemonsets --delete-emptydir-data');
    h.keys('y');
    expect(h.c.ui.flash?.text).toBe('node/worker-3 cordoned');
    expect(h.run.cluster.api.cached('nodes', undefined, 'worker-3')?.spec?.unschedulable).toBe(true);
  });

  it('log view keys: p previous, 0 all containers, s autoscroll, w wrap', () => {
    const h = sandbox({ advanceMs: 30_000 });
    command(h, 'po');
    h.keys('/');
    typeLine(h, 'catalog');
    h.keys('enter', 'l');
    expect(text(h).logs).toMatchObject({ previous: false, allContainers: false, autoscroll: true });
    expect(text(h).follow).toMatch(/^kubectl logs catalog-\S+ -n shop --tail=1000$/);
    h.keys('p');
    expect(text(h).title).toBe('logs (previous)');
    expect(text(h).follow).toBeUndefined();
    h.keys('p', '0');
    expect(text(h).follow).toMatch(/--all-containers --tail=1000$/);
    h.keys('s');
    expect(text(h).logs?.autoscroll).toBe(false);
    h.keys('w');
    expect(text(h).wrap).toBe(true);
    expect(screen(h)).toMatch(/logs shop\/catalog-\S+ \(following\) \[all containers, autoscroll off, wrap\]/);
  });
});

describe('prompt and tables', () => {
  it('completes view names with Tab', () => {
    const h = sandbox({ advanceMs: 0 });
    h.keys(':');
    typeLine(h, 'deplo');
    expect(h.c.ui.prompt?.suggestion).toBe('deployments');
    expect(screen(h)).toMatch(/:deplo yments {2}\(tab\)/);
    h.keys('tab');
    expect(h.c.ui.prompt?.text).toBe('deployments');
    h.keys('enter');
    expect(table(h).source).toMatchObject({ plural: 'deployments' });
  });

  it("opens every view name of issue 3 (kubectl names, short names, k9s aliases)", () => {
    const h = sandbox({ advanceMs: 0 });
    const names = ['po', 'deploy', 'rs', 'sts', 'ds', 'job', 'cj', 'svc', 'ep', 'cm', 'secret', 'ns', 'no', 'ev', 'pv', 'pvc', 'sc', 'netpol', 'sa', 'role', 'rb', 'crole', 'crb', 'quota', 'limits', 'lease', 'va', 'csidriver', 'dp', 'sec', 'jo', 'cr', 'ro', 'np'];
    for (const n of names) {
      command(h, n);
      expect(top(h).kind, n).toBe('table');
    }
    expect(table(h).source).toMatchObject({ plural: 'networkpolicies' });
    command(h, 'cr');
    expect(table(h).source).toMatchObject({ plural: 'clusterroles' });
  });

  it('keeps the selection on its row when watch updates move it', () => {
    const h = sandbox({ advanceMs: 30_000 });
    command(h, 'cm');
    h.keys('G');
    const key = h.c.selectedRow(table(h))!.row.key;
    const before = table(h).cursor;
    for (const n of ['a-1', 'a-2', 'a-3']) h.run.run(`kubectl create configmap ${n} -n shop`);
    h.run.advance(100);
    h.c.tick();
    expect(table(h).cursor).toBe(before + 3);
    expect(h.c.selectedRow(table(h))!.row.key).toBe(key);
  });

  it('an incremental model equals a fresh list after many changes', () => {
    const h = sandbox({ advanceMs: 30_000 });
    const src = { kind: 'resource' as const, plural: 'pods' };
    const live = h.c.models.model(src, '', { by: 'status', desc: false });
    h.run.run('kubectl scale deployment frontend -n shop --replicas=9');
    h.run.run('kubectl delete pod -n shop -l app=catalog');
    for (let i = 0; i < 30; i++) h.run.run(`kubectl run p${i} -n shop --image=nginx:1.25`);
    h.run.advance(20_000);
    const updated = h.c.models.model(src, '', { by: 'status', desc: false });
    expect(updated).toBe(live);
    const fresh = new TableModels(h.run.cluster).model(src, '', { by: 'status', desc: false });
    expect(updated.rows.map((r) => r.row.key)).toEqual(fresh.rows.map((r) => r.row.key));
    expect(updated.total).toBe(fresh.total);
    expect(updated.problems).toBe(fresh.problems);
  });

  it('vt100 falls back like dumb (no colour, ASCII, no alternate screen) but keeps attributes', () => {
    expect(detectTheme({ TERM: 'vt100' })).toMatchObject({ color: false, ascii: true, attributes: true, plainTerminal: true });
    expect(detectTheme({ TERM: 'xterm-256color', NO_COLOR: '1' })).toMatchObject({ color: false, ascii: false, plainTerminal: false });
  });
});
