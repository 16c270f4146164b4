/**
 * GET /metrics in Prometheus' text format, from the API server's request log: the request
 * counter and latency histogram kube-apiserver exports, plus the stored-object gauge. The log
 * keys its counters by verb, resource, subresource and code, so `scope` is inferred from the
 * verb (named verbs are "resource", the rest "namespace" or "cluster" by the resource's scope).
 */
import { RESOURCES, resolveResource } from '../core/api/resources.js';
import type { ApiServer } from '../core/apiserver/server.js';
import { RequestLog } from '../core/apiserver/requestlog.js';

const HTTP_VERB: Record<string, string> = { CREATE: 'POST', UPDATE: 'PUT' };

function labels(l: Record<string, string>): string {
  return `{${Object.keys(l)
    .sort()
    .map((k) => `${k}="${l[k]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',')}}`;
}

function num(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Math.round(n * 1e9) / 1e9);
}

function requestLabels(verb: string, resource: string, subresource: string): Record<string, string> {
  const res = resolveResource(resource);
  const v = HTTP_VERB[verb] ?? verb;
  const named = v === 'GET' || v === 'PUT' || v === 'PATCH' || v === 'DELETE' || (v === 'POST' && subresource !== '');
  return {
    component: 'apiserver',
    dryRun: '',
    group: res?.group ?? '',
    resource: res?.plural ?? resource,
    scope: named ? 'resource' : res?.namespaced ? 'namespace' : 'cluster',
    subresource,
    verb: v,
    version: res?.version ?? 'v1',
  };
}

export function metricsText(api: ApiServer): string {
  const out: string[] = [];
  out.push('# HELP apiserver_request_duration_seconds [STABLE] Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.');
  out.push('# TYPE apiserver_request_duration_seconds histogram');
  const hist: string[] = [];
  for (const [key, h] of api.log.latency) {
    const [verb, resource] = key.split('\u0000') as [string, string];
    const l = requestLabels(verb, resource, '');
    const cum = RequestLog.cumulative(h.buckets);
    RequestLog.BUCKETS.forEach((b, i) => hist.push(`apiserver_request_duration_seconds_bucket${labels({ ...l, le: num(b) })} ${cum[i]}`));
    hist.push(`apiserver_request_duration_seconds_bucket${labels({ ...l, le: '+Inf' })} ${h.count}`);
    hist.push(`apiserver_request_duration_seconds_sum${labels(l)} ${num(h.sum)}`);
    hist.push(`apiserver_request_duration_seconds_count${labels(l)} ${h.count}`);
  }
  out.push(...hist);
  out.push('# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.');
  out.push('# TYPE apiserver_request_total counter');
  const totals: string[] = [];
  for (const [key, n] of api.log.totals) {
    const [verb, resource, subresource, code] = key.split('\u0000') as [string, string, string, string];
    totals.push(`apiserver_request_total${labels({ code, ...requestLabels(verb, resource, subresource) })} ${n}`);
  }
  out.push(...totals.sort());
  out.push('# HELP apiserver_storage_objects [STABLE] Number of stored objects at the time of last check split by kind. In case of a fetching error, the value will be -1.');
  out.push('# TYPE apiserver_storage_objects gauge');
  for (const r of [...RESOURCES].sort((a, b) => (a.group ? `${a.plural}.${a.group}` : a.plural).localeCompare(b.group ? `${b.plural}.${b.group}` : b.plural))) {
    if (!(r.verbs ?? []).includes('list')) continue;
    out.push(`apiserver_storage_objects${labels({ resource: r.group ? `${r.plural}.${r.group}` : r.plural })} ${api.count(r.plural)}`);
  }
  return `${out.join('\n')}\n`;
}
