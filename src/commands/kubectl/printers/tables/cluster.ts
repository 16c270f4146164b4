/** Tables for storage, networking, RBAC, scheduling, admission, coordination and OpenShift kinds. */
import type { KObject } from '../../../../core/api/types.js';
import { formatLabelSelector } from '../../../../core/api/labels.js';
import { age, registerTable } from '../table.js';

const NAME = { name: 'Name' };
const AGE = { name: 'Age' };
const bool = (v: unknown, dflt: boolean): boolean => (v === undefined || v === null ? dflt : !!v);

export function isDefaultStorageClass(sc: KObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

registerTable('storageclasses', {
  columns: [NAME, { name: 'Provisioner' }, { name: 'ReclaimPolicy' }, { name: 'VolumeBindingMode' }, { name: 'AllowVolumeExpansion' }, AGE],
  row: (sc: KObject, ctx) => [
    sc.metadata.name + (isDefaultStorageClass(sc) ? ' (default)' : ''), sc.provisioner ?? '', sc.reclaimPolicy ?? 'Delete',
    sc.volumeBindingMode ?? 'Immediate', bool(sc.allowVolumeExpansion, false), age(sc.metadata.creationTimestamp, ctx.now),
  ],
});

registerTable('csidrivers', {
  columns: [NAME, { name: 'AttachRequired' }, { name: 'PodInfoOnMount' }, { name: 'StorageCapacity' }, { name: 'TokenRequests' }, { name: 'RequiresRepublish' }, { name: 'Modes' }, AGE],
  row: (d: KObject, ctx) => [
    d.metadata.name, bool(d.spec?.attachRequired, true), bool(d.spec?.podInfoOnMount, false), bool(d.spec?.storageCapacity, false),
    d.spec?.tokenRequests ? d.spec.tokenRequests.map((t: { audience: string }) => t.audience).join(',') : '<unset>',
    bool(d.spec?.requiresRepublish, false), (d.spec?.volumeLifecycleModes ?? []).join(',') || '<none>', age(d.metadata.creationTimestamp, ctx.now),
  ],
});

registerTable('csinodes', {
  columns: [NAME, { name: 'Drivers' }, AGE],
  row: (n: KObject, ctx) => [n.metadata.name, (n.spec?.drivers ?? []).length, age(n.metadata.creationTimestamp, ctx.now)],
});

registerTable('volumeattachments', {
  columns: [NAME, { name: 'Attacher' }, { name: 'PV' }, { name: 'Node' }, { name: 'Attached' }, AGE],
  row: (v: KObject, ctx) => [
    v.metadata.name, v.spec?.attacher ?? '', v.spec?.source?.persistentVolumeName ?? '', v.spec?.nodeName ?? '', !!v.status?.attached,
    age(v.metadata.creationTimestamp, ctx.now),
  ],
});

registerTable('networkpolicies', {
  columns: [NAME, { name: 'Pod-Selector' }, AGE],
  row: (p: KObject, ctx) => [p.metadata.name, formatLabelSelector(p.spec?.podSelector ?? {}), age(p.metadata.creationTimestamp, ctx.now)],
});

registerTable('ingresses', {
  columns: [NAME, { name: 'Class' }, { name: 'Hosts' }, { name: 'Address' }, { name: 'Ports' }, AGE],
  row: (i: KObject, ctx) => {
    const rules: Array<{ host?: string }> = i.spec?.rules ?? [];
    const hosts = rules.map((r) => r.host).filter((h): h is string => !!h);
    let hostText = hosts.slice(0, 3).join(',') || '*';
    if (rules.length > 3 && hosts.length >= 3) hostText = `${hosts.slice(0, 3).join(',')} + ${rules.length - 3} more...`;
    const addrs = [...new Set<string>((i.status?.loadBalancer?.ingress ?? []).map((x: { ip?: string; hostname?: string }) => x.ip || x.hostname || '').filter(Boolean))].sort();
    let address = addrs.join(',');
    if (!ctx.wide && address.length > 16) address = address.slice(0, 13) + '...';
    return [i.metadata.name, i.spec?.ingressClassName ?? '<none>', hostText, address, i.spec?.tls?.length ? '80, 443' : '80', age(i.metadata.creationTimestamp, ctx.now)];
  },
});

registerTable('leases', {
  columns: [NAME, { name: 'Holder' }, AGE],
  row: (l: KObject, ctx) => [l.metadata.name, l.spec?.holderIdentity ?? '', age(l.metadata.creationTimestamp, ctx.now)],
});

registerTable('priorityclasses', {
  columns: [NAME, { name: 'Value' }, { name: 'Global-Default' }, AGE, { name: 'PreemptionPolicy', priority: 1 }],
  row: (p: KObject, ctx) => [p.metadata.name, p.value ?? 0, !!p.globalDefault, age(p.metadata.creationTimestamp, ctx.now), p.preemptionPolicy ?? ''],
});

/** rbac.SubjectsStrings: users, groups and "namespace/name" service accounts. */
function subjects(b: KObject): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of (b.subjects ?? []) as Array<{ kind: string; name: string; namespace?: string }>) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

for (const plural of ['rolebindings', 'clusterrolebindings']) {
  registerTable(plural, {
    columns: [NAME, { name: 'Role' }, AGE, { name: 'Users', priority: 1 }, { name: 'Groups', priority: 1 }, { name: 'ServiceAccounts', priority: 1 }],
    row: (b: KObject, ctx) => [b.metadata.name, `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, age(b.metadata.creationTimestamp, ctx.now), ...subjects(b)],
  });
}

for (const plural of ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations']) {
  registerTable(plural, {
    columns: [NAME, { name: 'Webhooks' }, AGE],
    row: (w: KObject, ctx) => [w.metadata.name, (w.webhooks ?? []).length, age(w.metadata.creationTimestamp, ctx.now)],
  });
}

const condition = (o: KObject, type: string): { status?: string; message?: string; lastTransitionTime?: string } | undefined =>
  (o.status?.conditions ?? []).find((c: { type: string }) => c.type === type);

// The ClusterOperator CRD's additionalPrinterColumns.
registerTable('clusteroperators', {
  columns: [NAME, { name: 'Version' }, { name: 'Available' }, { name: 'Progressing' }, { name: 'Degraded' }, { name: 'Since' }, { name: 'Message' }],
  row: (co: KObject, ctx) => {
    const available = condition(co, 'Available');
    const version = (co.status?.versions ?? []).find((v: { name: string }) => v.name === 'operator')?.version ?? '';
    return [
      co.metadata.name, version, available?.status ?? '', condition(co, 'Progressing')?.status ?? '', condition(co, 'Degraded')?.status ?? '',
      available?.lastTransitionTime ? age(available.lastTransitionTime, ctx.now) : '', condition(co, 'Degraded')?.message ?? '',
    ];
  },
});
