/** kubectl create namespace | configmap | secret generic | serviceaccount | quota. */
import { resolveResource } from '../../../../core/api/resources.js';
import type { KObject } from '../../../../core/api/types.js';
import type { ParseResult } from '../../../flags.js';
import type { KubectlCommand, KubectlContext } from '../../types.js';
import { CmdError, newObject } from '../common.js';
import { finishCreate, GENERATOR_FLAGS, generatedNamespace, nameArg } from './run.js';

const KEY_RE = /^[-._a-zA-Z0-9]+$/;

function checkKey(key: string, kind: string): void {
  if (!KEY_RE.test(key)) {
    throw new CmdError(
      `"${key}" is not a valid key name for a ${kind}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    );
  }
}

function basename(p: string): string {
  const parts = p.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? p;
}

/** --from-literal, --from-file and --from-env-file into one key/value map, with kubectl's errors. */
function collectData(ctx: KubectlContext, parsed: ParseResult, kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> {
  const data: Record<string, string> = {};
  const add = (key: string, value: string): void => {
    checkKey(key, kind);
    if (key in data) throw new CmdError(`cannot add key ${key}, another key by that name already exists in ${kind === 'ConfigMap' ? 'Data' : 'data'} for ${kind} "${name}"`);
    data[key] = value;
  };
  for (const lit of (parsed.flags['from-literal'] as string[]) ?? []) {
    const eq = lit.indexOf('=');
    if (eq <= 0) throw new CmdError(`invalid literal source ${lit}, expected key=value`);
    add(lit.slice(0, eq), lit.slice(eq + 1));
  }
  for (const spec of (parsed.flags['from-file'] as string[]) ?? []) {
    const eq = spec.indexOf('=');
    const key = eq >= 0 ? spec.slice(0, eq) : basename(spec);
    const file = eq >= 0 ? spec.slice(eq + 1) : spec;
    if (eq === 0 || (eq >= 0 && !file)) throw new CmdError(`key names or file paths cannot contain '='`);
    add(key, ctx.session.files.read(file));
  }
  for (const file of (parsed.flags['from-env-file'] as string[]) ?? []) {
    const text = ctx.session.files.read(file);
    text.split('\n').forEach((raw, i) => {
      const line = raw.replace(/^\uFEFF/, '').trimStart();
      if (!line || line.startsWith('#')) return;
      const eq = line.indexOf('=');
      // KEY without a value reads the host's environment in kubectl; the palette has none.
      if (eq < 0) return;
      const key = line.slice(0, eq);
      if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) throw new CmdError(`"${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (line ${i + 1})`);
      add(key, line.slice(eq + 1));
    });
  }
  return data;
}

const DATA_FLAGS = [
  { name: 'from-literal', type: 'stringArray' as const, usage: 'Specify a key and literal value to insert (i.e. mykey=somevalue)' },
  { name: 'from-file', type: 'stringSlice' as const, usage: 'Key file can be specified using its file path, in which case file basename will be used as configmap key, or optionally with a key and file path, in which case the given key will be used.' },
  { name: 'from-env-file', type: 'stringSlice' as const, usage: 'Specify the path to a file to read lines of key=val pairs to create a configmap.' },
  { name: 'append-hash', type: 'bool' as const, usage: 'Append a hash of the configmap to its name.' },
];

export const createNamespace: KubectlCommand = {
  name: 'namespace',
  aliases: ['ns'],
  short: 'Create a namespace with the specified name',
  help: 'Create a namespace with the specified name.\n\nUsage:\n  kubectl create namespace NAME [--dry-run=server|client|none] [options]',
  flags: GENERATOR_FLAGS,
  run(ctx, _args, parsed) {
    const name = nameArg(ctx, parsed);
    return finishCreate(ctx, parsed, newObject(resolveResource('namespaces')!, name, undefined, { spec: {}, status: {} }));
  },
};

export const createConfigMap: KubectlCommand = {
  name: 'configmap',
  aliases: ['cm'],
  short: 'Create a config map from a local file, directory or literal value',
  help: 'Create a config map based on a file, directory, or specified literal value.\n\nUsage:\n  kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]',
  flags: [...GENERATOR_FLAGS, ...DATA_FLAGS],
  run(ctx, _args, parsed) {
    const name = nameArg(ctx, parsed);
    const data = collectData(ctx, parsed, 'ConfigMap', name);
    const res = resolveResource('configmaps')!;
    const obj = newObject(res, name, generatedNamespace(ctx, res));
    return finishCreate(ctx, parsed, { apiVersion: obj.apiVersion, ...(Object.keys(data).length ? { data } : {}), kind: obj.kind, metadata: obj.metadata } as KObject);
  },
};

const createSecretGeneric: KubectlCommand = {
  name: 'generic',
  short: 'Create a secret from a local file, directory, or literal value',
  help: 'Create a secret based on a file, directory, or specified literal value.\n\nUsage:\n  kubectl create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]',
  flags: [...GENERATOR_FLAGS, ...DATA_FLAGS, { name: 'type', type: 'string', usage: 'The type of secret to create' }],
  run(ctx, _args, parsed) {
    const name = nameArg(ctx, parsed);
    const raw = collectData(ctx, parsed, 'Secret', name);
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) data[k] = Buffer.from(v, 'utf8').toString('base64');
    const res = resolveResource('secrets')!;
    const obj = newObject(res, name, generatedNamespace(ctx, res));
    const type = parsed.flags.type as string;
    return finishCreate(ctx, parsed, { apiVersion: obj.apiVersion, ...(Object.keys(data).length ? { data } : {}), kind: obj.kind, metadata: obj.metadata, ...(type ? { type } : {}) } as KObject);
  },
};

export const createSecret: KubectlCommand = {
  name: 'secret',
  short: 'Create a secret using a specified subcommand',
  help: 'Create a secret with specified type.\n\nUsage:\n  kubectl create secret (docker-registry | generic | tls) [options]',
  subcommands: [createSecretGeneric],
};

export const createServiceAccount: KubectlCommand = {
  name: 'serviceaccount',
  aliases: ['sa'],
  short: 'Create a service account with the specified name',
  help: 'Create a service account with the specified name.\n\nUsage:\n  kubectl create serviceaccount NAME [--dry-run=server|client|none] [options]',
  flags: GENERATOR_FLAGS,
  run(ctx, _args, parsed) {
    const name = nameArg(ctx, parsed);
    const res = resolveResource('serviceaccounts')!;
    return finishCreate(ctx, parsed, newObject(res, name, generatedNamespace(ctx, res)));
  },
};

export const createQuota: KubectlCommand = {
  name: 'quota',
  aliases: ['resourcequota'],
  short: 'Create a quota with the specified name',
  help: 'Create a resource quota with the specified name, hard limits, and optional scopes.\n\nUsage:\n  kubectl create quota NAME [--hard=key1=value1] [--scopes=Scope1,Scope2] [--dry-run=server|client|none] [options]',
  flags: [...GENERATOR_FLAGS, { name: 'hard', type: 'string', usage: 'A comma-delimited set of resource=quantity pairs that define a hard limit.' }, { name: 'scopes', type: 'string', usage: 'A comma-delimited set of quota scopes that must all match each object tracked by the quota.' }],
  run(ctx, _args, parsed) {
    const name = nameArg(ctx, parsed);
    const hard: Record<string, string> = {};
    const hardText = parsed.flags.hard as string;
    if (hardText) {
      for (const pair of hardText.split(',')) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new CmdError(`invalid argument ${pair}: expected resource=quantity`);
        hard[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
      }
    }
    const scopes = (parsed.flags.scopes as string) ? (parsed.flags.scopes as string).split(',').map((s) => s.trim()) : undefined;
    const res = resolveResource('resourcequotas')!;
    const spec: Record<string, unknown> = {};
    if (Object.keys(hard).length) spec.hard = hard;
    if (scopes) spec.scopes = scopes;
    return finishCreate(ctx, parsed, newObject(res, name, generatedNamespace(ctx, res), { spec, status: {} }));
  },
};
