/**
 * Test helper: serves a kubedrill cluster's objects over HTTP on loopback so that the real
 * kubectl (when installed) can print them, for comparing its output with the palette's. Only
 * what kubectl get/describe/events need: discovery, get/list with selectors, and Tables built
 * from the palette's own row functions (so tables compare kubectl's decoration, not the cells).
 * Timestamps are shifted to the wall clock, since kubectl computes ages from it, keeping the
 * milliseconds (Go's time parsing accepts them) so an age cannot tip over a second boundary.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESOURCES, apiVersionOf, type ResourceType } from '../../src/core/api/resources.js';
import type { Cluster } from '../../src/core/cluster.js';
import type { KObject } from '../../src/core/api/types.js';
import { tableFor } from '../../src/commands/kubectl/printers/index.js';

export interface Shim {
  port: number;
  close(): Promise<void>;
}

export function serveCluster(cluster: Cluster): Promise<Shim> {
  const shift = (o: unknown): unknown => {
    const off = Date.now() - cluster.clock.now();
    return JSON.parse(JSON.stringify(o), (_k, v) =>
      typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) ? new Date(Date.parse(v) + off).toISOString() : v,
    );
  };
  const groups = new Map<string, ResourceType[]>();
  for (const r of RESOURCES) {
    const gv = apiVersionOf(r);
    if (!groups.has(gv)) groups.set(gv, []);
    groups.get(gv)!.push(r);
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (code: number, body: unknown): void => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const p = url.pathname;
    if (p === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (p === '/apis') {
      const list = [...groups.keys()].filter((g) => g.includes('/')).map((gv) => {
        const [name, version] = gv.split('/') as [string, string];
        return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
      });
      return send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: list });
    }
    const disc = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(p);
    if (disc) {
      const gv = disc[1] ?? disc[2]!;
      const resources = (groups.get(gv) ?? []).map((r) => ({ name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs, shortNames: r.shortNames, categories: r.categories }));
      return send(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources });
    }
    const m = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(p);
    if (!m) return send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'not found', reason: 'NotFound', code: 404 });
    const [, ns, plural, name] = m;
    const opts: Record<string, string> = {};
    for (const k of ['labelSelector', 'fieldSelector']) if (url.searchParams.get(k)) opts[k] = url.searchParams.get(k)!;
    try {
      const res0 = RESOURCES.find((x) => x.plural === plural)!;
      const result = name ? cluster.admin.get(plural!, ns, name) : cluster.admin.list(plural!, ns, opts);
      if (String(req.headers.accept ?? '').includes('as=Table')) {
        const def = tableFor(res0);
        const items: KObject[] = name ? [result as KObject] : (result as { items: KObject[] }).items;
        const nameCol = def.nameColumn ?? def.columns.findIndex((c) => c.name === 'Name');
        return send(200, {
          kind: 'Table',
          apiVersion: 'meta.k8s.io/v1',
          metadata: { resourceVersion: '1' },
          columnDefinitions: def.columns.map((c, i) => ({ name: c.name, type: 'string', format: i === nameCol ? 'name' : '', description: '', priority: c.priority ?? 0 })),
          rows: items.map((o) => ({ cells: def.row(o, { now: cluster.clock.now(), wide: true }), object: shift({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata }) })),
        });
      }
      const body = name ? result : { kind: `${res0.kind}List`, apiVersion: apiVersionOf(res0), ...(result as object) };
      return send(200, shift(body));
    } catch (e) {
      const err = e as { code?: number; message: string; reason?: string };
      return send(err.code ?? 500, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: err.message, reason: err.reason, code: err.code ?? 500 });
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
