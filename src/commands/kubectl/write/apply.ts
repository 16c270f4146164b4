/**
 * kubectl apply -f: client-side apply. New objects are created with the
 * last-applied-configuration annotation; existing ones get the three-way patch between the
 * last applied configuration, the file and the live object — `unchanged` when it is empty.
 */
import type { KObject } from '../../../core/api/types.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import { CmdError, checkOutput, DRY_RUN_FLAG, dryRunOf, FILENAME_FLAG, ok, OUTPUT_FLAG, patchObject, printResult, requestOptions, withSource, type DryRun } from './common.js';
import { LAST_APPLIED, sortKeys, stripNulls } from './create/run.js';
import { errorText } from './errors.js';
import { manifestNamespace, readManifests, withNamespace, type ManifestObject } from './manifest.js';
import { applyStrategic, mergePatchBetween, threeWayPatch } from './three-way.js';

/** GetModifiedConfiguration: the object with its own JSON (sans that annotation) as last-applied. */
function modifiedConfiguration(obj: KObject): KObject {
  const meta = { ...obj.metadata };
  const annotations = { ...(meta.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  if (Object.keys(annotations).length) meta.annotations = annotations;
  else delete meta.annotations;
  const bare = { ...obj, metadata: meta };
  const json = `${JSON.stringify(sortKeys(bare))}\n`;
  return { ...obj, metadata: { ...meta, annotations: { ...annotations, [LAST_APPLIED]: json } } };
}

function applyOne(ctx: KubectlContext, m: ManifestObject, dry: DryRun, output: string, warnings: string[]): string {
  const ns = manifestNamespace(ctx, m);
  const obj = withNamespace(m.obj, ns);
  const modified = stripNulls(modifiedConfiguration(obj));
  const plural = m.res.plural;
  const name = obj.metadata.name;
  const current = name ? ctx.client.tryGet(plural, ns, name) : undefined;
  if (!current) {
    if (dry === 'client') return printResult(ctx, modified, 'created', output, dry);
    try {
      const created = ctx.client.create(modified, requestOptions(dry));
      return printResult(ctx, created, 'created', output, dry);
    } catch (err) {
      throw withSource(err, 'creating', m.source);
    }
  }
  const lastText = current.metadata.annotations?.[LAST_APPLIED];
  let original: unknown;
  if (lastText === undefined) {
    warnings.push(
      `Warning: resource ${plural}/${name} is missing the ${LAST_APPLIED} annotation which is required by ${ctx.cli} apply. ${ctx.cli} apply should only be used on resources created declaratively by either ${ctx.cli} create --save-config or ${ctx.cli} apply. The missing annotation will be patched automatically.\n`,
    );
  } else {
    try {
      original = JSON.parse(lastText);
    } catch {
      original = undefined;
    }
  }
  const patch = threeWayPatch(original, modified, current);
  if (Object.keys(patch).length === 0) return printResult(ctx, current, 'unchanged', output, dry);
  const next = applyStrategic(current, patch) as KObject;
  if (dry === 'client') return printResult(ctx, next, 'configured', output, dry);
  try {
    const updated = patchObject(ctx, plural, ns, name, mergePatchBetween(current, next), 'merge', dry);
    return printResult(ctx, updated, 'configured', output, dry);
  } catch (err) {
    throw withSource(err, 'patching', m.source);
  }
}

export const applyCommand: KubectlCommand = {
  name: 'apply',
  short: 'Apply a configuration to a resource by file name or stdin',
  help: 'Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn\'t exist yet.\n\nUsage:\n  kubectl apply (-f FILENAME | -k DIRECTORY) [options]',
  flags: [
    FILENAME_FLAG,
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    { name: 'server-side', type: 'bool', usage: 'If true, apply runs in the server instead of the client.' },
    { name: 'force-conflicts', type: 'bool', usage: 'If true, server-side apply will force the changes against conflicts.' },
    { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply', usage: 'Name of the manager used to track field ownership.' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefVal: 'strict', usage: 'Must be one of: strict (or true), warn, ignore (or false).' },
    { name: 'recursive', shorthand: 'R', type: 'bool', usage: 'Process the directory used in -f, --filename recursively.' },
    { name: 'prune', type: 'bool', usage: 'Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config.' },
  ],
  run(ctx, args, parsed) {
    const files = parsed.flags.filename as string[];
    if (args.length) throw new CmdError(`Unexpected args: [${args.join(' ')}]\nSee '${ctx.commandPath} -h' for help and examples`);
    if (files.length === 0) throw new CmdError('must specify one of -f and -k');
    if (parsed.flags.prune) throw new CmdError('all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector');
    const output = checkOutput(ctx, parsed);
    const dry = dryRunOf(parsed);
    const serverSide = !!parsed.flags['server-side'];
    let stdout = '';
    const warnings: string[] = [];
    const errors: string[] = [];
    for (const m of readManifests(ctx, files)) {
      try {
        stdout += serverSide ? serverSideApply(ctx, m, dry, output) : applyOne(ctx, m, dry, output, warnings);
      } catch (err) {
        errors.push(errorText(err));
      }
    }
    return { stdout, stderr: warnings.join('') + errors.join(''), exitCode: errors.length ? 1 : 0 };
  },
};

/**
 * --server-side: the file's fields win (a two-way merge onto the live object, no
 * last-applied annotation); kubectl prints `serverside-applied`.
 */
function serverSideApply(ctx: KubectlContext, m: ManifestObject, dry: DryRun, output: string): string {
  const ns = manifestNamespace(ctx, m);
  const obj = stripNulls(withNamespace(m.obj, ns));
  const current = ctx.client.tryGet(m.res.plural, ns, obj.metadata.name);
  if (dry === 'client') throw new CmdError('--dry-run=client doesn\'t work with --server-side (did you mean --dry-run=server instead?)');
  if (!current) return printResult(ctx, ctx.client.create(obj, requestOptions(dry)), 'serverside-applied', output, dry);
  const next = applyStrategic(current, threeWayPatch(undefined, obj, current)) as KObject;
  const patch = mergePatchBetween(current, next);
  const updated = Object.keys(patch).length ? patchObject(ctx, m.res.plural, ns, obj.metadata.name, patch, 'merge', dry) : current;
  return ok(printResult(ctx, updated, 'serverside-applied', output, dry)).stdout;
}
