/** kubectl taint nodes NAME KEY=VAL:EFFECT | KEY:EFFECT- | KEY- (k8s.io/kubectl/pkg/cmd/taint). */
import type { KObject } from '../../../core/api/types.js';
import { validateLabelValue } from '../../../core/api/labels.js';
import type { KubectlCommand } from '../types.js';
import { CmdError, checkOutput, DRY_RUN_FLAG, dryRunOf, OUTPUT_FLAG, patchObject, printResult, SELECTOR_FLAG } from './common.js';
import { errorText } from './errors.js';

interface Taint {
  key: string;
  value?: string;
  effect?: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function taintString(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1]!;
  if (parts.length === 2 && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(parts[0]!)) return false;
  return name.length > 0 && name.length <= 63 && /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name);
}

function parseTaint(st: string): Taint {
  const parts = st.split(':');
  let key: string;
  let value: string | undefined;
  let effect: string | undefined;
  if (parts.length === 1) key = parts[0]!;
  else if (parts.length === 2) {
    effect = parts[1]!;
    if (!EFFECTS.includes(effect)) throw new CmdError(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0]!.split('=');
    if (kv.length > 2) throw new CmdError(`invalid taint spec: ${st}`);
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      const errs = validateLabelValue(value);
      if (errs.length) throw new CmdError(`invalid taint spec: ${st}, ${errs.join('; ')}`);
    }
  } else throw new CmdError(`invalid taint spec: ${st}`);
  if (!isQualifiedName(key)) {
    throw new CmdError(
      `invalid taint spec: ${st}, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
  }
  return { key, ...(value !== undefined ? { value } : {}), ...(effect ? { effect } : {}) };
}

export function parseTaints(specs: string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, ...(t.effect ? { effect: t.effect } : {}) });
    } else {
      const t = parseTaint(spec);
      if (!t.effect) throw new CmdError(`invalid taint spec: ${spec}`);
      if (add.some((x) => x.key === t.key && x.effect === t.effect)) {
        throw new CmdError(`duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}`);
      }
      add.push(t);
    }
  }
  return { add, remove };
}

/** reorganizeTaints: the new list and the operation word kubectl prints. */
export function reorganizeTaints(old: Taint[], overwrite: boolean, toAdd: Taint[], toRemove: Taint[]): { op: string; taints: Taint[]; errors: string[] } {
  const taints = [...toAdd];
  for (const o of old) if (!taints.some((t) => t.key === o.key && t.effect === o.effect)) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let removed = false;
  for (const r of toRemove) {
    const before = taints.length;
    for (let i = taints.length - 1; i >= 0; i--) {
      if (taints[i]!.key === r.key && (!r.effect || taints[i]!.effect === r.effect)) taints.splice(i, 1);
    }
    removed = taints.length !== before;
    if (!removed) errors.push(`taint "${taintString(r)}" not found`);
  }
  const op = (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { op, taints, errors };
}

function aggregate(errs: string[]): string {
  const unique = [...new Set(errs)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

export const taintCommand: KubectlCommand = {
  name: 'taint',
  adm: true,
  short: 'Update the taints on one or more nodes',
  help: 'Update the taints on one or more nodes.\n\nUsage:\n  kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]',
  flags: [
    SELECTOR_FLAG,
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    { name: 'all', type: 'bool', usage: 'Select all nodes in the cluster' },
    { name: 'overwrite', type: 'bool', usage: 'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.' },
  ],
  run(ctx, args, parsed) {
    const resources: string[] = [];
    const specs: string[] = [];
    let met = false;
    for (const s of args) {
      const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
      if (isTaint) {
        met = true;
        specs.push(s);
      } else if (!met) resources.push(s);
      else throw new CmdError(`all resources must be specified before taint changes: ${s}`);
    }
    if (resources.length < 1) throw new CmdError('one or more resources must be specified as <resource> <name>');
    const { add, remove } = parseTaints(specs);
    if (add.length === 0 && remove.length === 0) throw new CmdError('at least one taint update is required');
    const type = resources[0]!.toLowerCase().split('/')[0]!;
    if (!['node', 'nodes', 'no'].includes(type)) throw new CmdError(`invalid resource type ${resources[0]}, only ["node" "nodes"] are supported`);
    const output = checkOutput(ctx, parsed);
    const dry = dryRunOf(parsed);
    const selector = parsed.flags.selector as string;
    let nodes: KObject[];
    const names = resources[0]!.includes('/') ? resources.map((r) => r.slice(r.indexOf('/') + 1)) : resources.slice(1);
    if (names.length) nodes = names.map((n) => ctx.client.get('nodes', undefined, n));
    else if (selector || parsed.flags.all) nodes = ctx.client.list('nodes', undefined, selector ? { labelSelector: selector } : undefined).items;
    else throw new CmdError('resource(s) were provided, but no name was specified');
    let stdout = '';
    const errors: string[] = [];
    for (const node of nodes) {
      try {
        const old = (node.spec?.taints ?? []) as Taint[];
        if (!parsed.flags.overwrite) {
          const exists = add.filter((t) => old.some((o) => o.key === t.key && o.effect === t.effect)).map((t) => t.key);
          if (exists.length) throw new CmdError(`node ${node.metadata.name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`);
        }
        const r = reorganizeTaints(old, !!parsed.flags.overwrite, add, remove);
        if (r.errors.length) throw new CmdError(aggregate(r.errors));
        const next = { ...node, spec: { ...node.spec, taints: r.taints } };
        const result = dry === 'client' ? next : patchObject(ctx, 'nodes', undefined, node.metadata.name, { spec: { taints: r.taints.length ? r.taints : null } }, 'merge', dry);
        stdout += printResult(ctx, result, r.op, output, dry);
      } catch (err) {
        errors.push(errorText(err));
      }
    }
    return { stdout, stderr: errors.join(''), exitCode: errors.length ? 1 : 0 };
  },
};
