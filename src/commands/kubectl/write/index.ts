/** Commands that change the cluster: create, apply, delete, patch, scale, rollout, ... */
import type { KubectlCommand } from '../types.js';
import { createCommand } from './create/index.js';
import { applyCommand } from './apply.js';

export const WRITE_COMMANDS: KubectlCommand[] = [applyCommand, createCommand];
