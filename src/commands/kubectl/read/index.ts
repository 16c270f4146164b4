/** Commands that read the cluster: get, describe, logs, events, top, api-resources, ... */
import type { KubectlCommand } from '../types.js';
import { getCommand } from './get.js';
import { describeCommand } from './describe.js';

export const READ_COMMANDS: KubectlCommand[] = [getCommand, describeCommand];
