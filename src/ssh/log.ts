/**
 * One log line per connection on the server's stderr, written when the connection ends:
 *   2026-11-24T23:40:00.123Z kubedrill ssh[3]: user=demo from=127.0.0.1:52100 auth=publickey key=SHA256:... scenario=sandbox result=quit duration=12.4s
 * key=value pairs (logfmt); values from the client (user names) are quoted and escaped, so a
 * crafted name cannot forge a line.
 */

export type ConnectionResult =
  | 'quit' // the user quit the dashboard (or the picker)
  | 'disconnected' // the client went away
  | 'idle-timeout'
  | 'auth-failed'
  | 'login-timeout'
  | 'server-full'
  | 'refused' // exec, subsystem or another session type we never offer
  | 'stalled' // the client stopped reading its output
  | 'shutdown'
  | 'error';

export interface ConnectionRecord {
  id: number;
  from: string;
  user?: string;
  auth?: string;
  key?: string;
  scenario?: string;
  result: ConnectionResult;
  durationMs: number;
  /** Detail for refused/error results. */
  detail?: string;
}

const PLAIN = /^[A-Za-z0-9._:@/+=,-]+$/;

export function logValue(v: string): string {
  return PLAIN.test(v) ? v : JSON.stringify(v);
}

export function formatDuration(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.floor((ms % 60_000) / 1000)}s`;
}

export function formatLogLine(rec: ConnectionRecord, at: Date): string {
  const fields: Array<[string, string | undefined]> = [
    ['user', rec.user],
    ['from', rec.from],
    ['auth', rec.auth],
    ['key', rec.key],
    ['scenario', rec.scenario],
    ['result', rec.result],
    ['duration', formatDuration(rec.durationMs)],
    ['detail', rec.detail],
  ];
  const body = fields.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${logValue(v!)}`).join(' ');
  return `${at.toISOString()} kubedrill ssh[${rec.id}]: ${body}\n`;
}
