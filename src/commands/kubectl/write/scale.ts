/** kubectl scale (deploy|rs|sts|rc)/NAME --replicas N [--current-replicas M] through the scale subresource. */
import type { KObject } from '../../../core/api/types.js';
import type { KubectlCommand } from '../types.js';
import { CmdError, checkOutput, DRY_RUN_FLAG, dryRunOf, FILENAME_FLAG, namespaceFor, OUTPUT_FLAG, parseTargets, patchObject, printResult, SELECTOR_FLAG } from './common.js';
import { requireFlags } from './create/run.js';
import { errorText } from './errors.js';
import { manifestNamespace, readManifests } from './manifest.js';
import type { ResourceType } from '../../../core/api/resources.js';
import { ApiError } from '../../../core/apiserver/errors.js';

export const scaleCommand: KubectlCommand = {
  name: 'scale',
  short: 'Set a new size for a deployment, replica set, or replication controller',
  help: 'Set a new size for a deployment, replica set, replication controller, or stateful set.\n\nUsage:\n  kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]',
  flags: [
    FILENAME_FLAG,
    SELECTOR_FLAG,
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    { name: 'replicas', type: 'int', usage: 'The new desired number of replicas. Required.' },
    { name: 'current-replicas', type: 'int', default: -1, usage: 'Precondition for current size. Requires that the current size of the resource match this value in order to scale.' },
    { name: 'resource-version', type: 'string', usage: 'Precondition for resource version. Requires that the current resource version match this value in order to scale.' },
    { name: 'all', type: 'bool', usage: 'Select all resources in the namespace of the specified resource types' },
    { name: 'timeout', type: 'duration', usage: 'The length of time to wait before giving up on a scale operation, zero means don\'t wait.' },
  ],
  run(ctx, args, parsed) {
    requireFlags(parsed, 'replicas');
    const replicas = parsed.flags.replicas as number;
    if (replicas < 0) throw new CmdError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    const output = checkOutput(ctx, parsed);
    const dry = dryRunOf(parsed);
    const current = parsed.flags['current-replicas'] as number;
    const rv = parsed.flags['resource-version'] as string;
    const files = parsed.flags.filename as string[];
    const targets: Array<{ res: ResourceType; ns: string | undefined; name: string }> = [];
    if (files.length) {
      for (const m of readManifests(ctx, files, 'scale')) targets.push({ res: m.res, ns: manifestNamespace(ctx, m), name: m.obj.metadata.name });
    } else {
      const { targets: named, types } = parseTargets(ctx, args);
      for (const t of named) targets.push({ res: t.res, ns: namespaceFor(ctx, t.res), name: t.name });
      if (!named.length) {
        if (!types.length) throw new CmdError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
        const selector = parsed.flags.selector as string;
        if (!selector && !parsed.flags.all) throw new CmdError('resource(s) were provided, but no name was specified');
        for (const res of types) {
          for (const o of ctx.client.list(res.plural, namespaceFor(ctx, res), selector ? { labelSelector: selector } : undefined).items) {
            targets.push({ res, ns: o.metadata.namespace, name: o.metadata.name });
          }
        }
      }
    }
    if ((current >= 0 || rv) && targets.length > 1) throw new CmdError('precondition is only allowed for single resources');
    let stdout = '';
    const errors: string[] = [];
    for (const t of targets) {
      try {
        if (!t.res.subresources.includes('scale')) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
        const obj = ctx.client.get(t.res.plural, t.ns, t.name);
        if (current >= 0 && (obj.spec?.replicas ?? 0) !== current) throw new CmdError(`Expected replicas to be ${current}, was ${obj.spec?.replicas ?? 0}`);
        if (rv && obj.metadata.resourceVersion !== rv) throw new CmdError(`Expected resource version to be ${rv}, was ${obj.metadata.resourceVersion}`);
        let result: KObject = { ...obj, spec: { ...obj.spec, replicas } };
        if (dry !== 'client') result = patchObject(ctx, t.res.plural, t.ns, t.name, { spec: { replicas } }, 'merge', dry, 'scale');
        stdout += printResult(ctx, result, 'scaled', output, dry);
      } catch (err) {
        errors.push(errorText(err));
      }
    }
    return { stdout, stderr: errors.join(''), exitCode: errors.length ? 1 : 0 };
  },
};
