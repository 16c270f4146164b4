/** The printers: tables per kind (registered on import), describe per kind, output formats. */
import './tables/pods.js';
import './tables/core.js';
import './tables/workloads.js';
import './tables/cluster.js';

export * from './table.js';
export * from './output.js';
export { podSummary } from './tables/pods.js';
export { nodeStatus, nodeRoles, eventObject, eventSource, eventTimes, formatEndpoints, servicePorts, accessModes } from './tables/core.js';
export { jobStatus, jobCompletions, jobDuration, hpaTargets } from './tables/workloads.js';
export { isDefaultStorageClass } from './tables/cluster.js';
export { kubectlTable, tabwrite, describeTabs } from './tabwriter.js';
