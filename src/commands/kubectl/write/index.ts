/** Commands that change the cluster: create, apply, delete, patch, scale, rollout, ... */
import type { KubectlCommand } from '../types.js';

export const WRITE_COMMANDS: KubectlCommand[] = [];
