/** kubectl cordon / uncordon NODE: spec.unschedulable, as drain's CordonHelper patches it. */
import type { KObject } from '../../../core/api/types.js';
import type { ParseResult } from '../../flags.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import { CmdError, DRY_RUN_FLAG, dryRunOf, patchObject, SELECTOR_FLAG, type DryRun } from './common.js';
import { errorText } from './errors.js';

/** The nodes named by args (NAME, node/NAME) or -l. */
export function selectNodes(ctx: KubectlContext, args: string[], parsed: ParseResult): KObject[] {
  const selector = parsed.flags.selector as string;
  if (args.length === 0 && !selector) throw new CmdError(`USAGE: ${ctx.commandPath.split(' ').pop()} NODE [flags]\nSee '${ctx.commandPath} -h' for help and examples`);
  if (args.length > 0 && selector) throw new CmdError(`error: cannot specify both a node name and a --selector option\nSee '${ctx.commandPath} -h' for help and examples`);
  if (selector) return ctx.client.list('nodes', undefined, { labelSelector: selector }).items;
  return args.map((a) => {
    const slash = a.indexOf('/');
    if (slash >= 0 && !['node', 'nodes', 'no'].includes(a.slice(0, slash).toLowerCase())) {
      throw new CmdError(`error: expected resource of type node, got "${a.slice(0, slash)}"`);
    }
    return ctx.client.get('nodes', undefined, slash >= 0 ? a.slice(slash + 1) : a);
  });
}

/** RunCordonOrUncordon: one line per node, errors on stderr; returns the text and whether all went well. */
export function cordonNodes(ctx: KubectlContext, nodes: KObject[], desired: boolean, dry: DryRun): { stdout: string; stderr: string } {
  const word = desired ? 'cordon' : 'uncordon';
  let stdout = '';
  let stderr = '';
  for (const node of nodes) {
    const current = !!node.spec?.unschedulable;
    if (current === desired) {
      stdout += `node/${node.metadata.name} already ${word}ed\n`;
      continue;
    }
    if (dry !== 'client') {
      try {
        patchObject(ctx, 'nodes', undefined, node.metadata.name, { spec: { unschedulable: desired ? true : null } }, 'strategic', dry);
      } catch (err) {
        stderr += `error: unable to ${word} node "${node.metadata.name}": ${errorText(err).replace(/^error: /, '')}`;
        continue;
      }
    }
    stdout += `node/${node.metadata.name} ${word}ed${dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : ''}\n`;
  }
  return { stdout, stderr };
}

function cordonCommand(desired: boolean): KubectlCommand {
  const name = desired ? 'cordon' : 'uncordon';
  return {
    name,
    adm: true,
    short: desired ? 'Mark node as unschedulable' : 'Mark node as schedulable',
    help: `Mark node as ${desired ? 'unschedulable' : 'schedulable'}.\n\nUsage:\n  kubectl ${name} NODE [options]`,
    flags: [SELECTOR_FLAG, DRY_RUN_FLAG],
    run(ctx, args, parsed) {
      const dry = dryRunOf(parsed);
      const nodes = selectNodes(ctx, args, parsed);
      const r = cordonNodes(ctx, nodes, desired, dry);
      return { ...r, exitCode: 0 };
    },
  };
}

export const cordonCommandDef = cordonCommand(true);
export const uncordonCommandDef = cordonCommand(false);
