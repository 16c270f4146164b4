/** describe pod, ported from describePod (kubectl 1.32). */
import type { Pod } from '../../../../core/api/types.js';
import { podQOSClass } from '../../../../core/api/qos.js';
import {
  describeContainers,
  describeEvents,
  describeResources,
  describeTopologySpread,
  describeVolumes,
  eventsFor,
  printAnnotationsMultiline,
  printController,
  printLabelsMultiline,
  printTolerationsMultiline,
} from './common.js';
import { PrefixWriter, rfc1123z, since, type DescribeContext } from './writer.js';

export function describePod(pod: Pod, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = pod.spec ?? ({ containers: [] } as unknown as Pod['spec']);
  const status = pod.status ?? {};
  w.write(0, `Name:\t${pod.metadata.name}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  if (spec.priority !== undefined && spec.priority !== null) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', pod.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, ctx.now)})\n`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${status.phase ?? ''}\n`);
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  const seccomp = (spec.securityContext as { seccompProfile?: { type: string; localhostProfile?: string } } | undefined)?.seccompProfile;
  if (seccomp) {
    w.write(0, `SeccompProfile:\t${seccomp.type}\n`);
    if (seccomp.type === 'Localhost') w.write(0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  if (!status.podIPs?.length) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of status.podIPs) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const controlledBy = printController(pod);
  if (controlledBy) w.write(0, `Controlled By:\t${controlledBy}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  const podResources = spec.resources as Parameters<typeof describeResources>[0];
  if (podResources) {
    w.write(0, 'Resources:\n');
    describeResources(podResources, w, 1);
  }
  if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, status.initContainerStatuses, pod, w, '');
  describeContainers('Containers', spec.containers ?? [], status.containerStatuses, pod, w, '');
  const gates = (spec.readinessGates as Array<{ conditionType: string }> | undefined) ?? [];
  if (gates.length) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of gates) {
      const c = status.conditions?.find((x) => x.type === g.conditionType);
      w.write(1, `${g.conditionType} \t${c?.status ?? '<none>'} \n`);
    }
  }
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(spec.volumes, w, '');
  w.write(0, `QoS Class:\t${status.qosClass || podQOSClass(spec)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
  describeTopologySpread(spec.topologySpreadConstraints, w, '');
  // describe pod searches events by name, namespace and uid only (the reference's kind is cleared).
  describeEvents(eventsFor(pod, ctx, false), w, ctx.now);
  return w.toString();
}
