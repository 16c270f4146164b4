/**
 * Simulated time on the wire. kubectl computes ages (describe, events) from the wall clock, so
 * timestamps leave the server shifted by (wall now - simulated now): a pod created 5 simulated
 * minutes ago reads as 5 minutes old whatever the speed. Milliseconds are kept (Go parses them)
 * so an age cannot tip over a second boundary. Bodies coming in are shifted back.
 */
import type { VirtualClock } from '../core/clock.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

export interface ClockShift {
  out<T>(o: T): T;
  in<T>(o: T): T;
  /** JSON text of `o` with its timestamps shifted out, without copying the object first. */
  stringify(o: unknown): string;
}

function shiftBy(o: unknown, off: number, keepMillis: boolean): unknown {
  if (typeof o === 'string') {
    if (!ISO.test(o)) return o;
    const t = Date.parse(o);
    if (Number.isNaN(t)) return o;
    const s = new Date(t + off).toISOString();
    if (!keepMillis) return s.replace(/\.\d{3}Z$/, 'Z');
    // MicroTime (leases, events.k8s.io) parses exactly six fraction digits: keep the width.
    const digits = /\.(\d+)Z$/.exec(o)?.[1]?.length ?? 3;
    return digits === 3 ? s : s.replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms.padEnd(digits, '0').slice(0, digits)}Z`);
  }
  if (Array.isArray(o)) return o.map((v) => shiftBy(v, off, keepMillis));
  if (o && typeof o === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = shiftBy(v, off, keepMillis);
    return out;
  }
  return o;
}

export function clockShift(clock: VirtualClock, enabled: boolean, wallNow: () => number = Date.now): ClockShift {
  if (!enabled) return { out: (o) => o, in: (o) => o, stringify: (o) => JSON.stringify(o) };
  return {
    out: <T>(o: T): T => shiftBy(o, wallNow() - clock.now(), true) as T,
    stringify: (o: unknown): string => {
      const off = wallNow() - clock.now();
      return JSON.stringify(o, (_k, v: unknown) => (typeof v === 'string' && v.length >= 20 && v.length <= 30 && ISO.test(v) ? shiftBy(v, off, true) : v));
    },
    in: <T>(o: T): T => shiftBy(o, clock.now() - wallNow(), false) as T,
  };
}
