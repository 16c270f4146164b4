/**
 * Server limits on the wall clock (not the simulation's): how many dashboards run at once, how
 * long a session may sit idle, how long a client may take to log in, how much output may queue
 * for a client that stopped reading.
 */

/** Counts running dashboards; each has a cluster in memory, so this is the memory bound. */
export class SessionSlots {
  private used = 0;
  constructor(readonly max: number) {}

  get inUse(): number {
    return this.used;
  }

  /** A release function, or undefined when every slot is taken. */
  acquire(): (() => void) | undefined {
    if (this.used >= this.max) return undefined;
    this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used--;
    };
  }
}

/**
 * Calls onIdle once after `ms` without a touch(); ms <= 0 disables it. The first touch() starts
 * it (the session is shown), so time spent loading never counts as idle.
 */
export class IdleTimer {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly ms: number, private readonly onIdle: () => void) {}

  touch(): void {
    if (this.stopped || this.ms <= 0) return;
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(() => {
        this.stopped = true;
        this.onIdle();
      }, this.ms);
      this.timer.unref();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Authentication attempts per connection before it is closed (OpenSSH's MaxAuthTries default). */
export const MAX_AUTH_TRIES = 6;
/** Seconds a client has to log in and open its session (OpenSSH's LoginGraceTime is 120 s). */
export const LOGIN_GRACE_MS = 60_000;
/** Output queued for a client that stopped reading; beyond it the session ends (its window is stuck). */
export const MAX_QUEUED_OUTPUT = 8 * 1024 * 1024;
/** Connections not yet logged in, beyond the sessions themselves. */
export const EXTRA_PENDING_CONNECTIONS = 16;

/** Parses --idle-timeout: Go-style durations (30m, 1h, 90s) or 0 to disable. */
export function parseIdleTimeout(text: string, parse: (s: string) => number | undefined): number | undefined {
  if (text.trim() === '0') return 0;
  return parse(text);
}
