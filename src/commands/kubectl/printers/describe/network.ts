/** describe for Service, Endpoints, EndpointSlice, Ingress and NetworkPolicy. */
import type { KObject } from '../../../../core/api/types.js';
import { formatLabelSelector } from '../../../../core/api/labels.js';
import { formatLabels } from '../table.js';
import { formatEndpoints } from '../tables/core.js';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline } from './common.js';
import { PrefixWriter, type DescribeContext } from './writer.js';

/** formatEndpointSlices: ready endpoints as ip:port for the named port, at most three. */
export function formatEndpointSlices(slices: KObject[], portName: string | undefined): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const s of slices) {
    const endpoints: any[] = s.endpoints ?? [];
    const ports: any[] = s.ports ?? [];
    const ready = (e: any): boolean => e.conditions?.ready === undefined || e.conditions?.ready === null || e.conditions.ready;
    if (ports.length === 0) {
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(e.addresses[0]);
        count++;
      }
    } else {
      for (const p of ports) {
        if (portName !== undefined && (p.name ?? '') !== portName) continue;
        for (const e of endpoints) {
          if (list.length === max) more = true;
          if (!ready(e)) continue;
          const addr: string = e.addresses[0];
          if (!more) list.push(addr.includes(':') ? `[${addr}]:${p.port}` : `${addr}:${p.port}`);
          count++;
        }
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export function describeService(svc: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = svc.spec ?? {};
  w.write(0, `Name:\t${svc.metadata.name}\n`);
  w.write(0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', svc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
  w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
  if (spec.externalIPs?.length) w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
  const ingress: any[] = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) w.write(0, `LoadBalancer Ingress:\t${ingress.map((i) => (i.ip ? i.ip + (i.ipMode ? ` (${i.ipMode})` : '') : i.hostname)).join(', ')}\n`);
  // kubectl 1.32 reads EndpointSlices; where the simulation only keeps Endpoints, those are shown instead.
  const slices = ctx.list('endpointslices', svc.metadata.namespace, { labelSelector: `kubernetes.io/service-name=${svc.metadata.name}` });
  let endpoints: KObject | undefined;
  if (slices.length === 0) {
    const ep = ctx.get('endpoints', svc.metadata.namespace, svc.metadata.name);
    if (!(ep instanceof Error)) endpoints = ep;
  }
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    const proto = p.protocol ?? 'TCP';
    w.write(0, `Port:\t${name}\t${p.port}/${proto}\n`);
    w.write(0, `TargetPort:\t${p.targetPort ?? p.port}/${proto}\n`);
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${proto}\n`);
    const eps = slices.length || !endpoints ? formatEndpointSlices(slices, p.name ?? '') : formatEndpoints(endpoints, new Set([p.name ?? '']));
    w.write(0, `Endpoints:\t${eps}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if (spec.loadBalancerSourceRanges?.length) w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
  describeEvents(eventsFor(svc, ctx), w, ctx.now);
  return w.toString();
}

export function describeEndpoints(ep: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ep.metadata.name}\n`);
  w.write(0, `Namespace:\t${ep.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ep.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
  w.write(0, 'Subsets:\n');
  for (const s of ep.subsets ?? []) {
    w.write(1, `Addresses:\t${(s.addresses ?? []).map((a: { ip: string }) => a.ip).join(',') || '<none>'}\n`);
    w.write(1, `NotReadyAddresses:\t${(s.notReadyAddresses ?? []).map((a: { ip: string }) => a.ip).join(',') || '<none>'}\n`);
    if (s.ports?.length) {
      w.write(1, 'Ports:\n');
      w.write(2, 'Name\tPort\tProtocol\n');
      w.write(2, '----\t----\t--------\n');
      for (const p of s.ports) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`);
    }
    w.write(0, '\n');
  }
  describeEvents(eventsFor(ep, ctx), w, ctx.now);
  return w.toString();
}

export function describeEndpointSlice(s: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${s.metadata.name}\n`);
  w.write(0, `Namespace:\t${s.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', s.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', s.metadata.annotations);
  w.write(0, `AddressType:\t${s.addressType ?? ''}\n`);
  const ports: any[] = s.ports ?? [];
  if (!ports.length) w.write(0, 'Ports: <unset>\n');
  else {
    w.write(0, 'Ports:\n');
    w.write(1, 'Name\tPort\tProtocol\n');
    w.write(1, '----\t----\t--------\n');
    for (const p of ports) w.write(1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? 'TCP'}\n`);
  }
  const eps: any[] = s.endpoints ?? [];
  if (!eps.length) w.write(0, 'Endpoints: <none>\n');
  else {
    w.write(0, 'Endpoints:\n');
    for (const e of eps) {
      w.write(1, `- Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}\n`);
      w.write(2, 'Conditions:\n');
      w.write(3, `Ready:\t${e.conditions?.ready === undefined ? '<unset>' : String(e.conditions.ready)}\n`);
      w.write(2, `Hostname:\t${e.hostname ?? '<unset>'}\n`);
      if (e.targetRef) w.write(2, `TargetRef:\t${e.targetRef.kind}/${e.targetRef.name}\n`);
      w.write(2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
      w.write(2, `Zone:\t${e.zone ?? '<unset>'}\n`);
    }
  }
  describeEvents(eventsFor(s, ctx), w, ctx.now);
  return w.toString();
}

export function describeIngress(ing: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ing.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ing.metadata.labels);
  w.write(0, `Namespace:\t${ing.metadata.namespace ?? ''}\n`);
  const addrs = [...new Set<string>((ing.status?.loadBalancer?.ingress ?? []).map((i: { ip?: string; hostname?: string }) => i.ip || i.hostname || '').filter(Boolean))].sort();
  w.write(0, `Address:\t${addrs.join(',')}\n`);
  w.write(0, `Ingress Class:\t${ing.spec?.ingressClassName ?? '<none>'}\n`);
  const backend = (b: any): string => {
    if (b?.service) {
      const port = b.service.port?.number ? String(b.service.port.number) : b.service.port?.name ?? '';
      const slices = ctx.list('endpointslices', ing.metadata.namespace, { labelSelector: `kubernetes.io/service-name=${b.service.name}` });
      const svc = ctx.get('services', ing.metadata.namespace, b.service.name);
      if (svc instanceof Error) return `${b.service.name}:${port} (<error: ${svc.message}>)`;
      const sp = (svc.spec?.ports ?? []).find((p: any) => (b.service.port?.number && p.port === b.service.port.number) || (b.service.port?.name && p.name === b.service.port.name));
      return `${b.service.name}:${port} (${formatEndpointSlices(slices, sp?.name ?? '')})`;
    }
    if (b?.resource) return `APIGroup: ${b.resource.apiGroup ?? '<none>'}, Kind: ${b.resource.kind}, Name: ${b.resource.name}`;
    return '';
  };
  const def = ing.spec?.defaultBackend ? backend(ing.spec.defaultBackend) : '<default>';
  w.write(0, `Default backend:\t${def}\n`);
  if (ing.spec?.tls?.length) {
    w.write(0, 'TLS:\n');
    for (const t of ing.spec.tls) w.write(1, t.secretName ? `${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n` : `SNI routes ${(t.hosts ?? []).join(',')}\n`);
  }
  w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(1, '----\t----\t--------\n');
  let count = 0;
  for (const r of ing.spec?.rules ?? []) {
    if (!r.http) continue;
    count++;
    w.write(1, `${r.host || '*'}\t\n`);
    for (const p of r.http.paths ?? []) w.write(2, `\t${p.path ?? ''} \t${backend(p.backend)}\n`);
  }
  if (count === 0) w.write(1, `*\t*\t${def}\n`);
  printAnnotationsMultiline(w, 'Annotations', ing.metadata.annotations);
  describeEvents(eventsFor(ing, ctx), w, ctx.now);
  return w.toString();
}

function peers(w: PrefixWriter, list: any[] | undefined, dir: 'From' | 'To', indent: string): void {
  for (const peer of list ?? []) {
    w.write(0, `${indent}${dir}:\n`);
    if (peer.podSelector && peer.namespaceSelector) {
      w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.podSelector) w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    else if (peer.namespaceSelector) w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
    else if (peer.ipBlock) {
      w.write(1, `${indent}IPBlock:\n`);
      w.write(2, `${indent}CIDR: ${peer.ipBlock.cidr}\n`);
      w.write(2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

function rules(w: PrefixWriter, list: any[] | undefined, dir: 'From' | 'To', isolated: string): void {
  const indent = '    ';
  if (!list?.length) return w.write(0, `${indent}<none> (Selected pods are isolated for ${isolated} connectivity)\n`);
  list.forEach((r, i) => {
    if (!r.ports?.length) w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const p of r.ports ?? []) {
      const proto = p.protocol ?? 'TCP';
      if (p.endPort === undefined) w.write(0, `${indent}To Port: ${p.port ?? ''}/${proto}\n`);
      else w.write(0, `${indent}To Port Range: ${p.port}-${p.endPort}/${proto}\n`);
    }
    const peersList = dir === 'From' ? r.from : r.to;
    if (!peersList?.length) w.write(0, `${indent}${dir === 'From' ? 'From: <any> (traffic not restricted by source)' : 'To: <any> (traffic not restricted by destination)'}\n`);
    else peers(w, peersList, dir, indent);
    if (i !== list.length - 1) w.write(0, `${indent}----------\n`);
  });
}

export function describeNetworkPolicy(np: KObject, _ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${np.metadata.name}\n`);
  w.write(0, `Namespace:\t${np.metadata.namespace ?? ''}\n`);
  // %s of a metav1.Time: Go's time.Time String().
  const created = np.metadata.creationTimestamp ? new Date(Date.parse(np.metadata.creationTimestamp)).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' +0000 UTC') : '0001-01-01 00:00:00 +0000 UTC';
  w.write(0, `Created on:\t${created}\n`);
  printLabelsMultiline(w, 'Labels', np.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', np.metadata.annotations);
  const spec = np.spec ?? {};
  w.write(0, 'Spec:\n');
  w.write(1, 'PodSelector: ');
  const ps = spec.podSelector ?? {};
  if (!Object.keys(ps.matchLabels ?? {}).length && !(ps.matchExpressions ?? []).length) w.write(2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
  else w.write(2, `${formatLabelSelector(ps)}\n`);
  const types: string[] = spec.policyTypes ?? [];
  if (types.includes('Ingress')) {
    w.write(1, 'Allowing ingress traffic:\n');
    rules(w, spec.ingress, 'From', 'ingress');
  } else w.write(1, 'Not affecting ingress traffic\n');
  if (types.includes('Egress')) {
    w.write(1, 'Allowing egress traffic:\n');
    rules(w, spec.egress, 'To', 'egress');
  } else w.write(1, 'Not affecting egress traffic\n');
  w.write(1, `Policy Types: ${types.length ? types.join(', ') : '<none>'}\n`);
  return w.toString();
}
