/** Commands that change the cluster: create, apply, delete, patch, scale, rollout, ... */
import type { KubectlCommand } from '../types.js';
import { createCommand } from './create/index.js';
import { applyCommand } from './apply.js';
import { deleteCommand } from './delete.js';
import { patchCommand } from './patch.js';
import { annotateCommand, labelCommand } from './label.js';

export const WRITE_COMMANDS: KubectlCommand[] = [annotateCommand, applyCommand, createCommand, deleteCommand, labelCommand, patchCommand];
