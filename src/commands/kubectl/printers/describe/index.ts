/** The describers by resource, and kubectl's generic describer for everything else. */
import type { KObject } from '../../../../core/api/types.js';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline } from './common.js';
import { describeNode } from './node.js';
import { describePod } from './pod.js';
import {
  describeCronJob,
  describeDaemonSet,
  describeDeployment,
  describeHPA,
  describeJob,
  describePDB,
  describeReplicaSet,
  describeReplicationController,
  describeStatefulSet,
} from './workloads.js';
import { describeEndpoints, describeEndpointSlice, describeIngress, describeNetworkPolicy, describeService } from './network.js';
import {
  describeConfigMap,
  describeCSINode,
  describeLimitRange,
  describeNamespace,
  describePriorityClass,
  describePV,
  describePVC,
  describeResourceQuota,
  describeRole,
  describeRoleBinding,
  describeSecret,
  describeServiceAccount,
  describeStorageClass,
} from './config.js';
import { goV, PrefixWriter, sortedKeys, type DescribeContext, type Describer } from './writer.js';

export type { DescribeContext, Describer } from './writer.js';
export { PrefixWriter } from './writer.js';

const DESCRIBERS: Record<string, Describer> = {
  pods: describePod,
  nodes: describeNode,
  deployments: describeDeployment,
  replicasets: describeReplicaSet,
  replicationcontrollers: describeReplicationController,
  statefulsets: describeStatefulSet,
  daemonsets: describeDaemonSet,
  jobs: describeJob,
  cronjobs: describeCronJob,
  horizontalpodautoscalers: describeHPA,
  poddisruptionbudgets: describePDB,
  services: describeService,
  endpoints: describeEndpoints,
  endpointslices: describeEndpointSlice,
  ingresses: describeIngress,
  networkpolicies: describeNetworkPolicy,
  namespaces: describeNamespace,
  limitranges: describeLimitRange,
  resourcequotas: describeResourceQuota,
  configmaps: describeConfigMap,
  secrets: describeSecret,
  serviceaccounts: describeServiceAccount,
  roles: describeRole,
  clusterroles: describeRole,
  rolebindings: describeRoleBinding,
  clusterrolebindings: describeRoleBinding,
  persistentvolumeclaims: describePVC,
  persistentvolumes: describePV,
  storageclasses: describeStorageClass,
  priorityclasses: describePriorityClass,
  csinodes: describeCSINode,
};

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** fatih/camelcase.Split: runs of lower, upper, digit and other characters; "HTTPServer" -> HTTP, Server. */
function camelSplit(s: string): string[] {
  const cls = (c: string): number => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{N}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = cls(c);
    if (k === last && runs.length) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i]![0]!) === 2 && cls(runs[i + 1]![0]!) === 1) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length).map((r) => r.join(''));
}

/** smartLabelFor: "creationTimestamp" -> "Creation Timestamp", "uid" -> "UID". */
export function smartLabelFor(field: string): string {
  if ([...field].some((c) => !/\p{L}/u.test(c) && c !== '-')) return field;
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

function printUnstructured(w: PrefixWriter, level: number, content: Record<string, unknown>, prefix: string, skip: Set<string>): void {
  for (const field of sortedKeys(content)) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (skip.has(path)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructured(w, level + 1, value as Record<string, unknown>, path, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) printUnstructured(w, level + 1, child as Record<string, unknown>, path, skip);
        else w.write(level + 1, `${goV(child)}\n`);
      }
    } else w.write(level, `${smartLabelFor(field)}:\t${goV(value)}\n`);
  }
}

const GENERIC_SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);

export function describeGeneric(obj: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
  printUnstructured(w, 0, obj as unknown as Record<string, unknown>, '', GENERIC_SKIP);
  describeEvents(eventsFor(obj, ctx), w, ctx.now);
  return w.toString();
}

export function describeObject(plural: string, obj: KObject, ctx: DescribeContext): string {
  return (DESCRIBERS[plural] ?? describeGeneric)(obj, ctx);
}
