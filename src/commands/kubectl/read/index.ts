/** Commands that read the cluster: get, describe, logs, events, top, api-resources, ... */
import type { KubectlCommand } from '../types.js';
import { getCommand } from './get.js';

export const READ_COMMANDS: KubectlCommand[] = [getCommand];
