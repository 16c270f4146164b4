/**
 * The simulated kube-scheduler: queue (queue.ts), cache of NodeInfos (cache.ts, nodeinfo.ts),
 * framework (framework.ts) with one file per plugin (plugins/), trace of the last attempt per
 * pod (trace.ts) and its klog output (klog.ts).
 */
import type { ComponentContext } from '../component.js';
import { Scheduler, type SchedulerComponent } from './scheduler.js';

export type { SchedulerComponent, SchedulerStats, NodeSummary } from './scheduler.js';
export type { SchedulingTrace, NodeTrace, FilterVerdict, ScoreVerdict } from './trace.js';
export type { QueueStats } from './queue.js';
export { DEFAULT_SCHEDULER } from './scheduler.js';

export function createScheduler(ctx: ComponentContext): SchedulerComponent {
  return new Scheduler(ctx);
}
