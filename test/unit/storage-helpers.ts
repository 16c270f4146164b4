/** Shared fixtures for the storage tests: a started cluster with CSI drivers, claims and pods. */
import { Cluster, type ClusterOptions } from '../../src/core/cluster.js';
import type { KObject, Pod } from '../../src/core/api/types.js';

/** A started cluster (OpenShift, 3 masters, 3 workers, EBS driver by default) whose driver pods run. */
export function storageCluster(opts: ClusterOptions = {}): Cluster {
  const c = new Cluster({ seed: 7, ...opts }).start();
  c.advance(60_000);
  c.admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  c.advance(1000);
  return c;
}

export function pvc(name: string, spec: Record<string, unknown> = {}, ns = 'shop'): KObject {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: ns }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, ...spec } };
}

export function pv(name: string, spec: Record<string, unknown> = {}): KObject {
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: `/mnt/${name}` }, ...spec } };
}

export function podWithClaim(name: string, claim: string, extra: Record<string, unknown> = {}, ns = 'shop'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25', volumeMounts: [{ name: 'data', mountPath: '/data' }] }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }], ...extra },
  } as Pod;
}

/** "Type Reason Message" of the events on one object, oldest first. */
export function eventsOf(c: Cluster, kind: string, name: string, ns = 'shop'): string[] {
  return [...c.api.cachedList('events', ns)]
    .filter((e) => e.involvedObject?.kind === kind && e.involvedObject?.name === name)
    .sort((a, b) => String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)))
    .map((e) => `${e.type} ${e.reason} ${e.message}`);
}

export function sources(c: Cluster, kind: string, name: string, reason: string, ns = 'shop'): string[] {
  return [...c.api.cachedList('events', ns)].filter((e) => e.involvedObject?.kind === kind && e.involvedObject?.name === name && e.reason === reason).map((e) => e.source?.component as string);
}

export function claim(c: Cluster, name: string, ns = 'shop'): KObject {
  return c.api.cached('persistentvolumeclaims', ns, name)!;
}

export function pod(c: Cluster, name: string, ns = 'shop'): Pod {
  return c.api.cached('pods', ns, name) as Pod;
}
