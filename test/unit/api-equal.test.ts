import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../src/core/api/equal.js';

describe('jsonEqual decides as JSON.stringify equality would', () => {
  const cases: Array<[unknown, unknown]> = [
    [{ a: 1, b: [1, 2, { c: 'x' }] }, { a: 1, b: [1, 2, { c: 'x' }] }],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }],
    [{ a: 1, u: undefined }, { a: 1 }],
    [{ a: undefined, b: 1 }, { b: 1, c: undefined }],
    [[undefined, 1], [null, 1]],
    [{ a: null }, { a: undefined }],
    [{ a: NaN }, { a: null }],
    [{ a: NaN }, { a: Infinity }],
    [{ a: [] }, { a: {} }],
    [{ a: '1' }, { a: 1 }],
    [{ a: { b: { c: [1, { d: true }] } } }, { a: { b: { c: [1, { d: false }] } } }],
    [[1, 2], [1, 2, 3]],
    [{ a: 1 }, { a: 1, b: 0 }],
    [null, null],
    ['x', 'x'],
  ];
  for (const [a, b] of cases) {
    it(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`, () => {
      expect(jsonEqual(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      expect(jsonEqual(b, a)).toBe(JSON.stringify(a) === JSON.stringify(b));
    });
  }
});
