/** Discovery and client information: api-resources, api-versions, version, cluster-info. */
import { RESOURCES, apiVersionOf, type ResourceType } from '../../../core/api/resources.js';
import type { ClusterInfo } from '../../../core/component.js';
import type { KObject } from '../../../core/api/types.js';
import { parseGoBool, type FlagSpec, type ParseResult } from '../../flags.js';
import type { CommandResult } from '../../shell/pipeline.js';
import { kubectlTable, toKubectlJson, toYaml } from '../printers/index.js';
import type { KubectlCommand, KubectlContext } from '../types.js';

/** The API server's address as the kubeconfig holds it. */
export function serverURL(info: ClusterInfo): string {
  if (info.flavor === 'openshift') return `https://api.${info.name}.example.com:6443`;
  const master = info.nodes.find((n) => n.role === 'control-plane');
  return `https://${master?.ip ?? '127.0.0.1'}:6443`;
}

// The order the API server's discovery lists groups in (core first).
const GROUP_ORDER = [
  '', 'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch',
  'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'admissionregistration.k8s.io',
  'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io', 'flowcontrol.apiserver.k8s.io',
];

function discoveryOrder(list: readonly ResourceType[]): ResourceType[] {
  const rank = (g: string): number => {
    const i = GROUP_ORDER.indexOf(g);
    return i < 0 ? GROUP_ORDER.length : i;
  };
  return [...list].sort((a, b) => rank(a.group) - rank(b.group) || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) || (a.plural < b.plural ? -1 : 1));
}

const API_RESOURCES_FLAGS: FlagSpec[] = [
  { name: 'api-group', type: 'string', usage: 'Limit to resources in the specified API group.' },
  { name: 'cached', type: 'bool', usage: 'Use the cached list of resources if available.' },
  { name: 'categories', type: 'stringSlice', usage: 'Limit to resources that belong to the specified categories.' },
  { name: 'namespaced', type: 'string', default: '', usage: 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.' },
  { name: 'no-headers', type: 'bool', usage: 'When using the default or custom-column output format, don\'t print headers (default print headers).' },
  { name: 'output', shorthand: 'o', type: 'string', usage: 'Output format. One of: (wide, name).' },
  { name: 'sort-by', type: 'string', usage: "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'." },
  { name: 'verbs', type: 'stringSlice', usage: 'Limit to resources that support the specified verbs.' },
];

export function runApiResources(ctx: KubectlContext, args: string[], parsed: ParseResult): CommandResult {
  const f = parsed.flags;
  if (args.length) return { stdout: '', stderr: `error: unexpected arguments: [${args.join(' ')}]\nSee '${ctx.cli} api-resources -h' for help and examples\n`, exitCode: 1 };
  const output = f.output as string;
  if (output && output !== 'wide' && output !== 'name') return { stdout: '', stderr: `error: --output wide or name is the only supported format\n`, exitCode: 1 };
  const sortBy = f['sort-by'] as string;
  if (sortBy && sortBy !== 'name' && sortBy !== 'kind') return { stdout: '', stderr: `error: --sort-by accepts only name or kind\n`, exitCode: 1 };
  let list = RESOURCES.filter((r) => ctx.session.cluster.info.flavor === 'openshift' || !r.group.endsWith('openshift.io'));
  if (parsed.changed.has('namespaced')) {
    let ns: boolean;
    try {
      ns = parseGoBool(f.namespaced as string);
    } catch (err) {
      return { stdout: '', stderr: `error: invalid argument "${f.namespaced}" for "--namespaced" flag: ${(err as Error).message}\n`, exitCode: 1 };
    }
    list = list.filter((r) => r.namespaced === ns);
  }
  if (parsed.changed.has('api-group')) list = list.filter((r) => r.group === f['api-group']);
  const verbs = f.verbs as string[];
  if (verbs.length) list = list.filter((r) => verbs.every((v) => (r.verbs ?? []).includes(v)));
  const cats = f.categories as string[];
  if (cats.length) list = list.filter((r) => cats.every((c) => r.categories?.includes(c)));
  list = discoveryOrder(list);
  if (sortBy === 'name') list.sort((a, b) => (a.plural < b.plural ? -1 : 1));
  if (sortBy === 'kind') list.sort((a, b) => (a.kind < b.kind ? -1 : 1));
  if (output === 'name') return { stdout: list.map((r) => `${r.plural}${r.group ? `.${r.group}` : ''}\n`).join(''), stderr: '', exitCode: 0 };
  const wide = output === 'wide';
  const rows: string[][] = [];
  if (!f['no-headers']) rows.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])]);
  for (const r of list) {
    rows.push([
      r.plural, r.shortNames.join(','), apiVersionOf(r), String(r.namespaced), r.kind,
      ...(wide ? [`[${(r.verbs ?? []).join(' ')}]`, (r.categories ?? []).join(',')] : []),
    ]);
  }
  return { stdout: kubectlTable(rows), stderr: '', exitCode: 0 };
}

export const apiResourcesCommand: KubectlCommand = {
  name: 'api-resources',
  short: 'Print the supported API resources on the server',
  help: `Print the supported API resources on the server.

Examples:
  # Print the supported API resources
  kubectl api-resources

  # Print the supported API resources with more information
  kubectl api-resources -o wide

  # Print the supported namespaced resources
  kubectl api-resources --namespaced=true

Usage:
  kubectl api-resources [flags] [options]`,
  flags: API_RESOURCES_FLAGS,
  run: runApiResources,
};

export const apiVersionsCommand: KubectlCommand = {
  name: 'api-versions',
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  help: `Print the supported API versions on the server, in the form of "group/version".

Usage:
  kubectl api-versions [options]`,
  run(ctx) {
    const versions = new Set(RESOURCES.filter((r) => ctx.session.cluster.info.flavor === 'openshift' || !r.group.endsWith('openshift.io')).map(apiVersionOf));
    const list = [...versions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { stdout: list.map((v) => `${v}\n`).join(''), stderr: '', exitCode: 0 };
  },
};

const KUSTOMIZE = 'v5.5.0';

/** OpenShift release carrying the cluster's Kubernetes minor (4.19 ships 1.32). */
function openshiftVersion(k8s: string): string {
  const minor = Number(/^v1\.(\d+)/.exec(k8s)?.[1] ?? 32);
  return `4.${minor - 13}.0`;
}

function gitVersionInfo(v: string): Record<string, string> {
  const m = /^v?(\d+)\.(\d+)/.exec(v);
  return {
    major: m?.[1] ?? '1', minor: m?.[2] ?? '32', gitVersion: v, gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean',
    buildDate: '2025-04-22T16:03:51Z', goVersion: 'go1.23.8', compiler: 'gc', platform: 'linux/amd64',
  };
}

export const versionCommand: KubectlCommand = {
  name: 'version',
  short: 'Print the client and server version information',
  help: `Print the client and server version information for the current context.

Usage:
  kubectl version [flags] [options]`,
  flags: [
    { name: 'client', type: 'bool', usage: 'If true, shows client version only (no server required).' },
    { name: 'output', shorthand: 'o', type: 'string', usage: "One of 'yaml' or 'json'." },
  ],
  run(ctx, _args, parsed) {
    const info = ctx.session.cluster.info;
    const k8s = info.kubernetesVersion;
    const oc = ctx.cli === 'oc';
    const clientOnly = !!parsed.flags.client;
    const output = parsed.flags.output as string;
    if (output && output !== 'yaml' && output !== 'json') return { stdout: '', stderr: `error: --output must be 'yaml' or 'json'\n`, exitCode: 1 };
    if (output) {
      const data: Record<string, unknown> = { clientVersion: gitVersionInfo(oc ? `v${openshiftVersion(k8s)}` : k8s), kustomizeVersion: KUSTOMIZE };
      if (!clientOnly) data.serverVersion = gitVersionInfo(k8s);
      if (oc && !clientOnly) data.openshiftVersion = openshiftVersion(k8s);
      return { stdout: output === 'json' ? toKubectlJson(data) : toYaml(data), stderr: '', exitCode: 0 };
    }
    let out = oc ? `Client Version: ${openshiftVersion(k8s)}\nKustomize Version: ${KUSTOMIZE}\n` : `Client Version: ${k8s}\nKustomize Version: ${KUSTOMIZE}\n`;
    if (!clientOnly) out += oc ? `Server Version: ${openshiftVersion(k8s)}\nKubernetes Version: ${k8s}\n` : `Server Version: ${k8s}\n`;
    return { stdout: out, stderr: '', exitCode: 0 };
  },
};

export const clusterInfoCommand: KubectlCommand = {
  name: 'cluster-info',
  short: 'Display cluster information',
  help: `Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.

Usage:
  kubectl cluster-info [flags] [options]`,
  run(ctx) {
    const server = serverURL(ctx.session.cluster.info);
    let out = `Kubernetes control plane is running at ${server}\n`;
    const svcs = ctx.client.list('services', 'kube-system', { labelSelector: 'kubernetes.io/cluster-service=true' }).items as KObject[];
    for (const s of svcs) {
      const name = s.metadata.labels?.['kubernetes.io/name'] ?? s.metadata.name;
      const port = s.spec?.ports?.[0];
      const portPart = port?.name ? `:${port.name}` : port ? `:${port.port}` : '';
      out += `${name} is running at ${server}/api/v1/namespaces/${s.metadata.namespace}/services/${s.metadata.name}${portPart}/proxy\n`;
    }
    out += `\nTo further debug and diagnose cluster problems, use '${ctx.cli} cluster-info dump'.\n`;
    return { stdout: out, stderr: '', exitCode: 0 };
  },
};
