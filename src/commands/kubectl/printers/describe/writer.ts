/**
 * kubectl describe's output machinery: a PrefixWriter (two spaces per level) over a Go
 * tabwriter with minwidth 0 and padding 2, flushed where kubectl flushes (before Events), and
 * the Go formatting describe relies on (%v of slices and maps, RFC1123Z times, quantities).
 */
import type { Event, KObject } from '../../../../core/api/types.js';
import type { ApiError } from '../../../../core/apiserver/errors.js';
import { formatQuantity } from '../../../../core/api/quantity.js';
import { humanAge } from '../../../../core/clock.js';
import { describeTabs } from '../tabwriter.js';

export class PrefixWriter {
  private done: string[] = [];
  private buf = '';

  write(level: number, text: string): void {
    this.buf += '  '.repeat(level) + text;
  }

  /** fmt.Sprintln of the arguments. */
  writeLine(...parts: string[]): void {
    this.buf += parts.join(' ') + '\n';
  }

  flush(): void {
    if (this.buf) this.done.push(describeTabs(this.buf));
    this.buf = '';
  }

  toString(): string {
    this.flush();
    return this.done.join('');
  }
}

export interface DescribeContext {
  now: number;
  /** Events about the object (kubectl's searchEvents); undefined when --show-events=false. */
  events(ref: { kind?: string; name: string; namespace?: string; uid?: string }): Event[] | undefined;
  list(resource: string, namespace: string | undefined, opts?: { labelSelector?: string; fieldSelector?: string }): KObject[];
  /** The object, or the ApiError the get failed with. */
  get(resource: string, namespace: string | undefined, name: string): KObject | ApiError;
}

export type Describer = (obj: any, ctx: DescribeContext) => string;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** time.RFC1123Z in UTC: "Tue, 24 Nov 2026 09:00:00 +0000". A missing time is Go's zero time. */
export function rfc1123z(ts: string | undefined | null): string {
  const t = ts ? Date.parse(ts) : NaN;
  if (Number.isNaN(t)) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(t);
  return `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

/** translateTimestampSince. */
export function since(ts: string | undefined | null, now: number): string {
  if (!ts) return '<unknown>';
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return '<unknown>';
  return humanAge(now - t);
}

/** fmt's %v for unstructured values. */
export function goV(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goV(o[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

/** Quantity.String() of a stored quantity (canonical form), "0" when absent. */
export function qty(q: string | number | undefined | null): string {
  if (q === undefined || q === null || q === '') return '0';
  try {
    return formatQuantity(q);
  } catch {
    return String(q);
  }
}

/** Byte-order string sort, as Go's sort.Strings. */
export function sortedKeys(o: Record<string, unknown> | undefined | null): string[] {
  return Object.keys(o ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
