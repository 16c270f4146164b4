/**
 * etcd snapshots as real files: `snapshot save` writes every live key with its revisions and its
 * value as JSON, `snapshot status` reads back hash, revision, total keys and total size, and
 * `snapshot restore` rebuilds a store with the same keys and revisions (or a data directory, as
 * etcdutl does). Callers choose the path (and keep it inside the session's data folder).
 *
 * Format (our documented simplification of a bbolt file): JSON lines. Line 1 is a header; then
 * one line per key in key order; the last line is a trailer with the body's SHA-256, which
 * restore checks as etcdutl checks the hash etcd appends to a snapshot.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KeyValue, MvccStore } from './mvcc.js';

const FORMAT = 'kubedrill-etcd-snapshot';

export interface SnapshotStatus {
  /** A 32-bit hash of the content (etcdutl's is a CRC-32C over the buckets; ours is cut from the SHA-256). */
  hash: number;
  revision: number;
  totalKey: number;
  /** Size of the backend file the snapshot holds (the db size when it was taken). */
  totalSize: number;
}

export interface SnapshotData extends SnapshotStatus {
  compactRevision: number;
  kvs: KeyValue[];
}

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

interface Header {
  format: string;
  version: number;
  revision: number;
  compactRevision: number;
  dbSize: number;
  totalKey: number;
}

interface Line {
  k: string;
  c: number;
  m: number;
  v: number;
  l: number;
  s: number;
  d: unknown;
}

/** Writes a snapshot of `store` to `file` (via a .part file, renamed when complete). */
export function saveSnapshot(store: MvccStore, file: string, dbSize = store.dbSize): SnapshotStatus {
  const kvs = store.all();
  const header: Header = {
    format: FORMAT,
    version: 1,
    revision: store.revision,
    compactRevision: store.compactedRevision,
    dbSize,
    totalKey: kvs.length,
  };
  const part = `${file}.part`;
  const fd = fs.openSync(part, 'w', 0o600);
  const sha = createHash('sha256');
  let digest = '';
  try {
    fs.writeSync(fd, JSON.stringify(header) + '\n');
    let chunk = '';
    for (const kv of kvs) {
      const line: Line = { k: kv.key, c: kv.createRevision, m: kv.modRevision, v: kv.version, l: kv.lease, s: kv.size, d: kv.value ?? null };
      const text = JSON.stringify(line) + '\n';
      sha.update(text);
      chunk += text;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    if (chunk) fs.writeSync(fd, chunk);
    digest = sha.digest('hex');
    fs.writeSync(fd, JSON.stringify({ sha256: digest }) + '\n');
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(part, file);
  return { hash: shortHash(digest), revision: header.revision, totalKey: header.totalKey, totalSize: dbSize };
}

/** Reads a snapshot file; `verify` checks the trailer hash (restore without --skip-hash-check). */
export function readSnapshot(file: string, verify = true): SnapshotData {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new SnapshotError(`open ${file}: no such file or directory`);
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let header: Header;
  try {
    header = JSON.parse(lines[0] ?? '') as Header;
  } catch {
    throw new SnapshotError('snapshot file has invalid format');
  }
  if (header.format !== FORMAT) throw new SnapshotError('snapshot file has invalid format');
  const trailer = parseTrailer(lines[lines.length - 1]);
  const body = trailer ? lines.slice(1, -1) : lines.slice(1);
  const sha = createHash('sha256');
  const kvs: KeyValue[] = [];
  for (const raw of body) {
    let l: Line;
    try {
      l = JSON.parse(raw) as Line;
    } catch {
      throw new SnapshotError('snapshot file is corrupted: invalid key-value record');
    }
    const textLine = raw + '\n';
    sha.update(textLine);
    kvs.push({ key: l.k, value: l.d, createRevision: l.c, modRevision: l.m, version: l.v, lease: l.l, size: l.s });
  }
  const got = sha.digest('hex');
  if (verify) {
    if (!trailer) throw new SnapshotError('snapshot missing hash but --skip-hash-check=false');
    if (trailer !== got) throw new SnapshotError(`expected sha256 ${trailer}, got ${got}`);
  }
  return {
    hash: shortHash(got),
    revision: header.revision,
    compactRevision: header.compactRevision,
    totalKey: kvs.length,
    totalSize: header.dbSize,
    kvs,
  };
}

/** What `etcdutl snapshot status` reports. */
export function snapshotStatus(file: string): SnapshotStatus {
  const { hash, revision, totalKey, totalSize } = readSnapshot(file, false);
  return { hash, revision, totalKey, totalSize };
}

/** Loads a snapshot into `store`: same keys, same create/mod revisions and versions. */
export function restoreSnapshot(file: string, store: MvccStore, skipHashCheck = false): SnapshotData {
  const data = readSnapshot(file, !skipHashCheck);
  store.restore(data.kvs, data.revision, data.totalSize);
  return data;
}

/** Where a restored data directory keeps its backend (as etcd: DIR/member/snap/db). */
export function dataDirDb(dataDir: string): string {
  return path.join(dataDir, 'member', 'snap', 'db');
}

/**
 * `etcdutl snapshot restore FILE --data-dir DIR`: refuses a non-empty directory, then writes
 * DIR/member/snap/db and an empty DIR/member/wal.
 */
export function restoreToDataDir(file: string, dataDir: string, skipHashCheck = false): SnapshotData {
  const data = readSnapshot(file, !skipHashCheck);
  if (fs.existsSync(dataDir)) {
    let empty = false;
    try {
      empty = fs.readdirSync(dataDir).length === 0;
    } catch {
      empty = false;
    }
    if (!empty) throw new SnapshotError(`data-dir "${dataDir}" not empty or could not be read`);
  }
  fs.mkdirSync(path.join(dataDir, 'member', 'snap'), { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.join(dataDir, 'member', 'wal'), { recursive: true, mode: 0o700 });
  fs.copyFileSync(file, dataDirDb(dataDir));
  return data;
}

function parseTrailer(line: string | undefined): string | undefined {
  if (!line || !line.startsWith('{"sha256"')) return undefined;
  try {
    return (JSON.parse(line) as { sha256?: string }).sha256;
  } catch {
    return undefined;
  }
}

function shortHash(sha256hex: string): number {
  return parseInt(sha256hex.slice(0, 8), 16) >>> 0;
}
