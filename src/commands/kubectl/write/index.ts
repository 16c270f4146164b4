/** Commands that change the cluster: create, apply, delete, patch, scale, rollout, ... */
import type { KubectlCommand } from '../types.js';
import { annotateCommand, labelCommand } from './label.js';
import { applyCommand } from './apply.js';
import { autoscaleCommand } from './autoscale.js';
import { authCommand } from './auth.js';
import { cordonCommandDef, uncordonCommandDef } from './cordon.js';
import { cpCommand, portForwardCommand } from './cp.js';
import { createCommand } from './create/index.js';
import { debugCommand } from './debug.js';
import { deleteCommand } from './delete.js';
import { drainCommand } from './drain.js';
import { execCommand } from './exec.js';
import { exposeCommand } from './expose.js';
import { newProjectCommand } from './project.js';
import { patchCommand } from './patch.js';
import { rolloutCommand } from './rollout.js';
import { runCommand } from './run.js';
import { scaleCommand } from './scale.js';
import { setCommand } from './set.js';
import { taintCommand } from './taint.js';

export const WRITE_COMMANDS: KubectlCommand[] = [
  annotateCommand,
  applyCommand,
  autoscaleCommand,
  authCommand,
  cordonCommandDef,
  cpCommand,
  createCommand,
  debugCommand,
  deleteCommand,
  drainCommand,
  execCommand,
  exposeCommand,
  labelCommand,
  newProjectCommand,
  patchCommand,
  portForwardCommand,
  rolloutCommand,
  runCommand,
  scaleCommand,
  setCommand,
  taintCommand,
  uncordonCommandDef,
];
