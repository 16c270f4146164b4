import { describe, expect, it } from 'vitest';
import { formatDuration, formatLogLine } from '../../src/ssh/log.js';

const at = new Date('2026-11-24T23:40:00.123Z');

describe('connection log line', () => {
  it('says who, from where, which scenario and how it ended', () => {
    expect(formatLogLine({ id: 3, user: 'demo', from: '127.0.0.1:52100', auth: 'publickey', key: 'SHA256:abc+/=', scenario: 'sandbox', result: 'quit', durationMs: 12_400 }, at))
      .toBe('2026-11-24T23:40:00.123Z kubedrill ssh[3]: user=demo from=127.0.0.1:52100 auth=publickey key=SHA256:abc+/= scenario=sandbox result=quit duration=12.4s\n');
    expect(formatLogLine({ id: 4, user: 'eve', from: '10.0.0.9:4000', result: 'auth-failed', durationMs: 300, detail: 'password refused' }, at))
      .toBe('2026-11-24T23:40:00.123Z kubedrill ssh[4]: user=eve from=10.0.0.9:4000 result=auth-failed duration=0.3s detail="password refused"\n');
  });

  it('quotes client-chosen values, so a crafted user name cannot forge a line', () => {
    const line = formatLogLine({ id: 1, user: 'x result=quit\n2026 kubedrill ssh[9]: user=root', from: '1.2.3.4:5', result: 'auth-failed', durationMs: 0 }, at);
    expect(line.split('\n')).toHaveLength(2);
    expect(line).toContain('user="x result=quit\\n2026 kubedrill ssh[9]: user=root" from=1.2.3.4:5');
  });

  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0.0s');
    expect(formatDuration(59_949)).toBe('59.9s');
    expect(formatDuration(125_000)).toBe('2m5s');
  });
});
