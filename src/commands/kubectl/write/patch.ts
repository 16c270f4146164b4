/** kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json] [--subresource status|scale]. */
import { parse as parseYaml } from 'yaml';
import type { KubectlCommand } from '../types.js';
import { CmdError, checkOutput, DRY_RUN_FLAG, dryRunOf, FILENAME_FLAG, namespaceFor, ok, OUTPUT_FLAG, parseTargets, patchObject, printResult, servingPlural } from './common.js';
import { errorText } from './errors.js';
import { readManifests, manifestNamespace } from './manifest.js';

export const patchCommand: KubectlCommand = {
  name: 'patch',
  short: 'Update fields of a resource',
  help: 'Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.\n\nUsage:\n  kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]',
  flags: [
    FILENAME_FLAG,
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    { name: 'patch', shorthand: 'p', type: 'string', usage: 'The patch to be applied to the resource JSON file.' },
    { name: 'patch-file', type: 'string', usage: 'A file containing a patch to be applied to the resource.' },
    { name: 'type', type: 'string', default: 'strategic', usage: 'The type of patch being provided; one of [json merge strategic]' },
    { name: 'subresource', type: 'string', usage: "If specified, patch will operate on the subresource of the requested object. Must be one of [status scale]." },
    { name: 'local', type: 'bool', usage: 'If true, patch will operate on the content of the file, not the server-side resource.' },
  ],
  run(ctx, args, parsed) {
    const type = String(parsed.flags.type).toLowerCase();
    if (!['json', 'merge', 'strategic'].includes(type)) throw new CmdError(`--type must be one of [json merge strategic], not "${parsed.flags.type}"`);
    let text = parsed.flags.patch as string;
    const patchFile = parsed.flags['patch-file'] as string;
    if (text && patchFile) throw new CmdError('cannot specify --patch and --patch-file together');
    if (patchFile) text = ctx.session.files.read(patchFile);
    if (!text) throw new CmdError('must specify --patch or --patch-file containing the contents of the patch');
    const sub = parsed.flags.subresource as string;
    if (sub && !['status', 'scale'].includes(sub)) throw new CmdError(`invalid subresource value: "${sub}". Must be one of [status scale]`);
    let body: unknown;
    try {
      body = parseYaml(text, { version: '1.1' });
    } catch (err) {
      throw new CmdError(`unable to parse "${text}": yaml: ${((err as Error).message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    if (body === null || typeof body !== 'object') throw new CmdError(`unable to parse "${text}": json: cannot unmarshal ${typeof body === 'string' ? 'string' : 'number'} into Go value of type map[string]interface {}`);
    const output = checkOutput(ctx, parsed);
    const dry = dryRunOf(parsed);
    const files = parsed.flags.filename as string[];
    const targets = files.length
      ? readManifests(ctx, files, 'patch').map((m) => ({ res: m.res, ns: manifestNamespace(ctx, m), name: m.obj.metadata.name }))
      : parseTargets(ctx, args).targets.map((t) => ({ res: t.res, ns: namespaceFor(ctx, t.res), name: t.name }));
    if (targets.length === 0) {
      if (args.length) throw new CmdError('resource(s) were provided, but no name was specified');
      throw new CmdError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    }
    if (parsed.flags.local) throw new CmdError('--local with the palette: there is no local file to patch; use --dry-run=client');
    let stdout = '';
    const errors: string[] = [];
    for (const t of targets) {
      try {
        const plural = servingPlural(t.res);
        const before = ctx.client.get(plural, t.ns, t.name);
        if (dry === 'client') {
          stdout += printResult(ctx, before, 'patched', output, dry);
          continue;
        }
        const after = patchObject(ctx, plural, t.ns, t.name, body, type as 'json' | 'merge' | 'strategic', dry, sub || undefined);
        const changed = after.metadata?.resourceVersion !== before.metadata.resourceVersion || dry === 'server';
        const shown = sub === 'scale' ? ctx.client.get(plural, t.ns, t.name) : after;
        stdout += printResult(ctx, { ...shown, kind: shown.kind ?? before.kind, apiVersion: shown.apiVersion ?? before.apiVersion }, changed ? 'patched' : 'patched (no change)', output, dry);
      } catch (err) {
        errors.push(errorText(err));
      }
    }
    return errors.length ? { stdout, stderr: errors.join(''), exitCode: 1 } : ok(stdout);
  },
};
