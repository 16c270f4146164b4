/**
 * Container logs, as the runtime keeps them under /var/log/pods: one bounded buffer per
 * container instance. Periodic lines ({every, line}) are not written by timers; they are
 * generated on read from the time the container has been running, so 150,000 chatty
 * containers cost nothing until someone runs `kubectl logs`.
 */
export const LOG_LIMIT = 1000;

export interface LogLine {
  t: number;
  line: string;
}

export interface PeriodicLog {
  every: number;
  line: string;
  /** First line this long after start (default: one period). */
  offset?: number;
}

export class ContainerLog {
  private lines: LogLine[] = [];
  private head = 0;

  constructor(
    readonly startedAt: number,
    private readonly periodic: PeriodicLog[] = [],
  ) {}

  append(t: number, line: string): void {
    this.lines.push({ t, line });
    if (this.lines.length - this.head > LOG_LIMIT * 2) {
      this.lines = this.lines.slice(this.lines.length - LOG_LIMIT);
      this.head = 0;
    }
  }

  /** Lines written up to `until` (the container's finish time or now), oldest first. */
  read(until: number): LogLine[] {
    const out: LogLine[] = [];
    for (let i = this.head; i < this.lines.length; i++) if (this.lines[i]!.t <= until) out.push(this.lines[i]!);
    for (const p of this.periodic) {
      if (!(p.every > 0)) continue;
      const first = this.startedAt + (p.offset ?? p.every);
      if (until < first) continue;
      const count = Math.floor((until - first) / p.every) + 1;
      const from = Math.max(0, count - LOG_LIMIT);
      for (let n = from; n < count; n++) out.push({ t: first + n * p.every, line: p.line.replace(/\{n\}/g, String(n + 1)) });
    }
    if (this.periodic.length > 0) out.sort((a, b) => a.t - b.t);
    return out.length > LOG_LIMIT ? out.slice(out.length - LOG_LIMIT) : out;
  }
}

export interface LogOptions {
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  /** Bytes limit (kubectl --limit-bytes). */
  limitBytes?: number;
}

/** RFC3339NanoFixed, as the kubelet prints --timestamps. */
export function logTimestamp(t: number): string {
  return new Date(t).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** Formats lines for the API: filters by since/tail, adds timestamps, joins with newlines. */
export function formatLog(lines: LogLine[], now: number, opts: LogOptions): string {
  let sel = lines;
  if (opts.sinceSeconds !== undefined) {
    const from = now - opts.sinceSeconds * 1000;
    sel = sel.filter((l) => l.t >= from);
  }
  if (opts.sinceTime) {
    const from = Date.parse(opts.sinceTime);
    if (!Number.isNaN(from)) sel = sel.filter((l) => l.t >= from);
  }
  if (opts.tailLines !== undefined && opts.tailLines >= 0) sel = opts.tailLines === 0 ? [] : sel.slice(-opts.tailLines);
  let text = sel.map((l) => (opts.timestamps ? `${logTimestamp(l.t)} ${l.line}` : l.line)).join('\n');
  if (text) text += '\n';
  if (opts.limitBytes !== undefined && text.length > opts.limitBytes) text = text.slice(0, opts.limitBytes);
  return text;
}
