/** kubectl set image | resources | env on workloads' pod templates (and pods, for images). */
import type { KObject } from '../../../core/api/types.js';
import type { ParseResult } from '../../flags.js';
import type { KubectlCommand, KubectlContext } from '../types.js';
import {
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
  podTemplateOf,
  printResult,
  SELECTOR_FLAG,
  servingPlural,
  withPodTemplate,
} from './common.js';
import { errorText } from './errors.js';
import { manifestNamespace, readManifests } from './manifest.js';
import { splitResourcesAndPairs } from './label.js';
import { resourceForKind } from '../../../core/api/resources.js';
import { mergePatchBetween } from './three-way.js';

type Container = Record<string, any> & { name: string };

const COMMON_FLAGS = [FILENAME_FLAG, SELECTOR_FLAG, DRY_RUN_FLAG, OUTPUT_FLAG, { name: 'all', type: 'bool' as const, usage: "Select all resources, in the namespace of the specified resource types" }, { name: 'local', type: 'bool' as const, usage: 'If true, set will NOT contact api-server but run locally.' }];

function objectsFor(ctx: KubectlContext, resources: string[], parsed: ParseResult): KObject[] {
  const files = parsed.flags.filename as string[];
  if (files.length) return readManifests(ctx, files, 'set').map((m) => ctx.client.get(m.res.plural, manifestNamespace(ctx, m), m.obj.metadata.name));
  const { targets, types } = parseTargets(ctx, resources);
  if (targets.length) return targets.map((t) => ctx.client.get(servingPlural(t.res), namespaceFor(ctx, t.res), t.name));
  const selector = parsed.flags.selector as string;
  if (!types.length) throw new CmdError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
  if (!selector && !parsed.flags.all) throw new CmdError('resource(s) were provided, but no name was specified');
  return types.flatMap((res) => (selector ? ctx.client.list(res.plural, namespaceFor(ctx, res), { labelSelector: selector }).items : listTargets(ctx, res, undefined)));
}

/** Info.ObjectName(): `deployments/web`. */
function objectName(obj: KObject): string {
  return `${resourceForKind(obj.kind, obj.apiVersion)?.plural ?? obj.kind.toLowerCase()}/${obj.metadata.name}`;
}

/**
 * Runs one transformation over every object: builds the new pod template, patches the
 * difference, prints `<name> <operation>`; an empty patch prints nothing, as kubectl.
 */
function runSet(
  ctx: KubectlContext,
  parsed: ParseResult,
  objects: KObject[],
  operation: string,
  transform: (containers: Container[], init: Container[], obj: KObject) => { containers: Container[]; init: Container[] },
) {
  const output = checkOutput(ctx, parsed);
  const dry = dryRunOf(parsed);
  let stdout = '';
  const errors: string[] = [];
  for (const obj of objects) {
    try {
      const tpl = podTemplateOf(obj);
      if (!tpl?.spec) throw new CmdError(`${objectName(obj)} ${operation === 'image updated' ? 'does not support setting images' : 'has no pod template'}`);
      const r = transform(tpl.spec.containers ?? [], tpl.spec.initContainers ?? [], obj);
      const spec = { ...tpl.spec, containers: r.containers, ...(r.init.length ? { initContainers: r.init } : {}) };
      const next = withPodTemplate(obj, { ...tpl, spec });
      const patch = mergePatchBetween(obj, next);
      if (Object.keys(patch).length === 0 || jsonEqual(obj, next)) continue;
      const plural = resourceForKind(obj.kind, obj.apiVersion)!.plural;
      const result = dry === 'client' ? next : patchObject(ctx, plural, obj.metadata.namespace, obj.metadata.name, patch, 'merge', dry);
      stdout += printResult(ctx, result, operation, output, dry);
    } catch (err) {
      errors.push(err instanceof CmdError ? `error: ${err.message}\n` : errorText(err));
    }
  }
  return { stdout, stderr: errors.join(''), exitCode: errors.length ? 1 : 0 };
}

const setImage: KubectlCommand = {
  name: 'image',
  short: 'Update the image of a pod template',
  help: 'Update existing container image(s) of resources.\n\nUsage:\n  kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]',
  flags: COMMON_FLAGS,
  run(ctx, args, parsed) {
    const { resources, pairs } = splitResourcesAndPairs(args, 'image');
    if (resources.length === 0 && !(parsed.flags.filename as string[]).length) throw new CmdError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
    const images: Array<[string, string]> = [];
    for (const p of pairs) {
      const eq = p.indexOf('=');
      if (eq < 0) throw new CmdError(`invalid image update: ${p}`);
      images.push([p.slice(0, eq), p.slice(eq + 1)]);
    }
    if (images.length === 0) throw new CmdError('at least one image update is required');
    const objects = objectsFor(ctx, resources, parsed);
    return runSet(ctx, parsed, objects, 'image updated', (containers, init, obj) => {
      const c = containers.map((x) => ({ ...x }));
      const i = init.map((x) => ({ ...x }));
      const missing: string[] = [];
      for (const [name, image] of images) {
        let found = false;
        for (const x of [...c, ...i]) {
          if (name === '*' || x.name === name) {
            x.image = image;
            found = true;
          }
        }
        if (!found) missing.push(`unable to find container named "${name}"`);
      }
      if (missing.length) throw new CmdError(`${objectName(obj)} ${missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`}`);
      return { containers: c, init: i };
    });
  },
};

function parseResourceList(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CmdError(`invalid argument: ${pair}`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function containerMatches(pattern: string, name: string): boolean {
  if (pattern === '*' || pattern === '') return true;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name);
}

const setResources: KubectlCommand = {
  name: 'resources',
  short: 'Update resource requests/limits on objects with pod templates',
  help: 'Specify compute resource requirements (CPU, memory) for any resource that defines a pod template.\n\nUsage:\n  kubectl set resources (-f FILENAME | TYPE NAME)  ([--limits=LIMITS & --requests=REQUESTS] [options]',
  flags: [
    ...COMMON_FLAGS,
    { name: 'containers', shorthand: 'c', type: 'string', default: '*', usage: 'The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards' },
    { name: 'limits', type: 'string', usage: 'The resource requirement requests for this container.  For example, \'cpu=100m,memory=256Mi\'.' },
    { name: 'requests', type: 'string', usage: 'The resource requirement requests for this container.  For example, \'cpu=100m,memory=256Mi\'.' },
  ],
  run(ctx, args, parsed) {
    const limits = parseResourceList(parsed.flags.limits as string);
    const requests = parseResourceList(parsed.flags.requests as string);
    if (!Object.keys(limits).length && !Object.keys(requests).length) throw new CmdError('you must specify an update to requests or limits (in the form of --requests/--limits)');
    const pattern = parsed.flags.containers as string;
    const objects = objectsFor(ctx, args, parsed);
    return runSet(ctx, parsed, objects, 'resource requirements updated', (containers, init, obj) => {
      let found = false;
      const update = (x: Container): Container => {
        if (!containerMatches(pattern, x.name)) return x;
        found = true;
        const res = { ...(x.resources ?? {}) };
        if (Object.keys(limits).length) res.limits = { ...(res.limits ?? {}), ...limits };
        if (Object.keys(requests).length) res.requests = { ...(res.requests ?? {}), ...requests };
        return { ...x, resources: res };
      };
      const c = containers.map(update);
      const i = init.map(update);
      if (!found) throw new CmdError(`${objectName(obj)} unable to find container named ${pattern}`);
      return { containers: c, init: i };
    });
  },
};

function envRef(from: Record<string, any>): string {
  if (from.configMapKeyRef) return `configmap ${from.configMapKeyRef.name}, key ${from.configMapKeyRef.key}`;
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name}, key ${from.secretKeyRef.key}`;
  if (from.fieldRef) return `field path ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) return `resource ${from.resourceFieldRef.resource}`;
  return 'unknown';
}

const setEnv: KubectlCommand = {
  name: 'env',
  short: 'Update environment variables on a pod template',
  help: 'Update environment variables on a pod template.\n\nUsage:\n  kubectl set env RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]',
  flags: [
    ...COMMON_FLAGS,
    { name: 'containers', shorthand: 'c', type: 'string', default: '*', usage: 'The names of containers in the selected pod templates to change - may use wildcards' },
    { name: 'env', shorthand: 'e', type: 'stringArray', usage: 'Specify a key-value pair for an environment variable to set into each container.' },
    { name: 'from', type: 'string', usage: 'The name of a resource from which to inject environment variables' },
    { name: 'prefix', type: 'string', usage: 'Prefix to append to variable names' },
    { name: 'keys', type: 'stringSlice', usage: 'Comma-separated list of keys to import from specified resource' },
    { name: 'list', type: 'bool', usage: 'If true, display the environment and any changes in the standard format.' },
    { name: 'overwrite', type: 'bool', default: true, usage: 'If true, allow environment to be overwritten, otherwise reject updates that overwrite existing environment.' },
    { name: 'resolve', type: 'bool', usage: 'If true, show secret or configmap references when listing variables' },
  ],
  run(ctx, args, parsed) {
    const { resources, pairs } = splitResourcesAndPairs(args, 'env');
    const all = [...pairs, ...(parsed.flags.env as string[])];
    const set: Array<{ name: string; value?: string; valueFrom?: unknown }> = [];
    const remove: string[] = [];
    for (const p of all) {
      const eq = p.indexOf('=');
      if (eq > 0) set.push({ name: p.slice(0, eq), value: p.slice(eq + 1) });
      else if (p.endsWith('-')) remove.push(p.slice(0, -1));
      else throw new CmdError(`environment variables must be of the form key=value and can only contain letters, numbers, and underscores`);
    }
    const from = parsed.flags.from as string;
    if (from) {
      const slash = from.indexOf('/');
      const kind = slash < 0 ? '' : from.slice(0, slash).toLowerCase();
      const name = from.slice(slash + 1);
      const isCm = ['configmap', 'configmaps', 'cm'].includes(kind);
      const isSecret = ['secret', 'secrets'].includes(kind);
      if (!isCm && !isSecret) throw new CmdError(`unsupported resource specified in --from`);
      const src = ctx.client.get(isCm ? 'configmaps' : 'secrets', ctx.namespace, name);
      const keys = parsed.flags.keys as string[];
      const prefix = parsed.flags.prefix as string;
      for (const key of Object.keys(src.data ?? {}).sort()) {
        if (keys.length && !keys.includes(key)) continue;
        const envName = `${prefix}${key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()}`;
        set.push({ name: envName, valueFrom: { [isCm ? 'configMapKeyRef' : 'secretKeyRef']: { key, name } } });
      }
    }
    const pattern = parsed.flags.containers as string;
    const objects = objectsFor(ctx, resources, parsed);
    if (parsed.flags.list) {
      let stdout = '';
      for (const obj of objects) {
        const tpl = podTemplateOf(obj);
        for (const c of (tpl?.spec?.containers ?? []) as Container[]) {
          if (!containerMatches(pattern, c.name)) continue;
          stdout += `# ${resourceForKind(obj.kind, obj.apiVersion)?.plural ?? obj.kind} ${obj.metadata.name}, container ${c.name}\n`;
          for (const e of c.env ?? []) stdout += e.valueFrom ? `# ${e.name} from ${envRef(e.valueFrom)}\n` : `${e.name}=${e.value ?? ''}\n`;
        }
      }
      return { stdout, stderr: '', exitCode: 0 };
    }
    if (set.length === 0 && remove.length === 0) throw new CmdError('at least one environment variable must be provided');
    return runSet(ctx, parsed, objects, 'env updated', (containers, init) => {
      const update = (x: Container): Container => {
        if (!containerMatches(pattern, x.name)) return x;
        let env = [...((x.env ?? []) as Array<{ name: string }>)];
        for (const s of set) {
          const i = env.findIndex((e) => e.name === s.name);
          const entry = s.valueFrom ? { name: s.name, valueFrom: s.valueFrom } : { name: s.name, value: s.value };
          if (i >= 0) {
            if (!parsed.flags.overwrite) throw new CmdError(`'${s.name}' already has a value (${(env[i] as { value?: string }).value ?? ''}), and --overwrite is false`);
            env[i] = entry;
          } else env.push(entry);
        }
        env = env.filter((e) => !remove.includes(e.name));
        const next = { ...x, env };
        if (!env.length) delete (next as { env?: unknown }).env;
        return next;
      };
      return { containers: containers.map(update), init: init.map(update) };
    });
  },
};

export const setCommand: KubectlCommand = {
  name: 'set',
  short: 'Set specific features on objects',
  help: 'Configure application resources.\n\nUsage:\n  kubectl set SUBCOMMAND [options]',
  subcommands: [setEnv, setImage, setResources],
};
