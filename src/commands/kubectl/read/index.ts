/** Commands that read the cluster: get, describe, logs, events, top, api-resources, ... */
import type { KubectlCommand } from '../types.js';
import { getCommand } from './get.js';
import { describeCommand } from './describe.js';
import { logsCommand } from './logs.js';
import { eventsCommand } from './events.js';
import { topCommand } from './top.js';
import { apiResourcesCommand, apiVersionsCommand, clusterInfoCommand, versionCommand } from './discovery.js';
import { configCommand, projectCommand, projectsCommand, whoamiCommand } from './config.js';

export const READ_COMMANDS: KubectlCommand[] = [
  apiResourcesCommand,
  apiVersionsCommand,
  clusterInfoCommand,
  configCommand,
  describeCommand,
  eventsCommand,
  getCommand,
  logsCommand,
  projectCommand,
  projectsCommand,
  topCommand,
  versionCommand,
  whoamiCommand,
];
