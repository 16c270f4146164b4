/** Commands that read the cluster: get, describe, logs, events, top, api-resources, ... */
import type { KubectlCommand } from '../types.js';

export const READ_COMMANDS: KubectlCommand[] = [];
