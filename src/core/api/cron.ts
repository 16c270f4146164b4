/**
 * Cron schedules as the API server (validation) and kube-controller-manager read them
 * (github.com/robfig/cron/v3 ParseStandard): five fields with ranges, steps, lists and month/day names, or a descriptor
 * (@yearly, @monthly, @weekly, @daily, @midnight, @hourly, @every DURATION). Errors carry
 * robfig's messages, since they reach users in the UnparseableSchedule event and in validation.
 */
import { parseDuration } from '../clock.js';

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** A field as robfig keeps it: bit n set = value n allowed; star = given as * or ?. */
interface Field {
  bits: bigint;
  star: boolean;
}

export interface CronSchedule {
  /** The text it was parsed from. */
  readonly spec: string;
  /** First activation strictly after `afterMs` (UTC ms), or undefined if none within 5 years. */
  next(afterMs: number): number | undefined;
}

export class CronParseError extends Error {}

interface Fields {
  minute: Field;
  hour: Field;
  dom: Field;
  month: Field;
  dow: Field;
}

const has = (f: Field, v: number): boolean => ((f.bits >> BigInt(v)) & 1n) === 1n;

function bits(min: number, max: number, step: number): bigint {
  let b = 0n;
  for (let i = min; i <= max; i += step) b |= 1n << BigInt(i);
  return b;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number {
  if (names) {
    const v = names[expr.toLowerCase()];
    if (v !== undefined) return v;
  }
  if (!/^[+-]?\d+$/.test(expr)) throw new CronParseError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new CronParseError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function getRange(expr: string, r: Bounds): Field {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const singleDigit = lowAndHigh.length === 1;
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
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step: number;
  if (rangeAndStep.length === 1) step = 1;
  else if (rangeAndStep.length === 2) {
    step = parseIntOrName(rangeAndStep[1]!);
    // "N/step" means "N-max/step".
    if (singleDigit) end = r.max;
    if (step > 1) star = false;
  } else throw new CronParseError(`too many slashes: ${expr}`);
  if (start < r.min) throw new CronParseError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronParseError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  return { bits: bits(start, end, step), star };
}

function getField(field: string, r: Bounds): Field {
  const out: Field = { bits: 0n, star: false };
  for (const expr of field.split(',')) {
    const v = getRange(expr, r);
    out.bits |= v.bits;
    out.star ||= v.star;
  }
  return out;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** cron.ParseStandard. Throws CronParseError with robfig's message. */
export function parseCronSchedule(spec: string, timeZone?: string): CronSchedule {
  let text = spec.trim();
  if (text.length === 0) throw new CronParseError('empty spec string');
  let tz = timeZone;
  const tzm = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(text);
  if (tzm) {
    tz = tzm[1];
    text = tzm[2]!.trim();
    if (!isValidTimeZone(tz!)) throw new CronParseError(`provided bad location ${tz}: unknown time zone ${tz}`);
  }
  if (text.startsWith('@')) {
    if (text.startsWith('@every ')) {
      const ms = parseDuration(text.slice(7).trim());
      if (ms === undefined) throw new CronParseError(`failed to parse duration ${text}: time: invalid duration ${JSON.stringify(text.slice(7).trim())}`);
      const every = Math.max(1000, Math.floor(ms / 1000) * 1000);
      return { spec, next: (after) => Math.floor(after / 1000) * 1000 + every };
    }
    const d = DESCRIPTORS[text.toLowerCase()];
    if (!d) throw new CronParseError(`unrecognized descriptor: ${text}`);
    text = d;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const f: Fields = {
    minute: getField(fields[0]!, MINUTES),
    hour: getField(fields[1]!, HOURS),
    dom: getField(fields[2]!, DOM),
    month: getField(fields[3]!, MONTHS),
    dow: getField(fields[4]!, DOW),
  };
  return { spec, next: (after) => nextTime(f, after, tz) };
}

function dayMatches(f: Fields, d: Date): boolean {
  const domMatch = has(f.dom, d.getUTCDate());
  const dowMatch = has(f.dow, d.getUTCDay());
  if (f.dom.star || f.dow.star) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

/** SpecSchedule.Next on wall-clock fields (UTC, or the zone's local time). */
function nextTime(f: Fields, afterMs: number, tz?: string): number | undefined {
  const offset0 = tz ? zoneOffsetMs(tz, afterMs) : 0;
  // Wall time as a UTC Date; start at the next whole minute.
  let t = new Date(Math.floor((afterMs + offset0) / 60_000) * 60_000 + 60_000);
  const yearLimit = t.getUTCFullYear() + 5;
  wrap: for (;;) {
    if (t.getUTCFullYear() > yearLimit) return undefined;
    while (!has(f.month, t.getUTCMonth() + 1)) {
      t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
      if (t.getUTCMonth() === 0) continue wrap;
    }
    while (!dayMatches(f, t)) {
      t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1));
      if (t.getUTCDate() === 1) continue wrap;
    }
    while (!has(f.hour, t.getUTCHours())) {
      t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours() + 1));
      if (t.getUTCHours() === 0) continue wrap;
    }
    while (!has(f.minute, t.getUTCMinutes())) {
      t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes() + 1));
      if (t.getUTCMinutes() === 0) continue wrap;
    }
    break;
  }
  const wall = t.getTime();
  if (!tz) return wall;
  const at = wall - zoneOffsetMs(tz, wall - offset0);
  return at > afterMs ? at : wall - zoneOffsetMs(tz, wall);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset at an instant (ms), from the runtime's time zone database. */
export function zoneOffsetMs(tz: string, atMs: number): number {
  let fmt = offsetFormatters.get(tz);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    offsetFormatters.set(tz, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(atMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return asUtc - Math.floor(atMs / 1000) * 1000;
}

export function isValidTimeZone(tz: string): boolean {
  if (tz === '' || tz === 'Local') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
