/**
 * The kubelet's own log (what `journalctl -u kubelet` shows): klog lines such as
 * `E1124 09:00:12.000000    2345 pod_workers.go:1301] "Error syncing pod, skipping" err=...`.
 * Bounded; the journalctl command adds its "Nov 24 09:00:12 worker-1 kubenswrapper[2345]:" prefix.
 */
export const JOURNAL_LIMIT = 2000;

export interface JournalLine {
  t: number;
  severity: 'I' | 'W' | 'E';
  line: string;
}

export class Journal {
  private lines: JournalLine[] = [];

  constructor(readonly pid: number) {}

  /** `source` is "file.go:NNN"; `msg` the structured message; kv pairs are already formatted. */
  log(t: number, severity: JournalLine['severity'], source: string, msg: string, kv: Array<[string, string | number | { raw: string }]> = []): void {
    const d = new Date(t);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const head = `${severity}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000 ${String(this.pid).padStart(7)} ${source}]`;
    const rest = kv.map(([k, v]) => `${k}=${typeof v === 'number' ? v : typeof v === 'string' ? goQuote(v) : v.raw}`).join(' ');
    this.lines.push({ t, severity, line: `${head} ${goQuote(msg)}${rest ? ` ${rest}` : ''}` });
    if (this.lines.length > JOURNAL_LIMIT * 1.5) this.lines = this.lines.slice(-JOURNAL_LIMIT);
  }

  read(): JournalLine[] {
    return this.lines.slice(-JOURNAL_LIMIT);
  }
}

/** Go's %q for the ASCII text klog prints. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** The err= text the pod worker logs for a container that cannot start. */
export function startContainerError(container: string, reason: string, message: string): string {
  return `failed to "StartContainer" for "${container}" with ${reason}: ${goQuote(message)}`;
}
