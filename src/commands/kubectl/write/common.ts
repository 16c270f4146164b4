/**
 * Shared pieces of the write commands: resource arguments (TYPE NAME / TYPE/NAME), --dry-run,
 * -o, and the `deployment.apps/web created` success line kubectl's name printer writes.
 */
import { apiVersionOf, resolveResource, type ResourceType } from '../../../core/api/resources.js';
import type { KObject } from '../../../core/api/types.js';
import { ApiError } from '../../../core/apiserver/errors.js';
import type { RequestOptions } from '../../../core/apiserver/server.js';
import type { FlagSpec, ParseResult } from '../../flags.js';
import type { CommandResult } from '../../shell/pipeline.js';
import { parseOutputFormat, printObject, resourceName } from '../printers/output.js';
import type { KubectlContext } from '../types.js';

/** A plain error whose message kubectl prints after "error: ". */
export class CmdError extends Error {}

/** cmdutil.UsageErrorf: the message plus a pointer to the command's help. */
export function usageError(ctx: KubectlContext, msg: string): CmdError {
  return new CmdError(`${msg}\nSee '${ctx.commandPath} -h' for help and examples`);
}

export type DryRun = 'none' | 'client' | 'server';

export const DRY_RUN_FLAG: FlagSpec = {
  name: 'dry-run',
  type: 'string',
  default: 'none',
  noOptDefVal: 'unchanged',
  usage: 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
};

export const OUTPUT_FLAG: FlagSpec = {
  name: 'output',
  shorthand: 'o',
  type: 'string',
  usage: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).',
};

export const FILENAME_FLAG: FlagSpec = { name: 'filename', shorthand: 'f', type: 'stringSlice', usage: 'Filename, directory, or URL to files to use.' };
export const SELECTOR_FLAG: FlagSpec = { name: 'selector', shorthand: 'l', type: 'string', usage: 'Selector (label query) to filter on.' };
export const ALL_NAMESPACES_FLAG: FlagSpec = { name: 'all-namespaces', shorthand: 'A', type: 'bool', usage: 'If true, check the specified action in all namespaces.' };

/** Formats a write command may print (no table formats). */
export const WRITE_FORMATS = ['go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'yaml'];

/** cmdutil.GetDryRunStrategy. */
export function dryRunOf(parsed: ParseResult): DryRun {
  const v = String(parsed.flags['dry-run'] ?? 'none');
  if (v === 'unchanged') throw new CmdError('--dry-run flag without a value was specified. A value must be set: "none", "server", or "client".');
  if (v === 'client' || v === 'server' || v === 'none') return v;
  throw new CmdError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}

export function requestOptions(d: DryRun): RequestOptions | undefined {
  return d === 'server' ? { dryRun: true } : undefined;
}

/** Validates -o before any change is made, as kubectl does in Complete(). */
export function checkOutput(ctx: KubectlContext, parsed: ParseResult): string {
  const o = String(parsed.flags.output ?? '');
  if (o) parseOutputFormat(o, WRITE_FORMATS, ctx.session.files);
  return o;
}

/** The name printer's `kind.group/name operation`, or the object in the -o format. */
export function printResult(ctx: KubectlContext, obj: KObject, operation: string, output: string, dry: DryRun = 'none'): string {
  if (output && output !== 'name') return printObject(obj, parseOutputFormat(output, WRITE_FORMATS, ctx.session.files));
  if (output === 'name') return `${resourceName(obj)}\n`;
  return `${resourceName(obj)} ${operation}${dryRunSuffix(dry)}\n`;
}

/** `deployment.apps/web` for a resource type and a name. */
export function nameOf(res: ResourceType, name: string): string {
  return `${res.kind.toLowerCase()}${res.group ? `.${res.group}` : ''}/${name}`;
}

/** `deployment.apps "web"`, how delete and some errors name an object. */
export function quotedNameOf(res: ResourceType, name: string): string {
  return `${res.kind.toLowerCase()}${res.group ? `.${res.group}` : ''} "${name}"`;
}

export function ok(stdout: string, stderr = ''): CommandResult {
  return { stdout, stderr, exitCode: 0 };
}

/** Resolves a resource type as kubectl's REST mapper does, with its error. */
export function lookupResource(ctx: KubectlContext, name: string): ResourceType {
  const lower = name.toLowerCase();
  if (ctx.cli === 'oc' && ctx.session.cluster.info.flavor === 'openshift' && ['project', 'projects', 'project.project.openshift.io'].includes(lower)) {
    return PROJECT_RESOURCE;
  }
  const res = resolveResource(name);
  if (!res) throw new CmdError(`the server doesn't have a resource type "${name}"`);
  return res;
}

/** OpenShift projects are namespaces seen through project.openshift.io. */
export const PROJECT_RESOURCE: ResourceType = {
  ...resolveResource('namespaces')!,
  kind: 'Project',
  plural: 'projects',
  singular: 'project',
  shortNames: [],
  group: 'project.openshift.io',
};

/** The REST resource that actually serves a type (projects are namespaces). */
export function servingPlural(res: ResourceType): string {
  return res === PROJECT_RESOURCE ? 'namespaces' : res.plural;
}

export function namespaceFor(ctx: KubectlContext, res: ResourceType): string | undefined {
  return res.namespaced ? ctx.namespace : undefined;
}

export interface Target {
  res: ResourceType;
  name: string;
}

const RESOURCE_NAME_HINT =
  "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

/**
 * ResourceTypeOrNameArgs: `TYPE NAME...`, `TYPE/NAME...`, `TYPE1,TYPE2 NAME`. Returns the
 * named targets, or the bare types when no names were given.
 */
export function parseTargets(ctx: KubectlContext, args: string[]): { targets: Target[]; types: ResourceType[] } {
  if (args.length === 0) return { targets: [], types: [] };
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) {
      throw new CmdError(RESOURCE_NAME_HINT);
    }
    return {
      targets: args.map((a) => {
        const i = a.indexOf('/');
        const type = a.slice(0, i);
        const name = a.slice(i + 1);
        if (!type || !name) throw new CmdError(`arguments in resource/name form must have a single resource and name`);
        return { res: lookupResource(ctx, type), name };
      }),
      types: [],
    };
  }
  const types = args[0]!.split(',').filter(Boolean).map((t) => lookupResource(ctx, t));
  const names = args.slice(1);
  const targets: Target[] = [];
  for (const res of types) for (const name of names) targets.push({ res, name });
  return { targets, types };
}

/** One TYPE NAME or TYPE/NAME, for commands that act on a single object (scale, rollout, expose). */
export function singleTarget(ctx: KubectlContext, args: string[], usage: string): Target {
  const { targets, types } = parseTargets(ctx, args);
  if (targets.length === 0) {
    if (types.length) throw new CmdError(`resource(s) were provided, but no name was specified`);
    throw new CmdError(usage);
  }
  return targets[0]!;
}

export function getTarget(ctx: KubectlContext, t: Target): KObject {
  return ctx.client.get(servingPlural(t.res), namespaceFor(ctx, t.res), t.name);
}

/** Objects of a type matching a label selector (kubectl -l / --all). */
export function listTargets(ctx: KubectlContext, res: ResourceType, selector: string | undefined, allNamespaces = false): KObject[] {
  const ns = res.namespaced && !allNamespaces ? ctx.namespace : undefined;
  return ctx.client.list(servingPlural(res), ns, selector ? { labelSelector: selector } : undefined).items;
}

/** cmdutil.AddSourceToErr: server errors for objects read from a file name the file. */
export function withSource(err: unknown, verb: string, source: string | undefined): unknown {
  if (!source || !(err instanceof ApiError) || err.reason === 'Invalid') return err;
  return new ApiError(err.code, err.reason, `error when ${verb} "${source}": ${err.message}`, err.details);
}

/** A new object as kubectl builds it client side (creationTimestamp null, like the Go structs). */
export function newObject(res: ResourceType, name: string, namespace: string | undefined, rest: Record<string, unknown> = {}, labels?: Record<string, string>): KObject {
  return {
    apiVersion: apiVersionOf(res),
    kind: res.kind,
    metadata: {
      creationTimestamp: null as unknown as string,
      ...(labels ? { labels } : {}),
      name,
      ...(namespace && res.namespaced ? { namespace } : {}),
    },
    ...rest,
  };
}

/** Deep structural equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Pod template of a workload (deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs), or a pod's spec holder. */
export function podTemplateOf(obj: KObject): { spec?: Record<string, any>; metadata?: Record<string, any> } | undefined {
  if (obj.kind === 'Pod') return obj as never;
  if (obj.kind === 'CronJob') return obj.spec?.jobTemplate?.spec?.template;
  return obj.spec?.template;
}

/** Returns a copy of obj with its pod template replaced (pods: metadata/spec). */
export function withPodTemplate(obj: KObject, tpl: { spec?: any; metadata?: any }): KObject {
  if (obj.kind === 'Pod') return { ...obj, spec: tpl.spec };
  if (obj.kind === 'CronJob') {
    return { ...obj, spec: { ...obj.spec, jobTemplate: { ...obj.spec.jobTemplate, spec: { ...obj.spec.jobTemplate.spec, template: tpl } } } };
  }
  return { ...obj, spec: { ...obj.spec, template: tpl } };
}

/** PATCH through the client, honouring --dry-run=server. */
export function patchObject(ctx: KubectlContext, plural: string, ns: string | undefined, name: string, body: unknown, type: 'merge' | 'json' | 'strategic', dry: DryRun = 'none', subresource?: string): KObject {
  return ctx.client.request({ verb: 'patch', resource: plural, namespace: ns, name, body, subresource, options: { patchType: type, ...(dry === 'server' ? { dryRun: true } : {}) } });
}
