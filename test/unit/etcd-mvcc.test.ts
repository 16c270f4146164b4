import { describe, expect, it } from 'vitest';
import { ERR_COMPACTED, ERR_FUTURE_REV, EtcdError, MvccStore, REVISION_OVERHEAD, type WatchEvent } from '../../src/core/etcd/mvcc.js';
import { SortedKeys } from '../../src/core/etcd/sorted-keys.js';

describe('MvccStore revisions', () => {
  it('bumps one global revision per write and tracks create/mod revision and version', () => {
    const s = new MvccStore();
    expect(s.revision).toBe(1);
    const a1 = s.put('/a', { v: 1 }, 10);
    const b1 = s.put('/b', { v: 1 }, 10);
    const a2 = s.put('/a', { v: 2 }, 10);
    expect(s.revision).toBe(4);
    expect(a1).toMatchObject({ createRevision: 2, modRevision: 2, version: 1 });
    expect(b1).toMatchObject({ createRevision: 3, modRevision: 3, version: 1 });
    expect(a2).toMatchObject({ createRevision: 2, modRevision: 4, version: 2, value: { v: 2 } });
  });

  it('delete leaves a tombstone: the key is gone, revision bumps, re-create starts at version 1', () => {
    const s = new MvccStore();
    s.put('/a', 1, 1);
    s.put('/a', 2, 1);
    expect(s.delete('/a')?.value).toBe(2);
    expect(s.revision).toBe(4);
    expect(s.get('/a')).toBeUndefined();
    expect(s.delete('/a')).toBeUndefined();
    expect(s.revision).toBe(4);
    const again = s.put('/a', 3, 1);
    expect(again).toMatchObject({ createRevision: 5, modRevision: 5, version: 1 });
    // The old life of the key is still readable at its revisions.
    expect(s.get('/a', 3)?.value).toBe(2);
    expect(s.get('/a', 4)).toBeUndefined();
  });

  it('ranges by prefix in sorted key order with count, limit and more', () => {
    const s = new MvccStore();
    for (const k of ['/registry/pods/ns2/b', '/registry/pods/ns1/z', '/registry/pods/ns1/a', '/registry/podsx/q', '/registry/nodes/n1']) s.put(k, k, 1);
    const r = s.range('/registry/pods/', { prefix: true });
    expect(r.kvs.map((kv) => kv.key)).toEqual(['/registry/pods/ns1/a', '/registry/pods/ns1/z', '/registry/pods/ns2/b']);
    expect(r.count).toBe(3);
    expect(r.more).toBe(false);
    expect(r.revision).toBe(6);
    const limited = s.range('/registry/pods/', { prefix: true, limit: 2 });
    expect(limited.kvs.map((kv) => kv.key)).toEqual(['/registry/pods/ns1/a', '/registry/pods/ns1/z']);
    expect(limited).toMatchObject({ count: 3, more: true });
    const page2 = s.range('/registry/pods/', { prefix: true, startAfter: '/registry/pods/ns1/z' });
    expect(page2.kvs.map((kv) => kv.key)).toEqual(['/registry/pods/ns2/b']);
    expect(s.range('/registry/pods/ns1/a').kvs).toHaveLength(1);
    expect(s.range('/nothing', { prefix: true })).toMatchObject({ kvs: [], count: 0 });
  });

  it('keeps prefix ranges sorted across many inserts and deletes', () => {
    const s = new MvccStore();
    const keys: string[] = [];
    for (let i = 0; i < 5000; i++) keys.push(`/k/${(i * 7919) % 5000}`.padEnd(10, 'x'));
    for (const k of keys) s.put(k, 1, 1);
    for (let i = 0; i < 5000; i += 3) s.delete(keys[i]!);
    const got = s.range('/k/', { prefix: true }).kvs.map((kv) => kv.key);
    const want = keys.filter((_, i) => i % 3 !== 0).sort();
    expect(got).toEqual(want);
    expect(s.keyCount).toBe(want.length);
  });

  it('reads a range at a past revision, including keys deleted since', () => {
    const s = new MvccStore();
    s.put('/p/a', 'a1', 1); // 2
    s.put('/p/b', 'b1', 1); // 3
    s.put('/p/a', 'a2', 1); // 4
    s.delete('/p/b'); // 5
    s.put('/p/c', 'c1', 1); // 6
    const at3 = s.range('/p/', { prefix: true, revision: 3 });
    expect(at3.kvs.map((kv) => [kv.key, kv.value])).toEqual([
      ['/p/a', 'a1'],
      ['/p/b', 'b1'],
    ]);
    expect(at3.revision).toBe(6);
    const at5 = s.range('/p/', { prefix: true, revision: 5 });
    expect(at5.kvs.map((kv) => [kv.key, kv.value])).toEqual([['/p/a', 'a2']]);
    expect(() => s.range('/p/', { prefix: true, revision: 7 })).toThrow(ERR_FUTURE_REV);
  });
});

describe('MvccStore watch', () => {
  it('replays events from a revision, then streams new ones, filtered by prefix', () => {
    const s = new MvccStore();
    s.put('/w/a', 1, 1); // 2
    s.put('/other', 1, 1); // 3
    s.put('/w/a', 2, 1); // 4
    s.delete('/w/a'); // 5
    const seen: string[] = [];
    const cancel = s.watch('/w/', { prefix: true, startRevision: 3 }, (ev: WatchEvent) => seen.push(`${ev.type} ${ev.kv.key} ${ev.kv.modRevision} prev=${String(ev.prevKv?.value)}`));
    expect(seen).toEqual(['PUT /w/a 4 prev=1', 'DELETE /w/a 5 prev=2']);
    s.put('/w/b', 1, 1);
    s.put('/x', 1, 1);
    expect(seen).toHaveLength(3);
    expect(seen[2]).toBe('PUT /w/b 6 prev=undefined');
    cancel();
    s.put('/w/c', 1, 1);
    expect(seen).toHaveLength(3);
  });

  it('refuses a watch from a compacted revision with the etcd error', () => {
    const s = new MvccStore();
    for (let i = 0; i < 5; i++) s.put('/k', i, 1); // revisions 2..6
    s.compact(4);
    let err: unknown;
    try {
      s.watch('/k', { startRevision: 3 }, () => {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EtcdError);
    expect((err as EtcdError).message).toBe('mvcc: required revision has been compacted');
    expect((err as EtcdError).code).toBe('compacted');
    // The compacted revision itself is still served, as etcd does.
    const seen: number[] = [];
    s.watch('/k', { startRevision: 4 }, (ev) => seen.push(ev.kv.modRevision));
    expect(seen).toEqual([4, 5, 6]);
  });
});

describe('MvccStore compaction and defrag', () => {
  it('compaction keeps each key as it was at the compact revision and drops older history', () => {
    const s = new MvccStore();
    s.put('/a', 'a1', 1); // 2
    s.put('/a', 'a2', 1); // 3
    s.put('/b', 'b1', 1); // 4
    s.delete('/b'); // 5
    s.put('/a', 'a3', 1); // 6
    s.compact(4);
    expect(s.compactedRevision).toBe(4);
    expect(() => s.get('/a', 3)).toThrow(ERR_COMPACTED);
    expect(() => s.range('/', { prefix: true, revision: 2 })).toThrow(ERR_COMPACTED);
    expect(s.get('/a', 4)?.value).toBe('a2');
    expect(s.get('/b', 4)?.value).toBe('b1');
    expect(s.get('/b', 5)).toBeUndefined();
    expect(s.get('/a')?.value).toBe('a3');
    expect(() => s.compact(4)).toThrow(ERR_COMPACTED);
    expect(() => s.compact(3)).toThrow(ERR_COMPACTED);
    expect(() => s.compact(99)).toThrow(ERR_FUTURE_REV);
    s.compact(6);
    expect(s.range('/', { prefix: true, revision: 6 }).kvs.map((kv) => kv.value)).toEqual(['a3']);
  });

  it('compaction frees space inside the file; only defrag shrinks the file; writes reuse free space', () => {
    const s = new MvccStore();
    for (let i = 0; i < 10; i++) s.put('/big', i, 1000);
    const per = 1000 + REVISION_OVERHEAD;
    expect(s.dbSize).toBe(10 * per);
    expect(s.dbSizeInUse).toBe(10 * per);
    s.compact(s.revision);
    expect(s.dbSizeInUse).toBe(per);
    expect(s.dbSize).toBe(10 * per);
    s.put('/big', 'again', 1000);
    expect(s.dbSize).toBe(10 * per); // reused a free page
    expect(s.dbSizeInUse).toBe(2 * per);
    s.compact(s.revision);
    s.defrag();
    expect(s.dbSize).toBe(per);
    expect(s.dbSizeInUse).toBe(per);
  });

  it('frees tombstones of deleted keys at compaction', () => {
    const s = new MvccStore();
    s.put('/gone', 1, 100);
    s.delete('/gone');
    expect(s.dbSizeInUse).toBe(100 + 2 * REVISION_OVERHEAD);
    s.compact(s.revision);
    expect(s.dbSizeInUse).toBe(0);
  });

  it('garbage from a write flood is freed by compaction at or after it', () => {
    const s = new MvccStore();
    s.put('/a', 1, 10);
    s.addGarbage(5000);
    expect(s.dbSize).toBe(5000 + 10 + REVISION_OVERHEAD);
    s.put('/a', 2, 10);
    s.compact(s.revision);
    s.defrag();
    expect(s.dbSize).toBe(10 + REVISION_OVERHEAD);
  });

  it('restore starts history fresh at the given revision', () => {
    const s = new MvccStore();
    s.put('/a', 1, 10);
    s.put('/b', 2, 10);
    const all = s.all();
    const t = new MvccStore();
    t.restore(all, s.revision);
    expect(t.revision).toBe(3);
    expect(t.all()).toEqual(all);
    expect(t.put('/c', 3, 1).modRevision).toBe(4);
    expect(t.get('/a')).toMatchObject({ createRevision: 2, modRevision: 2, version: 1 });
  });
});

describe('SortedKeys', () => {
  it('keeps order through chunk splits and iterates a prefix after a key', () => {
    const k = new SortedKeys();
    for (let i = 2999; i >= 0; i--) k.add(`k${String(i).padStart(4, '0')}`);
    expect(k.size).toBe(3000);
    expect(k.add('k0001')).toBe(false);
    expect([...k.withPrefix('k29')].length).toBe(100);
    expect([...k.withPrefix('k', 'k2997')]).toEqual(['k2998', 'k2999']);
    expect(k.delete('k1500')).toBe(true);
    expect(k.has('k1500')).toBe(false);
    expect([...k.withPrefix('k150')].length).toBe(9);
    expect([...k.withPrefix('a')]).toEqual([]);
  });
});
