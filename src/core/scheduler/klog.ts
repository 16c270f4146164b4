/**
 * kube-scheduler's log, as `oc logs` shows it: klog text format
 * `I1124 09:00:05.123456       1 schedule_one.go:314] "msg" key="value"` in a ring buffer.
 */

export const LOG_LINES_KEPT = 5000;

/** klog's quoting of a structured value: strings quoted Go-style, numbers bare. */
export function klogValue(v: string | number | boolean): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

export interface KlogLine {
  /** Virtual time the line was written (for kubectl logs --since and --timestamps). */
  t: number;
  line: string;
}

export class KlogBuffer {
  private ring: KlogLine[] = [];
  private head = 0;
  private seq = 0;
  /** Bumped per line (UIs poll it). */
  version = 0;

  constructor(private readonly now: () => number, private readonly pid = 1, private readonly capacity = LOG_LINES_KEPT) {}

  log(severity: 'I' | 'W' | 'E', source: string, msg: string, kv: Array<[string, string | number | boolean]> = []): void {
    const t = this.now();
    const d = new Date(t);
    const p2 = (n: number): string => String(n).padStart(2, '0');
    // Microseconds: the virtual clock has milliseconds; a per-line counter keeps lines ordered.
    const micros = String((t % 1000) * 1000 + (this.seq++ % 1000)).padStart(6, '0');
    const head = `${severity}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${micros} ${String(this.pid).padStart(7)} ${source}]`;
    const body = [JSON.stringify(msg), ...kv.map(([k, v]) => `${k}=${klogValue(v)}`)].join(' ');
    this.push({ t, line: `${head} ${body}` });
  }

  private push(entry: KlogLine): void {
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else {
      this.ring[this.head] = entry;
      this.head = (this.head + 1) % this.capacity;
    }
    this.version++;
  }

  /** Plain (unstructured) line, for the few messages klog prints with Infof. */
  logf(severity: 'I' | 'W' | 'E', source: string, text: string): void {
    this.log(severity, source, '');
    const last = this.ring.length < this.capacity || this.head === 0 ? (this.ring.length < this.capacity ? this.ring.length - 1 : this.capacity - 1) : this.head - 1;
    const entry = this.ring[last]!;
    this.ring[last] = { t: entry.t, line: entry.line.replace(/ ""$/, ` ${text}`) };
  }

  /** Lines with their times, oldest first. */
  entries(): KlogLine[] {
    return this.ring.length < this.capacity ? this.ring.slice() : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
  }

  /** Lines, oldest first. */
  all(): string[] {
    return this.entries().map((e) => e.line);
  }

  clear(): void {
    this.ring = [];
    this.head = 0;
  }
}
