/**
 * The kubedrill/v1 scenario schema: walks the parsed YAML with a Reader, checks every field of
 * the format (docs/scenarios.md) and builds a typed Scenario. Every problem is collected with
 * its position; nothing in the file is ever executed: `expect` goes through the project's own
 * expression parser, manifests stay data for the API server.
 */

import { isMap, isScalar, isSeq, visit, type Node, type Scalar } from 'yaml';
import { parseDuration } from '../core/clock.js';
import { apiVersionOf, resolveResource, resourceForKind, RESOURCES } from '../core/api/resources.js';
import type { KObject } from '../core/api/types.js';
import { parseSelector } from '../core/api/labels.js';
import { ExprError, parseExpression } from './expr.js';
import {
  checkDns1123Label, checkDns1123Subdomain, checkEnvName, checkImageRef, checkLabelValue,
  checkQualifiedName, checkRegistryHost, parseHostPort,
} from './names.js';
import { checkSelectorSyntax } from './selector-syntax.js';
import { didYouMean } from './suggest.js';
import {
  DIFFICULTIES, FLAVORS, MODULES, NODE_CONDITIONS, SCENARIO_API_VERSION, TAINT_EFFECTS,
  type ClusterSpec, type CompareOp, type Fault, type FaultType, type Goal, type GoalCheck, type Hint,
  type ImageBehaviour, type LogLine, type Module, type NodeCapacity, type NodeSpec, type NodeTaint,
  type Question, type Scenario, type ScenarioMetadata, type ScenarioObject, type SolutionStep, type SourcePos,
} from './types.js';
import { MAX_ALIAS_COUNT, type Field, type Reader } from './yaml-source.js';
import { parseQuantity, parseRate } from './units.js';
import { KNOWN_DRIVERS } from '../core/storage/drivers.js';

const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'cluster', 'images', 'objects', 'faults', 'goal', 'questions', 'hints', 'solution', 'debrief'];
const METADATA_FIELDS = ['name', 'title', 'difficulty', 'modules', 'timeLimit', 'ticket'];
const CLUSTER_FIELDS = ['flavor', 'controlPlane', 'nodes', 'csiDrivers'];
const NODE_FIELDS = ['name', 'prefix', 'count', 'capacity', 'labels', 'zone', 'taints', 'images'];
const CAPACITY_FIELDS = ['cpu', 'memory', 'pods', 'ephemeral-storage'];
const IMAGE_FIELDS = ['ready', 'listen', 'cpu', 'memory', 'memoryGrowth', 'exit', 'requires', 'logs'];
const GOAL_FIELDS = ['settle', 'holdFor', 'all', 'any'];
const CHECK_FIELDS = ['resource', 'namespace', 'name', 'selector', 'count', 'expect'];

/** Fields each fault type takes besides `at` and `type` (the format's fault table). */
export const FAULT_FIELDS: Readonly<Record<FaultType, readonly string[]>> = {
  'kubelet-stopped': ['node'],
  'node-pressure': ['node', 'condition'],
  'etcd-member-down': ['member'],
  'etcd-space-exceeded': [],
  'etcd-quorum-loss': [],
  'scheduler-down': [],
  'controller-manager-down': [],
  'dns-down': [],
  'ovn-controller-down': ['node'],
  'csi-driver-down': ['driver'],
  'registry-down': ['registry'],
  'webhook-down': ['name'],
};
const FAULT_TYPES = Object.keys(FAULT_FIELDS) as FaultType[];

export const DEFAULT_SETTLE_MS = 120_000;
export const DEFAULT_HOLD_FOR_MS = 10_000;
export const DEFAULT_CAPACITY: NodeCapacity = { cpu: '4', memory: '16Gi', pods: '110' };
const MAX_NODES = 10_000;

export function buildScenario(r: Reader): Scenario | undefined {
  const root = r.doc.contents;
  const top = r.fields(root, '', TOP_FIELDS, ['apiVersion', 'kind', 'metadata', 'goal']);
  if (!top) return undefined;
  const f = (name: string) => top.get(name);

  const apiVersion = f('apiVersion');
  if (apiVersion) {
    const v = r.str(apiVersion.value, 'apiVersion', apiVersion.key);
    if (v !== undefined && v !== SCENARIO_API_VERSION) {
      r.problem(apiVersion.value, `apiVersion: expected ${SCENARIO_API_VERSION}, got ${JSON.stringify(v)}`);
    }
  }
  const kind = f('kind');
  if (kind) {
    const v = r.str(kind.value, 'kind', kind.key);
    if (v !== undefined && v !== 'Scenario') r.problem(kind.value, `kind: expected Scenario, got ${JSON.stringify(v)}`);
  }
  const metadata = readMetadata(r, f('metadata'));
  const cluster = readCluster(r, f('cluster'));
  const images = readImages(r, f('images'));
  const objects = readObjects(r, f('objects'));
  const faults = readFaults(r, f('faults'), cluster);
  const goal = readGoal(r, f('goal'));
  const questions = readQuestions(r, f('questions'));
  const hints = readHints(r, f('hints'));
  const solution = readSolution(r, f('solution'));
  const debriefField = f('debrief');
  const debrief = debriefField ? r.str(debriefField.value, 'debrief', debriefField.key) ?? '' : '';

  if (r.problems.length > 0 || !metadata || !goal) return undefined;
  return {
    file: r.file,
    apiVersion: SCENARIO_API_VERSION,
    kind: 'Scenario',
    metadata,
    cluster,
    images,
    objects,
    faults,
    goal,
    questions,
    hints,
    solution,
    debrief,
  };
}

// ---- shared readers ------------------------------------------------------------------------

function duration(r: Reader, field: Field, path: string): number | undefined {
  const n = r.deref(field.value);
  const k = r.kind(n);
  const v = (n as Scalar | null)?.value;
  if (k === 'number' && v === 0) return 0;
  if (k === 'string') {
    const ms = parseDuration(v as string);
    if (ms !== undefined) return ms;
  }
  const hint = k === 'number' ? ` (add a unit, e.g. ${String(v)}s)` : '';
  r.problem(n, `${path}: expected a duration like 90s, 10m or 1h30m, got ${r.describe(n)}${hint}`, field.key);
  return undefined;
}

function positiveDuration(r: Reader, field: Field, path: string): number | undefined {
  const ms = duration(r, field, path);
  if (ms === 0) {
    r.problem(field.value, `${path}: must be longer than 0s`, field.key);
    return undefined;
  }
  return ms;
}

/** A quantity field; numbers written bare (cpu: 4) are accepted and kept as their text. */
function quantity(r: Reader, field: Field, path: string): { text: string; value: number } | undefined {
  const text = r.scalarText(field.value, path, field.key);
  if (text === undefined) return undefined;
  const value = parseQuantity(text);
  if (value === undefined) {
    r.problem(field.value, `${path}: ${JSON.stringify(text)} is not a valid quantity (e.g. 500m, 2, 512Mi, 16Gi)`, field.key);
    return undefined;
  }
  if (value < 0) {
    r.problem(field.value, `${path}: must not be negative`, field.key);
    return undefined;
  }
  return { text, value };
}

function stringList(r: Reader, field: Field, path: string, check?: (s: string) => string | undefined): string[] {
  const items = r.list(field.value, path, field.key) ?? [];
  const out: string[] = [];
  items.forEach((item, i) => {
    const s = r.str(item, `${path}[${i}]`, field.value);
    if (s === undefined) return;
    const err = check?.(s);
    if (err) r.problem(item, `${path}[${i}]: ${err}`, field.value);
    else out.push(s);
  });
  return out;
}

function listField(r: Reader, field: Field | undefined, path: string): Array<Node | null> {
  if (!field) return [];
  if (r.kind(field.value) === 'null') return [];
  return r.list(field.value, path, field.key) ?? [];
}

function shortList(names: readonly string[], max = 8): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, ... (${names.length} in all)`;
}

// ---- metadata ------------------------------------------------------------------------------

function readMetadata(r: Reader, field: Field | undefined): ScenarioMetadata | undefined {
  if (!field) return undefined;
  const m = r.fields(field.value, 'metadata', METADATA_FIELDS, ['name', 'title', 'difficulty', 'timeLimit', 'ticket'], field.key);
  if (!m) return undefined;
  let name: string | undefined;
  const nameF = m.get('name');
  if (nameF) {
    name = r.str(nameF.value, 'metadata.name', nameF.key);
    if (name !== undefined && (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) || name.length > 63)) {
      r.problem(nameF.value, `metadata.name: ${JSON.stringify(name)} must be lowercase letters, digits and '-' (at most 63, starting and ending with a letter or digit)`);
      name = undefined;
    }
  }
  const titleF = m.get('title');
  const title = titleF ? r.nonEmptyStr(titleF.value, 'metadata.title', titleF.key) : undefined;
  const diffF = m.get('difficulty');
  const difficulty = diffF ? r.oneOf(diffF.value, 'metadata.difficulty', DIFFICULTIES, diffF.key) : undefined;
  const modules: Module[] = [];
  const modF = m.get('modules');
  if (modF) {
    for (const [i, item] of listField(r, modF, 'metadata.modules').entries()) {
      const mod = r.oneOf(item, `metadata.modules[${i}]`, MODULES, modF.value);
      if (mod && modules.includes(mod)) r.problem(item, `metadata.modules[${i}]: '${mod}' is listed twice`);
      else if (mod) modules.push(mod);
    }
  }
  const tlF = m.get('timeLimit');
  const timeLimitMs = tlF ? positiveDuration(r, tlF, 'metadata.timeLimit') : undefined;
  const ticketF = m.get('ticket');
  const ticket = ticketF ? r.nonEmptyStr(ticketF.value, 'metadata.ticket', ticketF.key) : undefined;
  if (name === undefined || title === undefined || difficulty === undefined || timeLimitMs === undefined || ticket === undefined) {
    return undefined;
  }
  return { name, namePos: r.pos(nameF!.value, nameF!.key), title, difficulty, modules, timeLimitMs, ticket };
}

// ---- cluster -------------------------------------------------------------------------------

function defaultWorkers(file: string): NodeSpec[] {
  return [1, 2, 3].map((i) => ({
    name: `worker-${i}`, capacity: { ...DEFAULT_CAPACITY }, labels: {}, taints: [], images: [],
    pos: { file, line: 1, column: 1 },
  }));
}

function readCluster(r: Reader, field: Field | undefined): ClusterSpec {
  const spec: ClusterSpec = {
    flavor: 'openshift', controlPlane: 3, controlPlaneNodes: ['master-0', 'master-1', 'master-2'], nodes: defaultWorkers(r.file),
  };
  if (!field || r.kind(field.value) === 'null') return spec;
  const c = r.fields(field.value, 'cluster', CLUSTER_FIELDS, [], field.key);
  if (!c) return spec;
  const flavorF = c.get('flavor');
  if (flavorF) spec.flavor = r.oneOf(flavorF.value, 'cluster.flavor', FLAVORS, flavorF.key) ?? spec.flavor;
  const cpF = c.get('controlPlane');
  if (cpF) {
    const n = r.deref(cpF.value);
    const v = (n as Scalar | null)?.value;
    if (v === 1 || v === 3 || v === 5) spec.controlPlane = v;
    else r.problem(n, `cluster.controlPlane: expected 1, 3 or 5 (one etcd member per control-plane node; an odd count keeps quorum), got ${r.describe(n)}`, cpF.key);
  }
  spec.controlPlaneNodes = Array.from({ length: spec.controlPlane }, (_, i) => `master-${i}`);
  const csiF = c.get('csiDrivers');
  if (csiF && r.kind(csiF.value) !== 'null') {
    spec.csiDrivers = stringList(r, csiF, 'cluster.csiDrivers', (s) => ((KNOWN_DRIVERS as readonly string[]).includes(s) ? undefined : `unknown CSI driver ${JSON.stringify(s)} (built in: ${KNOWN_DRIVERS.join(', ')})`));
  }
  const nodesF = c.get('nodes');
  if (nodesF) {
    const seen = new Map<string, SourcePos>(spec.controlPlaneNodes.map((n) => [n, r.pos(cpF?.value ?? field.value)]));
    spec.nodes = [];
    for (const [i, item] of listField(r, nodesF, 'cluster.nodes').entries()) {
      const expanded = readNodeEntry(r, item, `cluster.nodes[${i}]`, nodesF);
      for (const node of expanded) {
        if (seen.has(node.name)) {
          r.problem(item, `cluster.nodes[${i}]: node name '${node.name}' is used twice${spec.controlPlaneNodes.includes(node.name) ? ' (control-plane nodes are master-0..N-1)' : ''}`);
          break;
        }
        seen.set(node.name, node.pos);
        spec.nodes.push(node);
      }
      if (spec.nodes.length > MAX_NODES) {
        r.problem(item, `cluster.nodes: more than ${MAX_NODES} worker nodes`);
        break;
      }
    }
  }
  return spec;
}

function readNodeEntry(r: Reader, item: Node | null, path: string, parent: Field): NodeSpec[] {
  const m = r.fields(item, path, NODE_FIELDS, [], parent.value);
  if (!m) return [];
  const pos = r.pos(item);
  const nameF = m.get('name');
  const prefixF = m.get('prefix');
  const countF = m.get('count');
  let names: string[] = [];
  if (nameF && (prefixF || countF)) {
    r.problem((prefixF ?? countF)!.key, `${path}: use either name, or prefix and count, not both`);
  } else if (nameF) {
    const name = r.str(nameF.value, `${path}.name`, nameF.key);
    const err = name === undefined ? undefined : checkDns1123Subdomain(name);
    if (err) r.problem(nameF.value, `${path}.name: ${JSON.stringify(name)}: ${err}`);
    else if (name !== undefined) names = [name];
  } else if (prefixF || countF) {
    if (!prefixF) r.problem(item, `missing field 'prefix' in ${path} (count needs a prefix)`);
    if (!countF) r.problem(item, `missing field 'count' in ${path} (prefix needs a count)`);
    const prefix = prefixF ? r.str(prefixF.value, `${path}.prefix`, prefixF.key) : undefined;
    const perr = prefix === undefined ? undefined : checkDns1123Label(`${prefix}-1`);
    if (perr) r.problem(prefixF!.value, `${path}.prefix: ${JSON.stringify(prefix)}: ${perr}`);
    const count = countF ? r.int(countF.value, `${path}.count`, 1, MAX_NODES, countF.key) : undefined;
    if (prefix !== undefined && !perr && count !== undefined) {
      names = Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
    }
  } else {
    r.problem(item, `${path}: a node entry needs name, or prefix and count`);
  }

  const capacity: NodeCapacity = { ...DEFAULT_CAPACITY };
  const capF = m.get('capacity');
  if (capF) {
    const cm = r.fields(capF.value, `${path}.capacity`, CAPACITY_FIELDS, [], capF.key);
    for (const [k, f] of cm ?? []) {
      const q = quantity(r, f, `${path}.capacity.${k}`);
      if (!q) continue;
      if (k === 'pods' && !Number.isInteger(q.value)) r.problem(f.value, `${path}.capacity.pods: must be a whole number`);
      else capacity[k as keyof NodeCapacity] = q.text;
    }
  }
  const labels = readLabels(r, m.get('labels'), `${path}.labels`);
  let zone: string | undefined;
  const zoneF = m.get('zone');
  if (zoneF) {
    zone = r.str(zoneF.value, `${path}.zone`, zoneF.key);
    const err = zone === undefined || zone === '' ? (zone === '' ? 'must not be empty' : undefined) : checkLabelValue(zone);
    if (err) r.problem(zoneF.value, `${path}.zone: ${err}`);
  }
  const taints: NodeTaint[] = [];
  const taintsF = m.get('taints');
  for (const [i, t] of listField(r, taintsF, `${path}.taints`).entries()) {
    const tp = `${path}.taints[${i}]`;
    const tm = r.fields(t, tp, ['key', 'value', 'effect'], ['key', 'effect'], taintsF!.value);
    if (!tm) continue;
    const keyF = tm.get('key');
    const key = keyF ? r.str(keyF.value, `${tp}.key`, keyF.key) : undefined;
    const kerr = key === undefined ? undefined : checkQualifiedName(key);
    if (kerr) r.problem(keyF!.value, `${tp}.key: ${JSON.stringify(key)}: ${kerr}`);
    const valF = tm.get('value');
    const value = valF ? r.scalarText(valF.value, `${tp}.value`, valF.key) : undefined;
    const verr = value === undefined ? undefined : checkLabelValue(value);
    if (verr) r.problem(valF!.value, `${tp}.value: ${JSON.stringify(value)}: ${verr}`);
    const effF = tm.get('effect');
    const effect = effF ? r.oneOf(effF.value, `${tp}.effect`, TAINT_EFFECTS, effF.key) : undefined;
    if (key !== undefined && effect !== undefined) taints.push(value === undefined ? { key, effect } : { key, value, effect });
  }
  const imagesF = m.get('images');
  const images = imagesF && r.kind(imagesF.value) !== 'null' ? stringList(r, imagesF, `${path}.images`, checkImageRef) : [];
  return names.map((name) => ({
    name, capacity: { ...capacity }, labels: { ...labels }, ...(zone ? { zone } : {}), taints, images, pos,
  }));
}

function readLabels(r: Reader, field: Field | undefined, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!field || r.kind(field.value) === 'null') return out;
  for (const e of r.entries(field.value, path) ?? []) {
    const kerr = checkQualifiedName(e.key);
    if (kerr) {
      r.problem(e.keyNode, `${path}: label key ${JSON.stringify(e.key)}: ${kerr}`);
      continue;
    }
    const v = r.deref(e.value);
    if (r.kind(v) !== 'string') {
      const quoted = r.kind(v) === 'number' || r.kind(v) === 'boolean' ? ` (quote it: "${String((v as Scalar).value)}")` : '';
      r.problem(v, `${path}.${e.key}: expected a string, got ${r.describe(v)}${quoted}`, e.keyNode);
      continue;
    }
    const value = (v as Scalar).value as string;
    const verr = checkLabelValue(value);
    if (verr) r.problem(v, `${path}.${e.key}: ${JSON.stringify(value)}: ${verr}`);
    else Object.defineProperty(out, e.key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

// ---- images --------------------------------------------------------------------------------

function readImages(r: Reader, field: Field | undefined): Record<string, ImageBehaviour> {
  const out: Record<string, ImageBehaviour> = {};
  if (!field || r.kind(field.value) === 'null') return out;
  for (const e of r.entries(field.value, 'images') ?? []) {
    const err = checkImageRef(e.key);
    if (err) {
      r.problem(e.keyNode, `images: ${JSON.stringify(e.key)}: ${err}`);
      continue;
    }
    const path = `images[${e.key}]`;
    const img: ImageBehaviour = { ref: e.key, listen: [], requires: { env: [], files: [], connect: [] }, logs: [], pos: r.pos(e.keyNode) };
    if (r.kind(e.value) === 'null') {
      out[e.key] = img;
      continue;
    }
    const m = r.fields(e.value, path, IMAGE_FIELDS, [], e.keyNode);
    if (!m) continue;
    const get = (k: string) => m.get(k);
    if (get('ready')) img.readyMs = duration(r, get('ready')!, `${path}.ready`);
    const listenF = get('listen');
    for (const [i, p] of listField(r, listenF, `${path}.listen`).entries()) {
      const port = r.int(p, `${path}.listen[${i}]`, 1, 65535, listenF!.value);
      if (port !== undefined) img.listen.push(port);
    }
    if (get('cpu')) {
      const q = quantity(r, get('cpu')!, `${path}.cpu`);
      if (q) img.cpuMilli = Math.round(q.value * 1000);
    }
    if (get('memory')) {
      const q = quantity(r, get('memory')!, `${path}.memory`);
      if (q) img.memoryBytes = Math.round(q.value);
    }
    const growthF = get('memoryGrowth');
    if (growthF) {
      const s = r.str(growthF.value, `${path}.memoryGrowth`, growthF.key);
      const rate = s === undefined ? undefined : parseRate(s);
      if (s !== undefined && (rate === undefined || rate < 0)) {
        r.problem(growthF.value, `${path}.memoryGrowth: expected a rate like 25Mi/s (quantity per s, m or h), got ${JSON.stringify(s)}`);
      } else if (rate !== undefined) {
        img.memoryGrowthPerSec = rate;
      }
    }
    const exitF = get('exit');
    if (exitF) {
      const em = r.fields(exitF.value, `${path}.exit`, ['after', 'code'], ['after', 'code'], exitF.key);
      const afterMs = em?.get('after') ? duration(r, em.get('after')!, `${path}.exit.after`) : undefined;
      const codeF = em?.get('code');
      const code = codeF ? r.int(codeF.value, `${path}.exit.code`, 0, 255, codeF.key) : undefined;
      if (afterMs !== undefined && code !== undefined) img.exit = { afterMs, code };
    }
    const reqF = get('requires');
    if (reqF) {
      const rm = r.fields(reqF.value, `${path}.requires`, ['env', 'files', 'connect'], [], reqF.key);
      const envF = rm?.get('env');
      if (envF) img.requires.env = stringList(r, envF, `${path}.requires.env`, checkEnvName);
      const filesF = rm?.get('files');
      if (filesF) {
        img.requires.files = stringList(r, filesF, `${path}.requires.files`, (s) =>
          s.startsWith('/') ? undefined : `${JSON.stringify(s)} must be an absolute path`);
      }
      const connF = rm?.get('connect');
      if (connF) {
        const raw = stringList(r, connF, `${path}.requires.connect`, (s) => {
          const hp = parseHostPort(s);
          return typeof hp === 'string' ? `${JSON.stringify(s)}: ${hp}` : undefined;
        });
        img.requires.connect = raw.map((s) => parseHostPort(s) as { host: string; port: number });
      }
    }
    const logsF = get('logs');
    for (const [i, l] of listField(r, logsF, `${path}.logs`).entries()) {
      img.logs.push(...readLogLine(r, l, `${path}.logs[${i}]`, logsF!));
    }
    out[e.key] = img;
  }
  return out;
}

function readLogLine(r: Reader, node: Node | null, path: string, parent: Field): LogLine[] {
  const k = r.kind(node);
  if (k === 'string') return [{ kind: 'once', line: (node as Scalar).value as string }];
  if (k !== 'map') {
    r.typeError(node, path, 'a log line string or {every: DURATION, line: TEXT}', parent.value);
    return [];
  }
  const m = r.fields(node, path, ['every', 'line'], ['every', 'line']);
  const everyMs = m?.get('every') ? positiveDuration(r, m.get('every')!, `${path}.every`) : undefined;
  const lineF = m?.get('line');
  const line = lineF ? r.str(lineF.value, `${path}.line`, lineF.key) : undefined;
  return everyMs !== undefined && line !== undefined ? [{ kind: 'every', everyMs, line }] : [];
}

// ---- objects -------------------------------------------------------------------------------

function readObjects(r: Reader, field: Field | undefined): ScenarioObject[] {
  const out: ScenarioObject[] = [];
  const seen = new Map<string, number>();
  for (const [i, item] of listField(r, field, 'objects').entries()) {
    const path = `objects[${i}]`;
    if (!item || !isMap(item)) {
      r.typeError(item, path, 'a Kubernetes manifest (a map with apiVersion, kind and metadata)', field!.value);
      continue;
    }
    const top = new Map((r.entries(item, path) ?? []).map((e) => [e.key, e]));
    let ok = true;
    const need = (k: string) => {
      const e = top.get(k);
      if (!e) {
        r.problem(item, `missing field '${k}' in ${path}`);
        ok = false;
      }
      return e;
    };
    const avE = need('apiVersion');
    const kindE = need('kind');
    const metaE = need('metadata');
    const apiVersion = avE ? r.str(avE.value, `${path}.apiVersion`, avE.keyNode) : undefined;
    const kind = kindE ? r.str(kindE.value, `${path}.kind`, kindE.keyNode) : undefined;
    let name: string | undefined;
    let namespace: string | undefined;
    if (metaE) {
      const meta = new Map((r.entries(metaE.value, `${path}.metadata`) ?? []).map((e) => [e.key, e]));
      const nameE = meta.get('name');
      if (!nameE) {
        if (r.kind(metaE.value) === 'map') r.problem(metaE.value, `missing field 'name' in ${path}.metadata`);
        ok = false;
      } else {
        name = r.nonEmptyStr(nameE.value, `${path}.metadata.name`, nameE.keyNode);
      }
      const nsE = meta.get('namespace');
      if (nsE) {
        namespace = r.str(nsE.value, `${path}.metadata.namespace`, nsE.keyNode);
        const err = namespace === undefined ? undefined : checkDns1123Label(namespace);
        if (err) r.problem(nsE.value, `${path}.metadata.namespace: ${JSON.stringify(namespace)}: ${err}`);
      }
    }
    if (apiVersion === undefined || kind === undefined || name === undefined || !ok) continue;
    const res = resourceForKind(kind, apiVersion);
    if (!res || apiVersionOf(res) !== apiVersion) {
      const known = RESOURCES.find((x) => x.kind === kind);
      const hint = known ? ` (${kind} is served as ${apiVersionOf(known)})` : didYouMean(kind, RESOURCES.map((x) => x.kind));
      r.problem(kindE!.value, `${path}: unknown kind ${kind} for apiVersion ${apiVersion}${hint}`);
      continue;
    }
    const ns = res.namespaced ? namespace ?? 'default' : undefined;
    const id = `${res.plural}/${ns ?? ''}/${name}`;
    const pos = r.pos(item);
    const first = seen.get(id);
    if (first !== undefined) {
      r.problem(item, `${path}: duplicate object ${kind} ${ns ? `${ns}/` : ''}${name} (first defined at line ${first})`);
      continue;
    }
    seen.set(id, pos.line);
    const manifest = toManifest(r, item);
    out.push({ manifest, pos, fieldPos: fieldPositions(r, item) });
  }
  return out;
}

/**
 * The manifest as JSON data. kubectl reads YAML 1.1 ints, where a leading zero means octal
 * (`defaultMode: 0644` is 420); YAML 1.2 would read 644, so those are converted as kubectl does.
 */
function toManifest(r: Reader, item: Node): KObject {
  visit(item, {
    Scalar(_k, node) {
      if (node.type === 'PLAIN' && typeof node.value === 'number' && /^[-+]?0[0-7]+$/.test(node.source ?? '')) {
        node.value = parseInt(node.source!, 8);
      }
    },
  });
  return item.toJS(r.doc, { maxAliasCount: MAX_ALIAS_COUNT }) as KObject;
}

/** Position of every field of a manifest by dotted path, for run-time errors (API server rejections). */
function fieldPositions(r: Reader, root: Node): Map<string, SourcePos> {
  const out = new Map<string, SourcePos>();
  const walk = (node: Node | null, path: string, depth: number) => {
    if (!node || depth > 40) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = r.deref(pair.key);
        if (!isScalar(key) || typeof key.value === 'symbol' || key.value === null) continue;
        const p = path ? `${path}.${String(key.value)}` : String(key.value);
        if (!out.has(p)) out.set(p, r.pos(key));
        walk(r.deref(pair.value), p, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((it, i) => {
        const p = `${path}[${i}]`;
        const n = r.deref(it);
        out.set(p, r.pos(n, node));
        walk(n, p, depth + 1);
      });
    }
  };
  walk(root, '', 0);
  return out;
}

// ---- faults --------------------------------------------------------------------------------

function readFaults(r: Reader, field: Field | undefined, cluster: ClusterSpec): Fault[] {
  const out: Fault[] = [];
  const allNodes = [...cluster.controlPlaneNodes, ...cluster.nodes.map((n) => n.name)];
  const nodeSet = new Set(allNodes);
  for (const [i, item] of listField(r, field, 'faults').entries()) {
    const path = `faults[${i}]`;
    if (!item || !isMap(item)) {
      r.typeError(item, path, 'a map with at and type', field!.value);
      continue;
    }
    const typeE = (r.entries(item, path) ?? []).find((e) => e.key === 'type');
    if (!typeE) {
      r.problem(item, `missing field 'type' in ${path}; known types: ${FAULT_TYPES.join(', ')}`);
      continue;
    }
    const typeName = r.str(typeE.value, `${path}.type`, typeE.keyNode);
    if (typeName === undefined) continue;
    if (!(FAULT_TYPES as string[]).includes(typeName)) {
      r.problem(typeE.value, `${path}.type: unknown fault type '${typeName}'${didYouMean(typeName, FAULT_TYPES)}; known types: ${FAULT_TYPES.join(', ')}`);
      continue;
    }
    const type = typeName as FaultType;
    const extra = FAULT_FIELDS[type];
    const m = r.fields(item, path, ['at', 'type', ...extra], ['at', ...extra], undefined, `in ${path} (type ${type})`);
    if (!m) continue;
    const atMs = m.get('at') ? duration(r, m.get('at')!, `${path}.at`) : undefined;
    const values: Record<string, string> = {};
    let ok = atMs !== undefined;
    for (const k of extra) {
      const f = m.get(k);
      if (!f) {
        ok = false;
        continue;
      }
      const v = r.nonEmptyStr(f.value, `${path}.${k}`, f.key);
      if (v === undefined) {
        ok = false;
        continue;
      }
      let err: string | undefined;
      if (k === 'node' && !nodeSet.has(v)) err = `no node named '${v}' in the cluster (nodes: ${shortList(allNodes)})`;
      if (k === 'member' && !cluster.controlPlaneNodes.includes(v)) {
        err = `no etcd member named '${v}' (members: ${cluster.controlPlaneNodes.join(', ')})`;
      }
      if (k === 'condition' && !(NODE_CONDITIONS as readonly string[]).includes(v)) {
        err = `expected one of ${NODE_CONDITIONS.join(', ')}; got ${JSON.stringify(v)}`;
      }
      if (k === 'registry') err = checkRegistryHost(v);
      if (k === 'driver') err = checkDns1123Subdomain(v.toLowerCase());
      if (err) {
        r.problem(f.value, `${path}.${k}: ${err}`);
        ok = false;
      }
      values[k] = v;
    }
    if (ok) out.push({ type, atMs: atMs!, pos: r.pos(item), ...values } as Fault);
  }
  return out;
}

// ---- goal ----------------------------------------------------------------------------------

function readGoal(r: Reader, field: Field | undefined): Goal | undefined {
  if (!field) return undefined;
  const m = r.fields(field.value, 'goal', GOAL_FIELDS, [], field.key);
  if (!m) return undefined;
  const goal: Goal = { settleMs: DEFAULT_SETTLE_MS, holdForMs: DEFAULT_HOLD_FOR_MS, all: [], any: [] };
  if (m.get('settle')) goal.settleMs = duration(r, m.get('settle')!, 'goal.settle') ?? goal.settleMs;
  if (m.get('holdFor')) goal.holdForMs = duration(r, m.get('holdFor')!, 'goal.holdFor') ?? goal.holdForMs;
  for (const which of ['all', 'any'] as const) {
    const f = m.get(which);
    for (const [i, item] of listField(r, f, `goal.${which}`).entries()) {
      const check = readCheck(r, item, `goal.${which}[${i}]`, f!);
      if (check) goal[which].push(check);
    }
  }
  if (!m.get('all') && !m.get('any')) {
    r.problem(field.value, "goal: needs at least one check, in 'all' (every check must hold) or 'any' (at least one)", field.key);
  } else if ((m.get('all') ? listLen(r, m.get('all')!) : 0) + (m.get('any') ? listLen(r, m.get('any')!) : 0) === 0) {
    r.problem(field.value, "goal: 'all' and 'any' are both empty; a goal needs at least one check", field.key);
  }
  return goal;
}

function listLen(r: Reader, f: Field): number {
  const n = r.deref(f.value);
  return n && isSeq(n) ? n.items.length : 1;
}

const COUNT_RE = /^\s*(==|!=|<=|>=|<|>)\s*(\d+)\s*$/;

function readCheck(r: Reader, item: Node | null, path: string, parent: Field): GoalCheck | undefined {
  const m = r.fields(item, path, CHECK_FIELDS, ['resource'], parent.value);
  if (!m) return undefined;
  let ok = true;
  const resF = m.get('resource');
  const resourceName = resF ? r.str(resF.value, `${path}.resource`, resF.key) : undefined;
  const res = resourceName === undefined ? undefined : resolveResource(resourceName);
  if (resourceName !== undefined && !res) {
    const plurals = RESOURCES.map((x) => x.plural);
    r.problem(resF!.value, `${path}.resource: the server doesn't have a resource type "${resourceName}"${didYouMean(resourceName, plurals)}`);
  }
  if (!res) ok = false;
  const nsF = m.get('namespace');
  let namespace: string | undefined;
  if (nsF) {
    namespace = r.str(nsF.value, `${path}.namespace`, nsF.key);
    if (res && !res.namespaced) {
      r.problem(nsF.key, `${path}.namespace: ${res.plural} are cluster-scoped; remove namespace`);
      ok = false;
    }
  }
  const nameF = m.get('name');
  const selF = m.get('selector');
  if (nameF && selF) {
    r.problem(selF.key, `${path}: use name or selector, not both`);
    ok = false;
  }
  const name = nameF ? r.nonEmptyStr(nameF.value, `${path}.name`, nameF.key) : undefined;
  let selector: string | undefined;
  if (selF) {
    const sel = r.deref(selF.value);
    selector = r.str(sel, `${path}.selector`, selF.key);
    if (selector !== undefined) {
      // labels.Parse's own message; the local syntax check only finds the column.
      let message: string | undefined;
      if (selector.trim() === '') message = 'is empty (omit selector to match every object)';
      else {
        try {
          parseSelector(selector);
        } catch (e) {
          message = e instanceof Error ? e.message : String(e);
        }
      }
      if (message !== undefined) {
        r.problemAt(offsetPos(r, sel as Scalar, checkSelectorSyntax(selector)?.column ?? 1), `${path}.selector: ${message}`);
        ok = false;
      }
    }
  }
  let count: GoalCheck['count'] = { op: '>=', value: 1 };
  const countF = m.get('count');
  if (countF) {
    const n = r.deref(countF.value);
    const mm = r.kind(n) === 'string' ? COUNT_RE.exec((n as Scalar).value as string) : null;
    if (mm) count = { op: mm[1] as CompareOp, value: Number(mm[2]) };
    else {
      r.problem(n, `${path}.count: expected a comparison like ">= 3" (operators == != < <= > >=), got ${r.describe(n)}`, countF.key);
      ok = false;
    }
  }
  let expect: GoalCheck['expect'];
  const expF = m.get('expect');
  if (expF) {
    const node = r.deref(expF.value);
    const text = r.nonEmptyStr(node, `${path}.expect`, expF.key);
    if (text !== undefined) {
      try {
        expect = { text, expr: parseExpression(text) };
      } catch (e) {
        const column = e instanceof ExprError ? e.column : 1;
        const msg = e instanceof Error ? e.message : String(e);
        r.problemAt(offsetPos(r, node as Scalar, column), `${path}.expect: ${msg}`);
        ok = false;
      }
    } else ok = false;
  }
  if (!ok || !res || resourceName === undefined) return undefined;
  return {
    resourceName,
    resource: res.plural,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(selector !== undefined ? { selector } : {}),
    count,
    ...(expect ? { expect } : {}),
    pos: r.pos(item),
  };
}

/** File position of the 1-based `column` inside a scalar's value. */
function offsetPos(r: Reader, node: Scalar, column: number): SourcePos {
  if (!isScalar(node)) return r.pos(node);
  const offsets = r.valueOffsets(node);
  if (offsets.length === 0) return r.pos(node);
  const idx = Math.min(Math.max(0, column - 1), offsets.length - 1);
  return r.posAtOffset(offsets[idx]!);
}

// ---- questions, hints, solution ------------------------------------------------------------

function readQuestions(r: Reader, field: Field | undefined): Question[] {
  const out: Question[] = [];
  for (const [i, item] of listField(r, field, 'questions').entries()) {
    const path = `questions[${i}]`;
    const m = r.fields(item, path, ['ask', 'choices', 'answer'], ['ask', 'choices', 'answer'], field!.value);
    if (!m) continue;
    const askF = m.get('ask');
    const ask = askF ? r.nonEmptyStr(askF.value, `${path}.ask`, askF.key) : undefined;
    const choicesF = m.get('choices');
    const choices: string[] = [];
    if (choicesF) {
      const items = r.list(choicesF.value, `${path}.choices`, choicesF.key) ?? [];
      items.forEach((c, j) => {
        const s = r.scalarText(c, `${path}.choices[${j}]`, choicesF.value);
        if (s === undefined) return;
        if (choices.includes(s)) r.problem(c, `${path}.choices[${j}]: ${JSON.stringify(s)} is listed twice`);
        else choices.push(s);
      });
      if (items.length > 0 && items.length < 2) r.problem(choicesF.value, `${path}.choices: needs at least 2 choices`);
      if (items.length === 0 && r.kind(choicesF.value) === 'list') r.problem(choicesF.value, `${path}.choices: needs at least 2 choices`);
    }
    const answerF = m.get('answer');
    const answer = answerF ? r.scalarText(answerF.value, `${path}.answer`, answerF.key) : undefined;
    if (answer !== undefined && choicesF && choices.length > 0 && !choices.includes(answer)) {
      r.problem(answerF!.value, `${path}.answer: ${JSON.stringify(answer)} is not one of the choices (${choices.join(', ')})`);
    }
    if (ask !== undefined && answer !== undefined) out.push({ ask, choices, answer });
  }
  return out;
}

function readHints(r: Reader, field: Field | undefined): Hint[] {
  const out: Hint[] = [];
  for (const [i, item] of listField(r, field, 'hints').entries()) {
    const path = `hints[${i}]`;
    const m = r.fields(item, path, ['after', 'text'], ['after', 'text'], field!.value);
    if (!m) continue;
    const afterMs = m.get('after') ? duration(r, m.get('after')!, `${path}.after`) : undefined;
    const textF = m.get('text');
    const text = textF ? r.nonEmptyStr(textF.value, `${path}.text`, textF.key) : undefined;
    if (afterMs !== undefined && text !== undefined) out.push({ afterMs, text });
  }
  return out;
}

function readSolution(r: Reader, field: Field | undefined): SolutionStep[] {
  const out: SolutionStep[] = [];
  for (const [i, item] of listField(r, field, 'solution').entries()) {
    const path = `solution[${i}]`;
    const k = r.kind(item);
    if (k === 'string') {
      const command = r.nonEmptyStr(item, path);
      if (command !== undefined) out.push({ kind: 'command', command: command.trim(), pos: r.pos(item) });
    } else if (k === 'map') {
      const empty = isMap(item) && item.items.length === 0;
      const m = r.fields(item, path, ['wait'], empty ? ['wait'] : []);
      const w = m?.get('wait');
      const ms = w ? duration(r, w, `${path}.wait`) : undefined;
      if (ms !== undefined) out.push({ kind: 'wait', ms, pos: r.pos(item) });
    } else {
      r.typeError(item, path, 'a command string or {wait: DURATION}', field!.value);
    }
  }
  return out;
}
