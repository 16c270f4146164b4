/**
 * kubectl delete TYPE NAME... | TYPE/NAME | -f FILE | -l SELECTOR | --all. The palette does not
 * block on --wait: `pod "x" deleted` is printed once the API server accepted the deletion
 * (kubectl 1.32 prints it at that moment too, then waits silently).
 */
import type { ResourceType } from '../../../core/api/resources.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import {
  ALL_NAMESPACES_FLAG,
  CmdError,
  DRY_RUN_FLAG,
  dryRunOf,
  FILENAME_FLAG,
  listTargets,
  namespaceFor,
  parseTargets,
  SELECTOR_FLAG,
  servingPlural,
  withSource,
  type DryRun,
} from './common.js';
import { errorText } from './errors.js';
import { manifestNamespace, readManifests } from './manifest.js';

const MUST_PROVIDE = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

export const FORCE_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

function cascadeOf(v: string, warnings: string[]): 'Background' | 'Foreground' | 'Orphan' {
  switch (v) {
    case 'background':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
      return 'Orphan';
    case 'true':
      warnings.push('warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n');
      return 'Background';
    case 'false':
      warnings.push('warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n');
      return 'Orphan';
    default:
      throw new CmdError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan".`);
  }
}

interface Victim {
  res: ResourceType;
  ns: string | undefined;
  name: string;
  source?: string;
}

export const deleteCommand: KubectlCommand = {
  name: 'delete',
  short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  help: 'Delete resources by file names, stdin, resources and names, or by resources and label selector.\n\nUsage:\n  kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]',
  flags: [
    FILENAME_FLAG,
    SELECTOR_FLAG,
    ALL_NAMESPACES_FLAG,
    DRY_RUN_FLAG,
    { name: 'all', type: 'bool', usage: 'Delete all resources, in the namespace of the specified resource types.' },
    { name: 'field-selector', type: 'string', usage: 'Selector (field query) to filter on.' },
    { name: 'force', type: 'bool', usage: 'If true, immediately remove resources from API and bypass graceful deletion.' },
    { name: 'grace-period', type: 'int', default: -1, usage: 'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).' },
    { name: 'now', type: 'bool', usage: 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).' },
    { name: 'cascade', type: 'string', default: 'background', noOptDefVal: 'background', usage: 'Must be "background", "orphan", or "foreground".' },
    { name: 'wait', type: 'bool', default: true, usage: 'If true, wait for resources to be gone before returning. This waits for finalizers.' },
    { name: 'timeout', type: 'duration', usage: 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object' },
    { name: 'ignore-not-found', type: 'bool', usage: 'Treat "resource not found" as a successful delete. Defaults to "true" when --all is specified.' },
    { name: 'output', shorthand: 'o', type: 'string', usage: 'Output mode. Use "-o name" for shorter output (resource/name).' },
    { name: 'interactive', shorthand: 'i', type: 'bool', usage: 'If true, delete resource only when user confirms.' },
  ],
  run(ctx, args, parsed) {
    const output = parsed.flags.output as string;
    if (output && output !== 'name') throw new CmdError(`unexpected -o output mode: ${output}. We only support '-o name'`);
    const warnings: string[] = [];
    const selector = parsed.flags.selector as string;
    const all = !!parsed.flags.all;
    if (all && selector) throw new CmdError('cannot set --all and --selector at the same time');
    if (parsed.flags.interactive) throw new CmdError('--interactive needs a terminal; the palette cannot ask for confirmation');
    const force = !!parsed.flags.force;
    let grace = parsed.flags['grace-period'] as number;
    if (parsed.flags.now) {
      if (grace !== -1) throw new CmdError('--now and --grace-period cannot be specified together');
      grace = 1;
    }
    if (grace === 0 && !force) grace = 1;
    if (force && grace < 0) grace = 0;
    if (force && grace > 0) throw new CmdError('--force and --grace-period greater than 0 cannot be specified together');
    if (force && grace === 0) warnings.push(FORCE_WARNING);
    const cascade = cascadeOf(parsed.flags.cascade as string, warnings);
    const dry = dryRunOf(parsed);
    const ignoreNotFound = !!parsed.flags['ignore-not-found'] || all;
    const allNs = !!parsed.flags['all-namespaces'];

    const files = parsed.flags.filename as string[];
    const victims: Victim[] = [];
    if (files.length) {
      if (args.length) throw new CmdError('Unexpected args: ' + `[${args.join(' ')}]`);
      for (const m of readManifests(ctx, files, 'delete')) victims.push({ res: m.res, ns: manifestNamespace(ctx, m), name: m.obj.metadata.name, source: m.source });
    } else {
      if (args.length === 0) throw new CmdError(MUST_PROVIDE);
      const { targets, types } = parseTargets(ctx, args);
      if (targets.length) {
        if (selector) throw new CmdError('name cannot be provided when a selector is specified');
        if (all) throw new CmdError('name cannot be provided when --all is specified');
        for (const t of targets) victims.push({ res: t.res, ns: namespaceFor(ctx, t.res), name: t.name });
      } else {
        if (!selector && !all && !parsed.flags['field-selector']) throw new CmdError('resource(s) were provided, but no name was specified');
        for (const res of types) {
          const fieldSelector = parsed.flags['field-selector'] as string;
          const ns = res.namespaced && !allNs ? ctx.namespace : undefined;
          const items = fieldSelector || selector
            ? ctx.client.list(servingPlural(res), ns, { labelSelector: selector || undefined, fieldSelector: fieldSelector || undefined }).items
            : listTargets(ctx, res, undefined, allNs);
          for (const o of items) victims.push({ res, ns: o.metadata.namespace, name: o.metadata.name });
        }
      }
    }
    return runDeletes(ctx, victims, { grace, cascade, dry, output, ignoreNotFound, warnings });
  },
};

interface DeleteOptions {
  grace: number;
  cascade: 'Background' | 'Foreground' | 'Orphan';
  dry: DryRun;
  output: string;
  ignoreNotFound: boolean;
  warnings: string[];
}

function kindString(res: ResourceType): string {
  return `${res.kind.toLowerCase()}${res.group ? `.${res.group}` : ''}`;
}

function runDeletes(ctx: KubectlContext, victims: Victim[], o: DeleteOptions) {
  let stdout = '';
  const errors: string[] = [];
  let found = 0;
  let warnedClusterScope = false;
  for (const v of victims) {
    if (!v.res.namespaced && ctx.namespaceExplicit && !warnedClusterScope) {
      o.warnings.push('warning: deleting cluster-scoped resources, not scoped to the provided namespace\n');
      warnedClusterScope = true;
    }
    try {
      if (o.dry === 'client') {
        ctx.client.get(servingPlural(v.res), v.ns, v.name);
      } else {
        ctx.client.delete(servingPlural(v.res), v.ns, v.name, {
          propagationPolicy: o.cascade,
          ...(o.grace >= 0 ? { gracePeriodSeconds: o.grace } : {}),
          ...(o.dry === 'server' ? { dryRun: true } : {}),
        });
      }
    } catch (err) {
      if (o.ignoreNotFound && (err as { code?: number }).code === 404) continue;
      errors.push(errorText(withSource(err, 'deleting', v.source)));
      continue;
    }
    found++;
    if (o.output === 'name') {
      stdout += `${kindString(v.res)}/${v.name}\n`;
      continue;
    }
    let operation = o.grace === 0 ? 'force deleted' : 'deleted';
    if (o.dry === 'client') operation += ' (dry run)';
    if (o.dry === 'server') operation += ' (server dry run)';
    stdout += `${kindString(v.res)} "${v.name}" ${operation}\n`;
  }
  if (found === 0 && errors.length === 0) stdout += 'No resources found\n';
  return { stdout, stderr: o.warnings.join('') + errors.join(''), exitCode: errors.length ? 1 : 0 };
}
