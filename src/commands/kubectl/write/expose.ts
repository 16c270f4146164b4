/** kubectl expose (deploy|rs|rc|pod|svc)/NAME --port P [--target-port] [--type] [--name]: a Service selecting the same pods. */
import type { KObject } from '../../../core/api/types.js';
import type { KubectlCommand } from '../types.js';
import { CmdError, checkOutput, DRY_RUN_FLAG, dryRunOf, getTarget, ok, OUTPUT_FLAG, printResult, requestOptions, singleTarget } from './common.js';
import { stripNulls } from './create/run.js';

function selectorOf(obj: KObject): Record<string, string> {
  switch (obj.kind) {
    case 'Pod':
      return obj.metadata.labels ?? {};
    case 'Service':
      return obj.spec?.selector ?? {};
    case 'ReplicationController':
      return obj.spec?.selector ?? {};
    default: {
      const sel = obj.spec?.selector;
      if (sel?.matchExpressions?.length) throw new CmdError(`couldn't retrieve selectors via --selector flag or introspection: ${obj.kind.toLowerCase()}s.apps "${obj.metadata.name}" has a non-equality-based selector; expose requires --selector`);
      return sel?.matchLabels ?? {};
    }
  }
}

function portsOf(obj: KObject): Array<{ port: number; protocol: string; name?: string }> {
  if (obj.kind === 'Service') return (obj.spec?.ports ?? []).map((p: any) => ({ port: p.port, protocol: p.protocol ?? 'TCP', name: p.name }));
  const spec = obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
  const out: Array<{ port: number; protocol: string; name?: string }> = [];
  for (const c of spec?.containers ?? []) for (const p of c.ports ?? []) out.push({ port: p.containerPort, protocol: p.protocol ?? 'TCP', name: p.name });
  return out;
}

export const exposeCommand: KubectlCommand = {
  name: 'expose',
  short: 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  help: 'Expose a resource as a new Kubernetes service.\n\nUsage:\n  kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]',
  flags: [
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    { name: 'port', type: 'string', usage: 'The port that the service should serve on. Copied from the resource being exposed, if unspecified' },
    { name: 'target-port', type: 'string', usage: 'Name or number for the port on the container that the service should direct traffic to. Optional.' },
    { name: 'protocol', type: 'string', usage: 'The network protocol for the service to be created. Default is \'TCP\'.' },
    { name: 'type', type: 'string', usage: 'Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is \'ClusterIP\'.' },
    { name: 'name', type: 'string', usage: 'The name for the newly created object.' },
    { name: 'selector', type: 'string', usage: 'A label selector to use for this service. Only equality-based selector requirements are supported.' },
    { name: 'labels', shorthand: 'l', type: 'string', usage: 'Labels to apply to the service created by this call.' },
    { name: 'cluster-ip', type: 'string', usage: "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service." },
  ],
  run(ctx, args, parsed) {
    const output = checkOutput(ctx, parsed);
    const dry = dryRunOf(parsed);
    const t = singleTarget(ctx, args, `You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    if (!['deployments', 'replicasets', 'replicationcontrollers', 'pods', 'services'].includes(t.res.plural)) {
      throw new CmdError(`cannot expose a ${t.res.kind}${t.res.group ? `.${t.res.group}` : ''}`);
    }
    const obj = getTarget(ctx, t);
    let selector: Record<string, string>;
    const selText = parsed.flags.selector as string;
    if (selText) {
      selector = {};
      for (const pair of selText.split(',')) {
        const [k, v] = pair.split('=');
        selector[k!.trim()] = (v ?? '').trim();
      }
    } else selector = selectorOf(obj);
    if (!Object.keys(selector).length) throw new CmdError(`couldn't retrieve selectors via --selector flag or introspection: the ${t.res.kind.toLowerCase()} has no labels`);
    const protocol = (parsed.flags.protocol as string) || undefined;
    const portFlag = parsed.flags.port as string;
    const targetPort = parsed.flags['target-port'] as string;
    let ports: Array<Record<string, unknown>>;
    if (portFlag) {
      const n = Number(portFlag);
      if (!/^\d+$/.test(portFlag)) throw new CmdError(`strconv.Atoi: parsing "${portFlag}": invalid syntax`);
      ports = [{ port: n, protocol: protocol ?? 'TCP', targetPort: targetPort ? (/^\d+$/.test(targetPort) ? Number(targetPort) : targetPort) : n }];
    } else {
      const found = portsOf(obj);
      if (found.length === 0) throw new CmdError("couldn't find port via --port flag or introspection");
      ports = found.map((p, i) => ({
        ...(found.length > 1 ? { name: p.name || `port-${i + 1}` } : {}),
        port: p.port,
        protocol: protocol ?? p.protocol,
        targetPort: targetPort ? (/^\d+$/.test(targetPort) ? Number(targetPort) : targetPort) : p.port,
      }));
    }
    const labels: Record<string, string> | undefined = parsed.flags.labels
      ? Object.fromEntries((parsed.flags.labels as string).split(',').map((p) => p.split('=') as [string, string]))
      : obj.metadata.labels;
    const name = (parsed.flags.name as string) || obj.metadata.name;
    const type = parsed.flags.type as string;
    const clusterIP = parsed.flags['cluster-ip'] as string;
    const svc: KObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { creationTimestamp: null as unknown as string, ...(labels && Object.keys(labels).length ? { labels } : {}), name, ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}) },
      spec: { ...(clusterIP ? { clusterIP } : {}), ports, selector, ...(type ? { type } : {}) },
      status: { loadBalancer: {} },
    };
    if (dry === 'client') return ok(printResult(ctx, svc, 'exposed', output, dry));
    const created = ctx.client.create(stripNulls({ ...svc, metadata: { ...svc.metadata, namespace: obj.metadata.namespace } }), requestOptions(dry));
    return ok(printResult(ctx, created, 'exposed', output, dry));
  },
};
