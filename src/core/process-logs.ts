/**
 * Logs of control-plane processes that run as static pods (kube-scheduler today): the component
 * keeps its own klog, and the kubelet serves it as the log of the static pod's container, so
 * `oc logs -n openshift-kube-scheduler openshift-kube-scheduler-master-0` shows the scheduler.
 * Leader election decides which node's container holds the working log: the first
 * control-plane node (in node order) running the process holds the lease; the others only
 * start and wait for it.
 */
import type { ComponentContext, ControlPlaneProcess } from './component.js';

export interface ProcessLogLine {
  t: number;
  line: string;
}

export type ProcessLogSource = (node: string) => ProcessLogLine[];

export const processLogRegistry = new WeakMap<ComponentContext, Map<ControlPlaneProcess, ProcessLogSource>>();

export function registerProcessLog(ctx: ComponentContext, process: ControlPlaneProcess, source: ProcessLogSource): void {
  let m = processLogRegistry.get(ctx);
  if (!m) processLogRegistry.set(ctx, (m = new Map()));
  m.set(process, source);
}

export function processLog(ctx: ComponentContext, process: ControlPlaneProcess, node: string): ProcessLogLine[] | undefined {
  return processLogRegistry.get(ctx)?.get(process)?.(node);
}

/** The node whose instance of a leader-elected process holds the lease, if any runs. */
export function leaderNode(ctx: ComponentContext, process: ControlPlaneProcess): string | undefined {
  return ctx.info.nodes.find((n) => n.role === 'control-plane' && ctx.controlPlaneRunning(process, n.name))?.name;
}
