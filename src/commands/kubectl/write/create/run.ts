/**
 * What every `kubectl create TYPE` generator shares: build the object, then print it (client
 * dry run), or send it and print the server's answer.
 */
import type { ResourceType } from '../../../../core/api/resources.js';
import type { KObject } from '../../../../core/api/types.js';
import type { FlagSpec, ParseResult } from '../../../flags.js';
import type { CommandResult } from '../../../shell/pipeline.js';
import type { KubectlContext } from '../../types.js';
import { usageError } from '../common.js';
import { checkOutput, DRY_RUN_FLAG, dryRunOf, ok, OUTPUT_FLAG, printResult, requestOptions } from '../common.js';

export const GENERATOR_FLAGS: FlagSpec[] = [
  DRY_RUN_FLAG,
  OUTPUT_FLAG,
  { name: 'save-config', type: 'bool', usage: 'If true, the configuration of current object will be saved in its annotation.' },
  { name: 'validate', type: 'string', default: 'strict', noOptDefVal: 'strict', usage: 'Must be one of: strict (or true), warn, ignore (or false).' },
  { name: 'field-manager', type: 'string', default: 'kubectl-create', usage: 'Name of the manager used to track field ownership.' },
  { name: 'show-managed-fields', type: 'bool', usage: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
  { name: 'template', type: 'string', usage: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' },
];

/** The namespace kubectl writes into a generated object: only when -n was given. */
export function generatedNamespace(ctx: KubectlContext, res: ResourceType): string | undefined {
  return res.namespaced && ctx.namespaceExplicit ? ctx.namespace : undefined;
}

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** --save-config: the object's own JSON in the last-applied annotation (as `kubectl apply` would). */
export function withSavedConfig(obj: KObject): KObject {
  const { status: _s, ...rest } = obj;
  const meta = { ...obj.metadata };
  if (meta.annotations) {
    const { [LAST_APPLIED]: _old, ...a } = meta.annotations;
    meta.annotations = Object.keys(a).length ? a : undefined;
  }
  if (meta.annotations === undefined) delete meta.annotations;
  const json = JSON.stringify(sortKeys({ ...rest, metadata: meta })) + '\n';
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: json } } };
}

/** Go's encoding/json writes map keys sorted; struct fields keep their order (close enough: sort all). */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

/** Sends (or, with --dry-run=client, only prints) a generated object. */
export function finishCreate(ctx: KubectlContext, parsed: ParseResult, obj: KObject): CommandResult {
  const output = checkOutput(ctx, parsed);
  const dry = dryRunOf(parsed);
  if (parsed.flags['save-config']) obj = withSavedConfig(obj);
  if (dry === 'client') return ok(printResult(ctx, obj, 'created', output, dry));
  const sent = obj.metadata.namespace || !isNamespaced(obj) ? obj : { ...obj, metadata: { ...obj.metadata, namespace: ctx.namespace } };
  const created = ctx.client.create(stripNulls(sent), requestOptions(dry));
  return ok(printResult(ctx, created, 'created', output, dry));
}

function isNamespaced(obj: KObject): boolean {
  return !['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'Node', 'PersistentVolume', 'PriorityClass', 'StorageClass'].includes(obj.kind);
}

/** Drops the client-side `creationTimestamp: null` placeholders before sending. */
export function stripNulls<T>(v: T): T {
  if (Array.isArray(v)) return v.map(stripNulls) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = stripNulls(x);
    return out as T;
  }
  return v;
}

/** cobra's MarkFlagRequired error. */
export function requireFlags(parsed: ParseResult, ...names: string[]): void {
  const missing = names.filter((n) => !parsed.changed.has(n));
  if (missing.length) throw new Error(`required flag(s) ${missing.map((n) => `"${n}"`).join(', ')} not set`);
}

/** cmdutil.NameFromCommandArgs: exactly one name before `--`. */
export function nameArg(ctx: KubectlContext, parsed: ParseResult): string {
  const n = parsed.argsLenAtDash >= 0 ? parsed.argsLenAtDash : parsed.args.length;
  if (n !== 1) throw usageError(ctx, `exactly one NAME is required, got ${n}`);
  return parsed.args[0]!;
}
