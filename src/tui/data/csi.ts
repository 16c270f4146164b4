/**
 * CSI volumes for the home pane and `:csi`: each claim followed down the chain a volume takes
 * (PVC -> StorageClass/provisioner -> PV -> VolumeAttachment on a node -> the pods mounting it),
 * from the storage model (src/core/storage/summary.ts); without one, straight from the PVC, PV,
 * StorageClass and VolumeAttachment objects the API server holds.
 */
import type { Cluster } from '../../core/cluster.js';
import type { KObject, Pod } from '../../core/api/types.js';
import type { Renderer, Row } from './renderer.js';
import type { RowProvider } from './table-model.js';
import { csiChain, csiSummary } from '../../core/storage/summary.js';

export interface CsiTable {
  summary: string[];
  columns: string[];
  rows: Row[];
  from: 'storage model' | 'api objects';
}

export const CSI_COLUMNS = ['NAMESPACE', 'CLAIM', 'STATUS', 'STORAGECLASS', 'PROVISIONER', 'VOLUME', 'NODE', 'ATTACHED', 'PODS'];

function isDefault(sc: KObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

export function csiFromApi(cluster: Cluster): CsiTable {
  const api = cluster.api;
  const classes = new Map<string, KObject>();
  let defaultClass: string | undefined;
  for (const sc of api.cachedList('storageclasses')) {
    classes.set(sc.metadata.name, sc);
    if (isDefault(sc)) defaultClass = sc.metadata.name;
  }
  const attachments = new Map<string, KObject>();
  let vaCount = 0;
  for (const va of api.cachedList('volumeattachments')) {
    vaCount++;
    const pv = va.spec?.source?.persistentVolumeName;
    if (pv) attachments.set(pv, va);
  }
  const users = new Map<string, string[]>();
  for (const o of api.cachedList('pods')) {
    const p = o as Pod;
    for (const v of (p.spec?.volumes ?? []) as Array<{ persistentVolumeClaim?: { claimName?: string } }>) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (!claim) continue;
      const k = `${p.metadata.namespace}/${claim}`;
      const list = users.get(k) ?? [];
      list.push(p.metadata.name);
      users.set(k, list);
    }
  }
  let pvs = 0;
  for (const _ of api.cachedList('persistentvolumes')) pvs++;
  let drivers = 0;
  for (const _ of api.cachedList('csidrivers')) drivers++;
  const rows: Row[] = [];
  for (const pvc of api.cachedList('persistentvolumeclaims')) {
    const ns = pvc.metadata.namespace ?? '';
    const phase = pvc.status?.phase ?? 'Pending';
    const scName = pvc.spec?.storageClassName ?? defaultClass ?? '';
    const sc = classes.get(scName);
    const volume = pvc.spec?.volumeName ?? '';
    const pvObj = volume ? api.cached('persistentvolumes', undefined, volume) : undefined;
    const va = volume ? attachments.get(volume) : undefined;
    const pods = users.get(`${ns}/${pvc.metadata.name}`) ?? [];
    const attached = va ? (va.status?.attached ? 'true' : 'false') : '';
    const attachError = va?.status?.attachError?.message as string | undefined;
    let problem = '';
    if (phase === 'Lost') problem = 'claim lost its volume';
    else if (!sc && scName) problem = `storageclass.storage.k8s.io "${scName}" not found`;
    else if (attachError) problem = attachError;
    else if (va && !va.status?.attached && pods.length) problem = 'volume not attached yet';
    rows.push({
      key: `${ns}/${pvc.metadata.name}`,
      cells: [ns, pvc.metadata.name, phase, scName || '<none>', sc?.provisioner ?? (pvObj?.spec?.csi?.driver as string | undefined) ?? '', volume || '<none>', va?.spec?.nodeName ?? '', attached, pods.join(',')],
      problem,
      tone: problem ? 'error' : phase === 'Bound' ? 'ok' : 'pending',
    });
  }
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    summary: [
      `${classes.size} StorageClasses (default: ${defaultClass ?? 'none'}), ${drivers} CSIDrivers`,
      `${rows.length} claims, ${pvs} PersistentVolumes, ${vaCount} VolumeAttachments`,
    ],
    columns: CSI_COLUMNS,
    rows,
    from: 'api objects',
  };
}

const MODEL_COLUMNS = ['NAMESPACE', 'CLAIM', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'DRIVER', 'ATTACHED', 'PODS'];

/** Claims and drivers from the storage model: the chain per claim, the drivers in the summary. */
export function csiFromModel(cluster: Cluster): CsiTable {
  const sum = csiSummary(cluster);
  const rows: Row[] = sum.claims.map((c) => {
    const pods = [...c.mountedPods, ...c.waitingPods.map((p) => `${p} (waiting)`)];
    const attaching = c.attachedNodes.some((n) => !n.endsWith('(attached)'));
    let problem = '';
    if (c.status === 'Lost') problem = 'claim lost its volume';
    else if (c.status === 'Pending' && c.waitingPods.length) problem = 'pods wait for the claim to bind';
    else if (c.waitingPods.length && c.status === 'Bound') problem = `${c.waitingPods.length} pod(s) wait for the volume${attaching ? ' to attach' : ''}`;
    return {
      key: `${c.namespace}/${c.name}`,
      cells: [c.namespace, c.name, c.status, c.volume || '<none>', c.capacity, c.accessModes, c.storageClass || '<none>', c.driver, c.attachedNodes.join(','), pods.join(',')],
      problem,
      tone: problem ? 'error' : c.status === 'Bound' ? 'ok' : c.status === 'Terminating' ? 'killed' : 'pending',
    };
  });
  const drivers = sum.drivers.map((d) => `${d.name}${d.controllerRunning ? '' : ' (controller DOWN)'} nodes ${d.nodePlugins}`);
  return {
    summary: [
      `${sum.drivers.length} CSI drivers: ${drivers.join('; ') || 'none'}`,
      `${rows.length} claims, ${sum.volumeAttachments} VolumeAttachments (Enter: a claim's chain)`,
    ],
    columns: MODEL_COLUMNS,
    rows,
    from: 'storage model',
  };
}

/** One claim's path into its pods, stopping at the step that blocks it. */
export function chainLines(cluster: Cluster, key: string): string[] {
  const [ns = '', claim = ''] = key.split('/');
  let steps;
  try {
    steps = csiChain(cluster, ns, claim);
  } catch (err) {
    return [`PersistentVolumeClaim ${key}: ${err instanceof Error ? err.message : String(err)}`];
  }
  const out = [`PersistentVolumeClaim ${key}: the volume's way into its pods`, ''];
  const w = Math.max(4, ...steps.map((s) => s.step.length)) + 2;
  out.push(`${'STEP'.padEnd(w)}${'STATE'.padEnd(9)}${'WHO'.padEnd(48)}DETAIL`);
  for (const s of steps) out.push(`${s.step.padEnd(w)}${s.state.padEnd(9)}${s.actor.padEnd(48)}${s.detail}`);
  const blocked = steps.find((s) => s.state === 'failed' || s.state === 'waiting');
  out.push('', blocked ? `Blocked at ${blocked.step}: ${blocked.detail}` : 'Every step is done: the volume is mounted in its pods.');
  return out;
}

export function csiTable(cluster: Cluster): CsiTable {
  try {
    return csiFromModel(cluster);
  } catch {
    return csiFromApi(cluster);
  }
}

function csiVersion(cluster: Cluster): string {
  const a = cluster.api;
  return ['persistentvolumeclaims', 'persistentvolumes', 'volumeattachments', 'storageclasses', 'csidrivers', 'pods'].map((r) => a.cacheVersion(r)).join('.');
}

export function csiProvider(cluster: Cluster): RowProvider & { table(): CsiTable } {
  let last: { v: string; at: number; cost: number; value: CsiTable } | undefined;
  const table = (): CsiTable => {
    const v = csiVersion(cluster);
    const now = performance.now();
    // A pass over every pod: on a big, churning cluster at most every 10x its cost.
    if (last && (last.v === v || now - last.at < last.cost * 10)) return last.value;
    const value = csiTable(cluster);
    const end = performance.now();
    last = { v, at: end, cost: end - now, value };
    return value;
  };
  let renderer: { key: string; r: Renderer<Row> } | undefined;
  return {
    table,
    version: () => csiVersion(cluster),
    renderer: () => {
      const cols = table().columns;
      if (renderer?.key !== cols.join('|')) renderer = { key: cols.join('|'), r: { columns: cols, flexible: ['PODS', 'PROVISIONER', 'VOLUME', 'NAMESPACE', 'CLAIM'], optional: ['VOLUME', 'PROVISIONER'], statusColumn: cols.indexOf('STATUS'), row: (r: Row) => r } };
      return renderer.r;
    },
    objects: () => table().rows,
    header: () => {
      const t = table();
      return [...t.summary, `(from the ${t.from})`];
    },
  };
}
