import { describe, expect, it } from 'vitest';
import { VirtualClock, formatGoDuration, humanAge, parseDuration, SIM_EPOCH } from '../../src/core/clock.js';

describe('VirtualClock', () => {
  it('runs timers in time order, ties in scheduling order', () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    clock.setTimeout(() => seen.push('b@20'), 20);
    clock.setTimeout(() => seen.push('a@10'), 10);
    clock.setTimeout(() => seen.push('c@20'), 20);
    clock.advance(15);
    expect(seen).toEqual(['a@10']);
    expect(clock.now()).toBe(SIM_EPOCH + 15);
    clock.advance(5);
    expect(seen).toEqual(['a@10', 'b@20', 'c@20']);
  });

  it('repeats intervals and cancels timers', () => {
    const clock = new VirtualClock();
    let ticks = 0;
    const id = clock.setInterval(() => ticks++, 100);
    clock.advance(350);
    expect(ticks).toBe(3);
    clock.clear(id);
    clock.advance(1000);
    expect(ticks).toBe(3);
  });

  it('runs deferred work after the current task, at the same instant', () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    clock.setTimeout(() => {
      clock.defer(() => seen.push(`deferred@${clock.now() - SIM_EPOCH}`));
      seen.push('task');
    }, 10);
    clock.setTimeout(() => seen.push('next'), 10);
    clock.advance(10);
    expect(seen).toEqual(['task', 'deferred@10', 'next']);
  });

  it('keeps running when a task throws, and keeps the error', () => {
    const clock = new VirtualClock();
    let after = false;
    clock.setTimeout(() => {
      throw new Error('boom');
    }, 1);
    clock.setTimeout(() => (after = true), 2);
    clock.advance(5);
    expect(after).toBe(true);
    expect(String(clock.errors[0])).toContain('boom');
  });

  it('single-steps to the next task', () => {
    const clock = new VirtualClock();
    clock.setTimeout(() => undefined, 500);
    expect(clock.step()).toBe(true);
    expect(clock.now()).toBe(SIM_EPOCH + 500);
    expect(clock.step()).toBe(false);
  });
});

describe('durations', () => {
  it('parses scenario durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('ten minutes')).toBeUndefined();
    expect(parseDuration('10')).toBeUndefined();
  });

  it('formats like Go and like kubectl ages', () => {
    expect(formatGoDuration(300_000)).toBe('5m0s');
    expect(formatGoDuration(10_000)).toBe('10s');
    expect(formatGoDuration(5_400_000)).toBe('1h30m0s');
    expect(humanAge(45_000)).toBe('45s');
    expect(humanAge(119_000)).toBe('119s');
    expect(humanAge(310_000)).toBe('5m10s');
    expect(humanAge(3 * 3_600_000)).toBe('3h');
    expect(humanAge(53 * 3_600_000)).toBe('2d5h');
  });
});
