import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MvccStore } from '../../src/core/etcd/mvcc.js';
import { dataDirDb, readSnapshot, restoreSnapshot, restoreToDataDir, saveSnapshot, snapshotStatus, SnapshotError } from '../../src/core/etcd/snapshot.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedrill-etcd-snap-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function sample(): MvccStore {
  const s = new MvccStore();
  s.put('/registry/pods/default/web-1', { kind: 'Pod', metadata: { name: 'web-1', labels: { app: 'web' } } }, 900);
  s.put('/registry/pods/default/web-2', { kind: 'Pod', metadata: { name: 'web-2' } }, 800);
  s.put('/registry/pods/default/web-1', { kind: 'Pod', metadata: { name: 'web-1', labels: { app: 'web', v: '2' } } }, 950);
  s.put('/registry/configmaps/kube-system/cfg', { data: { 'a.txt': 'line1\nline2 "quoted"' } }, 120);
  s.delete('/registry/pods/default/web-2');
  s.put('/plain', 'text value', 10);
  return s;
}

describe('etcd snapshots', () => {
  it('restore gives back the same keys, values and revisions', () => {
    const s = sample();
    const file = path.join(dir, 'snap.db');
    const st = saveSnapshot(s, file);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(`${file}.part`)).toBe(false);
    expect(st).toMatchObject({ revision: 7, totalKey: 3, totalSize: s.dbSize });

    const t = new MvccStore();
    const data = restoreSnapshot(file, t);
    expect(data.revision).toBe(7);
    expect(t.revision).toBe(7);
    expect(t.all()).toEqual(s.all());
    expect(t.get('/registry/pods/default/web-1')).toMatchObject({ createRevision: 2, modRevision: 4, version: 2, size: 950 });
    expect(t.get('/registry/pods/default/web-2')).toBeUndefined();
    expect(t.get('/plain')?.value).toBe('text value');
    // The restored store continues from the snapshot revision.
    expect(t.put('/new', 1, 1).modRevision).toBe(8);
  });

  it('status reports hash, revision, total keys and total size, stable for equal content', () => {
    const file = path.join(dir, 'a.db');
    const st = saveSnapshot(sample(), file);
    const again = snapshotStatus(file);
    expect(again).toEqual(st);
    expect(st.hash).toBeGreaterThan(0);
    const other = path.join(dir, 'b.db');
    expect(saveSnapshot(sample(), other).hash).toBe(st.hash);
    const changed = sample();
    changed.put('/plain', 'different', 9);
    expect(saveSnapshot(changed, path.join(dir, 'c.db')).hash).not.toBe(st.hash);
  });

  it('refuses a corrupted snapshot unless the hash check is skipped', () => {
    const file = path.join(dir, 'snap.db');
    saveSnapshot(sample(), file);
    const text = fs.readFileSync(file, 'utf8').replace('web-1', 'web-X');
    fs.writeFileSync(file, text);
    expect(() => readSnapshot(file)).toThrow(/^expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}$/);
    expect(() => restoreSnapshot(file, new MvccStore())).toThrow(SnapshotError);
    expect(restoreSnapshot(file, new MvccStore(), true).kvs.map((kv) => kv.key)).toContain('/registry/pods/default/web-X');
    fs.writeFileSync(file, 'not a snapshot');
    expect(() => readSnapshot(file)).toThrow('snapshot file has invalid format');
    expect(() => readSnapshot(path.join(dir, 'missing.db'))).toThrow('no such file or directory');
  });

  it('restores into a data directory and refuses a non-empty one', () => {
    const file = path.join(dir, 'snap.db');
    saveSnapshot(sample(), file);
    const target = path.join(dir, 'restore');
    const data = restoreToDataDir(file, target);
    expect(data.totalKey).toBe(3);
    expect(fs.existsSync(dataDirDb(target))).toBe(true);
    expect(fs.statSync(path.join(target, 'member', 'wal')).isDirectory()).toBe(true);
    expect(readSnapshot(dataDirDb(target)).revision).toBe(7);
    expect(() => restoreToDataDir(file, target)).toThrow(`data-dir "${target}" not empty or could not be read`);
  });
});
