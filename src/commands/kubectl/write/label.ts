/** kubectl label / annotate: KEY=VAL, KEY-, --overwrite, --list, -l, --all. */
import type { KObject } from '../../../core/api/types.js';
import type { ParseResult } from '../../flags.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import {
  ALL_NAMESPACES_FLAG,
  CmdError,
  checkOutput,
  DRY_RUN_FLAG,
  dryRunOf,
  FILENAME_FLAG,
  jsonEqual,
  listTargets,
  namespaceFor,
  OUTPUT_FLAG,
  parseTargets,
  patchObject,
  printResult,
  SELECTOR_FLAG,
  servingPlural,
} from './common.js';
import { errorText } from './errors.js';
import { manifestNamespace, readManifests } from './manifest.js';
import { validateLabelValue } from '../../../core/api/labels.js';
import { resourceForKind } from '../../../core/api/resources.js';

/** cmdutil.GetResourcesAndPairs. */
export function splitResourcesAndPairs(args: string[], pairType: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  let found = false;
  for (const s of args) {
    const nonResource = (s.includes('=') && s[0] !== '=') || (s.endsWith('-') && s !== '-');
    if (nonResource) {
      found = true;
      pairs.push(s);
    } else if (!found) resources.push(s);
    else throw new CmdError(`all resources must be specified before ${pairType} changes: ${s}`);
  }
  return { resources, pairs };
}

type Kind = 'label' | 'annotation';

function parsePairs(pairs: string[], kind: Kind): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const spec of pairs) {
    if (spec.includes('=')) {
      if (kind === 'label') {
        const parts = spec.split('=');
        if (parts.length !== 2) throw new CmdError(`invalid label spec: ${spec}`);
        const errs = validateLabelValue(parts[1]!);
        if (errs.length) throw new CmdError(`invalid label value: "${spec}": ${errs.join(';')}`);
        set[parts[0]!] = parts[1]!;
      } else {
        const eq = spec.indexOf('=');
        if (eq === 0) throw new CmdError(`invalid annotation spec: ${spec}`);
        set[spec.slice(0, eq)] = spec.slice(eq + 1);
      }
    } else if (spec.endsWith('-')) remove.push(spec.slice(0, -1));
    else throw new CmdError(`unknown ${kind} spec: ${spec}`);
  }
  for (const r of remove) if (r in set) throw new CmdError(`can not both modify and remove ${kind === 'label' ? 'a label' : 'an annotation'} in the same command`);
  return { set, remove };
}

function checkOverwrites(current: Record<string, string>, set: Record<string, string>, kind: Kind): void {
  if (kind === 'label') {
    const errs: string[] = [];
    for (const [k, v] of Object.entries(set)) {
      if (k in current && current[k] !== v) errs.push(`'${k}' already has a value (${current[k]}), and --overwrite is false`);
    }
    if (errs.length === 1) throw new CmdError(errs[0]!);
    if (errs.length > 1) throw new CmdError(`[${errs.join(', ')}]`);
    return;
  }
  const found: string[] = [];
  for (const [k, v] of Object.entries(set)) {
    if (k === 'kubernetes.io/change-cause') continue;
    if (k in current && current[k] !== v) found.push(`'${k}' already has a value (${current[k]})`);
  }
  if (found.length) throw new CmdError(`--overwrite is false but found the following declared annotation(s): ${found.join('; ')}`);
}

function metadataCommand(kind: Kind): KubectlCommand {
  const field = kind === 'label' ? 'labels' : 'annotations';
  const verb = kind === 'label' ? 'label' : 'annotate';
  return {
    name: verb,
    short: kind === 'label' ? 'Update the labels on a resource' : 'Update the annotations on a resource',
    help: `Update the ${field} on a resource.\n\nUsage:\n  kubectl ${verb} [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]`,
    flags: [
      FILENAME_FLAG,
      SELECTOR_FLAG,
      ALL_NAMESPACES_FLAG,
      DRY_RUN_FLAG,
      OUTPUT_FLAG,
      { name: 'overwrite', type: 'bool', usage: `If true, allow ${field} to be overwritten, otherwise reject ${kind} updates that overwrite existing ${field}.` },
      { name: 'list', type: 'bool', usage: `If true, display the ${field} for a given resource.` },
      { name: 'all', type: 'bool', usage: 'Select all resources, in the namespace of the specified resource types' },
      { name: 'resource-version', type: 'string', usage: `If non-empty, the ${kind} update will only succeed if this is the current resource-version for the object.` },
      { name: 'local', type: 'bool', usage: 'If true, will NOT contact api-server but run locally.' },
    ],
    run(ctx, args, parsed) {
      return runMetadata(ctx, args, parsed, kind);
    },
  };
}

function runMetadata(ctx: KubectlContext, args: string[], parsed: ParseResult, kind: Kind) {
  const field = kind === 'label' ? 'labels' : 'annotations';
  const { resources, pairs } = splitResourcesAndPairs(args, kind);
  const list = !!parsed.flags.list;
  const files = parsed.flags.filename as string[];
  if (resources.length < 1 && files.length === 0) throw new CmdError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  const { set, remove } = parsePairs(pairs, kind);
  if (!list && Object.keys(set).length === 0 && remove.length === 0) throw new CmdError(`at least one ${kind} update is required`);
  const output = checkOutput(ctx, parsed);
  const dry = dryRunOf(parsed);
  const selector = parsed.flags.selector as string;
  let objects: KObject[] = [];
  if (files.length) {
    objects = readManifests(ctx, files, kind).map((m) => ctx.client.get(m.res.plural, manifestNamespace(ctx, m), m.obj.metadata.name));
  } else {
    const { targets, types } = parseTargets(ctx, resources);
    if (targets.length) {
      for (const t of targets) objects.push(ctx.client.get(servingPlural(t.res), namespaceFor(ctx, t.res), t.name));
    } else {
      if (!selector && !parsed.flags.all) throw new CmdError('resource(s) were provided, but no name was specified');
      for (const res of types) {
        const items = selector ? ctx.client.list(servingPlural(res), res.namespaced && !parsed.flags['all-namespaces'] ? ctx.namespace : undefined, { labelSelector: selector }).items : listTargets(ctx, res, undefined, !!parsed.flags['all-namespaces']);
        objects.push(...items);
      }
    }
  }
  let stdout = '';
  const errors: string[] = [];
  for (const obj of objects) {
    try {
      const current = (obj.metadata[field] as Record<string, string> | undefined) ?? {};
      if (list) {
        for (const k of Object.keys(current).sort()) stdout += `${k}=${current[k]}\n`;
        continue;
      }
      if (!parsed.flags.overwrite) checkOverwrites(current, set, kind);
      for (const r of remove) if (kind === 'label' && !(r in current)) stdout += `label "${r}" not found.\n`;
      const next: Record<string, string> = { ...current, ...set };
      for (const r of remove) delete next[r];
      const rv = parsed.flags['resource-version'] as string;
      let message = 'annotated';
      if (kind === 'label') {
        const changed = !jsonEqual(current, next);
        message = !changed ? 'not labeled' : !parsed.flags.overwrite && Object.keys(next).length < Object.keys(current).length ? 'unlabeled' : 'labeled';
      }
      const res = resourceForKind(obj.kind, obj.apiVersion)!.plural;
      const patch: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(set)) if (current[k] !== v) patch[k] = v;
      for (const r of remove) if (r in current) patch[r] = null;
      let result: KObject = { ...obj, metadata: { ...obj.metadata, [field]: next } };
      if (dry !== 'client' && (Object.keys(patch).length || rv)) {
        const value = Object.keys(next).length ? patch : null; // an emptied map is omitted, as Go's omitempty does
        result = patchObject(ctx, res, obj.metadata.namespace, obj.metadata.name, { metadata: { [field]: value, ...(rv ? { resourceVersion: rv } : {}) } }, 'merge', dry);
      }
      stdout += printResult(ctx, result, message, output, dry);
    } catch (err) {
      errors.push(errorText(err));
    }
  }
  return { stdout, stderr: errors.join(''), exitCode: errors.length ? 1 : 0 };
}

export const labelCommand = metadataCommand('label');
export const annotateCommand = metadataCommand('annotation');
