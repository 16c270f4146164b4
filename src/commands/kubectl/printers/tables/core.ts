/** Tables for core/v1 kinds other than pods (nodes, services, events, storage, config...). */
import type { Event, KObject, Node } from '../../../../core/api/types.js';
import { formatQuantity } from '../../../../core/api/quantity.js';
import { age, containerCells, formatLabels, registerTable } from '../table.js';

const NAME = { name: 'Name' };
const AGE = { name: 'Age' };

/** Node STATUS: Ready / NotReady / Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: Node): string {
  const status: string[] = [];
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** findNodeRoles: node-role.kubernetes.io/<role> keys and kubernetes.io/role values, sorted. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const r = k.slice('node-role.kubernetes.io/'.length);
      if (r) roles.add(r);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  const list = [...roles].sort();
  return list.length ? list.join(',') : '<none>';
}

const address = (node: Node, type: string): string => node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';

registerTable('nodes', {
  columns: [
    NAME, { name: 'Status' }, { name: 'Roles' }, AGE, { name: 'Version' },
    { name: 'Internal-IP', priority: 1 }, { name: 'External-IP', priority: 1 }, { name: 'OS-Image', priority: 1 },
    { name: 'Kernel-Version', priority: 1 }, { name: 'Container-Runtime', priority: 1 },
  ],
  row: (n: Node, ctx) => {
    const info = n.status?.nodeInfo ?? {};
    return [
      n.metadata.name, nodeStatus(n), nodeRoles(n), age(n.metadata.creationTimestamp, ctx.now), info.kubeletVersion ?? '',
      address(n, 'InternalIP'), address(n, 'ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
});

function serviceExternalIP(svc: KObject, wide: boolean): string {
  const spec = svc.spec ?? {};
  const ext: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const ips = [...new Set<string>((svc.status?.loadBalancer?.ingress ?? []).map((i: { ip?: string; hostname?: string }) => i.ip || i.hostname || '').filter(Boolean))].sort();
      let lb = ips.join(',');
      if (!wide && lb.length > 16) lb = lb.slice(0, 13) + '...';
      if (ext.length) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

export function servicePorts(ports: Array<{ port: number; nodePort?: number; protocol?: string }> | undefined): string {
  const s = (ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
  return s || '<none>';
}

registerTable('services', {
  columns: [NAME, { name: 'Type' }, { name: 'Cluster-IP' }, { name: 'External-IP' }, { name: 'Port(s)' }, AGE, { name: 'Selector', priority: 1 }],
  row: (s: KObject, ctx) => [
    s.metadata.name, s.spec?.type ?? 'ClusterIP', s.spec?.clusterIPs?.[0] ?? s.spec?.clusterIP ?? '<none>', serviceExternalIP(s, ctx.wide),
    servicePorts(s.spec?.ports), age(s.metadata.creationTimestamp, ctx.now), formatLabels(s.spec?.selector),
  ],
});

/** formatEndpoints: up to three ip:port pairs, then "+ N more...". */
export function formatEndpoints(ep: KObject, ports?: Set<string>): string {
  const subsets: Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ name?: string; port: number }> }> = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    if (!ss.ports?.length) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const p of ss.ports) {
      if (ports && !ports.has(p.name ?? '')) continue;
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip.includes(':') ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`);
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

registerTable('endpoints', {
  columns: [NAME, { name: 'Endpoints' }, AGE],
  row: (e: KObject, ctx) => [e.metadata.name, formatEndpoints(e), age(e.metadata.creationTimestamp, ctx.now)],
});

function listWithMore(list: string[], count: number, max = 3): string {
  const more = count > max;
  const ret = list.slice(0, max).join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret || '<unset>';
}

registerTable('endpointslices', {
  columns: [NAME, { name: 'AddressType' }, { name: 'Ports' }, { name: 'Endpoints' }, AGE],
  row: (e: KObject, ctx) => {
    const ports = (e.ports ?? []).map((p: { port?: number; name?: string }) => (p.port !== undefined && p.port !== null ? String(p.port) : p.name ?? '*'));
    const addrs: string[] = (e.endpoints ?? []).flatMap((x: { addresses?: string[] }) => x.addresses ?? []);
    return [e.metadata.name, e.addressType ?? '', listWithMore(ports, ports.length), listWithMore(addrs, addrs.length), age(e.metadata.creationTimestamp, ctx.now)];
  },
});

registerTable('namespaces', {
  columns: [NAME, { name: 'Status' }, AGE],
  row: (n: KObject, ctx) => [n.metadata.name, n.status?.phase ?? '', age(n.metadata.creationTimestamp, ctx.now)],
});

registerTable('configmaps', {
  columns: [NAME, { name: 'Data' }, AGE],
  row: (c: KObject, ctx) => [c.metadata.name, Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length, age(c.metadata.creationTimestamp, ctx.now)],
});

registerTable('secrets', {
  columns: [NAME, { name: 'Type' }, { name: 'Data' }, AGE],
  row: (s: KObject, ctx) => [s.metadata.name, s.type ?? 'Opaque', Object.keys(s.data ?? {}).length, age(s.metadata.creationTimestamp, ctx.now)],
});

registerTable('serviceaccounts', {
  columns: [NAME, { name: 'Secrets' }, AGE],
  row: (s: KObject, ctx) => [s.metadata.name, (s.secrets ?? []).length, age(s.metadata.creationTimestamp, ctx.now)],
});

/** Event LAST SEEN / FIRST SEEN / COUNT as printEvent computes them. */
export function eventTimes(e: Event, now: number): { last: string; first: string; count: number } {
  const first = e.firstTimestamp ? age(e.firstTimestamp, now) : age(e.eventTime ?? undefined, now);
  let last = e.lastTimestamp ? age(e.lastTimestamp, now) : first;
  let count = e.count ?? 0;
  const series = (e as KObject).series as { lastObservedTime?: string; count?: number } | undefined;
  if (series) {
    last = age(series.lastObservedTime, now);
    count = series.count ?? 0;
  } else if (count === 0) count = 1;
  return { last, first, count };
}

export function eventObject(e: Event): string {
  const kind = (e.involvedObject?.kind ?? '').toLowerCase();
  return e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
}

export function eventSource(e: Event): string {
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || e.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

registerTable('events', {
  columns: [
    { name: 'Last Seen' }, { name: 'Type' }, { name: 'Reason' }, { name: 'Object' }, { name: 'Subobject', priority: 1 },
    { name: 'Source', priority: 1 }, { name: 'Message' }, { name: 'First Seen', priority: 1 }, { name: 'Count', priority: 1 },
    { name: 'Name', priority: 1 },
  ],
  nameColumn: 9,
  row: (e: Event, ctx) => {
    const t = eventTimes(e, ctx.now);
    return [t.last, e.type ?? '', e.reason ?? '', eventObject(e), e.involvedObject?.fieldPath ?? '', eventSource(e), (e.message ?? '').trim(), t.first, t.count, e.metadata.name];
  },
});

const ACCESS_MODES: Array<[string, string]> = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

export function accessModes(modes: string[] | undefined): string {
  return ACCESS_MODES.filter(([m]) => modes?.includes(m))
    .map(([, s]) => s)
    .join(',');
}

function quantity(q: string | undefined): string {
  if (q === undefined || q === null) return '0';
  try {
    return formatQuantity(q);
  } catch {
    return String(q);
  }
}

registerTable('persistentvolumes', {
  columns: [
    NAME, { name: 'Capacity' }, { name: 'Access Modes' }, { name: 'Reclaim Policy' }, { name: 'Status' }, { name: 'Claim' },
    { name: 'StorageClass' }, { name: 'VolumeAttributesClass' }, { name: 'Reason' }, AGE, { name: 'VolumeMode', priority: 1 },
  ],
  row: (pv: KObject, ctx) => {
    const claim = pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ''}/${pv.spec.claimRef.name ?? ''}` : '';
    const phase = pv.metadata.deletionTimestamp ? 'Terminating' : pv.status?.phase ?? '';
    const sc = pv.spec?.storageClassName ?? pv.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
    return [
      pv.metadata.name, quantity(pv.spec?.capacity?.storage), accessModes(pv.spec?.accessModes), pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phase, claim, sc, pv.spec?.volumeAttributesClassName ?? '<unset>', pv.status?.reason ?? '', age(pv.metadata.creationTimestamp, ctx.now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
});

registerTable('persistentvolumeclaims', {
  columns: [
    NAME, { name: 'Status' }, { name: 'Volume' }, { name: 'Capacity' }, { name: 'Access Modes' }, { name: 'StorageClass' },
    { name: 'VolumeAttributesClass' }, AGE, { name: 'VolumeMode', priority: 1 },
  ],
  row: (pvc: KObject, ctx) => {
    const phase = pvc.metadata.deletionTimestamp ? 'Terminating' : pvc.status?.phase ?? '';
    const bound = !!pvc.spec?.volumeName;
    const sc = pvc.spec?.storageClassName ?? pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
    return [
      pvc.metadata.name, phase, pvc.spec?.volumeName ?? '', bound ? quantity(pvc.status?.capacity?.storage) : '',
      bound ? accessModes(pvc.status?.accessModes) : '', sc, pvc.spec?.volumeAttributesClassName ?? '<unset>',
      age(pvc.metadata.creationTimestamp, ctx.now), pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
});

registerTable('resourcequotas', {
  columns: [NAME, { name: 'Request' }, { name: 'Limit' }, AGE],
  row: (q: KObject, ctx) => {
    const hard: Record<string, string> = q.status?.hard ?? {};
    const used: Record<string, string> = q.status?.used ?? {};
    const req: string[] = [];
    const lim: string[] = [];
    for (const r of Object.keys(hard).sort()) {
      const text = `${r}: ${quantity(used[r])}/${quantity(hard[r])}`;
      (r.split('.').length > 1 && r.split('.')[0] === 'limits' ? lim : req).push(text);
    }
    return [q.metadata.name, req.join(', '), lim.join(', '), age(q.metadata.creationTimestamp, ctx.now)];
  },
});

registerTable('replicationcontrollers', {
  columns: [
    NAME, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, AGE,
    { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }, { name: 'Selector', priority: 1 },
  ],
  row: (rc: KObject, ctx) => {
    const [names, images] = containerCells(rc.spec?.template?.spec?.containers);
    return [
      rc.metadata.name, rc.spec?.replicas ?? 0, rc.status?.replicas ?? 0, rc.status?.readyReplicas ?? 0, age(rc.metadata.creationTimestamp, ctx.now),
      names, images, formatLabels(rc.spec?.selector),
    ];
  },
});

registerTable('componentstatuses', {
  columns: [NAME, { name: 'Status' }, { name: 'Message' }, { name: 'Error' }],
  row: (c: KObject) => {
    const h = (c.conditions ?? []).find((x: { type: string }) => x.type === 'Healthy');
    return [c.metadata.name, h ? (h.status === 'True' ? 'Healthy' : 'Unhealthy') : 'Unknown', h?.message ?? '', h?.error ?? ''];
  },
});
