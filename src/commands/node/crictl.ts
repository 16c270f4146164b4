/**
 * crictl (cri-tools 1.32) on a node, against the kubelet's simulated runtime: ps, pods,
 * images, logs, inspect, inspectp, rmi (--prune), version. Tables follow crictl's tabwriter
 * (min width 20, padding 3), times go-units' HumanDuration + " ago", IDs truncated to 13
 * characters. The runtime keeps running when the kubelet stops, as CRI-O does.
 */
import { createHash } from 'node:crypto';
import { kubeletFor, type KubeletComponent, type RuntimeContainer } from '../../core/kubelet/index.js';
import type { CommandResult } from '../shell/pipeline.js';
import type { NodeShell, NodeTool } from './types.js';

const res = (stdout: string, stderr = '', exitCode = 0): CommandResult => ({ stdout, stderr, exitCode });

/** go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

/** Go text/tabwriter with crictl's settings: each cell but the last padded to max(width + 3, 20). */
export function crictlTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(Math.max(widths[i]! + 3, 20)))).join('') + '\n').join('');
}

/** go-units HumanSizeWithPrecision(size, 3): decimal units, 3 significant digits. */
export function humanSizeDecimal(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(3))}${units[i]}`;
}

/** The image's ID (its config digest), distinct from the repository digest. */
export function imageId(ref: string): string {
  return createHash('sha256').update(`image-config:${ref}`).digest('hex');
}

function kubelet(shell: NodeShell): KubeletComponent | undefined {
  return kubeletFor(shell.session.cluster.ctx, shell.node);
}

const STATE: Record<RuntimeContainer['state'], string> = { CONTAINER_RUNNING: 'Running', CONTAINER_EXITED: 'Exited' };

interface Opts {
  flags: Map<string, string>;
  args: string[];
}

const VALUE_FLAGS = new Set(['name', 'pod', 'p', 'state', 's', 'namespace', 'label', 'image', 'output', 'o', 'tail', 'last', 'n', 'since', 'runtime-endpoint', 'r', 'timeout', 'T', 'id', 'config', 'c']);
const ALIASES: Record<string, string> = { a: 'all', q: 'quiet', o: 'output', p: 'pod', s: 'state', n: 'last', l: 'latest', v: 'verbose', t: 'timestamps', f: 'follow' };

function parse(argv: string[], valueFlags = VALUE_FLAGS): Opts {
  const flags = new Map<string, string>();
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (eq >= 0) flags.set(name, a.slice(eq + 1));
      else if (valueFlags.has(name)) flags.set(name, argv[++i] ?? '');
      else flags.set(name, 'true');
    } else if (a.startsWith('-') && a.length > 1) {
      const short = a.slice(1, 2);
      const name = ALIASES[short] ?? short;
      if (valueFlags.has(short) && !['a', 'q', 'l', 'v', 't', 'f'].includes(short)) flags.set(name, a.length > 2 ? a.slice(2) : argv[++i] ?? '');
      else for (const ch of a.slice(1)) flags.set(ALIASES[ch] ?? ch, 'true');
    } else args.push(a);
  }
  return { flags, args };
}

function truncId(id: string): string {
  return id.slice(0, 13);
}

/** A container or pod ID given by prefix, as crictl resolves it. */
function findContainer(list: RuntimeContainer[], id: string): RuntimeContainer | undefined {
  return list.find((c) => c.id === id) ?? list.find((c) => c.id.startsWith(id));
}

function ps(k: KubeletComponent, o: Opts, now: number): CommandResult {
  const all = o.flags.has('all') || o.flags.has('latest') || o.flags.has('last');
  const state = o.flags.get('state')?.toLowerCase();
  if (state && !['created', 'running', 'exited', 'unknown'].includes(state)) {
    return res('', 'E1124 00:00:00.000000   12345 crictl.go:162] "--state should be one of created, running, exited or unknown"\n', 1);
  }
  const nameRe = o.flags.has('name') ? new RegExp(o.flags.get('name')!) : undefined;
  const nsRe = o.flags.has('namespace') ? new RegExp(o.flags.get('namespace')!) : undefined;
  const pod = o.flags.get('pod');
  let list = k.containers().filter((c) => {
    if (state) return STATE[c.state].toLowerCase() === state;
    if (!all && c.state !== 'CONTAINER_RUNNING') return false;
    if (pod && !c.podSandboxId.startsWith(pod)) return false;
    if (nameRe && !nameRe.test(c.name)) return false;
    if (nsRe && !nsRe.test(c.podNamespace)) return false;
    return true;
  });
  list.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
  if (o.flags.has('latest')) list = list.slice(0, 1);
  else if (o.flags.has('last')) list = list.slice(0, Number(o.flags.get('last')) || list.length);
  if (o.flags.has('quiet')) return res(list.map((c) => `${c.id}\n`).join(''));
  const out = o.flags.get('output');
  if (out === 'json') return res(JSON.stringify({ containers: list.map((c) => containerJson(c)) }, null, 2) + '\n');
  const rows = [['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD', 'NAMESPACE']];
  for (const c of list) {
    rows.push([truncId(c.id), truncId(imageId(c.image)), `${humanDuration(now - c.createdAt)} ago`, STATE[c.state], c.name, String(c.attempt), truncId(c.podSandboxId), c.podName, c.podNamespace]);
  }
  return res(crictlTable(rows));
}

function labelsOf(c: RuntimeContainer): Record<string, string> {
  return {
    'io.kubernetes.container.name': c.name,
    'io.kubernetes.pod.name': c.podName,
    'io.kubernetes.pod.namespace': c.podNamespace,
    'io.kubernetes.pod.uid': c.podUid,
  };
}

function containerJson(c: RuntimeContainer): Record<string, unknown> {
  return {
    id: c.id,
    podSandboxId: c.podSandboxId,
    metadata: { name: c.name, attempt: c.attempt },
    image: { image: `sha256:${imageId(c.image)}` },
    imageRef: c.imageRef,
    state: c.state,
    createdAt: String(c.createdAt * 1_000_000),
    labels: labelsOf(c),
  };
}

function iso(ms: number | undefined): string {
  return ms === undefined ? '0001-01-01T00:00:00Z' : new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

function inspect(k: KubeletComponent, o: Opts): CommandResult {
  if (o.args.length === 0) return res('', 'E1124 00:00:00.000000   12345 crictl.go:162] "ID cannot be empty"\n', 1);
  const list = k.containers();
  const out: string[] = [];
  for (const id of o.args) {
    const c = findContainer(list, id);
    if (!c) return res('', `E1124 00:00:00.000000   12345 remote_runtime.go:432] "ContainerStatus from runtime service failed" err="rpc error: code = NotFound desc = could not find container \\"${id}\\": container with ID starting with ${id} not found: ID does not exist" containerID="${id}"\nFATA[0000] getting the status of the container "${id}": get container status: rpc error: code = NotFound desc = could not find container "${id}": container with ID starting with ${id} not found: ID does not exist\n`, 1);
    out.push(
      JSON.stringify(
        {
          status: {
            id: c.id,
            metadata: { attempt: c.attempt, name: c.name },
            state: c.state,
            createdAt: iso(c.createdAt),
            startedAt: iso(c.startedAt),
            finishedAt: iso(c.finishedAt),
            exitCode: c.exitCode ?? 0,
            image: { annotations: {}, image: c.image, runtimeHandler: '', userSpecifiedImage: '' },
            imageRef: c.imageRef,
            reason: c.reason ?? '',
            message: '',
            labels: labelsOf(c),
            annotations: { 'io.kubernetes.container.restartCount': String(c.attempt), 'io.kubernetes.container.terminationMessagePath': '/dev/termination-log' },
            mounts: [],
            logPath: `/var/log/pods/${c.podNamespace}_${c.podName}_${c.podUid}/${c.name}/${c.attempt}.log`,
          },
          info: { sandboxID: c.podSandboxId, pid: c.state === 'CONTAINER_RUNNING' ? 10_000 + (parseInt(c.id.slice(0, 4), 16) % 50_000) : 0 },
        },
        null,
        2,
      ),
    );
  }
  return res(out.join('\n') + '\n');
}

function pods(k: KubeletComponent, o: Opts, now: number): CommandResult {
  const nameRe = o.flags.has('name') ? new RegExp(o.flags.get('name')!) : undefined;
  const nsRe = o.flags.has('namespace') ? new RegExp(o.flags.get('namespace')!) : undefined;
  const state = o.flags.get('state')?.toLowerCase();
  const list = k
    .sandboxes()
    .filter((s) => (!nameRe || nameRe.test(s.name)) && (!nsRe || nsRe.test(s.namespace)) && (!state || (state === 'ready') === (s.state === 'SANDBOX_READY')))
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
  if (o.flags.has('quiet')) return res(list.map((s) => `${s.id}\n`).join(''));
  const rows = [['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME']];
  for (const s of list) rows.push([truncId(s.id), `${humanDuration(now - s.createdAt)} ago`, s.state === 'SANDBOX_READY' ? 'Ready' : 'NotReady', s.name, s.namespace, '0', '(default)']);
  return res(crictlTable(rows));
}

function splitRef(ref: string): { repo: string; tag: string } {
  const at = ref.indexOf('@');
  if (at >= 0) return { repo: ref.slice(0, at), tag: '<none>' };
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: 'latest' };
}

function images(k: KubeletComponent, o: Opts): CommandResult {
  const list = [...k.imageList()].sort((a, b) => (a.ref < b.ref ? -1 : 1));
  if (o.flags.has('quiet')) return res(list.map((i) => `sha256:${imageId(i.ref)}\n`).join(''));
  const rows = [['IMAGE', 'TAG', 'IMAGE ID', 'SIZE']];
  for (const i of list) {
    const { repo, tag } = splitRef(i.ref);
    rows.push([repo, tag, truncId(imageId(i.ref)), humanSizeDecimal(i.sizeBytes)]);
  }
  return res(crictlTable(rows));
}

function rmi(k: KubeletComponent, o: Opts): CommandResult {
  if (o.flags.has('prune') || o.flags.has('all')) {
    const gone = k.pruneImages();
    return res(gone.map((r) => `Deleted: ${r}\n`).join(''));
  }
  if (o.args.length === 0) return res('', 'FATA[0000] no image ID specified\n', 1);
  return res('', `FATA[0000] removing images one by one is not simulated in kubedrill; use crictl rmi --prune to remove the images no container uses\n`, 1);
}

function logs(k: KubeletComponent, o: Opts): CommandResult {
  const id = o.args[0];
  if (!id) return res('', 'FATA[0000] ID cannot be empty\n', 1);
  const list = k.containers();
  const c = findContainer(list, id);
  if (!c) return res('', `FATA[0000] rpc error: code = NotFound desc = could not find container "${id}": container with ID starting with ${id} not found: ID does not exist\n`, 1);
  // The newest instance of that container name in the pod is the current one; older ones are "previous".
  const newest = list.filter((x) => x.podUid === c.podUid && x.name === c.name).sort((a, b) => b.attempt - a.attempt)[0];
  const tail = o.flags.get('tail');
  try {
    const text = k.logs(c.podNamespace, c.podName, c.name, {
      previous: newest !== undefined && newest.id !== c.id,
      tailLines: tail !== undefined && Number(tail) >= 0 ? Number(tail) : undefined,
      timestamps: o.flags.has('timestamps'),
    });
    return res(text);
  } catch (err) {
    return res('', `FATA[0000] ${err instanceof Error ? err.message : String(err)}\n`, 1);
  }
}

function version(shell: NodeShell): CommandResult {
  const crio = shell.session.cluster.info.flavor === 'openshift';
  return res(`Version:  0.1.0\nRuntimeName:  ${crio ? 'cri-o' : 'containerd'}\nRuntimeVersion:  ${crio ? '1.32.4-3.rhaos4.19.git4c9d5e1.el9' : 'v1.7.24'}\nRuntimeApiVersion:  v1\n`);
}

const USAGE = `NAME:
   crictl - client for CRI

USAGE:
   crictl [global options] command [command options]

VERSION:
   v1.32.0

COMMANDS:
   images, image, img  List images
   inspect             Display the status of one or more containers
   inspectp            Display the status of one or more pods
   logs                Fetch the logs of a container
   pods                List pods
   ps                  List containers
   rmi                 Remove one or more images
   version             Display runtime version information
`;

export const crictl: NodeTool = (argv, _stdin, shell) => {
  // The debug container's image has no crictl: it is a host binary (chroot /host first).
  if (!shell.chroot) return res('', 'exec: "crictl": executable file not found in $PATH\n', 127);
  const k = kubelet(shell);
  if (!k) return res('', 'FATA[0000] validate service connection: validate CRI v1 runtime API for endpoint "unix:///var/run/crio/crio.sock": rpc error: code = Unavailable desc = connection error\n', 1);
  const sub = argv[1];
  const o = parse(argv.slice(2));
  const now = shell.session.cluster.clock.now();
  switch (sub) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return res(USAGE);
    case 'ps':
      return ps(k, o, now);
    case 'pods':
      return pods(k, o, now);
    case 'images':
    case 'image':
    case 'img':
      return images(k, o);
    case 'inspect':
      return inspect(k, o);
    case 'inspectp': {
      const s = k.sandboxes().find((x) => o.args[0] && x.id.startsWith(o.args[0]));
      if (!s) return res('', `FATA[0000] getting the pod sandbox status for "${o.args[0] ?? ''}": rpc error: code = NotFound desc = could not find pod "${o.args[0] ?? ''}"\n`, 1);
      return res(JSON.stringify({ status: { id: s.id, metadata: { name: s.name, namespace: s.namespace, uid: s.uid, attempt: 0 }, state: s.state, createdAt: iso(s.createdAt), network: { ip: s.ip ?? '' } } }, null, 2) + '\n');
    }
    case 'logs':
      return logs(k, o);
    case 'rmi':
      return rmi(k, o);
    case 'version':
      return version(shell);
    case 'start':
    case 'stop':
    case 'rm':
    case 'runp':
    case 'run':
      return res('', `FATA[0000] crictl ${sub} is not simulated in kubedrill: the kubelet owns its pods' containers and would undo it; fix the pod spec, or a static pod's manifest in /etc/kubernetes/manifests\n`, 1);
    default:
      return res('', `No help topic for '${sub}'\n`, 3);
  }
};
