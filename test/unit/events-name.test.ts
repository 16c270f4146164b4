import { describe, expect, it } from 'vitest';
import { nameSuffix } from '../../src/core/apiserver/events.js';

describe('Event name suffix', () => {
  it('prints ms * 1e6 + n in hex, as the BigInt form does', () => {
    const seq = { ms: NaN, hi: 0, lo: 0 };
    const times = [0, 1, 999, 1_048_575, 1_048_576, Date.UTC(2026, 10, 24, 9, 0, 0), Date.UTC(2026, 10, 24, 9, 0, 0) + 123_457, 4_102_444_800_000];
    for (const ms of times) {
      for (const n of [0, 1, 5, 48_575, 999_999]) {
        expect(nameSuffix(seq, ms, n)).toBe((BigInt(ms) * 1_000_000n + BigInt(n)).toString(16));
      }
    }
  });
});
