/** `kubectl describe`: each object through its describer, separated by a blank line pair. */
import { keyOf, type Event, type KObject } from '../../../core/api/types.js';
import { ApiError } from '../../../core/apiserver/errors.js';
import { escapeValue } from '../../../core/api/fields.js';
import { ALL_NAMESPACES_FLAG, type FlagSpec, type ParseResult } from '../../flags.js';
import type { CommandResult } from '../../shell/pipeline.js';
import { describeObject, type DescribeContext } from '../printers/describe/index.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import { getObject, listObjects, noResourcesMessage, now, parseResourceArgs } from './resources.js';

const DESCRIBE_FLAGS: FlagSpec[] = [
  ALL_NAMESPACES_FLAG,
  { name: 'chunk-size', type: 'int64', default: 500, usage: 'Return large lists in chunks rather than all at once.' },
  { name: 'filename', shorthand: 'f', type: 'stringSlice', usage: 'Filename, directory, or URL to files containing the resource to describe' },
  { name: 'selector', shorthand: 'l', type: 'string', usage: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'." },
  { name: 'show-events', type: 'bool', default: true, usage: 'If true, display events related to the described object.' },
];

/** The describers' window on the cluster: every read goes through the API as the user. */
export function describeContext(ctx: KubectlContext, showEvents: boolean): DescribeContext {
  // As the session's own admin (no --as/--token), read the server's watch cache directly: the
  // same answer as a field-selector list, without sorting every event key per describe.
  const direct = ctx.client === ctx.session.client;
  const api = ctx.session.cluster.api;
  return {
    now: now(ctx),
    events(ref): Event[] | undefined {
      if (!showEvents) return undefined;
      if (direct) {
        const out: Event[] = [];
        for (const o of api.cachedList('events', ref.namespace || undefined)) {
          const e = o as Event;
          const io = e.involvedObject;
          if (!io || io.name !== ref.name || (io.namespace ?? '') !== (ref.namespace ?? '')) continue;
          if (ref.kind && io.kind !== ref.kind) continue;
          if (ref.uid && io.uid !== ref.uid) continue;
          out.push(e);
        }
        return out;
      }
      const sel = [`involvedObject.name=${escapeValue(ref.name)}`, `involvedObject.namespace=${escapeValue(ref.namespace ?? '')}`];
      if (ref.kind) sel.push(`involvedObject.kind=${escapeValue(ref.kind)}`);
      if (ref.uid) sel.push(`involvedObject.uid=${escapeValue(ref.uid)}`);
      try {
        return ctx.client.list<Event>('events', ref.namespace || undefined, { fieldSelector: sel.join(',') }).items;
      } catch {
        return [];
      }
    },
    list(resource, namespace, opts = {}) {
      const node = direct && resource === 'pods' && !opts.labelSelector ? /^spec\.nodeName=([^,]+),status\.phase!=Succeeded,status\.phase!=Failed$/.exec(opts.fieldSelector ?? '') : null;
      if (node) {
        // describe node: the node's non-terminated pods, in key order like a list.
        const pods: Array<{ k: string; p: KObject }> = [];
        for (const p of api.cachedList('pods', namespace)) {
          if (p.spec?.nodeName === node[1] && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') pods.push({ k: keyOf(p), p });
        }
        return pods.sort((a, b) => (a.k < b.k ? -1 : 1)).map((x) => x.p);
      }
      return ctx.client.list(resource, namespace, opts).items;
    },
    get(resource, namespace, name) {
      try {
        return ctx.client.get(resource, namespace, name);
      } catch (err) {
        if (err instanceof ApiError) return err;
        throw err;
      }
    },
  };
}

const REQUIRED = `You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.
`;

export function runDescribe(ctx: KubectlContext, args: string[], parsed: ParseResult): CommandResult {
  const f = parsed.flags;
  if ((f.filename as string[]).length > 0) return { stdout: '', stderr: 'error: describe -f is not supported in the palette; name the resources instead\n', exitCode: 1 };
  if (args.length === 0) return { stdout: '', stderr: `${REQUIRED.replace('kubectl', ctx.cli)}`, exitCode: 1 };
  const allNamespaces = !!f['all-namespaces'];
  const { requests } = parseResourceArgs(args);
  const dctx = describeContext(ctx, f['show-events'] as boolean);
  const found: Array<{ plural: string; obj: KObject; prefixMatch?: boolean }> = [];
  let stderr = '';
  for (const req of requests) {
    if (req.names.length === 0) {
      for (const obj of listObjects(ctx, req.res, { allNamespaces, labelSelector: f.selector as string })) found.push({ plural: req.res.plural, obj });
      continue;
    }
    for (const name of req.names) {
      try {
        found.push({ plural: req.res.plural, obj: getObject(ctx, req.res, name) });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        // `describe TYPE PREFIX` describes every object whose name starts with PREFIX.
        if (err.code === 404 && args.length === 2 && !args[0]!.includes('/') && !args[0]!.includes(',')) {
          const matches = listObjects(ctx, req.res, { allNamespaces: false }).filter((o) => o.metadata.name.startsWith(name));
          if (matches.length) {
            for (const obj of matches) found.push({ plural: req.res.plural, obj, prefixMatch: true });
            continue;
          }
        }
        stderr += `${err.kubectlMessage()}\n`;
      }
    }
  }
  // DescribeMatchingResources prints "%s\n" per match; the normal path separates with "\n\n".
  let stdout = '';
  found.forEach(({ plural, obj, prefixMatch }, i) => {
    const text = describeObject(plural, obj, dctx);
    stdout += prefixMatch ? `${text}\n` : i === 0 ? text : `\n\n${text}`;
  });
  const failed = stderr !== '';
  if (found.length === 0 && !failed) stderr = noResourcesMessage(ctx, allNamespaces);
  return { stdout, stderr, exitCode: failed ? 1 : 0 };
}

export const describeCommand: KubectlCommand = {
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  help: `Show details of a specific resource or group of resources.

 Print a detailed description of the selected resources, including related resources such as events or controllers. You may select a single object by name, all objects of that type, provide a name prefix, or label selector.

Examples:
  # Describe a node
  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal

  # Describe a pod
  kubectl describe pods/nginx

  # Describe pods by label name=myLabel
  kubectl describe pods -l name=myLabel

Usage:
  kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]`,
  flags: DESCRIBE_FLAGS,
  run: runDescribe,
};
