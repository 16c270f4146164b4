/**
 * MutatingAdmissionWebhook and ValidatingAdmissionWebhook: for every webhook whose rules,
 * namespaceSelector and objectSelector match the request, call it (through the network layer's
 * caller, or the default one) and apply its verdict. Configurations run in name order, as the
 * API server sorts them. A failed call rejects with 500 under failurePolicy Fail and is ignored
 * under Ignore.
 */
import { matches, selectorFromLabelSelector } from '../../api/labels.js';
import type { KObject } from '../../api/types.js';
import { ApiError, internalError } from '../errors.js';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin, WebhookCaller } from './types.js';
import { createDefaultWebhookCaller, type WebhookCallWithConfig } from './webhook-caller.js';

type Obj = Record<string, any>;

const REGISTRATION_GROUP = 'admissionregistration.k8s.io';

function ruleMatches(rule: Obj, attrs: AdmissionAttributes): boolean {
  const ops: string[] = rule.operations ?? [];
  if (!ops.includes('*') && !ops.includes(attrs.operation)) return false;
  const groups: string[] = rule.apiGroups ?? [];
  if (!groups.includes('*') && !groups.includes(attrs.resource.group)) return false;
  const versions: string[] = rule.apiVersions ?? ['*'];
  // matchPolicy Equivalent: another version of the same resource still matches.
  if (versions.length === 0) return false;
  const scope = rule.scope ?? '*';
  if (scope === 'Cluster' && attrs.resource.namespaced) return false;
  if (scope === 'Namespaced' && !attrs.resource.namespaced) return false;
  const plural = attrs.resource.plural;
  const sub = attrs.subresource;
  for (const r of (rule.resources ?? []) as string[]) {
    const [rr, rs] = r.split('/');
    if (!sub) {
      if (rs === undefined && (rr === '*' || rr === plural)) return true;
    } else if (rs !== undefined && (rr === '*' || rr === plural) && (rs === '*' || rs === sub)) return true;
  }
  return false;
}

function selectorMatches(sel: Obj | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && !(sel.matchExpressions?.length > 0))) return true;
  try {
    return matches(selectorFromLabelSelector(sel), labels ?? {});
  } catch {
    return false;
  }
}

function webhookApplies(wh: Obj, attrs: AdmissionAttributes, ctx: AdmissionContext): boolean {
  if (!(wh.rules ?? []).some((r: Obj) => ruleMatches(r, attrs))) return false;
  if (attrs.resource.plural === 'namespaces') {
    if (!selectorMatches(wh.namespaceSelector, (attrs.object ?? attrs.oldObject)?.metadata.labels)) return false;
  } else if (attrs.resource.namespaced && attrs.namespace) {
    const ns = ctx.get('namespaces', undefined, attrs.namespace);
    if (!selectorMatches(wh.namespaceSelector, ns?.metadata.labels)) return false;
  }
  if (wh.objectSelector) {
    const newOk = attrs.object ? selectorMatches(wh.objectSelector, attrs.object.metadata.labels) : false;
    const oldOk = attrs.oldObject ? selectorMatches(wh.objectSelector, attrs.oldObject.metadata.labels) : false;
    if (!newOk && !oldOk) return false;
  }
  return true;
}

function sortedConfigs(ctx: AdmissionContext, plural: string): KObject[] {
  const out = [...ctx.list(plural)];
  if (out.length > 1) out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  return out;
}

function denied(name: string, message: string | undefined): ApiError {
  const text = message ? `admission webhook "${name}" denied the request: ${message}` : `admission webhook "${name}" denied the request without explanation`;
  return new ApiError(403, 'Forbidden', text);
}

// One default caller per API server (plugins are shared objects).
const defaultCallers = new WeakMap<AdmissionContext, WebhookCaller>();
function defaultCaller(ctx: AdmissionContext): WebhookCaller {
  let c = defaultCallers.get(ctx);
  if (!c) defaultCallers.set(ctx, (c = createDefaultWebhookCaller(ctx) as WebhookCaller));
  return c;
}

function makePlugin(kind: 'mutating' | 'validating'): AdmissionPlugin {
  const plural = kind === 'mutating' ? 'mutatingwebhookconfigurations' : 'validatingwebhookconfigurations';
  const run = (attrs: AdmissionAttributes, ctx: AdmissionContext): string | void => {
    if (attrs.resource.group === REGISTRATION_GROUP) return;
    const configs = sortedConfigs(ctx, plural);
    if (configs.length === 0) return;
    const notes: string[] = [];
    for (const config of configs) {
      for (const wh of (config.webhooks ?? []) as Obj[]) {
        if (!webhookApplies(wh, attrs, ctx)) continue;
        const caller = ctx.callWebhook ?? defaultCaller(ctx);
        const call: WebhookCallWithConfig = { kind, webhook: wh, attrs, configuration: config };
        const result = caller(call);
        if (!result.ok) {
          const msg = `failed calling webhook "${wh.name}": ${result.error}`;
          if ((wh.failurePolicy ?? 'Fail') === 'Ignore') {
            notes.push(`${msg} (failurePolicy Ignore)`);
            continue;
          }
          throw internalError(msg);
        }
        if (!result.allowed) throw denied(wh.name, result.message);
        if (result.patch && attrs.object) {
          attrs.object = result.patch(attrs.object);
          notes.push(`webhook ${wh.name} patched the object`);
        } else notes.push(`webhook ${wh.name} allowed`);
      }
    }
    return notes.length ? notes.join('; ') : undefined;
  };
  return kind === 'mutating'
    ? { name: 'MutatingAdmissionWebhook', admit: run }
    : { name: 'ValidatingAdmissionWebhook', validate: run };
}

export const mutatingAdmissionWebhook = makePlugin('mutating');
export const validatingAdmissionWebhook = makePlugin('validating');
