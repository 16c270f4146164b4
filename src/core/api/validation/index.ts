/**
 * Registers validation per kind on the API server. Upstream runs the registry's
 * PrepareForCreate/PrepareForUpdate right before Validate, after mutating admission; the
 * server's only hook at that point is the validator list, so the few "prepare" steps (pod QoS
 * and phase, a Job's generated selector, a Service keeping its allocated IP) run first in it.
 */
import type { FieldError } from '../../apiserver/errors.js';
import type { KObject } from '../types.js';
import { preparePodForCreate, validatePod } from './pod.js';
import { validateDaemonSet, validateDeployment, validateReplicaSet, validateReplicationController, validateStatefulSet } from './apps.js';
import { prepareJobForCreate, validateCronJob, validateJob } from './batch.js';
import {
  prepareServiceForUpdate,
  validateConfigMap,
  validateGeneric,
  validateLimitRange,
  validateNamespace,
  validateNode,
  validatePVC,
  validateResourceQuota,
  validateSecret,
  validateService,
} from './core.js';

type Validator = (obj: KObject, old: KObject | undefined, ctx: any) => FieldError[];

const NONE: FieldError[] = [];

export const VALIDATORS: Record<string, Validator[]> = {
  Pod: [
    (obj, old) => {
      if (!old) preparePodForCreate(obj);
      return NONE;
    },
    validatePod,
  ],
  Deployment: [validateDeployment],
  ReplicaSet: [validateReplicaSet],
  StatefulSet: [validateStatefulSet],
  DaemonSet: [validateDaemonSet],
  ReplicationController: [validateReplicationController],
  Job: [
    (obj, old) => {
      if (!old) prepareJobForCreate(obj);
      return NONE;
    },
    validateJob,
  ],
  CronJob: [validateCronJob],
  Service: [
    (obj, old) => {
      if (old) prepareServiceForUpdate(obj, old);
      return NONE;
    },
    validateService,
  ],
  Namespace: [validateNamespace],
  ConfigMap: [validateConfigMap],
  Secret: [validateSecret],
  PersistentVolumeClaim: [validatePVC],
  ResourceQuota: [validateResourceQuota],
  LimitRange: [validateLimitRange],
  Node: [validateNode],
  ServiceAccount: [validateGeneric],
  PersistentVolume: [validateGeneric],
  Endpoints: [validateGeneric],
  Ingress: [validateGeneric],
  NetworkPolicy: [validateGeneric],
  HorizontalPodAutoscaler: [validateGeneric],
  PodDisruptionBudget: [validateGeneric],
  StorageClass: [validateGeneric],
  PriorityClass: [validateGeneric],
};

export function registerValidation(validators: Map<string, Validator[]>): void {
  for (const [kind, fns] of Object.entries(VALIDATORS)) {
    const list = validators.get(kind) ?? [];
    list.push(...fns);
    validators.set(kind, list);
  }
}

export { parseCronSchedule, type CronSchedule } from '../cron.js';
