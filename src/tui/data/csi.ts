/**
 * CSI volumes for the home pane and `:csi`: each claim followed down the chain a volume takes
 * (PVC -> StorageClass/provisioner -> PV -> VolumeAttachment on a node -> the pods mounting it).
 * From the storage model (src/core/storage/summary.ts) when the cluster has one, otherwise
 * straight from the PVC, PV, StorageClass and VolumeAttachment objects the API server holds.
 */
import type { Cluster } from '../../core/cluster.js';
import type { KObject, Pod } from '../../core/api/types.js';
import type { Renderer, Row } from './renderer.js';
import type { RowProvider } from './table-model.js';

export interface CsiTable {
  summary: string[];
  columns: string[];
  rows: Row[];
  from: 'storage model' | 'api objects';
}

export interface CsiModelApi {
  csiSummary(cluster: Cluster): unknown;
}

let modelApi: CsiModelApi | undefined;

export function setCsiModel(api: CsiModelApi | undefined): void {
  modelApi = api;
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

function adapt(value: unknown): CsiTable | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { summary?: unknown; lines?: unknown; columns?: unknown; rows?: unknown };
  const summary = Array.isArray(v.summary) ? v.summary.map(String) : Array.isArray(v.lines) ? v.lines.map(String) : typeof v.summary === 'string' ? [v.summary] : [];
  let columns: string[] = Array.isArray(v.columns) ? v.columns.map(String) : [];
  const raw = Array.isArray(v.rows) ? v.rows : Array.isArray(value) ? (value as unknown[]) : [];
  if (!columns.length && raw.length && typeof raw[0] === 'object' && !Array.isArray(raw[0])) columns = Object.keys(raw[0] as object).map((k) => k.toUpperCase());
  if (!columns.length) return undefined;
  const rows: Row[] = raw.map((r, i) => {
    const cells = Array.isArray(r) ? r.map((x) => String(x ?? '')) : Object.values(r as object).map((x) => String(x ?? ''));
    return { key: `${cells.slice(0, 2).join('/')}#${i}`, cells, problem: '', tone: 'ok' };
  });
  return { summary, columns, rows, from: 'storage model' };
}

export function csiTable(cluster: Cluster): CsiTable {
  if (modelApi) {
    try {
      const t = adapt(modelApi.csiSummary(cluster));
      if (t) return t;
    } catch {
      // The API objects below.
    }
  }
  return csiFromApi(cluster);
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
