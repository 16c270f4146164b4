/** Commands that change the cluster: create, apply, delete, patch, scale, rollout, ... */
import type { KubectlCommand } from '../types.js';
import { createCommand } from './create/index.js';
import { applyCommand } from './apply.js';
import { deleteCommand } from './delete.js';
import { patchCommand } from './patch.js';
import { annotateCommand, labelCommand } from './label.js';
import { taintCommand } from './taint.js';
import { cordonCommandDef, uncordonCommandDef } from './cordon.js';
import { drainCommand } from './drain.js';

export const WRITE_COMMANDS: KubectlCommand[] = [
  annotateCommand,
  applyCommand,
  cordonCommandDef,
  createCommand,
  deleteCommand,
  drainCommand,
  labelCommand,
  patchCommand,
  taintCommand,
  uncordonCommandDef,
];
