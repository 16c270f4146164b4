/**
 * The resourcequota controller (pkg/controller/resourcequota): keeps status.hard (= spec.hard)
 * and status.used of every ResourceQuota. Pod usage per namespace is kept incrementally from
 * pod events (only for namespaces that have a quota); object counts are read from the shared
 * informers when a quota asks for them. A full recount runs every 5 minutes, as upstream's
 * resync.
 */
import type { ComponentContext } from '../component.js';
import type { KObject, Pod } from '../api/types.js';
import { keyOf } from '../api/types.js';
import { resolveResource } from '../api/resources.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { objectUsage, podMatchesScopes, podUsage, usageString, type Usage } from '../apiserver/admission/resource-quota.js';
import { QueueController, type Controller } from './controller.js';
import { isConflict, isNotFound } from './util.js';

export const QUOTA_RESYNC_MS = 5 * 60_000;

/** Resources whose objects quota counts by name (besides count/<resource>). */
const COUNTED: Record<string, string> = {
  services: 'services',
  'services.loadbalancers': 'services',
  'services.nodeports': 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  'requests.storage': 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

const POD_KEYS = /^(pods|count\/pods|cpu|memory|requests\.|limits\.)/;

function addInto(total: Usage, u: Usage, sign: number): void {
  for (const [k, v] of u) {
    const n = (total.get(k) ?? 0) + sign * v;
    if (Math.abs(n) < 1e-9) total.delete(k);
    else total.set(k, n);
  }
}

/** The plural a quota key counts: services, or count/deployments.apps -> deployments. */
function resourceOfKey(key: string): string | undefined {
  if (COUNTED[key]) return COUNTED[key];
  if (key.endsWith('.storageclass.storage.k8s.io/requests.storage') || key.endsWith('.storageclass.storage.k8s.io/persistentvolumeclaims')) return 'persistentvolumeclaims';
  if (key.startsWith('count/')) return resolveResource(key.slice(6))?.plural;
  return undefined;
}

class ResourceQuotaController extends QueueController {
  readonly name = 'resourcequota';
  private client: Client;
  private quotas: Informer;
  private pods: Informer<Pod>;
  /** Pod usage per namespace that has at least one quota (unscoped totals). */
  private podTotals = new Map<string, Usage>();
  private watched = new Set<string>();

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (resourcequota-controller)');
    this.quotas = ctx.informers.for('resourcequotas');
    this.pods = ctx.informers.for<Pod>('pods');
  }

  protected register(): void {
    this.quotas.on({
      add: (q) => {
        this.track(q.metadata.namespace!);
        this.watchKeys(q);
        this.queue.add(keyOf(q));
      },
      update: (o, q) => {
        if (o.spec !== q.spec || !q.status?.hard) {
          this.watchKeys(q);
          this.queue.add(keyOf(q));
        }
      },
      delete: (q) => {
        if (this.quotas.indexCount('namespace', q.metadata.namespace!) === 0) this.podTotals.delete(q.metadata.namespace!);
      },
    });
    this.pods.on({
      add: (p) => this.podDelta(p.metadata.namespace!, undefined, p),
      update: (o, p) => {
        if (o.spec === p.spec && (o.status?.phase === p.status?.phase || (!terminal(o) && !terminal(p)))) return;
        this.podDelta(p.metadata.namespace!, o, p);
      },
      delete: (p) => this.podDelta(p.metadata.namespace!, p, undefined),
    });
    this.ctx.clock.setInterval(() => {
      if (!this.running) return;
      for (const q of this.quotas.list()) this.queue.add(keyOf(q));
    }, QUOTA_RESYNC_MS);
  }

  /** Starts keeping pod totals for a namespace (a full count once). */
  private track(ns: string): void {
    if (this.podTotals.has(ns)) return;
    const total: Usage = new Map();
    for (const p of this.pods.byNamespace(ns)) addInto(total, podUsage(p), 1);
    this.podTotals.set(ns, total);
  }

  private podDelta(ns: string, before: Pod | undefined, after: Pod | undefined): void {
    const total = this.podTotals.get(ns);
    if (!total) return;
    if (before) addInto(total, podUsage(before), -1);
    if (after) addInto(total, podUsage(after), 1);
    for (const q of this.quotas.byNamespace(ns)) this.queue.add(keyOf(q));
  }

  /** Subscribes to the object kinds a quota counts, so their changes trigger a recount. */
  private watchKeys(q: KObject): void {
    for (const key of Object.keys(q.spec?.hard ?? {})) {
      const plural = resourceOfKey(key);
      if (!plural || plural === 'pods' || this.watched.has(plural)) continue;
      this.watched.add(plural);
      const inf = this.ctx.informers.for(plural);
      const poke = (o: KObject): void => {
        if (!o.metadata.namespace) return;
        for (const quota of this.quotas.byNamespace(o.metadata.namespace)) this.queue.add(keyOf(quota));
      };
      inf.on({ add: poke, delete: poke, update: (_a, b) => poke(b) });
      // Informers made after the cluster started them need starting here.
      inf.start();
    }
  }

  private usageFor(quota: KObject): Usage {
    const ns = quota.metadata.namespace!;
    const keys = Object.keys(quota.spec?.hard ?? {});
    const used: Usage = new Map();
    const scoped = (quota.spec?.scopes?.length ?? 0) > 0 || !!quota.spec?.scopeSelector;
    let pods: Usage | undefined;
    if (keys.some((k) => POD_KEYS.test(k))) {
      if (scoped) {
        pods = new Map();
        for (const p of this.pods.byNamespace(ns)) if (podMatchesScopes(quota, p)) addInto(pods, podUsage(p), 1);
      } else {
        this.track(ns);
        pods = this.podTotals.get(ns);
      }
    }
    const perResource = new Map<string, Usage>();
    for (const key of keys) {
      if (POD_KEYS.test(key) && key !== 'requests.storage') {
        used.set(key, pods?.get(key) ?? 0);
        continue;
      }
      const plural = resourceOfKey(key);
      if (!plural) {
        used.set(key, 0);
        continue;
      }
      let total = perResource.get(plural);
      if (!total) {
        total = new Map();
        const res = resolveResource(plural)!;
        for (const o of this.ctx.informers.for(plural).byNamespace(ns)) addInto(total, objectUsage(res.plural, res.group, o), 1);
        perResource.set(plural, total);
      }
      used.set(key, total.get(key) ?? 0);
    }
    return used;
  }

  protected reconcile(key: string): 'done' | 'retry' {
    const quota = this.quotas.get(key);
    if (!quota) return 'done';
    const hard: Record<string, string> = { ...quota.spec?.hard };
    const usage = this.usageFor(quota);
    const used: Record<string, string> = {};
    for (const k of Object.keys(hard).sort()) used[k] = usageString(k, usage.get(k) ?? 0);
    if (JSON.stringify(quota.status?.hard ?? {}) === JSON.stringify(hard) && JSON.stringify(quota.status?.used ?? {}) === JSON.stringify(used)) return 'done';
    try {
      this.client.updateStatus({ ...quota, status: { hard, used } });
    } catch (err) {
      if (isNotFound(err)) return 'done';
      if (isConflict(err)) return 'retry';
      return 'retry';
    }
    return 'done';
  }
}

function terminal(p: KObject): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
}

export function createResourceQuotaController(ctx: ComponentContext): Controller {
  return new ResourceQuotaController(ctx);
}
