import { describe, expect, it } from 'vitest';
import { NAME_ALPHABET, SeededRandom } from '../../src/core/random.js';

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(seqA);
  });

  it('makes Kubernetes-style suffixes and UUIDs', () => {
    const r = new SeededRandom(7);
    const s = r.suffix();
    expect(s).toHaveLength(5);
    for (const ch of s) expect(NAME_ALPHABET).toContain(ch);
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('forks independent, reproducible sources', () => {
    const r = new SeededRandom(1);
    expect(r.fork('etcd').nextU32()).toBe(new SeededRandom(1).fork('etcd').nextU32());
    expect(r.fork('etcd').nextU32()).not.toBe(r.fork('scheduler').nextU32());
  });

  it('stays in range', () => {
    const r = new SeededRandom(3);
    for (let i = 0; i < 1000; i++) {
      const v = r.range(5, 9);
      expect(v).toBeGreaterThanOrEqual(5);
      expect(v).toBeLessThanOrEqual(9);
    }
  });
});
