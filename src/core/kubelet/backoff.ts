/**
 * client-go's flowcontrol.Backoff as the kubelet uses it for container restarts and image
 * pulls: 10 s doubling to 300 s per key; an entry untouched for twice the maximum (10 min)
 * has expired and starts over at 10 s.
 */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

interface Entry {
  backoff: number;
  lastUpdate: number;
}

export class Backoff {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly initial = BACKOFF_INITIAL_MS,
    private readonly max = BACKOFF_MAX_MS,
  ) {}

  /** Current delay for the key (0 when it has none). */
  get(key: string): number {
    return this.entries.get(key)?.backoff ?? 0;
  }

  /** Back-off measured from an event (a container's finish time), as the crash-loop check does. */
  isInBackOffSince(key: string, eventTime: number, now: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(now, e)) return false;
    return now - eventTime < e.backoff;
  }

  /** Back-off measured from the last update, as the image pull check does. */
  isInBackOffSinceUpdate(key: string, now: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(now, e)) return false;
    return now - e.lastUpdate < e.backoff;
  }

  /** When the current back-off of the key ends, measured from eventTime. */
  until(key: string, eventTime: number): number {
    return eventTime + this.get(key);
  }

  next(key: string, now: number): void {
    const e = this.entries.get(key);
    if (!e || this.expired(now, e)) this.entries.set(key, { backoff: this.initial, lastUpdate: now });
    else this.entries.set(key, { backoff: Math.min(e.backoff * 2, this.max), lastUpdate: now });
  }

  lastUpdate(key: string): number | undefined {
    return this.entries.get(key)?.lastUpdate;
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every key with the prefix (a pod went away). */
  resetPrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }

  private expired(now: number, e: Entry): boolean {
    return now - e.lastUpdate > 2 * this.max;
  }
}
