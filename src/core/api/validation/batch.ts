/**
 * batch/v1 validation: Job (restart policy, counts, generated selector) and CronJob (schedule
 * syntax as robfig/cron v3's ParseStandard reports it, which is what the API server uses).
 */
import type { KObject } from '../types.js';
import {
  type Errs,
  forbiddenField,
  goLabelSelector,
  invalidRaw,
  invalidValue,
  nonNegative,
  required,
  sameJSON,
  unsupported,
  validateObjectMeta,
} from './meta.js';
import { validatePodTemplate } from './pod.js';
import { matches, selectorFromLabelSelector } from '../labels.js';
import { parseCronSchedule } from '../cron.js';

type Obj = Record<string, any>;

// ------------------------------------------------------------------ Job

function validateJobSpec(s: Obj, prefix: string, errs: Errs, checkSelector: boolean): void {
  nonNegative(`${prefix}.parallelism`, s.parallelism, errs);
  nonNegative(`${prefix}.completions`, s.completions, errs);
  nonNegative(`${prefix}.backoffLimit`, s.backoffLimit, errs);
  if (s.activeDeadlineSeconds !== undefined && !(s.activeDeadlineSeconds > 0)) {
    errs.push(invalidValue(`${prefix}.activeDeadlineSeconds`, s.activeDeadlineSeconds, 'must be greater than 0'));
  }
  nonNegative(`${prefix}.ttlSecondsAfterFinished`, s.ttlSecondsAfterFinished, errs);
  if (s.completionMode !== undefined && s.completionMode !== 'NonIndexed' && s.completionMode !== 'Indexed') {
    errs.push(unsupported(`${prefix}.completionMode`, s.completionMode, ['NonIndexed', 'Indexed']));
  }
  if (s.completionMode === 'Indexed' && s.completions === undefined) errs.push(required(`${prefix}.completions`, 'when completion mode is Indexed'));
  if (checkSelector) {
    if (!s.selector) errs.push(required(`${prefix}.selector`));
    else {
      try {
        if (!matches(selectorFromLabelSelector(s.selector), s.template?.metadata?.labels ?? {})) {
          errs.push(invalidValue(`${prefix}.template.metadata.labels`, s.template?.metadata?.labels ?? {}, '`selector` does not match template `labels`'));
        }
      } catch (err) {
        errs.push(invalidRaw(`${prefix}.selector`, goLabelSelector(s.selector), err instanceof Error ? err.message : String(err)));
      }
    }
  }
  if (!s.template) {
    errs.push(required(`${prefix}.template`));
    return;
  }
  validatePodTemplate(s.template, `${prefix}.template`, { kind: 'Job', version: 'v1' }, errs);
  const rp = s.template.spec?.restartPolicy;
  if (rp !== 'OnFailure' && rp !== 'Never') errs.push(unsupported(`${prefix}.template.spec.restartPolicy`, rp ?? '', ['OnFailure', 'Never']));
}

/**
 * The job registry's PrepareForCreate: without manualSelector the API server generates the
 * selector from the Job's uid and labels the template with it (controller-uid, job-name).
 */
export function prepareJobForCreate(obj: KObject): void {
  const s: Obj = obj.spec ?? {};
  if (s.manualSelector === true) return;
  const uid = obj.metadata.uid ?? '';
  const name = obj.metadata.name;
  const template = s.template ?? {};
  const labels: Record<string, string> = { ...template.metadata?.labels };
  labels['batch.kubernetes.io/controller-uid'] ??= uid;
  labels['batch.kubernetes.io/job-name'] ??= name;
  labels['controller-uid'] ??= uid;
  labels['job-name'] ??= name;
  const matchLabels = { ...s.selector?.matchLabels };
  matchLabels['batch.kubernetes.io/controller-uid'] ??= uid;
  obj.spec = {
    ...s,
    selector: { ...s.selector, matchLabels },
    template: { ...template, metadata: { ...template.metadata, labels } },
  };
}

export function validateJob(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  const sel = obj.spec?.selector;
  const generated = { matchLabels: { 'batch.kubernetes.io/controller-uid': obj.metadata.uid } };
  if (!old && sel && obj.spec.manualSelector !== true && !sameJSON(sel, generated)) {
    errs.push(invalidRaw('spec.selector', goLabelSelector(obj.spec.selector), '`selector` not auto-generated'));
  }
  validateJobSpec(obj.spec ?? {}, 'spec', errs, true);
  if (old) {
    if (!sameJSON(obj.spec?.selector, old.spec?.selector)) errs.push(invalidRaw('spec.selector', goLabelSelector(obj.spec?.selector), 'field is immutable'));
    if (obj.spec?.completions !== old.spec?.completions && old.spec?.completionMode !== 'Indexed') {
      errs.push(invalidValue('spec.completions', obj.spec?.completions, 'field is immutable'));
    }
    if (!sameJSON(obj.spec?.template, old.spec?.template) && !old.spec?.suspend) {
      errs.push(invalidRaw('spec.template', 'core.PodTemplateSpec{...}', 'field is immutable'));
    }
  }
  return errs;
}

// ------------------------------------------------------------------ CronJob

export function validateCronJob(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  validateObjectMeta(obj.metadata, errs);
  // Job names append an 11-character suffix: the CronJob name must leave room (52 chars).
  if (obj.metadata.name && obj.metadata.name.length > 52) errs.push(invalidValue('metadata.name', obj.metadata.name, 'must be no more than 52 characters'));
  const s: Obj = obj.spec ?? {};
  if (!s.schedule) errs.push(required('spec.schedule'));
  else if (/^\s*(CRON_)?TZ=/.test(s.schedule)) {
    errs.push(invalidValue('spec.schedule', s.schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  } else {
    try {
      parseCronSchedule(String(s.schedule));
    } catch (err) {
      errs.push(invalidValue('spec.schedule', s.schedule, err instanceof Error ? err.message : String(err)));
    }
  }
  if (s.concurrencyPolicy !== undefined && !['Allow', 'Forbid', 'Replace'].includes(s.concurrencyPolicy)) {
    errs.push(unsupported('spec.concurrencyPolicy', s.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']));
  }
  nonNegative('spec.startingDeadlineSeconds', s.startingDeadlineSeconds, errs);
  nonNegative('spec.successfulJobsHistoryLimit', s.successfulJobsHistoryLimit, errs);
  nonNegative('spec.failedJobsHistoryLimit', s.failedJobsHistoryLimit, errs);
  if (s.timeZone !== undefined && (typeof s.timeZone !== 'string' || !/^[A-Za-z0-9_+\-/]+$/.test(s.timeZone) || s.timeZone.startsWith('/'))) {
    errs.push(invalidValue('spec.timeZone', s.timeZone, 'unknown time zone ' + s.timeZone));
  }
  if (!s.jobTemplate) errs.push(required('spec.jobTemplate'));
  else validateJobSpec(s.jobTemplate.spec ?? {}, 'spec.jobTemplate.spec', errs, false);
  if (s.jobTemplate?.spec?.manualSelector) errs.push(forbiddenField('spec.jobTemplate.spec.manualSelector', 'may not be set'));
  void old;
  return errs;
}
