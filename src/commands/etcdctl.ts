/**
 * `etcdctl` (v3 API, 3.5) against the simulated etcd cluster. Output follows etcdctl's printers
 * byte for byte (simple, json, table); values print as JSON, where a real cluster would show
 * Kubernetes protobuf (our documented simplification). Files (snapshots, restored data dirs)
 * live under the session's data folder: the path a user types is mapped inside it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VirtualClock } from '../core/clock.js';
import {
  ETCD_VERSION,
  ERR_NOSPACE,
  idToDecimal,
  type AlarmMember,
  type EtcdCluster,
  type EtcdMember,
} from '../core/etcd/cluster.js';
import { EtcdError, type KeyValue } from '../core/etcd/mvcc.js';
import { goDurationNs, humanizeBytes, renderTable, stableFraction } from '../core/etcd/format.js';
import { restoreToDataDir, saveSnapshot, snapshotStatus, SnapshotError, type SnapshotData } from '../core/etcd/snapshot.js';

export interface EtcdctlContext {
  etcd: EtcdCluster;
  clock: VirtualClock;
  /** Session data folder: every file path the user gives is mapped inside it. */
  dataDir: string;
  /** The member the command runs next to (inside etcd-<node>): 127.0.0.1:2379 reaches it. */
  endpoint?: string;
  /** Environment of the shell (OpenShift's etcdctl container sets ETCDCTL_ENDPOINTS and friends). */
  env?: Record<string, string | undefined>;
  /** Working directory for relative paths (default /). */
  cwd?: string;
  /** Told when `snapshot restore` wrote a data directory (a scenario may then offer to start from it). */
  onRestore?: (dataDir: string, data: SnapshotData) => void;
}

export interface EtcdctlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

// cobrautl exit codes
const EXIT_ERROR = 1;
const EXIT_BAD_FEATURE = 4;
const EXIT_INTERRUPTED = 5;
const EXIT_BAD_ARGS = 128;

const API_VERSION = ETCD_VERSION.split('.').slice(0, 2).join('.');
const DEADLINE = 'context deadline exceeded';

type FlagKind = 'bool' | 'string' | 'int';

/** Flags every command accepts (etcdctl's persistent flags). */
const GLOBAL_FLAGS: Record<string, FlagKind> = {
  endpoints: 'string',
  cacert: 'string',
  cert: 'string',
  key: 'string',
  user: 'string',
  password: 'string',
  'dial-timeout': 'string',
  'command-timeout': 'string',
  'keepalive-time': 'string',
  'keepalive-timeout': 'string',
  'write-out': 'string',
  'discovery-srv': 'string',
  'discovery-srv-name': 'string',
  'max-request-bytes': 'int',
  'max-recv-bytes': 'int',
  'insecure-transport': 'bool',
  'insecure-skip-tls-verify': 'bool',
  'insecure-discovery': 'bool',
  hex: 'bool',
  debug: 'bool',
  help: 'bool',
};
const SHORTHANDS: Record<string, string> = { w: 'write-out', h: 'help', d: 'discovery-srv' };

interface CommandSpec {
  path: string;
  short: string;
  flags: Record<string, FlagKind>;
  run: (c: Call) => void;
}

const CLUSTER_FLAG: Record<string, FlagKind> = { cluster: 'bool' };

const COMMANDS: CommandSpec[] = [
  { path: 'alarm disarm', short: 'Disarms all alarms', flags: {}, run: alarmDisarm },
  { path: 'alarm list', short: 'Lists all alarms', flags: {}, run: alarmList },
  { path: 'compaction', short: 'Compacts the event history in etcd', flags: { physical: 'bool' }, run: compaction },
  { path: 'defrag', short: 'Defragments the storage of the etcd members with given endpoints', flags: { ...CLUSTER_FLAG, 'data-dir': 'string' }, run: defrag },
  { path: 'del', short: 'Removes the specified key or range of keys [key, range_end)', flags: { prefix: 'bool', 'prev-kv': 'bool', 'from-key': 'bool', range: 'bool' }, run: del },
  { path: 'endpoint health', short: 'Checks the healthiness of endpoints specified in `--endpoints` flag', flags: CLUSTER_FLAG, run: endpointHealth },
  { path: 'endpoint status', short: 'Prints out the status of endpoints specified in `--endpoints` flag', flags: CLUSTER_FLAG, run: endpointStatus },
  {
    path: 'get',
    short: 'Gets the key or a range of keys',
    flags: {
      consistency: 'string',
      order: 'string',
      'sort-by': 'string',
      limit: 'int',
      'max-bytes': 'int',
      prefix: 'bool',
      'from-key': 'bool',
      rev: 'int',
      'keys-only': 'bool',
      'count-only': 'bool',
      'print-value-only': 'bool',
    },
    run: get,
  },
  { path: 'member list', short: 'Lists all members in the cluster', flags: { consistency: 'string' }, run: memberList },
  { path: 'move-leader', short: 'Transfers leadership to another etcd cluster member.', flags: {}, run: moveLeader },
  { path: 'put', short: 'Puts the given key into the store', flags: { lease: 'string', 'prev-kv': 'bool', 'ignore-value': 'bool', 'ignore-lease': 'bool' }, run: put },
  {
    path: 'snapshot restore',
    short: 'Restores an etcd member snapshot to an etcd directory',
    flags: {
      'data-dir': 'string',
      'wal-dir': 'string',
      name: 'string',
      'initial-cluster': 'string',
      'initial-cluster-token': 'string',
      'initial-advertise-peer-urls': 'string',
      'skip-hash-check': 'bool',
    },
    run: snapshotRestore,
  },
  { path: 'snapshot save', short: 'Stores an etcd node backend snapshot to a given file', flags: {}, run: snapshotSave },
  { path: 'snapshot status', short: '[deprecated] Gets backend snapshot status of a given file', flags: {}, run: snapshotStatusCmd },
  { path: 'version', short: 'Prints the version of etcdctl', flags: {}, run: version },
];

const GROUPS: Record<string, string> = {
  alarm: 'Alarm related commands',
  endpoint: 'Endpoint related commands',
  member: 'Membership related commands',
  snapshot: 'Manages etcd node snapshots',
};

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

interface Call {
  ctx: EtcdctlContext;
  args: string[];
  flags: Map<string, string>;
  out: string[];
  err: string[];
  writeOut: string;
  endpoints: string[];
}

export function runEtcdctl(args: string[], ctx: EtcdctlContext): EtcdctlResult {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  try {
    code = dispatch(args, ctx, out, err);
  } catch (e) {
    if (e instanceof Exit) code = e.code;
    else throw e;
  }
  return { stdout: out.join(''), stderr: err.join(''), exitCode: code };
}

function dispatch(args: string[], ctx: EtcdctlContext, out: string[], err: string[]): number {
  // Split positionals from flags (cobra allows flags anywhere); global flags are known up front,
  // command flags once the command is found.
  const positionals: string[] = [];
  const rawFlags: Array<{ name: string; value: string | undefined; token: string }> = [];
  let i = 0;
  let command: CommandSpec | undefined;
  const findCommand = () => resolveCommand(positionals).command;
  const kindOf = (name: string): FlagKind | undefined => GLOBAL_FLAGS[name] ?? command?.flags[name] ?? anyCommandFlag(name);
  while (i < args.length) {
    const a = args[i]!;
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      let value = eq >= 0 ? a.slice(eq + 1) : undefined;
      const kind = kindOf(name);
      if (kind && kind !== 'bool' && value === undefined) value = args[++i];
      rawFlags.push({ name, value, token: a });
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      const short = a[1]!;
      const name = SHORTHANDS[short];
      if (!name) {
        const msg = `unknown shorthand flag: '${short}' in ${a}`;
        err.push(`Error: ${msg}\n${usage()}\nError: ${msg}\n`);
        return EXIT_ERROR;
      }
      let value: string | undefined = a.length > 2 ? a.slice(a[2] === '=' ? 3 : 2) : undefined;
      if (GLOBAL_FLAGS[name] !== 'bool' && value === undefined) value = args[++i];
      rawFlags.push({ name, value, token: a });
    } else {
      positionals.push(a);
      if (!command) command = findCommand();
    }
    i++;
  }
  const resolved = resolveCommand(positionals);
  command = resolved.command;
  const flags = new Map<string, string>();
  for (const f of rawFlags) {
    const kind = GLOBAL_FLAGS[f.name] ?? command?.flags[f.name];
    if (!kind) {
      // cobra prints the error and the usage, then etcdctl's ExitWithError prints it again.
      const msg = `unknown flag: --${f.name}`;
      err.push(`Error: ${msg}\n${command ? commandUsage(command) : usage()}\nError: ${msg}\n`);
      return EXIT_ERROR;
    }
    if (kind !== 'bool' && f.value === undefined) {
      err.push(`Error: flag needs an argument: ${f.token}\n`);
      return EXIT_ERROR;
    }
    if (kind === 'int' && !/^-?\d+$/.test(f.value!)) {
      err.push(`Error: invalid argument "${f.value}" for "--${f.name}" flag: strconv.ParseInt: parsing "${f.value}": invalid syntax\n`);
      return EXIT_ERROR;
    }
    if (kind === 'bool' && f.value !== undefined && !['true', 'false', '1', '0'].includes(f.value)) {
      err.push(`Error: invalid argument "${f.value}" for "--${f.name}" flag: strconv.ParseBool: parsing "${f.value}": invalid syntax\n`);
      return EXIT_ERROR;
    }
    flags.set(f.name, f.value ?? 'true');
  }
  if (positionals.length === 0 || (positionals[0] === 'help' && positionals.length === 1)) {
    out.push(usage());
    return 0;
  }
  if (!command) return unknownCommand(positionals, resolved, out, err);
  if (flags.get('help') === 'true') {
    out.push(commandUsage(command));
    return 0;
  }
  const env = ctx.env ?? {};
  const writeOut = flags.get('write-out') ?? env.ETCDCTL_WRITE_OUT ?? 'simple';
  if (!['simple', 'json', 'table', 'protobuf', 'fields'].includes(writeOut)) {
    err.push(`Error: unsupported output format: ${writeOut}\n`);
    return EXIT_BAD_FEATURE;
  }
  const endpoints = (flags.get('endpoints') ?? env.ETCDCTL_ENDPOINTS ?? '127.0.0.1:2379').split(',').map((s) => s.trim()).filter(Boolean);
  const call: Call = { ctx, args: positionals.slice(resolved.consumed), flags, out, err, writeOut, endpoints };
  command.run(call);
  return 0;
}

function anyCommandFlag(name: string): FlagKind | undefined {
  for (const c of COMMANDS) if (c.flags[name]) return c.flags[name];
  return undefined;
}

/** etcdctl's root commands, including those this simulation does not implement. */
const ROOT_NAMES = [
  'alarm', 'auth', 'check', 'compaction', 'defrag', 'del', 'elect', 'endpoint', 'get', 'help', 'lease', 'lock',
  'make-mirror', 'member', 'move-leader', 'put', 'role', 'snapshot', 'txn', 'user', 'version', 'watch',
];

interface Resolved {
  command?: CommandSpec;
  /** Positionals taken by the command path. */
  consumed: number;
  /** The root command name a (possibly abbreviated) first word resolved to. */
  root?: string;
}

/** cobra with EnablePrefixMatching (etcdctl turns it on): exact name, else a unique prefix. */
function matchName(names: string[], word: string | undefined): string | undefined {
  if (word === undefined) return undefined;
  if (names.includes(word)) return word;
  const hits = names.filter((n) => n.startsWith(word));
  return hits.length === 1 ? hits[0] : undefined;
}

function resolveCommand(positionals: string[]): Resolved {
  const root = matchName(ROOT_NAMES, positionals[0]);
  if (!root) return { consumed: 0 };
  if (GROUPS[root]) {
    const subs = COMMANDS.filter((c) => c.path.startsWith(`${root} `)).map((c) => c.path.split(' ')[1]!);
    const sub = matchName(subs, positionals[1]);
    const command = sub ? COMMANDS.find((c) => c.path === `${root} ${sub}`) : undefined;
    return { command, consumed: command ? 2 : 1, root };
  }
  return { command: COMMANDS.find((c) => c.path === root), consumed: 1, root };
}

function unknownCommand(positionals: string[], resolved: Resolved, out: string[], err: string[]): number {
  if (resolved.root === 'help') {
    const topic = resolveCommand(positionals.slice(1));
    if (topic.command) out.push(commandUsage(topic.command));
    else if (topic.root && GROUPS[topic.root]) out.push(groupUsage(topic.root));
    else out.push(usage());
    return 0;
  }
  if (resolved.root && GROUPS[resolved.root]) {
    // A group without a runnable subcommand shows its help, as cobra does.
    out.push(groupUsage(resolved.root));
    return 0;
  }
  if (resolved.root) {
    err.push(`Error: etcdctl ${resolved.root} is not simulated in kubedrill\n`);
    return EXIT_BAD_FEATURE;
  }
  const first = positionals[0]!;
  const typed = first.toLowerCase();
  const suggestions = [...ROOT_NAMES].sort().filter((n) => levenshtein(n, typed) <= 2 || n.startsWith(typed));
  const hint = suggestions.length ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}` : '';
  const msg = `unknown command "${first}" for "etcdctl"${hint}`;
  // cobra prints the error and a hint, then etcdctl's ExitWithError prints it again.
  err.push(`Error: ${msg}\nRun 'etcdctl --help' for usage.\nError: ${msg}\n`);
  return EXIT_ERROR;
}

function fail(c: Call, code: number, message: string): never {
  c.err.push(`Error: ${message}\n`);
  throw new Exit(code);
}

function flagBool(c: Call, name: string): boolean {
  const v = c.flags.get(name);
  return v === 'true' || v === '1';
}

function flagInt(c: Call, name: string): number {
  return Number(c.flags.get(name) ?? 0);
}

// ---- endpoints -------------------------------------------------------------------------------

/** The member behind an endpoint URL, if that address is one of them. */
function memberAt(c: Call, endpoint: string): EtcdMember | undefined {
  const { etcd } = c.ctx;
  const hostPort = endpoint.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  const m = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(hostPort);
  if (!m) return undefined;
  const host = m[1]!;
  const port = m[2] ?? '2379';
  if (port !== '2379') return undefined;
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') {
    return (c.ctx.endpoint ? etcd.member(c.ctx.endpoint) : undefined) ?? etcd.members[0];
  }
  return etcd.members.find((x) => x.ip === host);
}

function reachable(c: Call, endpoint: string): EtcdMember | undefined {
  const m = memberAt(c, endpoint);
  return m?.running ? m : undefined;
}

/** The member the client's balancer ends up talking to: the first reachable endpoint. */
function connect(c: Call): EtcdMember {
  for (const ep of c.endpoints) {
    const m = reachable(c, ep);
    if (m) return m;
  }
  return fail(c, EXIT_ERROR, DEADLINE);
}

/** Endpoints a per-endpoint command visits: --endpoints, or every member's client URL with --cluster. */
function targetEndpoints(c: Call): string[] {
  if (!flagBool(c, 'cluster')) return c.endpoints;
  const m = c.endpoints.map((ep) => reachable(c, ep)).find(Boolean);
  if (!m) fail(c, EXIT_ERROR, `failed to fetch endpoints from etcd cluster member list: ${DEADLINE}`);
  return c.ctx.etcd.members.map((x) => x.clientURL);
}

/** Errors a linearizable request meets, in etcdctl's words (it gives up at its 5 s deadline first). */
function requireQuorum(c: Call): void {
  if (c.ctx.etcd.availabilityError()) fail(c, EXIT_ERROR, DEADLINE);
}

function serverError(c: Call, e: unknown): never {
  if (e instanceof EtcdError) {
    if (e.code === 'no-leader' || e.code === 'timeout' || e.code === 'unavailable') fail(c, EXIT_ERROR, DEADLINE);
    if (e.code === 'compacted' || e.code === 'future-rev') fail(c, EXIT_ERROR, `etcdserver: ${e.message}`);
    fail(c, EXIT_ERROR, e.message);
  }
  throw e;
}

// ---- JSON helpers (Go encoding/json of etcd's structs; uint64 as bare numbers) --------------

const U64 = '\u0001u64:';

function u64(decimal: string | number): string {
  return `${U64}${decimal}`;
}

function toJson(v: unknown): string {
  return JSON.stringify(v).replace(/"\\u0001u64:(\d+)"/g, '$1');
}

function header(c: Call, m: EtcdMember, withRevision = true): Record<string, unknown> {
  const h: Record<string, unknown> = { cluster_id: u64(idToDecimal(c.ctx.etcd.clusterId)), member_id: u64(idToDecimal(m.id)) };
  if (withRevision) h.revision = c.ctx.etcd.store.revision;
  h.raft_term = m.term;
  return h;
}

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function kvJson(kv: KeyValue, keysOnly = false): Record<string, unknown> {
  const o: Record<string, unknown> = { key: b64(kv.key), create_revision: kv.createRevision, mod_revision: kv.modRevision, version: kv.version };
  if (!keysOnly) {
    const text = valueText(kv.value);
    if (text) o.value = b64(text);
  }
  if (kv.lease) o.lease = kv.lease;
  return o;
}

function printKV(c: Call, kv: KeyValue, valueOnly: boolean, keysOnly: boolean): void {
  const hex = flagBool(c, 'hex');
  const show = (text: string) => (hex ? hexEscape(text) : text);
  if (!valueOnly) c.out.push(`${show(kv.key)}\n`);
  c.out.push(`${keysOnly ? '' : show(valueText(kv.value))}\n`);
}

/** --hex: every byte as \xNN (etcdctl's addHexPrefix over hex.EncodeToString). */
function hexEscape(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
}

function notForTable(c: Call): void {
  if (c.writeOut === 'table' || c.writeOut === 'fields' || c.writeOut === 'protobuf') {
    fail(c, EXIT_BAD_FEATURE, `${c.writeOut} not supported as output format`);
  }
}

// ---- commands ----------------------------------------------------------------------------------

function version(c: Call): void {
  c.out.push(`etcdctl version: ${ETCD_VERSION}\nAPI version: ${API_VERSION}\n`);
}

function memberList(c: Call): void {
  const m = connect(c);
  const { etcd } = c.ctx;
  const rows = etcd.members.map((x) => [x.id, 'started', x.name, x.peerURL, x.clientURL, String(x.isLearner)]);
  if (c.writeOut === 'json') {
    const members = etcd.members.map((x) => {
      const o: Record<string, unknown> = { ID: u64(idToDecimal(x.id)), name: x.name, peerURLs: [x.peerURL], clientURLs: [x.clientURL] };
      if (x.isLearner) o.isLearner = true;
      return o;
    });
    c.out.push(toJson({ header: header(c, m, false), members }) + '\n');
  } else if (c.writeOut === 'table') {
    c.out.push(renderTable(['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'], rows));
  } else {
    for (const r of rows) c.out.push(r.join(', ') + '\n');
  }
}

function endpointStatus(c: Call): void {
  const eps = targetEndpoints(c);
  const list: Array<{ ep: string; m: EtcdMember }> = [];
  let failed = false;
  for (const ep of eps) {
    const m = reachable(c, ep);
    if (!m) {
      failed = true;
      c.err.push(`Failed to get the status of endpoint ${ep} (${DEADLINE})\n`);
      continue;
    }
    list.push({ ep, m });
  }
  const { etcd } = c.ctx;
  if (c.writeOut === 'json') {
    const items = list.map(({ ep, m }) => {
      const s = etcd.status(m.name)!;
      const status: Record<string, unknown> = { header: header(c, m), version: s.version, dbSize: s.dbSize };
      if (s.leaderId !== '0') status.leader = u64(idToDecimal(s.leaderId));
      status.raftIndex = s.raftIndex;
      status.raftTerm = s.raftTerm;
      status.raftAppliedIndex = s.raftAppliedIndex;
      if (s.errors.length) status.errors = s.errors;
      status.dbSizeInUse = s.dbSizeInUse;
      if (s.isLearner) status.isLearner = true;
      return { Endpoint: ep, Status: status };
    });
    c.out.push(toJson(items) + '\n');
  } else {
    const rows = list.map(({ ep, m }) => {
      const s = etcd.status(m.name)!;
      return [
        ep,
        s.memberId,
        s.version,
        humanizeBytes(s.dbSize),
        String(s.leaderId === s.memberId),
        String(s.isLearner),
        String(s.raftTerm),
        String(s.raftIndex),
        String(s.raftAppliedIndex),
        s.errors.join(', '),
      ];
    });
    if (c.writeOut === 'table') {
      const hdr = ['endpoint', 'ID', 'version', 'db size', 'is leader', 'is learner', 'raft term', 'raft index', 'raft applied index', 'errors'];
      c.out.push(renderTable(hdr, rows));
    } else {
      for (const r of rows) c.out.push(r.join(', ') + '\n');
    }
  }
  if (failed) throw new Exit(EXIT_ERROR);
}

function endpointHealth(c: Call): void {
  const eps = targetEndpoints(c);
  const { etcd, clock } = c.ctx;
  const results = eps.map((ep) => {
    const m = memberAt(c, ep);
    const error = m ? etcd.healthError(m.name) : DEADLINE;
    // A failed read waits for the whole 5 s command timeout.
    const ns = error === DEADLINE ? 5_000_000_000 + Math.floor(stableFraction(`${ep}:${clock.now()}`) * 2_000_000) : 1_200_000 + Math.floor(stableFraction(`${ep}:${clock.now()}`) * 14_000_000);
    return { ep, health: error === undefined, took: goDurationNs(ns), error };
  });
  if (c.writeOut === 'json') {
    c.out.push(toJson(results.map((r) => ({ endpoint: r.ep, health: r.health, took: r.took, ...(r.error ? { error: r.error } : {}) }))) + '\n');
  } else if (c.writeOut === 'table') {
    c.out.push(renderTable(['endpoint', 'health', 'took', 'error'], results.map((r) => [r.ep, String(r.health), r.took, r.error ?? ''])));
  } else {
    for (const r of results) {
      if (r.health) c.out.push(`${r.ep} is healthy: successfully committed proposal: took = ${r.took}\n`);
      else c.err.push(`${r.ep} is unhealthy: failed to commit proposal: ${r.error}\n`);
    }
  }
  if (results.some((r) => !r.health)) fail(c, EXIT_ERROR, 'unhealthy cluster');
}

function get(c: Call): void {
  if (c.args.length === 0) fail(c, EXIT_BAD_ARGS, 'get command needs one argument as key and an optional argument as range_end');
  const prefix = flagBool(c, 'prefix');
  const fromKey = flagBool(c, 'from-key');
  const keysOnly = flagBool(c, 'keys-only');
  const countOnly = flagBool(c, 'count-only');
  if (prefix && fromKey) fail(c, EXIT_BAD_ARGS, '`--prefix` and `--from-key` cannot be set at the same time, choose one');
  if (keysOnly && countOnly) fail(c, EXIT_BAD_ARGS, '`--keys-only` and `--count-only` cannot be set at the same time, choose one');
  const consistency = c.flags.get('consistency') ?? 'l';
  if (consistency !== 'l' && consistency !== 's') fail(c, EXIT_BAD_FEATURE, `unknown consistency flag "${consistency}"`);
  if (c.args.length > 1 && (prefix || fromKey)) fail(c, EXIT_BAD_ARGS, 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  const order = (c.flags.get('order') ?? '').toUpperCase();
  if (!['', 'ASCEND', 'DESCEND'].includes(order)) fail(c, EXIT_BAD_FEATURE, `bad sort order ${c.flags.get('order')}`);
  const sortBy = (c.flags.get('sort-by') ?? '').toUpperCase();
  if (!['', 'CREATE', 'KEY', 'MODIFY', 'VALUE', 'VERSION'].includes(sortBy)) fail(c, EXIT_BAD_FEATURE, `bad sort target ${c.flags.get('sort-by')}`);
  const m = connect(c);
  if (consistency === 'l') requireQuorum(c);
  const key = c.args[0]!;
  const rangeEnd = c.args[1];
  const rev = flagInt(c, 'rev');
  const limit = flagInt(c, 'limit');
  const { store } = c.ctx.etcd;
  let kvs: KeyValue[];
  try {
    if (prefix || fromKey || rangeEnd !== undefined) {
      const all = store.range(prefix ? key : '', { prefix: true, revision: rev > 0 ? rev : 0 }).kvs;
      kvs = prefix ? all : all.filter((kv) => kv.key >= key && (fromKey || kv.key < rangeEnd!));
    } else {
      kvs = store.range(key, { revision: rev > 0 ? rev : 0 }).kvs;
    }
  } catch (e) {
    serverError(c, e);
  }
  kvs = sortKvs(kvs, sortBy, order);
  const count = kvs.length;
  const more = limit > 0 && count > limit;
  if (limit > 0) kvs = kvs.slice(0, limit);
  if (countOnly && c.writeOut !== 'fields') fail(c, EXIT_BAD_ARGS, '--count-only is only for `--write-out=fields`');
  const valueOnly = flagBool(c, 'print-value-only');
  if (valueOnly && c.writeOut !== 'simple') fail(c, EXIT_BAD_ARGS, 'print-value-only is only for `--write-out=simple`');
  if (c.writeOut === 'json') {
    const resp: Record<string, unknown> = { header: header(c, m) };
    if (kvs.length && !countOnly) resp.kvs = kvs.map((kv) => kvJson(kv, keysOnly));
    if (more) resp.more = true;
    if (count) resp.count = count;
    c.out.push(toJson(resp) + '\n');
    return;
  }
  if (c.writeOut === 'fields') {
    printFieldsHeader(c, m);
    if (!countOnly) for (const kv of kvs) printFieldsKV(c, kv, keysOnly);
    c.out.push(`"More" : ${more}\n"Count" : ${count}\n`);
    return;
  }
  notForTable(c);
  for (const kv of kvs) printKV(c, kv, valueOnly, keysOnly);
}

function sortKvs(kvs: KeyValue[], by: string, order: string): KeyValue[] {
  if (by === '' || by === 'KEY') return order === 'DESCEND' ? [...kvs].reverse() : kvs;
  const keyOf = (kv: KeyValue): number | string =>
    by === 'CREATE' ? kv.createRevision : by === 'MODIFY' ? kv.modRevision : by === 'VERSION' ? kv.version : valueText(kv.value);
  const sorted = [...kvs].sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return order === 'DESCEND' ? sorted.reverse() : sorted;
}

function printFieldsHeader(c: Call, m: EtcdMember): void {
  c.out.push(
    `"ClusterID" : ${idToDecimal(c.ctx.etcd.clusterId)}\n"MemberID" : ${idToDecimal(m.id)}\n"Revision" : ${c.ctx.etcd.store.revision}\n"RaftTerm" : ${m.term}\n`,
  );
}

function printFieldsKV(c: Call, kv: KeyValue, keysOnly: boolean): void {
  c.out.push(`"Key" : ${JSON.stringify(kv.key)}\n"CreateRevision" : ${kv.createRevision}\n"ModRevision" : ${kv.modRevision}\n"Version" : ${kv.version}\n`);
  if (!keysOnly) c.out.push(`"Value" : ${JSON.stringify(valueText(kv.value))}\n`);
  c.out.push(`"Lease" : ${kv.lease}\n`);
}

function put(c: Call): void {
  if (c.args.length !== 2) fail(c, EXIT_BAD_ARGS, 'put command needs 1 argument and input from stdin or 2 arguments');
  notForTable(c);
  const m = connect(c);
  requireQuorum(c);
  const [key, text] = c.args as [string, string];
  const { etcd } = c.ctx;
  const prev = etcd.store.get(key);
  try {
    etcd.put(key, parseValue(text), Buffer.byteLength(text, 'utf8'));
  } catch (e) {
    if (e instanceof EtcdError && e.message === ERR_NOSPACE) fail(c, EXIT_ERROR, ERR_NOSPACE);
    serverError(c, e);
  }
  const withPrev = flagBool(c, 'prev-kv') && prev;
  if (c.writeOut === 'json') {
    c.out.push(toJson({ header: header(c, m), ...(withPrev ? { prev_kv: kvJson(prev) } : {}) }) + '\n');
    return;
  }
  c.out.push('OK\n');
  if (withPrev) printKV(c, prev, false, false);
}

/** A JSON object or array is stored as such (the API server reads objects); anything else as text. */
function parseValue(text: string): unknown {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function del(c: Call): void {
  if (c.args.length === 0 || c.args.length > 2) fail(c, EXIT_BAD_ARGS, 'del command needs one argument as key and an optional argument as range_end');
  const prefix = flagBool(c, 'prefix');
  const fromKey = flagBool(c, 'from-key');
  if (prefix && fromKey) fail(c, EXIT_BAD_ARGS, '`--prefix` and `--from-key` cannot be set at the same time, choose one');
  if (c.args.length > 1 && (prefix || fromKey)) fail(c, EXIT_BAD_ARGS, 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  notForTable(c);
  const m = connect(c);
  requireQuorum(c);
  const { etcd } = c.ctx;
  const [key, rangeEnd] = c.args as [string, string | undefined];
  let keys: string[];
  if (prefix) keys = [...etcd.store.keysWithPrefix(key)];
  else if (fromKey || rangeEnd !== undefined) keys = [...etcd.store.keysWithPrefix('')].filter((k) => k >= key && (fromKey || k < rangeEnd!));
  else keys = etcd.store.get(key) ? [key] : [];
  const deleted: KeyValue[] = [];
  try {
    for (const k of keys) {
      const kv = etcd.delete(k);
      if (kv) deleted.push(kv);
    }
  } catch (e) {
    serverError(c, e);
  }
  const withPrev = flagBool(c, 'prev-kv');
  if (c.writeOut === 'json') {
    const resp: Record<string, unknown> = { header: header(c, m) };
    if (deleted.length) resp.deleted = deleted.length;
    if (withPrev && deleted.length) resp.prev_kvs = deleted.map((kv) => kvJson(kv));
    c.out.push(toJson(resp) + '\n');
    return;
  }
  c.out.push(`${deleted.length}\n`);
  if (withPrev) for (const kv of deleted) printKV(c, kv, false, false);
}

function moveLeader(c: Call): void {
  if (c.args.length !== 1) fail(c, EXIT_BAD_ARGS, 'move-leader command needs 1 argument');
  const text = c.args[0]!;
  if (!/^[0-9a-fA-F]{1,16}$/.test(text)) fail(c, EXIT_BAD_ARGS, `strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`);
  const targetId = BigInt(`0x${text}`).toString(16);
  const { etcd } = c.ctx;
  // Like etcdctl: ask each endpoint for its status and use the one that is the leader.
  let leader: EtcdMember | undefined;
  for (const ep of c.endpoints) {
    const m = reachable(c, ep);
    if (!m) fail(c, EXIT_ERROR, DEADLINE);
    const s = etcd.status(m.name)!;
    if (s.leaderId === s.memberId) {
      leader = m;
      break;
    }
  }
  if (!leader) fail(c, EXIT_BAD_ARGS, `no leader endpoint given at [${c.endpoints.join(' ')}]`);
  const target = etcd.members.find((m) => m.id === targetId);
  if (!target) fail(c, EXIT_ERROR, 'etcdserver: bad leader transferee');
  try {
    etcd.moveLeader(target.name);
  } catch (e) {
    if (e instanceof EtcdError) fail(c, EXIT_ERROR, e.message);
    throw e;
  }
  c.out.push(`Leadership transferred from ${leader.id} to ${target.id}\n`);
}

function compaction(c: Call): void {
  if (c.args.length !== 1) fail(c, EXIT_BAD_ARGS, 'compaction command needs 1 argument');
  const text = c.args[0]!;
  if (!/^[+-]?\d+$/.test(text)) fail(c, EXIT_ERROR, `strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  const rev = Number(text);
  connect(c);
  requireQuorum(c);
  try {
    c.ctx.etcd.compact(rev);
  } catch (e) {
    serverError(c, e);
  }
  c.out.push(`compacted revision ${rev}\n`);
}

function defrag(c: Call): void {
  const dataDir = c.flags.get('data-dir');
  if (dataDir) {
    const target = resolvePath(c, dataDir);
    if (!fs.existsSync(path.join(target, 'member', 'snap', 'db'))) {
      c.err.push(`Failed to defragment etcd data[${dataDir}] (open ${path.posix.join(dataDir, 'member', 'snap', 'db')}: no such file or directory)\n`);
      throw new Exit(EXIT_ERROR);
    }
    return;
  }
  let failures = 0;
  for (const ep of targetEndpoints(c)) {
    const m = reachable(c, ep);
    if (!m) {
      c.err.push(`Failed to defragment etcd member[${ep}] (${DEADLINE})\n`);
      failures++;
      continue;
    }
    c.ctx.etcd.defrag(m.name);
    c.out.push(`Finished defragmenting etcd member[${ep}]\n`);
  }
  if (failures) throw new Exit(EXIT_ERROR);
}

function alarmLines(c: Call, alarms: AlarmMember[], m: EtcdMember): void {
  if (c.writeOut === 'json') {
    const resp: Record<string, unknown> = { header: header(c, m) };
    if (alarms.length) resp.alarms = alarms.map((a) => ({ memberID: u64(idToDecimal(a.memberId)), alarm: a.alarm === 'NOSPACE' ? 1 : 2 }));
    c.out.push(toJson(resp) + '\n');
    return;
  }
  notForTable(c);
  for (const a of alarms) c.out.push(`memberID:${idToDecimal(a.memberId)} alarm:${a.alarm} \n`);
}

function alarmList(c: Call): void {
  const m = connect(c);
  requireQuorum(c);
  alarmLines(c, c.ctx.etcd.alarmList(), m);
}

function alarmDisarm(c: Call): void {
  const m = connect(c);
  requireQuorum(c);
  alarmLines(c, c.ctx.etcd.disarm(), m);
}

// ---- snapshots ---------------------------------------------------------------------------------

/** Maps a path the user typed to one inside the session data folder (no way out of it). */
function resolvePath(c: Call, userPath: string): string {
  const cwd = c.ctx.cwd ?? '/';
  const virtual = path.posix.resolve(cwd, userPath);
  const base = path.resolve(c.ctx.dataDir);
  const target = path.join(base, ...virtual.split('/').filter(Boolean));
  if (target !== base && !target.startsWith(base + path.sep)) fail(c, EXIT_ERROR, `open ${userPath}: permission denied`);
  return target;
}

/** Creates the parent folders of a target, refusing symlinks that lead out of the data folder. */
function prepareParent(c: Call, target: string, userPath: string): void {
  const base = path.resolve(c.ctx.dataDir);
  fs.mkdirSync(base, { recursive: true });
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const realBase = fs.realpathSync(base);
  const realParent = fs.realpathSync(parent);
  if (realParent !== realBase && !realParent.startsWith(realBase + path.sep)) fail(c, EXIT_ERROR, `open ${userPath}: permission denied`);
}

function zapJson(c: Call, fields: Record<string, unknown>): string {
  const ts = new Date(c.ctx.clock.now()).toISOString().replace('Z', '000Z');
  return JSON.stringify({ level: 'info', ts, ...fields }) + '\n';
}

function snapshotSave(c: Call): void {
  if (c.args.length !== 1) fail(c, EXIT_BAD_ARGS, 'snapshot save expects one argument');
  if (c.endpoints.length !== 1) fail(c, EXIT_INTERRUPTED, `snapshot must be requested to one selected node, not multiple [${c.endpoints.join(' ')}]`);
  const file = c.args[0]!;
  const target = resolvePath(c, file);
  const ep = c.endpoints[0]!;
  c.err.push(zapJson(c, { caller: 'snapshot/v3_snapshot.go:65', msg: 'created temporary db file', path: `${file}.part` }));
  const m = reachable(c, ep);
  if (!m) fail(c, EXIT_INTERRUPTED, DEADLINE);
  prepareParent(c, target, file);
  c.err.push(zapJson(c, { logger: 'client', caller: `v3@v${ETCD_VERSION}/maintenance.go:212`, msg: 'opened snapshot stream; downloading' }));
  c.err.push(zapJson(c, { caller: 'snapshot/v3_snapshot.go:73', msg: 'fetching snapshot', endpoint: ep }));
  let status;
  try {
    status = saveSnapshot(c.ctx.etcd.store, target, m.dbSize);
  } catch (e) {
    fail(c, EXIT_INTERRUPTED, `could not write ${file}: ${(e as Error).message}`);
  }
  c.err.push(zapJson(c, { logger: 'client', caller: `v3@v${ETCD_VERSION}/maintenance.go:220`, msg: 'completed snapshot read; closing' }));
  c.err.push(zapJson(c, { caller: 'snapshot/v3_snapshot.go:88', msg: 'fetched snapshot', endpoint: ep, size: humanizeBytes(status.totalSize), took: 'now' }));
  c.err.push(zapJson(c, { caller: 'snapshot/v3_snapshot.go:97', msg: 'saved', path: file }));
  c.out.push(`Snapshot saved at ${file}\n`);
}

function snapshotStatusCmd(c: Call): void {
  c.err.push('Deprecated: Use `etcdutl snapshot status` instead.\n\n');
  if (c.args.length !== 1) fail(c, EXIT_BAD_ARGS, 'snapshot status requires exactly one argument');
  const file = c.args[0]!;
  const target = resolvePath(c, file);
  let s;
  try {
    if (!fs.existsSync(target)) fail(c, EXIT_ERROR, `stat ${file}: no such file or directory`);
    s = snapshotStatus(target);
  } catch (e) {
    if (e instanceof SnapshotError) fail(c, EXIT_ERROR, e.message);
    throw e;
  }
  const row = [s.hash.toString(16), String(s.revision), String(s.totalKey), humanizeBytes(s.totalSize)];
  if (c.writeOut === 'json') c.out.push(toJson({ hash: s.hash, revision: s.revision, totalKey: s.totalKey, totalSize: s.totalSize }) + '\n');
  else if (c.writeOut === 'table') c.out.push(renderTable(['hash', 'revision', 'total keys', 'total size'], [row]));
  else c.out.push(row.join(', ') + '\n');
}

function snapshotRestore(c: Call): void {
  c.err.push('Deprecated: Use `etcdutl snapshot restore` instead.\n\n');
  if (c.args.length !== 1) fail(c, EXIT_BAD_ARGS, 'snapshot restore requires exactly one argument');
  const file = c.args[0]!;
  const name = c.flags.get('name') ?? 'default';
  const dataDir = c.flags.get('data-dir') ?? `${name}.etcd`;
  const source = resolvePath(c, file);
  const target = resolvePath(c, dataDir);
  if (!fs.existsSync(source)) fail(c, EXIT_ERROR, `stat ${file}: no such file or directory`);
  prepareParent(c, target, dataDir);
  const ts = new Date(c.ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const walDir = c.flags.get('wal-dir') ?? path.posix.join(dataDir, 'member', 'wal');
  const fields = `{"path": "${file}", "wal-dir": "${walDir}", "data-dir": "${dataDir}", "snap-dir": "${path.posix.join(dataDir, 'member', 'snap')}"}`;
  let data: SnapshotData;
  try {
    data = restoreToDataDir(source, target, flagBool(c, 'skip-hash-check'));
  } catch (e) {
    if (e instanceof SnapshotError) fail(c, EXIT_ERROR, e.message.replace(target, dataDir));
    throw e;
  }
  c.err.push(`${ts}\tinfo\tsnapshot/v3_snapshot.go:260\trestoring snapshot\t${fields}\n`);
  const peer = c.flags.get('initial-advertise-peer-urls') ?? 'http://localhost:2380';
  c.err.push(`${ts}\tinfo\tmembership/store.go:141\tTrimming membership information from the backend...\n`);
  c.err.push(`${ts}\tinfo\tmembership/cluster.go:421\tadded member\t{"cluster-id": "cdf818194e3a8c32", "local-member-id": "0", "added-peer-id": "8e9e05c52164694d", "added-peer-peer-urls": ["${peer}"]}\n`);
  c.err.push(`${ts}\tinfo\tsnapshot/v3_snapshot.go:287\trestored snapshot\t${fields}\n`);
  c.ctx.onRestore?.(target, data);
}

// ---- help ----------------------------------------------------------------------------------------

function usage(): string {
  const lines = COMMANDS.map((c) => `\t${c.path.padEnd(20)}\t${c.short}`).join('\n');
  return `NAME:
\tetcdctl - A simple command line client for etcd3.

USAGE:
\tetcdctl [flags]

VERSION:
\t${ETCD_VERSION}

API VERSION:
\t${API_VERSION}


COMMANDS:
${lines}

OPTIONS:
      --cacert=""\t\t\t\tverify certificates of TLS-enabled secure servers using this CA bundle
      --cert=""\t\t\t\t\tidentify secure client using this TLS certificate file
      --command-timeout=5s\t\t\ttimeout for short running command (excluding dial timeout)
      --dial-timeout=2s\t\t\t\tdial timeout for client connections
      --endpoints=[127.0.0.1:2379]\t\tgRPC endpoints
  -h, --help[=false]\t\t\t\thelp for etcdctl
      --key=""\t\t\t\t\tidentify secure client using this TLS key file
  -w, --write-out="simple"\t\t\tset the output format (fields, json, protobuf, simple, table)
`;
}

function commandUsage(c: CommandSpec): string {
  const flags = Object.keys(c.flags).map((f) => `      --${f}`).join('\n');
  return `NAME:\n\tetcdctl ${c.path} - ${c.short}\n\nUSAGE:\n\tetcdctl ${c.path} [options]\n${flags ? `\nOPTIONS:\n${flags}\n` : ''}`;
}

function groupUsage(group: string): string {
  const subs = COMMANDS.filter((c) => c.path.startsWith(`${group} `))
    .map((c) => `\t${c.path.split(' ')[1]}\t${c.short}`)
    .join('\n');
  return `NAME:\n\tetcdctl ${group} - ${GROUPS[group]}\n\nUSAGE:\n\tetcdctl ${group} <subcommand> [flags]\n\nAPI VERSION:\n\t${API_VERSION}\n\n\nCOMMANDS:\n${subs}\n`;
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}
