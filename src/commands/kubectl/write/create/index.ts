/** kubectl create -f FILE, and the `create TYPE` generators. */
import type { KubectlCommand } from '../../types.js';
import { usageError, CmdError, checkOutput, DRY_RUN_FLAG, dryRunOf, FILENAME_FLAG, ok, OUTPUT_FLAG, printResult, requestOptions, withSource } from '../common.js';
import { manifestNamespace, readManifests, withNamespace } from '../manifest.js';
import { errorText } from '../errors.js';
import { stripNulls, withSavedConfig } from './run.js';
import { createConfigMap, createNamespace, createQuota, createSecret, createServiceAccount } from './simple.js';
import { createDeployment, createJob, createService } from './workloads.js';
import { createClusterRole, createClusterRoleBinding, createRole, createRoleBinding } from './rbac.js';

export const createCommand: KubectlCommand = {
  name: 'create',
  short: 'Create a resource from a file or from stdin',
  help: 'Create a resource from a file or from stdin.\n\n JSON and YAML formats are accepted.\n\nUsage:\n  kubectl create -f FILENAME [options]',
  flags: [
    FILENAME_FLAG,
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    { name: 'save-config', type: 'bool', usage: 'If true, the configuration of current object will be saved in its annotation.' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefVal: 'strict', usage: 'Must be one of: strict (or true), warn, ignore (or false).' },
    { name: 'edit', type: 'bool', usage: 'Edit the API resource before creating' },
    { name: 'recursive', shorthand: 'R', type: 'bool', usage: 'Process the directory used in -f, --filename recursively.' },
  ],
  subcommands: [
    createClusterRole,
    createClusterRoleBinding,
    createConfigMap,
    createDeployment,
    createJob,
    createNamespace,
    createQuota,
    createRole,
    createRoleBinding,
    createSecret,
    createService,
    createServiceAccount,
  ],
  run(ctx, args, parsed) {
    const files = parsed.flags.filename as string[];
    if (args.length) throw usageError(ctx, `Unexpected args: [${args.join(' ')}]`);
    if (files.length === 0) throw new CmdError('must specify one of -f and -k');
    const output = checkOutput(ctx, parsed);
    const dry = dryRunOf(parsed);
    let stdout = '';
    const errors: string[] = [];
    for (const m of readManifests(ctx, files, 'create')) {
      try {
        let obj = withNamespace(m.obj, manifestNamespace(ctx, m));
        if (parsed.flags['save-config']) obj = withSavedConfig(obj);
        if (dry === 'client') {
          stdout += printResult(ctx, obj, 'created', output, dry);
          continue;
        }
        const created = ctx.client.create(stripNulls(obj), requestOptions(dry));
        stdout += printResult(ctx, created, 'created', output, dry);
      } catch (err) {
        errors.push(errorText(withSource(err, 'creating', m.source)));
      }
    }
    return { stdout, stderr: errors.join(''), exitCode: errors.length ? 1 : 0 };
  },
};
