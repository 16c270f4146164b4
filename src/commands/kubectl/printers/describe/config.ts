/** describe for namespaces, config, RBAC, quota, storage and scheduling kinds. */
import type { KObject } from '../../../../core/api/types.js';
import { formatLabels } from '../table.js';
import { accessModes } from '../tables/core.js';
import { isDefaultStorageClass } from '../tables/cluster.js';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline } from './common.js';
import { goV, PrefixWriter, qty, rfc1123z, since, sortedKeys, type DescribeContext } from './writer.js';

const nameNs = (w: PrefixWriter, o: KObject): void => {
  w.write(0, `Name:\t${o.metadata.name}\n`);
  w.write(0, `Namespace:\t${o.metadata.namespace ?? ''}\n`);
};

const QUOTA_SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

function limitRangeRows(lr: KObject, prefix: string, w: PrefixWriter): void {
  for (const item of lr.spec?.limits ?? []) {
    const names = new Set<string>();
    for (const key of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) for (const k of Object.keys(item[key] ?? {})) names.add(k);
    for (const k of [...names].sort()) {
      const v = (key: string): string => (item[key]?.[k] !== undefined ? qty(item[key][k]) : '-');
      w.write(0, `${prefix}${item.type}\t${k}\t${v('min')}\t${v('max')}\t${v('defaultRequest')}\t${v('default')}\t${v('maxLimitRequestRatio')}\n`);
    }
  }
}

export function describeNamespace(ns: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ns.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`);
  const conds: any[] = ns.status?.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conds) w.write(1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  const quotas = ctx.list('resourcequotas', ns.metadata.name).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  w.write(0, '\n');
  if (!quotas.length) w.write(0, 'No resource quota.\n');
  else {
    w.write(0, 'Resource Quotas\n');
    for (const q of quotas) {
      w.write(1, `Name:\t${q.metadata.name}\n`);
      const scopes = [...(q.spec?.scopes ?? [])].sort();
      if (scopes.length) {
        w.write(1, `Scopes:\t${scopes.join(', ')}\n`);
        for (const s of scopes) if (QUOTA_SCOPE_HELP[s]) w.write(1, `* ${QUOTA_SCOPE_HELP[s]}\n`);
      }
      w.write(1, 'Resource\tUsed\tHard\n');
      w.write(1, '--------\t---\t---\n');
      for (const r of sortedKeys(q.status?.hard)) w.write(1, `${r}\t${qty(q.status?.used?.[r])}\t${qty(q.status.hard[r])}\n`);
    }
  }
  const ranges = ctx.list('limitranges', ns.metadata.name);
  w.write(0, '\n');
  if (!ranges.length) w.write(0, 'No LimitRange resource.\n');
  else {
    w.write(0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
    w.write(0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
    for (const lr of ranges) limitRangeRows(lr, ' ', w);
  }
  return w.toString();
}

export function describeLimitRange(lr: KObject): string {
  const w = new PrefixWriter();
  nameNs(w, lr);
  w.write(0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  limitRangeRows(lr, '', w);
  return w.toString();
}

export function describeResourceQuota(q: KObject): string {
  const w = new PrefixWriter();
  nameNs(w, q);
  const scopes = [...(q.spec?.scopes ?? [])].sort();
  if (scopes.length) {
    w.write(0, `Scopes:\t${scopes.join(', ')}\n`);
    for (const s of scopes) if (QUOTA_SCOPE_HELP[s]) w.write(0, ` * ${QUOTA_SCOPE_HELP[s]}\n`);
  }
  w.write(0, 'Resource\tUsed\tHard\n');
  w.write(0, '--------\t----\t----\n');
  for (const r of sortedKeys(q.status?.hard)) w.write(0, `${r}\t${qty(q.status?.used?.[r])}\t${qty(q.status.hard[r])}\n`);
  return w.toString();
}

export function describeConfigMap(cm: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  nameNs(w, cm);
  printLabelsMultiline(w, 'Labels', cm.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
  w.write(0, '\nData\n====\n');
  // kubectl ranges over a Go map (random order); sorted here so output is stable.
  for (const k of sortedKeys(cm.data)) {
    w.write(0, `${k}:\n----\n`);
    w.write(0, `${cm.data[k]}\n`);
    w.write(0, '\n');
  }
  w.write(0, '\nBinaryData\n====\n');
  for (const k of sortedKeys(cm.binaryData)) w.write(0, `${k}: ${Buffer.from(String(cm.binaryData[k]), 'base64').length} bytes\n`);
  w.write(0, '\n');
  describeEvents(eventsFor(cm, ctx), w, ctx.now);
  return w.toString();
}

export function describeSecret(s: KObject): string {
  const w = new PrefixWriter();
  nameNs(w, s);
  printLabelsMultiline(w, 'Labels', s.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', s.metadata.annotations);
  w.write(0, `\nType:\t${s.type ?? 'Opaque'}\n`);
  w.write(0, '\nData\n====\n');
  for (const k of sortedKeys(s.data)) {
    const bytes = Buffer.from(String(s.data[k]), 'base64');
    if (k === 'token' && s.type === 'kubernetes.io/service-account-token') w.write(0, `${k}:\t${bytes.toString()}\n`);
    else w.write(0, `${k}:\t${bytes.length} bytes\n`);
  }
  return w.toString();
}

export function describeServiceAccount(sa: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  nameNs(w, sa);
  printLabelsMultiline(w, 'Labels', sa.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
  const secrets = ctx.list('secrets', sa.metadata.namespace);
  const existing = new Set(secrets.map((s) => s.metadata.name));
  const tokens = secrets
    .filter((s) => s.type === 'kubernetes.io/service-account-token' && s.metadata.annotations?.['kubernetes.io/service-account.name'] === sa.metadata.name && s.metadata.annotations?.['kubernetes.io/service-account.uid'] === sa.metadata.uid)
    .map((s) => s.metadata.name);
  const groups: Array<[string, string[]]> = [
    ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s: { name: string }) => s.name)],
    ['Mountable secrets: ', (sa.secrets ?? []).map((s: { name: string }) => s.name)],
    ['Tokens:            ', tokens],
  ];
  for (const [headerText, names] of groups) {
    if (!names.length) {
      w.write(0, `${headerText}\t<none>\n`);
      continue;
    }
    let prefix = headerText;
    for (const n of names) {
      w.write(0, `${prefix}\t${n}${existing.has(n) ? '' : ' (not found)'}\n`);
      prefix = '                   ';
    }
  }
  describeEvents(eventsFor(sa, ctx), w, ctx.now);
  return w.toString();
}

/** Role/ClusterRole: rules broken down per resource, then printed as kubectl's PolicyRule table. */
export function describeRole(role: KObject): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${role.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', role.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', role.metadata.annotations);
  w.write(0, 'PolicyRule:\n');
  w.write(1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
  w.write(1, '---------\t-----------------\t--------------\t-----\n');
  // rbac.BreakdownRule (one group, resource, verb and name each), then CompactRules (simple
  // rules with the same group/resource/name merge their verbs), then SortableRuleSlice.
  type Rule = { groups: string[]; resources: string[]; names: string[]; urls: string[]; verbs: string[] };
  const compact = new Map<string, Rule>();
  const complex: Rule[] = [];
  for (const r of role.rules ?? []) {
    for (const g of r.apiGroups ?? []) {
      for (const res of r.resources ?? []) {
        for (const v of r.verbs ?? []) {
          for (const n of r.resourceNames?.length ? r.resourceNames : [undefined]) {
            const key = `${g}\u0000${res}\u0000${n ?? ''}\u0000${n === undefined ? 0 : 1}`;
            const cur = compact.get(key);
            if (cur) cur.verbs.push(v);
            else compact.set(key, { groups: [g], resources: [res], names: n === undefined ? [] : [n], urls: [], verbs: [v] });
          }
        }
      }
    }
    for (const u of r.nonResourceURLs ?? []) for (const v of r.verbs ?? []) complex.push({ groups: [], resources: [], names: [], urls: [u], verbs: [v] });
  }
  const rules = [...complex, ...compact.values()];
  const str = (r: Rule): string =>
    `&PolicyRule{Verbs:${goV(r.verbs)},APIGroups:${goV(r.groups)},Resources:${goV(r.resources)},ResourceNames:${goV(r.names)},NonResourceURLs:${goV(r.urls)},}`;
  const sorted = rules.map((r) => ({ r, k: str(r) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.r);
  const combine = (r: Rule): string => {
    if (!r.resources.length) return '';
    const [head, ...rest] = r.resources[0]!.split('/');
    return head + (r.groups[0] ? `.${r.groups[0]}` : '') + (rest.length ? `/${rest.join('/')}` : '');
  };
  for (const r of sorted) w.write(1, `${combine(r)}\t${goV(r.urls)}\t${goV(r.names)}\t${goV(r.verbs)}\n`);
  return w.toString();
}

export function describeRoleBinding(b: KObject): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${b.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', b.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', b.metadata.annotations);
  w.write(0, 'Role:\n');
  w.write(1, `Kind:\t${b.roleRef?.kind ?? ''}\n`);
  w.write(1, `Name:\t${b.roleRef?.name ?? ''}\n`);
  w.write(0, 'Subjects:\n');
  w.write(1, 'Kind\tName\tNamespace\n');
  w.write(1, '----\t----\t---------\n');
  for (const s of b.subjects ?? []) w.write(1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}\n`);
  return w.toString();
}

export function describePVC(pvc: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  nameNs(w, pvc);
  w.write(0, `StorageClass:\t${pvc.spec?.storageClassName ?? pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? ''}\n`);
  w.write(0, pvc.metadata.deletionTimestamp ? `Status:\tTerminating (lasts ${since(pvc.metadata.deletionTimestamp, ctx.now)})\n` : `Status:\t${pvc.status?.phase ?? ''}\n`);
  w.write(0, `Volume:\t${pvc.spec?.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', pvc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
  w.write(0, `Finalizers:\t${goV(pvc.metadata.finalizers ?? [])}\n`);
  const bound = !!pvc.spec?.volumeName;
  w.write(0, `Capacity:\t${bound ? qty(pvc.status?.capacity?.storage) : ''}\n`);
  w.write(0, `Access Modes:\t${bound ? accessModes(pvc.status?.accessModes) : ''}\n`);
  if (pvc.spec?.volumeMode) w.write(0, `VolumeMode:\t${pvc.spec.volumeMode}\n`);
  if (pvc.spec?.dataSource) {
    w.write(0, 'DataSource:\n');
    if (pvc.spec.dataSource.apiGroup) w.write(1, `APIGroup:\t${pvc.spec.dataSource.apiGroup}\n`);
    w.write(1, `Kind:\t${pvc.spec.dataSource.kind}\n`);
    w.write(1, `Name:\t${pvc.spec.dataSource.name}\n`);
  }
  const users = ctx
    .list('pods', pvc.metadata.namespace)
    .filter((p) => (p.spec?.volumes ?? []).some((v: any) => v.persistentVolumeClaim?.claimName === pvc.metadata.name))
    .map((p) => p.metadata.name)
    .sort();
  w.write(0, 'Used By:\t');
  if (!users.length) w.writeLine('<none>');
  users.forEach((u, i) => w.write(0, `${i ? '\t' : ''}${u}\n`));
  const conds: any[] = pvc.status?.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conds) w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  }
  describeEvents(eventsFor(pvc, ctx), w, ctx.now);
  return w.toString();
}

export function describePV(pv: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = pv.spec ?? {};
  w.write(0, `Name:\t${pv.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', pv.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
  w.write(0, `Finalizers:\t${goV(pv.metadata.finalizers ?? [])}\n`);
  w.write(0, `StorageClass:\t${spec.storageClassName ?? ''}\n`);
  w.write(0, pv.metadata.deletionTimestamp ? `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp, ctx.now)})\n` : `Status:\t${pv.status?.phase ?? ''}\n`);
  w.write(0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`);
  w.write(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(0, `Access Modes:\t${accessModes(spec.accessModes)}\n`);
  if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  w.write(0, `Capacity:\t${qty(spec.capacity?.storage)}\n`);
  w.write(0, 'Node Affinity:\t');
  const terms: any[] | undefined = spec.nodeAffinity?.required?.nodeSelectorTerms;
  if (!spec.nodeAffinity?.required) w.writeLine('<none>');
  else {
    w.writeLine('');
    w.write(1, 'Required Terms:\t');
    if (!terms?.length) w.writeLine('<none>');
    else {
      w.writeLine('');
      terms.forEach((t, i) => {
        w.write(2, `Term ${i}:\t`);
        const exprs: any[] = t.matchExpressions ?? [];
        if (!exprs.length) w.writeLine('<none>');
        exprs.forEach((e, j) => {
          if (j) w.write(2, '\t');
          w.write(0, `${e.key} ${String(e.operator).toLowerCase()}${e.values?.length ? ` [${e.values.join(', ')}]` : ''}\n`);
        });
      });
    }
  }
  w.write(0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(0, 'Source:\n');
  if (spec.csi) {
    w.write(2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${spec.csi.driver}\n    FSType:\t${spec.csi.fsType ?? ''}\n    VolumeHandle:\t${spec.csi.volumeHandle}\n    ReadOnly:\t${!!spec.csi.readOnly}\n`);
    w.write(2, 'VolumeAttributes:\t');
    const keys = sortedKeys(spec.csi.volumeAttributes);
    if (!keys.length) w.writeLine('<none>');
    keys.forEach((k, i) => w.write(2, `${i ? '\t' : ''}${k}=${spec.csi.volumeAttributes[k]}\n`));
  } else if (spec.hostPath) w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path}\n    HostPathType:\t${spec.hostPath.type ?? '<none>'}\n`);
  else if (spec.nfs) w.write(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server}\n    Path:\t${spec.nfs.path}\n    ReadOnly:\t${!!spec.nfs.readOnly}\n`);
  else if (spec.local) w.write(2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path}\n`);
  describeEvents(eventsFor(pv, ctx), w, ctx.now);
  return w.toString();
}

export function describeStorageClass(sc: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${sc.metadata.name}\n`);
  const a = sc.metadata.annotations ?? {};
  const isDefault = 'storageclass.kubernetes.io/is-default-class' in a || 'storageclass.beta.kubernetes.io/is-default-class' in a ? (isDefaultStorageClass(sc) ? 'Yes' : 'No') : 'No';
  w.write(0, `IsDefaultClass:\t${isDefault}\n`);
  w.write(0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
  w.write(0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
  w.write(0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
  w.write(0, `AllowVolumeExpansion:\t${sc.allowVolumeExpansion === undefined ? '<unset>' : sc.allowVolumeExpansion ? 'True' : 'False'}\n`);
  if (!sc.mountOptions?.length) w.write(0, 'MountOptions:\t<none>\n');
  else {
    w.write(0, 'MountOptions:\n');
    for (const o of sc.mountOptions) w.write(1, `${o}\n`);
  }
  if (sc.reclaimPolicy) w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode) w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  describeEvents(eventsFor(sc, ctx), w, ctx.now);
  return w.toString();
}

export function describePriorityClass(pc: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${pc.metadata.name}\n`);
  w.write(0, `Value:\t${pc.value ?? 0}\n`);
  w.write(0, `GlobalDefault:\t${!!pc.globalDefault}\n`);
  w.write(0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? 'PreemptLowerPriority'}\n`);
  w.write(0, `Description:\t${pc.description ?? ''}\n`);
  w.write(0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
  describeEvents(eventsFor(pc, ctx), w, ctx.now);
  return w.toString();
}

export function describeCSINode(n: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${n.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', n.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', n.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(n.metadata.creationTimestamp)}\n`);
  w.write(0, 'Spec:\n');
  if (n.spec?.drivers) {
    w.write(1, 'Drivers:\n');
    for (const d of n.spec.drivers) {
      w.write(2, `${d.name}:\n`);
      w.write(3, `Node ID:\t${d.nodeID ?? ''}\n`);
      if (d.allocatable?.count !== undefined) {
        w.write(3, 'Allocatables:\n');
        w.write(4, `Count:\t${d.allocatable.count}\n`);
      }
      if (d.topologyKeys) w.write(3, `Topology Keys:\t${goV(d.topologyKeys)}\n`);
    }
  }
  describeEvents(eventsFor(n, ctx), w, ctx.now);
  return w.toString();
}
