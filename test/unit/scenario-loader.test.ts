import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findScenario, libraryDir, libraryNames, listScenarios, resolveScenarioPath } from '../../src/scenarios/library.js';
import { loadScenarioFile, loadScenarioText, ScenarioError } from '../../src/scenarios/loader.js';

/** The full example of docs/scenarios.md (shared/scenario-format.md), field for field. */
const FORMAT_EXAMPLE = `apiVersion: kubedrill/v1
kind: Scenario
metadata:
  name: checkout-oom            # id: lowercase letters, digits and '-'; unique in the library
  title: Checkout keeps restarting
  difficulty: easy              # easy | medium | hard
  modules: [debugging, performance]
  timeLimit: 10m                # challenge clock; durations: 90s, 10m, 1h30m
  ticket: |                     # what the user is told: the symptom, never the cause
    The checkout page fails every few minutes. Find out why and fix it.

cluster:
  flavor: openshift
  controlPlane: 3
  nodes:
    - prefix: worker
      count: 3
      capacity: {cpu: "4", memory: 16Gi, pods: "110"}
      labels: {disktype: ssd}
      zone: us-east-1a
      taints: [{key: dedicated, value: database, effect: NoSchedule}]
      images: [nginx:1.25]

images:
  shop/checkout:1.4:
    ready: 3s
    listen: [8080]
    cpu: 50m
    memory: 120Mi
    memoryGrowth: 25Mi/s
    exit: {after: 20s, code: 1}
    requires:
      env: [DB_HOST]
      files: [/etc/checkout/config.yaml]
      connect: ["postgres.shop.svc:5432"]
    logs:
      - "checkout 1.4 starting"
      - {every: 5s, line: "GET /healthz 200"}

objects:
  - apiVersion: v1
    kind: Namespace
    metadata: {name: shop}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: checkout, namespace: shop}
    spec: {}

faults:
  - at: 45s
    type: kubelet-stopped
    node: worker-2

goal:
  settle: 2m
  holdFor: 30s
  all:
    - resource: deployments
      namespace: shop
      name: checkout
      expect: status.readyReplicas >= 3
    - resource: endpoints
      namespace: shop
      name: checkout
      expect: len(subsets) >= 1
    - resource: pods
      namespace: shop
      selector: app=checkout
      count: ">= 3"
      expect: status.phase == "Running"

questions:
  - ask: Which node stopped reporting?
    choices: [worker-1, worker-2, worker-3]
    answer: worker-2

hints:
  - after: 2m
    text: Compare the container's limits with what \`top\` shows.

solution:
  - kubectl -n shop set resources deployment/checkout --limits=memory=512Mi
  - wait: 60s

debrief: |
  The container grew past its 128Mi limit and the kernel killed it (exit 137, OOMKilled)...
`;

const MINIMAL = `apiVersion: kubedrill/v1
kind: Scenario
metadata:
  name: tiny
  title: Tiny
  difficulty: hard
  timeLimit: 1h30m
  ticket: Look around.
goal:
  any:
    - resource: po
      namespace: default
`;

function errorOf(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

describe('loadScenarioText: the format example', () => {
  const s = loadScenarioText(FORMAT_EXAMPLE, 'checkout-oom.yaml');

  it('types metadata and converts durations to ms', () => {
    expect(s.file).toBe('checkout-oom.yaml');
    expect(s.apiVersion).toBe('kubedrill/v1');
    expect(s.kind).toBe('Scenario');
    expect(s.metadata).toEqual({
      name: 'checkout-oom',
      namePos: { file: 'checkout-oom.yaml', line: 4, column: 9 },
      title: 'Checkout keeps restarting',
      difficulty: 'easy',
      modules: ['debugging', 'performance'],
      timeLimitMs: 600_000,
      ticket: 'The checkout page fails every few minutes. Find out why and fix it.\n',
    });
  });

  it('expands node entries and keeps their settings', () => {
    expect(s.cluster.flavor).toBe('openshift');
    expect(s.cluster.controlPlane).toBe(3);
    expect(s.cluster.controlPlaneNodes).toEqual(['master-0', 'master-1', 'master-2']);
    expect(s.cluster.nodes.map((n) => n.name)).toEqual(['worker-1', 'worker-2', 'worker-3']);
    const w = s.cluster.nodes[1]!;
    expect(w.capacity).toEqual({ cpu: '4', memory: '16Gi', pods: '110' });
    expect(w.labels).toEqual({ disktype: 'ssd' });
    expect(w.zone).toBe('us-east-1a');
    expect(w.taints).toEqual([{ key: 'dedicated', value: 'database', effect: 'NoSchedule' }]);
    expect(w.images).toEqual(['nginx:1.25']);
    expect(w.pos.line).toBe(16);
  });

  it('turns image behaviour into numbers', () => {
    const img = s.images['shop/checkout:1.4']!;
    expect(img).toMatchObject({
      ref: 'shop/checkout:1.4',
      readyMs: 3000,
      listen: [8080],
      cpuMilli: 50,
      memoryBytes: 120 * 2 ** 20,
      memoryGrowthPerSec: 25 * 2 ** 20,
      exit: { afterMs: 20_000, code: 1 },
      requires: {
        env: ['DB_HOST'],
        files: ['/etc/checkout/config.yaml'],
        connect: [{ host: 'postgres.shop.svc', port: 5432 }],
      },
      logs: [
        { kind: 'once', line: 'checkout 1.4 starting' },
        { kind: 'every', everyMs: 5000, line: 'GET /healthz 200' },
      ],
    });
    expect(img.pos.line).toBe(25);
  });

  it('keeps manifests as data with their positions', () => {
    expect(s.objects).toHaveLength(2);
    expect(s.objects[0]!.manifest).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    expect(s.objects[1]!.manifest).toEqual({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'checkout', namespace: 'shop' }, spec: {},
    });
    expect(s.objects[1]!.pos).toEqual({ file: 'checkout-oom.yaml', line: 44, column: 5 });
    expect(s.objects[1]!.fieldPos.get('metadata.namespace')).toEqual({ file: 'checkout-oom.yaml', line: 46, column: 32 });
    expect(s.objects[1]!.fieldPos.get('spec')?.line).toBe(47);
  });

  it('types faults', () => {
    expect(s.faults).toEqual([
      { type: 'kubelet-stopped', atMs: 45_000, node: 'worker-2', pos: { file: 'checkout-oom.yaml', line: 50, column: 5 } },
    ]);
  });

  it('types the goal, with parsed expressions', () => {
    expect(s.goal.settleMs).toBe(120_000);
    expect(s.goal.holdForMs).toBe(30_000);
    expect(s.goal.any).toEqual([]);
    expect(s.goal.all).toHaveLength(3);
    const [d, ep, pods] = s.goal.all;
    expect(d).toMatchObject({ resourceName: 'deployments', resource: 'deployments', namespace: 'shop', name: 'checkout', count: { op: '>=', value: 1 } });
    expect(d!.expect?.text).toBe('status.readyReplicas >= 3');
    expect(d!.expect?.expr).toMatchObject({ kind: 'compare', op: '>=', right: { kind: 'literal', value: 3 } });
    expect(ep).toMatchObject({ resource: 'endpoints', name: 'checkout' });
    expect(pods).toMatchObject({ resource: 'pods', selector: 'app=checkout', count: { op: '>=', value: 3 } });
    expect(pods!.expect?.text).toBe('status.phase == "Running"');
    expect(pods!.pos.line).toBe(66);
  });

  it('types questions, hints, solution and debrief', () => {
    expect(s.questions).toEqual([{ ask: 'Which node stopped reporting?', choices: ['worker-1', 'worker-2', 'worker-3'], answer: 'worker-2' }]);
    expect(s.hints).toEqual([{ afterMs: 120_000, text: "Compare the container's limits with what `top` shows." }]);
    expect(s.solution).toEqual([
      { kind: 'command', command: 'kubectl -n shop set resources deployment/checkout --limits=memory=512Mi', pos: { file: 'checkout-oom.yaml', line: 82, column: 5 } },
      { kind: 'wait', ms: 60_000, pos: { file: 'checkout-oom.yaml', line: 83, column: 5 } },
    ]);
    expect(s.debrief).toBe('The container grew past its 128Mi limit and the kernel killed it (exit 137, OOMKilled)...\n');
  });
});

describe('loadScenarioText: defaults and variants', () => {
  it('applies documented defaults', () => {
    const s = loadScenarioText(MINIMAL, 'tiny.yaml');
    expect(s.metadata.modules).toEqual([]);
    expect(s.metadata.timeLimitMs).toBe(5_400_000);
    expect(s.cluster.flavor).toBe('openshift');
    expect(s.cluster.controlPlaneNodes).toEqual(['master-0', 'master-1', 'master-2']);
    expect(s.cluster.nodes.map((n) => [n.name, n.capacity])).toEqual([
      ['worker-1', { cpu: '4', memory: '16Gi', pods: '110' }],
      ['worker-2', { cpu: '4', memory: '16Gi', pods: '110' }],
      ['worker-3', { cpu: '4', memory: '16Gi', pods: '110' }],
    ]);
    expect(s.goal.settleMs).toBe(120_000);
    expect(s.goal.holdForMs).toBe(10_000);
    expect(s.goal.any[0]).toMatchObject({ resourceName: 'po', resource: 'pods', count: { op: '>=', value: 1 } });
    expect(s.goal.any[0]!.expect).toBeUndefined();
    expect([s.images, s.objects, s.faults, s.questions, s.hints, s.solution, s.debrief]).toEqual([{}, [], [], [], [], [], '']);
  });

  it('mixes named and prefixed nodes, numbers as quantities, kubernetes flavor', () => {
    const text = MINIMAL.replace('goal:', `cluster:
  flavor: kubernetes
  controlPlane: 1
  nodes:
    - name: db-1
      capacity: {cpu: 8, memory: 64Gi}
      labels: {role: db}
      taints: [{key: dedicated, effect: NoExecute}]
    - prefix: app
      count: 2
goal:`);
    const s = loadScenarioText(text, 'x.yaml');
    expect(s.cluster.flavor).toBe('kubernetes');
    expect(s.cluster.controlPlaneNodes).toEqual(['master-0']);
    expect(s.cluster.nodes.map((n) => n.name)).toEqual(['db-1', 'app-1', 'app-2']);
    expect(s.cluster.nodes[0]!.capacity).toEqual({ cpu: '8', memory: '64Gi', pods: '110' });
    expect(s.cluster.nodes[0]!.taints).toEqual([{ key: 'dedicated', effect: 'NoExecute' }]);
  });

  it('accepts every fault type with its fields', () => {
    const text = MINIMAL.replace('goal:', `faults:
  - {at: 0s, type: kubelet-stopped, node: master-1}
  - {at: 1m, type: node-pressure, node: worker-1, condition: DiskPressure}
  - {at: 1m, type: etcd-member-down, member: master-2}
  - {at: 1m, type: etcd-space-exceeded}
  - {at: 1m, type: scheduler-down}
  - {at: 1m, type: controller-manager-down}
  - {at: 1m, type: dns-down}
  - {at: 1m, type: ovn-controller-down, node: worker-3}
  - {at: 1m, type: csi-driver-down, driver: ebs.csi.aws.com}
  - {at: 1m, type: registry-down, registry: quay.io}
  - {at: 1m, type: webhook-down, name: policy.example.com}
goal:`);
    const s = loadScenarioText(text, 'x.yaml');
    expect(s.faults.map((f) => f.type)).toEqual([
      'kubelet-stopped', 'node-pressure', 'etcd-member-down', 'etcd-space-exceeded', 'scheduler-down',
      'controller-manager-down', 'dns-down', 'ovn-controller-down', 'csi-driver-down', 'registry-down', 'webhook-down',
    ]);
    expect(s.faults[1]).toMatchObject({ node: 'worker-1', condition: 'DiskPressure', atMs: 60_000 });
    expect(s.faults[8]).toMatchObject({ driver: 'ebs.csi.aws.com' });
    expect(s.faults[10]).toMatchObject({ name: 'policy.example.com' });
  });

  it('supports anchors, aliases and << merge keys', () => {
    const text = MINIMAL.replace('goal:', `x-res: &res {requests: {cpu: 10m}}
objects:
  - apiVersion: v1
    kind: ConfigMap
    metadata: &meta {name: a, namespace: default, labels: {app: a}}
    data: {k: v}
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      <<: *meta
      name: b
goal:`).replace('x-res: &res {requests: {cpu: 10m}}\n', '');
    const s = loadScenarioText(text, 'x.yaml');
    expect(s.objects[1]!.manifest.metadata).toEqual({ name: 'b', namespace: 'default', labels: { app: 'a' } });
  });

  it('reads leading-zero ints in manifests as octal, as kubectl (YAML 1.1) does', () => {
    const text = MINIMAL.replace('goal:', `objects:
  - apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      volumes: [{name: c, configMap: {name: c, defaultMode: 0644}}]
      terminationGracePeriodSeconds: 30
      containers: [{name: c, image: "nginx:1.25", args: ["0644"]}]
goal:`);
    const pod = loadScenarioText(text, 'x.yaml').objects[0]!.manifest;
    expect(pod.spec.volumes[0].configMap.defaultMode).toBe(0o644);
    expect(pod.spec.terminationGracePeriodSeconds).toBe(30);
    expect(pod.spec.containers[0].args).toEqual(['0644']);
  });

  it('treats empty optional sections as absent', () => {
    const text = MINIMAL.replace('goal:', 'cluster:\nimages:\nobjects:\nfaults:\nhints:\ngoal:');
    const s = loadScenarioText(text, 'x.yaml');
    expect(s.cluster.nodes).toHaveLength(3);
    expect([s.images, s.objects, s.faults, s.hints]).toEqual([{}, [], [], []]);
  });

  it('merges into scenario fields too', () => {
    const text = MINIMAL.replace('goal:', `hints:
  - &h {after: 1m, text: first}
  - <<: *h
    text: second
goal:`);
    expect(loadScenarioText(text, 'x.yaml').hints).toEqual([{ afterMs: 60_000, text: 'first' }, { afterMs: 60_000, text: 'second' }]);
  });
});

describe('ScenarioError', () => {
  it('reports every problem, sorted, as FILE:LINE:COL: message', () => {
    const text = MINIMAL
      .replace('difficulty: hard', 'difficulty: brutal')
      .replace('timeLimit: 1h30m', 'timeLimit: soon')
      .replace('    - resource: po\n', '    - resource: po\n      tolerance: 2\n');
    const err = errorOf(() => loadScenarioText(text, 'bad.yaml'));
    expect(err.message.split('\n')).toEqual([
      'bad.yaml:6:15: metadata.difficulty: expected one of easy, medium, hard; got the string "brutal"',
      'bad.yaml:7:14: metadata.timeLimit: expected a duration like 90s, 10m or 1h30m, got the string "soon"',
      "bad.yaml:12:7: unknown field 'tolerance' in goal.any[0]; allowed: resource, namespace, name, selector, count, expect",
    ]);
    expect(err.file).toBe('bad.yaml');
    expect([err.line, err.column]).toEqual([6, 15]);
    expect(err.problems).toHaveLength(3);
    expect(err.problems[2]).toEqual({
      line: 12, column: 7,
      message: "unknown field 'tolerance' in goal.any[0]; allowed: resource, namespace, name, selector, count, expect",
    });
    expect(err.name).toBe('ScenarioError');
  });

  it('gives YAML syntax errors a position too', () => {
    const err = errorOf(() => loadScenarioText('apiVersion: kubedrill/v1\nkind: Scenario\nmetadata:\n  title: a: b\n', 'y.yaml'));
    expect(err.message).toMatch(/^y\.yaml:4:\d+: YAML syntax error: /);
  });

  it('fails a billion-laughs file cleanly and fast', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const err = errorOf(() => loadScenarioText(`${levels.join('\n')}\n`, 'lol.yaml'));
    expect(err.message).toBe('lol.yaml:2:8: YAML aliases expand too much (over 100 alias uses per anchor): refusing a possible resource exhaustion attack');
  });

  it('refuses custom tags, even on manifests', () => {
    const text = MINIMAL.replace('goal:', 'objects:\n  - !!python/object:os.system {apiVersion: v1}\ngoal:');
    const err = errorOf(() => loadScenarioText(text, 't.yaml'));
    expect(err.message).toBe('t.yaml:10:5: custom tag !!python/object:os.system is not allowed: a scenario is plain data');
  });

  it('caps the file size at 1 MiB', () => {
    const big = `${MINIMAL}debrief: "${'x'.repeat(1024 * 1024)}"\n`;
    const err = errorOf(() => loadScenarioText(big, 'big.yaml'));
    expect(err.message).toMatch(/^big\.yaml:1:1: file is too large \(\d+ bytes; the limit is 1048576 bytes, 1 MiB\)$/);
    const dir = mkdtempSync(join(tmpdir(), 'kubedrill-'));
    const file = join(dir, 'big.yaml');
    writeFileSync(file, big);
    expect(errorOf(() => loadScenarioFile(file)).message).toMatch(/file is too large/);
  });

  it('reports unreadable files', () => {
    expect(errorOf(() => loadScenarioFile('/nonexistent/x.yaml')).message).toBe('/nonexistent/x.yaml:1:1: cannot read scenario: no such file');
  });

  it('maps a bad expect to the column inside the file', () => {
    const text = MINIMAL.replace('      namespace: default\n', '      namespace: default\n      expect: (status.phase == "Running"\n');
    const err = errorOf(() => loadScenarioText(text, 'e.yaml'));
    // The expression starts at column 15; its column 27 (the end) is file column 41.
    expect(err.message).toBe("e.yaml:13:41: goal.any[0].expect: expected ')' at column 27, found end of expression");
  });

  it('maps selector errors into the file, through quotes (here: the closing quote, where ")" is missing)', () => {
    const text = MINIMAL.replace('      namespace: default\n', '      namespace: default\n      selector: "app in (a, b"\n');
    const err = errorOf(() => loadScenarioText(text, 's.yaml'));
    expect(err.message).toBe("s.yaml:13:30: goal.any[0].selector: unable to parse requirement: found '', expected: ',' or ')'");
  });
});

describe('robustness', () => {
  // Every single-line mutation of the format example either loads or fails with a ScenarioError
  // whose positions lie inside the file: never a TypeError, never a crash.
  const lines = FORMAT_EXAMPLE.split('\n');
  const replacements = ['', '~', '[]', '{}', '[x, {y: 1}]', '123', '"&&"', 'true', '*nope', '!!str x', '&a {b: *a}'];
  const variants: string[] = [];
  lines.forEach((line, i) => {
    variants.push([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'));
    const colon = line.indexOf(': ');
    if (colon < 0) return;
    for (const rep of replacements) {
      variants.push([...lines.slice(0, i), `${line.slice(0, colon + 2)}${rep}`, ...lines.slice(i + 1)].join('\n'));
    }
  });

  it(`survives ${variants.length} mutations`, () => {
    expect(variants.length).toBeGreaterThan(500);
    let failed = 0;
    for (const text of variants) {
      try {
        loadScenarioText(text, 'm.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        const err = e as ScenarioError;
        failed++;
        const nLines = text.split('\n').length;
        for (const p of err.problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(nLines);
          expect(p.column).toBeGreaterThanOrEqual(1);
        }
      }
    }
    expect(failed).toBeGreaterThan(variants.length / 2);
  });
});

describe('scenario library', () => {
  it('finds the built-in sandbox by name and by file', () => {
    expect(libraryNames()).toContain('sandbox');
    const s = findScenario('sandbox');
    expect(s.metadata.name).toBe('sandbox');
    expect(s.file).toBe(join(libraryDir(), 'sandbox.yaml'));
    expect(findScenario(join(libraryDir(), 'sandbox.yaml')).metadata.title).toBe(s.metadata.title);
  });

  it('describes the sandbox: openshift, 3 masters, 3 workers, the shop, no faults', () => {
    const s = findScenario('sandbox');
    expect(s.cluster.flavor).toBe('openshift');
    expect(s.cluster.controlPlane).toBe(3);
    expect(s.cluster.nodes.map((n) => n.name)).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(s.faults).toEqual([]);
    const kinds = s.objects.map((o) => `${o.manifest.kind}/${o.manifest.metadata.name}`);
    expect(kinds).toEqual(expect.arrayContaining([
      'Namespace/shop', 'Deployment/frontend', 'Deployment/catalog', 'Deployment/cart', 'StatefulSet/postgres',
      'Service/frontend', 'Service/catalog', 'Service/cart', 'Service/postgres',
    ]));
  });

  it('names the library when a name is unknown', () => {
    const err = errorOf(() => resolveScenarioPath('no-such-scenario'));
    expect(err.message).toMatch(/^no-such-scenario:1:1: no scenario named 'no-such-scenario' in the library \(available: .*sandbox.*\), and no such file$/);
  });

  it('loads every library scenario, each named after its file', () => {
    const entries = listScenarios();
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(e.error?.message, e.file).toBeUndefined();
      expect(e.scenario!.metadata.name).toBe(e.name);
    }
  });

  it('flags a library file whose metadata.name differs from its file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubedrill-lib-'));
    writeFileSync(join(dir, 'other.yaml'), MINIMAL);
    const [entry] = listScenarios(dir);
    expect(entry!.error?.message).toBe(`${join(dir, 'other.yaml')}:4:9: metadata.name 'tiny' must match the file name 'other.yaml' in the library`);
  });
});
