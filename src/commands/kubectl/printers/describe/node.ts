/** describe node, ported from describeNode and describeNodeResource (kubectl 1.32). */
import type { Event, Node, Pod } from '../../../../core/api/types.js';
import { ApiError } from '../../../../core/apiserver/errors.js';
import { cpuMillis, quantityValue } from '../../../../core/api/quantity.js';
import { nodeRoles } from '../tables/core.js';
import { describeEvents, podRequestsAndLimits, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, sumString, type Sum } from './common.js';
import { PrefixWriter, qty, rfc1123z, since, sortedKeys, type DescribeContext } from './writer.js';

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);

function base(name: string, q: string | undefined): number {
  if (!q) return 0;
  try {
    return name === 'cpu' ? cpuMillis(q) : quantityValue(q);
  } catch {
    return 0;
  }
}

const pct = (part: number, whole: number): number => (whole === 0 ? 0 : Math.trunc((part / whole) * 100));

export function describeNode(node: Node, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const status = node.status ?? {};
  const info = status.nodeInfo ?? {};
  w.write(0, `Name:\t${node.metadata.name}\n`);
  w.write(0, `Roles:\t${nodeRoles(node)}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', node.spec?.taints);
  w.write(0, `Unschedulable:\t${!!node.spec?.unschedulable}\n`);
  const lease = ctx.get('leases', 'kube-node-lease', node.metadata.name);
  if (lease instanceof ApiError) w.write(0, `Lease:\tFailed to get lease: ${lease.message}\n`);
  else {
    w.write(0, 'Lease:\n');
    w.write(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
    w.write(1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
    w.write(1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
  }
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions) {
      w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  const printList = (list: Record<string, string | undefined>): void => {
    for (const r of sortedKeys(list)) w.write(0, `  ${r}:\t${qty(list[r])}\n`);
  };
  if (Object.keys(status.capacity ?? {}).length) {
    w.write(0, 'Capacity:\n');
    printList(status.capacity!);
  }
  if (Object.keys(status.allocatable ?? {}).length) {
    w.write(0, 'Allocatable:\n');
    printList(status.allocatable!);
  }
  w.write(0, 'System Info:\n');
  w.write(0, `  Machine ID:\t${info.machineID ?? ''}\n`);
  w.write(0, `  System UUID:\t${info.systemUUID ?? ''}\n`);
  w.write(0, `  Boot ID:\t${info.bootID ?? ''}\n`);
  w.write(0, `  Kernel Version:\t${info.kernelVersion ?? ''}\n`);
  w.write(0, `  OS Image:\t${info.osImage ?? ''}\n`);
  w.write(0, `  Operating System:\t${info.operatingSystem ?? ''}\n`);
  w.write(0, `  Architecture:\t${info.architecture ?? ''}\n`);
  w.write(0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`);
  w.write(0, `  Kubelet Version:\t${info.kubeletVersion ?? ''}\n`);
  w.write(0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`);
  if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  let pods: Pod[] | undefined;
  try {
    pods = ctx.list('pods', undefined, { fieldSelector: `spec.nodeName=${node.metadata.name},status.phase!=Succeeded,status.phase!=Failed` }) as Pod[];
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 403)) throw err;
  }
  if (pods) describeNodeResource(pods, node, w, ctx.now);
  else w.write(0, 'Pods:\tnot authorized\n');
  // Node events carry the node's uid (controllers) or its name as uid (kubelet): kubectl asks for both.
  const ref = { kind: 'Node', name: node.metadata.name, namespace: '', uid: node.metadata.uid };
  const events: Event[] | undefined = ctx.events(ref);
  if (events) describeEvents([...events, ...(ctx.events({ ...ref, uid: node.metadata.name }) ?? [])], w, ctx.now);
  return w.toString();
}

function describeNodeResource(pods: Pod[], node: Node, w: PrefixWriter, now: number): void {
  const allocatable = Object.keys(node.status?.allocatable ?? {}).length ? node.status!.allocatable! : node.status?.capacity ?? {};
  const allocCpu = base('cpu', allocatable.cpu);
  const allocMem = base('memory', allocatable.memory);
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const reqs = new Map<string, Sum>();
  const limits = new Map<string, Sum>();
  const add = (total: Map<string, Sum>, part: Map<string, Sum>): void => {
    for (const [k, v] of part) {
      const cur = total.get(k);
      total.set(k, cur ? { value: cur.value + v.value, format: cur.value === 0 ? v.format : cur.format } : { ...v });
    }
  };
  for (const pod of pods) {
    const r = podRequestsAndLimits(pod);
    add(reqs, r.reqs);
    add(limits, r.limits);
    const cr = r.reqs.get('cpu')?.value ?? 0;
    const cl = r.limits.get('cpu')?.value ?? 0;
    const mr = r.reqs.get('memory')?.value ?? 0;
    const ml = r.limits.get('memory')?.value ?? 0;
    w.write(
      1,
      `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${sumString('cpu', r.reqs.get('cpu'))} (${pct(cr, allocCpu)}%)\t${sumString('cpu', r.limits.get('cpu'))} (${pct(cl, allocCpu)}%)\t` +
        `${sumString('memory', r.reqs.get('memory'))} (${pct(mr, allocMem)}%)\t${sumString('memory', r.limits.get('memory'))} (${pct(ml, allocMem)}%)\t${since(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  const row = (name: string, alloc: number): void => {
    const r = reqs.get(name);
    const l = limits.get(name);
    w.write(1, `${name}\t${sumString(name, r)} (${pct(r?.value ?? 0, alloc)}%)\t${sumString(name, l)} (${pct(l?.value ?? 0, alloc)}%)\n`);
  };
  row('cpu', allocCpu);
  row('memory', allocMem);
  row('ephemeral-storage', base('ephemeral-storage', allocatable['ephemeral-storage']));
  const names = sortedKeys(allocatable);
  for (const h of names.filter((n) => n.startsWith('hugepages-'))) row(h, base(h, allocatable[h]));
  for (const ext of names.filter((n) => !STANDARD.has(n) && !n.startsWith('hugepages-'))) {
    w.write(1, `${ext}\t${sumString(ext, reqs.get(ext))}\t${sumString(ext, limits.get(ext))}\n`);
  }
}
