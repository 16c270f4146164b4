import { beforeAll, describe, expect, it } from 'vitest';
import { sandbox, typeLine, type Harness } from './helpers.js';
import { topView, type TableView, type TextView } from '../../src/tui/state.js';
import { QUIT_WINDOW_MS } from '../../src/tui/controller.js';
import type { KObject, Pod } from '../../src/core/api/types.js';

const top = (h: Harness) => topView(h.c.ui);
const table = (h: Harness): TableView => {
  const v = top(h);
  if (v.kind !== 'table') throw new Error(`expected a table view, got ${v.kind}`);
  return v;
};
const text = (h: Harness): TextView => {
  const v = top(h);
  if (v.kind !== 'text') throw new Error(`expected a text view, got ${v.kind}`);
  return v;
};
const names = (h: Harness): string[] => h.c.tableModel(table(h)).rows.map((r) => r.row.key);

describe('resource views', () => {
  let h: Harness;
  beforeAll(() => {
    h = sandbox();
    // Bare pods with labels the sandbox's deployments select (whatever their controllers do).
    for (const [name, app] of [['web-a', 'frontend'], ['web-b', 'frontend'], ['cat-a', 'catalog']]) {
      expect(h.run.run(`kubectl run ${name} --image=nginx:1.25 -n shop --labels=app=${app}`).exitCode).toBe(0);
    }
    h.run.advance(5000);
  });

  it(':po opens pods in the current namespace with the k9s columns', () => {
    h.keys(':');
    typeLine(h, 'po');
    h.keys('enter');
    const v = table(h);
    expect(v.source).toEqual({ kind: 'resource', plural: 'pods' });
    expect((h.c.sourceOf(v) as { namespace?: string }).namespace).toBe('shop');
    const m = h.c.tableModel(v);
    expect(m.columns).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'IP', 'NODE', 'AGE']);
    expect(names(h)).toEqual(expect.arrayContaining(['shop/web-a', 'shop/web-b', 'shop/cat-a']));
    expect(names(h).every((k) => k.startsWith('shop/'))).toBe(true);
  });

  it('0 shows all namespaces (NAMESPACE column first); :ns NAME switches back', () => {
    h.keys('0');
    expect(h.c.ui.namespace).toBeUndefined();
    expect(h.c.tableModel(table(h)).columns[0]).toBe('NAMESPACE');
    expect(names(h).some((k) => k.startsWith('openshift-etcd/'))).toBe(true);
    h.keys(':');
    typeLine(h, 'ns shop');
    h.keys('enter');
    expect(h.c.ui.namespace).toBe('shop');
    h.keys(':');
    typeLine(h, 'ns nope');
    h.keys('enter');
    expect(h.c.ui.flash).toMatchObject({ level: 'error', text: 'namespaces "nope" not found' });
    expect(h.c.ui.namespace).toBe('shop');
  });

  it('/ filters by substring, ! inverts, -l selects labels, Esc clears', () => {
    h.keys(':');
    typeLine(h, 'po');
    h.keys('enter', '/');
    typeLine(h, 'web');
    expect(names(h).sort()).toEqual(['shop/web-a', 'shop/web-b']);
    h.keys('enter');
    expect(h.c.ui.prompt).toBeUndefined();
    expect(table(h).filter).toBe('web');
    h.keys('/', 'ctrl-u');
    typeLine(h, '!web');
    expect(names(h)).not.toContain('shop/web-a');
    expect(names(h)).toContain('shop/cat-a');
    h.keys('ctrl-u');
    typeLine(h, '-l app=catalog');
    h.keys('enter');
    expect(names(h)).toContain('shop/cat-a');
    for (const r of h.c.tableModel(table(h)).rows) expect((r.obj as KObject).metadata.labels?.app).toBe('catalog');
    h.keys('esc');
    expect(table(h).filter).toBe('');
    expect(names(h).length).toBeGreaterThanOrEqual(3);
  });

  it('Shift-N / Shift-A / Shift-S sort, again reverses', () => {
    h.keys('N');
    const asc = names(h);
    expect(asc).toEqual([...asc].sort());
    h.keys('N');
    expect(names(h)).toEqual([...asc].reverse());
    h.keys('S');
    expect(table(h).sort).toEqual({ by: 'status', desc: false });
    h.keys('A');
    expect(table(h).sort).toEqual({ by: 'age', desc: false });
  });

  it('j/k/g/G move the cursor within the rows', () => {
    const n = names(h).length;
    h.keys('g', 'j', 'j');
    expect(table(h).cursor).toBe(Math.min(2, n - 1));
    h.keys('k');
    expect(table(h).cursor).toBe(Math.min(1, n - 1));
    h.keys('G');
    expect(table(h).cursor).toBe(n - 1);
    h.keys('j', 'j');
    expect(table(h).cursor).toBe(n - 1);
    h.keys('ctrl-b', 'ctrl-b');
    expect(table(h).cursor).toBe(0);
  });

  it('d describes and y shows YAML through the palette, Esc goes back', () => {
    h.keys('N', 'g');
    const first = names(h)[0]!;
    h.keys('d');
    const d = text(h);
    expect(d.title).toBe('describe');
    expect(d.lines[0]).toMatch(new RegExp(`^Name:\\s+${first.split('/')[1]}$`));
    h.keys('esc', 'y');
    const y = text(h);
    expect(y.lines[0]).toBe('apiVersion: v1');
    expect(y.lines).toContain(`  name: ${first.split('/')[1]}`);
    h.keys('j', 'j');
    expect(text(h).offset).toBe(2);
    h.keys('esc');
    expect(top(h).kind).toBe('table');
  });

  it('Enter drills from a deployment to the pods it selects, and from a pod to its containers', () => {
    h.keys(':');
    typeLine(h, 'deploy');
    h.keys('enter', '/');
    typeLine(h, 'frontend');
    h.keys('enter', 'enter');
    const v = table(h);
    expect(v.source).toEqual({ kind: 'resource', plural: 'pods', namespace: 'shop', labelSelector: 'app=frontend' });
    expect(names(h)).toEqual(expect.arrayContaining(['shop/web-a', 'shop/web-b']));
    expect(names(h)).not.toContain('shop/cat-a');
    h.keys('g');
    const pod = names(h)[0]!.split('/')[1];
    h.keys('enter');
    const containers = table(h);
    expect(containers.source).toEqual({ kind: 'containers', namespace: 'shop', pod });
    const spec = (h.run.cluster.api.cached('pods', 'shop', pod!) as Pod).spec;
    expect(h.c.tableModel(containers).rows.map((r) => r.row.cells.slice(0, 2))).toEqual(spec.containers.map((c) => [c.name, c.image]));
    expect(h.c.ui.stack.map((s) => s.kind)).toEqual(['home', 'table', 'table', 'table']);
  });

  it('Enter on a node lists the pods bound to it', () => {
    h.keys(':');
    typeLine(h, 'no');
    h.keys('enter', '/');
    typeLine(h, 'master-1');
    h.keys('enter', 'enter');
    const v = table(h);
    expect(v.source).toEqual({ kind: 'resource', plural: 'pods', nodeName: 'master-1' });
    expect(names(h).length).toBeGreaterThan(0);
    for (const r of h.c.tableModel(table(h)).rows) expect((r.obj as Pod).spec.nodeName).toBe('master-1');
  });

  it(':ns then Enter on a namespace switches to it and shows its pods', () => {
    h.keys(':');
    typeLine(h, 'ns');
    h.keys('enter', '/');
    typeLine(h, 'openshift-etcd');
    h.keys('enter', 'enter');
    expect(h.c.ui.namespace).toBe('openshift-etcd');
    expect(names(h).every((k) => k.startsWith('openshift-etcd/'))).toBe(true);
    h.keys(':');
    typeLine(h, 'ns shop');
    h.keys('enter');
  });
});

describe('row actions', () => {
  let h: Harness;
  beforeAll(() => {
    h = sandbox();
    expect(h.run.run('kubectl run doomed --image=nginx:1.25 -n shop').exitCode).toBe(0);
    h.run.advance(2000);
  });

  it('Ctrl-D asks first; Cancel is the default; y deletes through kubectl', () => {
    h.keys(':');
    typeLine(h, 'po /doomed');
    h.keys('enter', 'ctrl-d');
    expect(h.c.ui.dialog).toMatchObject({ title: 'Delete', message: 'Delete pod shop/doomed?', command: 'kubectl delete pod doomed -n shop', choice: 'cancel' });
    h.keys('enter');
    expect(h.c.ui.dialog).toBeUndefined();
    expect(h.run.cluster.api.cached('pods', 'shop', 'doomed')).toBeDefined();
    h.keys('ctrl-d', 'tab', 'enter');
    expect(h.c.ui.flash).toMatchObject({ text: 'pod "doomed" deleted', level: 'info' });
  });

  it('s scales a deployment after a prompt; a bad number is refused', () => {
    h.keys(':');
    typeLine(h, 'deploy /cart');
    h.keys('enter', 's');
    expect(h.c.ui.prompt).toMatchObject({ kind: 'scale', text: '1', command: 'kubectl scale deployment.apps cart -n shop --replicas=' });
    h.keys('backspace');
    typeLine(h, 'x');
    h.keys('enter');
    expect(h.c.ui.flash).toMatchObject({ level: 'error' });
    h.keys('s', 'backspace', '3', 'enter');
    expect(h.c.ui.flash).toMatchObject({ text: 'deployment.apps/cart scaled', level: 'info' });
    expect((h.run.cluster.api.cached('deployments', 'shop', 'cart') as { spec: { replicas: number } }).spec.replicas).toBe(3);
  });

  it('c / u cordon and uncordon a node', () => {
    h.keys(':');
    typeLine(h, 'no /worker-2');
    h.keys('enter', 'c');
    expect(h.c.ui.flash?.text).toBe('node/worker-2 cordoned');
    expect((h.run.cluster.api.cached('nodes', undefined, 'worker-2') as { spec: { unschedulable?: boolean } }).spec.unschedulable).toBe(true);
    h.keys('u');
    expect(h.c.ui.flash?.text).toBe('node/worker-2 uncordoned');
  });

  it('l shows logs (kubectl logs, bounded with --tail) and p the previous ones', () => {
    h.keys(':');
    typeLine(h, 'po -A');
    h.keys('enter');
    h.keys(':');
    typeLine(h, 'pods openshift-etcd');
    h.keys('enter', 'g', 'l');
    const v = top(h);
    if (v.kind === 'text') {
      expect(v.follow).toMatch(/^kubectl logs etcd-master-\d -n openshift-etcd --tail=1000$/);
    } else {
      // A container that logged nothing yet, or refused: the reason is in the flash.
      expect(h.c.ui.flash?.level).toBe('error');
    }
  });

  it(': runs palette commands into an output view, with history on up/down', () => {
    h.keys(':');
    typeLine(h, 'kubectl get ns shop');
    h.keys('enter');
    const out = text(h);
    expect(out.title).toBe('output');
    expect(out.lines[0]).toBe('$ kubectl get ns shop');
    expect(out.lines[1]).toMatch(/^NAME\s+STATUS\s+AGE$/);
    expect(out.lines[2]).toMatch(/^shop\s+Active\s+\d+s$/);
    expect(out.lines[out.lines.length - 1]).toBe('[exit 0]');
    h.keys(':');
    typeLine(h, 'etcdctl member list');
    h.keys('enter');
    expect(text(h).lines[1]).toMatch(/^[0-9a-f]+, started, master-\d, https:\/\/10\.0\.0\.\d+:2380, https:\/\/10\.0\.0\.\d+:2379, false$/);
    h.keys(':', 'up');
    expect(h.c.ui.prompt?.text).toBe('etcdctl member list');
    h.keys('up');
    expect(h.c.ui.prompt?.text).toBe('kubectl get ns shop');
    h.keys('down', 'down');
    expect(h.c.ui.prompt?.text).toBe('');
    h.keys('esc');
    h.keys(':');
    typeLine(h, 'kubectl get pod nope -n shop');
    h.keys('enter');
    expect(h.c.ui.flash).toMatchObject({ level: 'error', text: 'kubectl get pod nope -n shop: exit 1: Error from server (NotFound): pods "nope" not found' });
  });
});

describe('simulation and quitting', () => {
  it('space pauses and resumes, + and - step the speed 1x/10x/100x', () => {
    const h = sandbox({ advanceMs: 0 });
    const clock = h.run.cluster.clock;
    h.keys('space');
    expect(clock.paused).toBe(true);
    h.keys('space');
    expect(clock.paused).toBe(false);
    h.keys('+');
    expect(clock.speed).toBe(10);
    h.keys('+', '+');
    expect(clock.speed).toBe(100);
    h.keys('-', '-', '-');
    expect(clock.speed).toBe(1);
  });

  it('quitting is deliberate: Ctrl-C twice within the window, or :q', () => {
    const h = sandbox({ advanceMs: 0 });
    h.keys('ctrl-c');
    expect(h.quits).toHaveLength(0);
    expect(h.c.ui.flash?.text).toBe('Press Ctrl-C again to quit (or type :q)');
    h.wall.now += QUIT_WINDOW_MS + 1;
    h.keys('ctrl-c');
    expect(h.quits).toHaveLength(0);
    h.keys('ctrl-c');
    expect(h.quits).toHaveLength(1);

    const h2 = sandbox({ advanceMs: 0 });
    h2.keys('ctrl-c', 'j', 'ctrl-c');
    expect(h2.quits).toHaveLength(0);
    h2.keys(':', 'q', 'enter');
    expect(h2.quits).toHaveLength(1);
  });

  it('Tab / Shift-Tab move the home focus; Enter opens the focused pane', () => {
    const h = sandbox({ advanceMs: 0 });
    h.keys('tab');
    expect(top(h)).toEqual({ kind: 'home', focus: 1 });
    h.keys('shift-tab', 'shift-tab');
    expect(top(h)).toEqual({ kind: 'home', focus: 5 });
    h.keys('shift-tab', 'shift-tab');
    expect(top(h)).toEqual({ kind: 'home', focus: 3 });
    h.keys('enter');
    expect(top(h).kind).toBe('etcd');
    h.keys('esc', 'tab', 'enter');
    expect(table(h).source).toEqual({ kind: 'rows', id: 'ovn' });
    h.keys('esc', 'tab', 'enter');
    expect(table(h).source).toEqual({ kind: 'rows', id: 'csi' });
    h.keys('esc', 'tab', 'enter');
    expect(table(h).source).toEqual({ kind: 'resource', plural: 'nodes' });
  });

  it('redraws only when something shown changed', () => {
    const h = sandbox({ advanceMs: 0 });
    let frames = 0;
    h.c.subscribe(() => frames++);
    h.c.tick();
    expect(frames).toBe(0);
    h.run.advance(1000);
    h.c.tick();
    expect(frames).toBe(1);
    h.c.tick();
    expect(frames).toBe(1);
  });
});
