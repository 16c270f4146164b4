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

type Obj = Record<string, any>;

// ------------------------------------------------------------------ cron

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DOWS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DOWS },
];

/** A parsed cron schedule: the allowed values per field (minute, hour, dom, month, dow). */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  dom: Set<number>;
  months: Set<number>;
  dow: Set<number>;
  domStar: boolean;
  dowStar: boolean;
  /** @every DURATION, in ms. */
  everyMs?: number;
}

function mustParseInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number {
  if (names) {
    const n = names[expr.toLowerCase()];
    if (n !== undefined) return n;
  }
  return mustParseInt(expr);
}

function getRange(expr: string, r: Bounds, out: Set<number>): boolean {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, r.names);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    if (single) end = r.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) throw new Error(`too many slashes: ${expr}`);
  if (start < r.min) throw new Error(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new Error(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) out.add(i);
  return star;
}

function parseGoDuration(s: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * units[m[2]!]!;
    consumed += m[0].length;
  }
  return consumed === s.length && s.length > 0 ? total : undefined;
}

/** cron.ParseStandard. Throws Error with robfig/cron's message. */
export function parseCronSchedule(spec: string): CronSchedule {
  if (spec.length === 0) throw new Error('empty spec string');
  let s = spec;
  if (s.startsWith('TZ=') || s.startsWith('CRON_TZ=')) {
    const i = s.indexOf(' ');
    s = i < 0 ? '' : s.slice(i).trim();
  }
  if (s.startsWith('@')) {
    const every = (ms: number): CronSchedule => ({ minutes: new Set(), hours: new Set(), dom: new Set(), months: new Set(), dow: new Set(), domStar: true, dowStar: true, everyMs: ms });
    const map: Record<string, string> = {
      '@yearly': '0 0 1 1 *',
      '@annually': '0 0 1 1 *',
      '@monthly': '0 0 1 * *',
      '@weekly': '0 0 * * 0',
      '@daily': '0 0 * * *',
      '@midnight': '0 0 * * *',
      '@hourly': '0 * * * *',
    };
    if (map[s]) return parseCronSchedule(map[s]!);
    if (s.startsWith('@every ')) {
      const d = parseGoDuration(s.slice(7));
      if (d === undefined) throw new Error(`failed to parse duration ${s}: time: invalid duration ${JSON.stringify(s.slice(7))}`);
      return every(d);
    }
    throw new Error(`unrecognized descriptor: ${s}`);
  }
  const fields = s.split(/\s+/).filter((f) => f.length > 0);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const sets = FIELDS.map(() => new Set<number>());
  const stars = fields.map((f, i) => {
    let star = false;
    for (const part of f.split(',').filter((p) => p.length > 0)) star = getRange(part, FIELDS[i]!, sets[i]!) || star;
    return star;
  });
  return { minutes: sets[0]!, hours: sets[1]!, dom: sets[2]!, months: sets[3]!, dow: sets[4]!, domStar: stars[2]!, dowStar: stars[4]! };
}

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
