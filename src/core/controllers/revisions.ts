/**
 * ControllerRevisions (pkg/controller/history), shared by the StatefulSet and DaemonSet
 * controllers: one per distinct pod template, named OWNER-<hash>, with increasing revision
 * numbers; `kubectl rollout history` for those kinds lists them.
 */
import type { KObject } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { ownerRefsFor } from './replicaset.js';
import { CONTROLLER_UID_INDEX, computeHash, isAlreadyExists } from './util.js';

export const REVISION_HASH_LABEL = 'controller-revision-hash';
export const CR_HASH_LABEL = 'controller.kubernetes.io/hash';

const hashCache = new WeakMap<object, Map<number, string>>();

/** The template's revision hash (cached per template object). */
export function revisionHash(template: object, collisionCount = 0): string {
  let m = hashCache.get(template);
  if (!m) hashCache.set(template, (m = new Map()));
  let h = m.get(collisionCount);
  if (h === undefined) m.set(collisionCount, (h = computeHash({ spec: { template } }, collisionCount || undefined)));
  return h;
}

export function revisionsOf(crInf: Informer<KObject>, owner: KObject): KObject[] {
  return [...crInf.byIndex(CONTROLLER_UID_INDEX, owner.metadata.uid!)];
}

/**
 * Finds or creates the ControllerRevision for the owner's current template. Returns its name
 * and hash; an existing older revision of the same template is bumped to the newest number.
 */
export function ensureRevision(client: Client, crInf: Informer<KObject>, owner: KObject): { name: string; hash: string; revision: KObject | undefined } {
  const template = owner.spec?.template ?? {};
  const hash = revisionHash(template, owner.status?.collisionCount ?? 0);
  const name = `${owner.metadata.name}-${hash}`;
  const existing = revisionsOf(crInf, owner);
  const max = existing.reduce((n, r) => Math.max(n, r.revision ?? 0), 0);
  const found = existing.find((r) => r.metadata.name === name);
  if (found) {
    if ((found.revision ?? 0) < max) {
      try {
        return { name, hash, revision: client.update({ ...found, revision: max + 1 }) };
      } catch {
        return { name, hash, revision: found };
      }
    }
    return { name, hash, revision: found };
  }
  const cr: KObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...(owner.spec?.selector?.matchLabels ?? {}), [CR_HASH_LABEL]: hash },
      ownerReferences: ownerRefsFor(owner),
    },
    data: { spec: { template: { ...template, $patch: 'replace' } } },
    revision: max + 1,
  };
  try {
    return { name, hash, revision: client.create(cr) };
  } catch (err) {
    if (isAlreadyExists(err)) return { name, hash, revision: undefined };
    throw err;
  }
}

/** Deletes revisions beyond revisionHistoryLimit that no live pod uses (oldest first). */
export function truncateHistory(client: Client, crInf: Informer<KObject>, owner: KObject, inUse: Set<string>): void {
  const limit: number = owner.spec?.revisionHistoryLimit ?? 10;
  const old = revisionsOf(crInf, owner)
    .filter((r) => !inUse.has(r.metadata.name))
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  for (let i = 0; i < old.length - limit; i++) {
    try {
      client.delete('controllerrevisions', old[i]!.metadata.namespace, old[i]!.metadata.name);
    } catch {
      // already gone
    }
  }
}
