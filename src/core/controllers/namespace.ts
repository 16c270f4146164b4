/**
 * The namespace controller (pkg/controller/namespace): a namespace being deleted (phase
 * Terminating) is emptied resource type by resource type; while content or finalizers remain
 * it reports so in its status conditions and checks again; once empty it removes the
 * "kubernetes" finalizer through the finalize subresource and the API server deletes it.
 */
import type { ComponentContext } from '../component.js';
import type { Condition, KObject } from '../api/types.js';
import { RESOURCES } from '../api/resources.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { QueueController, type Controller } from './controller.js';
import { isConflict, isNotFound } from './util.js';

/** Namespaced types the controller deletes: everything served, except virtual ones. */
const DELETABLE = RESOURCES.filter((r) => r.namespaced && r.plural !== 'bindings' && (r.verbs ?? []).includes('delete'));

/** Re-check period while content remains (upstream estimates from grace periods; a few seconds). */
export const NAMESPACE_RECHECK_MS = 5_000;

const CONDITION_TYPES = [
  ['NamespaceDeletionDiscoveryFailure', 'ResourcesDiscovered', 'All resources successfully discovered'],
  ['NamespaceDeletionGroupVersionParsingFailure', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  ['NamespaceDeletionContentFailure', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  ['NamespaceContentRemaining', 'ContentRemoved', 'All content successfully removed'],
  ['NamespaceFinalizersRemaining', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
] as const;

class NamespaceController extends QueueController {
  readonly name = 'namespace';
  private client: Client;
  private namespaces: Informer;

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (namespace-controller)');
    this.namespaces = ctx.informers.for('namespaces');
  }

  protected register(): void {
    this.namespaces.on({
      add: (ns) => {
        if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name);
      },
      update: (_o, ns) => {
        if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name);
      },
    });
  }

  protected reconcile(name: string): 'done' | 'retry' | { after: number } {
    const ns = this.namespaces.getByName(undefined, name);
    if (!ns || !ns.metadata.deletionTimestamp) return 'done';
    let remaining = 0;
    const counts = new Map<string, number>();
    const finalizers = new Map<string, number>();
    let failed = '';
    for (const res of DELETABLE) {
      let items: KObject[];
      try {
        items = this.client.list(res.plural, name).items;
      } catch {
        continue;
      }
      for (const obj of items) {
        remaining++;
        const what = res.group ? `${res.plural}.${res.group}` : res.plural;
        counts.set(what, (counts.get(what) ?? 0) + 1);
        for (const f of obj.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
        if (obj.metadata.deletionTimestamp) continue;
        try {
          this.client.delete(res.plural, name, obj.metadata.name, { propagationPolicy: 'Background' });
        } catch (err) {
          if (!isNotFound(err)) failed = err instanceof Error ? err.message : String(err);
        }
      }
    }
    // Count again what is still there after this pass (graceful pods and finalizers stay).
    if (remaining > 0) {
      counts.clear();
      finalizers.clear();
      remaining = 0;
      for (const res of DELETABLE) {
        let items: KObject[] = [];
        try {
          items = this.client.list(res.plural, name).items;
        } catch {
          continue;
        }
        for (const obj of items) {
          remaining++;
          const what = res.group ? `${res.plural}.${res.group}` : res.plural;
          counts.set(what, (counts.get(what) ?? 0) + 1);
          for (const f of obj.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
        }
      }
    }
    if (remaining > 0) {
      this.setConditions(ns, counts, finalizers, failed);
      return { after: NAMESPACE_RECHECK_MS };
    }
    try {
      const finalizersLeft = (ns.spec?.finalizers ?? []).filter((f: string) => f !== 'kubernetes');
      this.client.request({ verb: 'update', resource: 'namespaces', name, subresource: 'finalize', body: { ...ns, spec: { ...ns.spec, finalizers: finalizersLeft } } });
    } catch (err) {
      if (isNotFound(err)) return 'done';
      if (isConflict(err)) return 'retry';
      return 'retry';
    }
    return 'done';
  }

  private setConditions(ns: KObject, counts: Map<string, number>, finalizers: Map<string, number>, failed: string): void {
    const now = this.ctx.clock.isoNow();
    const prior: Condition[] = ns.status?.conditions ?? [];
    const conditions: Condition[] = CONDITION_TYPES.map(([type, okReason, okMessage]) => {
      let status: Condition['status'] = 'False';
      let reason: string = okReason;
      let message: string = okMessage;
      if (type === 'NamespaceContentRemaining' && counts.size) {
        status = 'True';
        reason = 'SomeResourcesRemain';
        message = `Some resources are remaining: ${[...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([r, n]) => `${r} has ${n} resource instances`).join(', ')}`;
      }
      if (type === 'NamespaceFinalizersRemaining' && finalizers.size) {
        status = 'True';
        reason = 'SomeFinalizersRemain';
        message = `Some content in the namespace has finalizers remaining: ${[...finalizers].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, n]) => `${f} in ${n} resource instances`).join(', ')}`;
      }
      if (type === 'NamespaceDeletionContentFailure' && failed) {
        status = 'True';
        reason = 'ContentDeletionFailed';
        message = `Failed to delete all resource types, 1 remaining: ${failed}`;
      }
      const old = prior.find((c) => c.type === type);
      return { type, status, reason, message, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now };
    });
    if (JSON.stringify(conditions) === JSON.stringify(prior)) return;
    try {
      this.client.updateStatus({ ...ns, status: { ...ns.status, conditions } });
    } catch {
      // Retried on the next check.
    }
  }
}

export function createNamespaceController(ctx: ComponentContext): Controller {
  return new NamespaceController(ctx);
}
