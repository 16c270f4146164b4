/**
 * The default way webhooks are "called" when no network layer provides one: resolve the
 * webhook's service to its Endpoints the way the API server's service resolver does, fail like
 * the real client when nothing answers, and otherwise let the webhook decide from annotations
 * on its configuration object (the simulated webhook server's policy):
 *
 *   kubedrill.io/deny-images-from: "docker.io,quay.io"  deny pods/workloads using images from these registries
 *   kubedrill.io/require-labels: "team,env"             deny objects missing any of these labels
 *   kubedrill.io/deny-all: "true"                       deny every matching request
 *   kubedrill.io/deny-message: "..."                    the message a denial carries
 *   kubedrill.io/add-labels: "k=v,k2=v2"               (mutating) labels the webhook patches in
 *   kubedrill.io/fail: "timeout" | "refused"            the call fails (deadline exceeded / connection refused)
 *
 * Without annotations a reachable webhook allows everything.
 */
import type { KObject } from '../../api/types.js';
import type { AdmissionContext, WebhookCall, WebhookResult } from './types.js';

type Obj = Record<string, any>;

export interface WebhookCallWithConfig extends WebhookCall {
  /** The Mutating/ValidatingWebhookConfiguration the webhook belongs to. */
  configuration?: KObject;
}

export const ANN = {
  denyImagesFrom: 'kubedrill.io/deny-images-from',
  requireLabels: 'kubedrill.io/require-labels',
  denyAll: 'kubedrill.io/deny-all',
  denyMessage: 'kubedrill.io/deny-message',
  addLabels: 'kubedrill.io/add-labels',
  fail: 'kubedrill.io/fail',
};

/** The URL the API server posts to, as it appears in errors. */
export function webhookURL(webhook: Obj): string {
  const cc = webhook.clientConfig ?? {};
  const timeout = `timeout=${webhook.timeoutSeconds ?? 10}s`;
  if (cc.url) return `${cc.url}${String(cc.url).includes('?') ? '&' : '?'}${timeout}`;
  const svc = cc.service ?? {};
  return `https://${svc.name}.${svc.namespace}.svc:${svc.port ?? 443}${svc.path ?? ''}?${timeout}`;
}

/** Registry of an image reference: docker.io when the first component is not a host. */
export function imageRegistry(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') return first;
  return 'docker.io';
}

/** Containers of a pod or of a workload's pod template. */
export function imagesOf(obj: KObject | undefined): string[] {
  if (!obj) return [];
  const spec: Obj | undefined =
    obj.kind === 'Pod' ? obj.spec : obj.kind === 'CronJob' ? obj.spec?.jobTemplate?.spec?.template?.spec : obj.spec?.template?.spec;
  if (!spec) return [];
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c: Obj) => String(c.image ?? ''));
}

function list(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function endpointFor(ctx: AdmissionContext, svc: Obj): { ip: string; port: number } | string {
  const service = ctx.get('services', svc.namespace, svc.name);
  if (!service) return `service "${svc.name}" not found`;
  const ep = ctx.get('endpoints', svc.namespace, svc.name);
  for (const subset of ep?.subsets ?? []) {
    const addr = subset.addresses?.[0];
    if (addr) return { ip: addr.ip, port: subset.ports?.[0]?.port ?? svc.port ?? 443 };
  }
  return `no endpoints available for service "${svc.name}"`;
}

export function createDefaultWebhookCaller(ctx: AdmissionContext) {
  return (call: WebhookCallWithConfig): WebhookResult => {
    const wh = call.webhook;
    const ann: Record<string, string> = call.configuration?.metadata.annotations ?? {};
    const url = webhookURL(wh);
    let target: { ip: string; port: number } | undefined;
    if (wh.clientConfig?.service) {
      const resolved = endpointFor(ctx, wh.clientConfig.service);
      if (typeof resolved === 'string') return { ok: false, error: `failed to call webhook: Post "${url}": ${resolved}` };
      target = resolved;
    }
    const fail = ann[ANN.fail];
    if (fail === 'timeout') return { ok: false, error: `failed to call webhook: Post "${url}": context deadline exceeded` };
    if (fail === 'refused') {
      const addr = target ? `${target.ip}:${target.port}` : url.replace(/^https?:\/\//, '').split(/[/?]/)[0];
      return { ok: false, error: `failed to call webhook: Post "${url}": dial tcp ${addr}: connect: connection refused` };
    }
    const obj = call.attrs.object;
    const message = ann[ANN.denyMessage];
    if (ann[ANN.denyAll] === 'true') return { ok: true, allowed: false, message: message ?? 'request denied by policy' };
    const registries = list(ann[ANN.denyImagesFrom]);
    if (registries.length) {
      const bad = imagesOf(obj).find((img) => registries.includes(imageRegistry(img)));
      if (bad) return { ok: true, allowed: false, message: message ?? `image "${bad}" comes from a registry that is not allowed (${imageRegistry(bad)})` };
    }
    const required = list(ann[ANN.requireLabels]);
    if (required.length && obj) {
      const missing = required.filter((l) => obj.metadata.labels?.[l] === undefined);
      if (missing.length) return { ok: true, allowed: false, message: message ?? `missing required labels: ${missing.join(', ')}` };
    }
    if (call.kind === 'mutating') {
      const add = list(ann[ANN.addLabels]);
      if (add.length) {
        const labels: Record<string, string> = {};
        for (const kv of add) {
          const i = kv.indexOf('=');
          if (i > 0) labels[kv.slice(0, i)] = kv.slice(i + 1);
        }
        return { ok: true, allowed: true, patch: (o: KObject) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, ...labels } } }) };
      }
    }
    return { ok: true, allowed: true };
  };
}
