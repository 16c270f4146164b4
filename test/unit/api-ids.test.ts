import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random.js';
import { hexId, uuidId } from '../../src/core/api/ids.js';

describe('ids from the seeded source', () => {
  it('hexId prints what random.hex prints, from the same draws', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    for (const len of [64, 32, 16, 5, 96, 1, 8, 64]) expect(hexId(a, len)).toBe(b.hex(len));
    expect(a.nextU32()).toBe(b.nextU32());
  });
  it('uuidId prints what random.uuid prints, from the same draws', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    for (let i = 0; i < 200; i++) expect(uuidId(a)).toBe(b.uuid());
    expect(a.nextU32()).toBe(b.nextU32());
  });
});
