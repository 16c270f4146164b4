/**
 * A palette session: one simulated cluster plus what a terminal on it remembers (current
 * namespace, where files may be read from, where snapshots are written).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Cluster } from '../core/cluster.js';
import type { Client } from '../core/apiserver/client.js';

export interface FileSource {
  /** Reads a file the user names (apply -f FILE); throws an Error with a kubectl-style message. */
  read(file: string): string;
}

export interface Session {
  cluster: Cluster;
  /** The client commands act as (the cluster admin unless --as or --token says otherwise). */
  client: Client;
  /** Current namespace of the kubeconfig context. */
  namespace: string;
  /** Folder for files the session writes (etcd snapshots); created on first use. */
  dataDir: string;
  files: FileSource;
}

/**
 * Files under one folder of the host, read-only, no escaping it (`..`, absolute paths outside, symlinks out).
 * The CLI uses the current directory; an SSH session gets none (see `noFiles`).
 */
export function folderFiles(root: string): FileSource {
  const base = fs.realpathSync(root);
  return {
    read(file: string): string {
      const target = path.resolve(base, file);
      let real: string;
      try {
        real = fs.realpathSync(target);
      } catch {
        throw new Error(`the path "${file}" does not exist`);
      }
      if (real !== base && !real.startsWith(base + path.sep)) throw new Error(`the path "${file}" is outside the session's folder`);
      const stat = fs.statSync(real);
      if (stat.isDirectory()) throw new Error(`the path "${file}" is a directory`);
      if (stat.size > 1024 * 1024) throw new Error(`the file "${file}" is larger than 1 MiB`);
      return fs.readFileSync(real, 'utf8');
    },
  };
}

export const noFiles: FileSource = {
  read(file: string): string {
    throw new Error(`the path "${file}" does not exist`);
  },
};

/** Session folders made by this process; removed when it exits (a session's files are its own). */
const sessionDirs = new Set<string>();
let sessionCount = 0;

/**
 * A folder of this session alone, under the system's temp folder: two sessions (or two runs)
 * never see each other's snapshots. Nothing is created until a command writes there.
 */
export function sessionDataDir(): string {
  if (sessionDirs.size === 0) {
    process.once('exit', () => {
      for (const dir of sessionDirs) fs.rmSync(dir, { recursive: true, force: true });
    });
  }
  const dir = path.join(os.tmpdir(), `kubedrill-${process.pid}-${++sessionCount}`);
  sessionDirs.add(dir);
  return dir;
}

export function createSession(cluster: Cluster, opts: { namespace?: string; dataDir?: string; files?: FileSource } = {}): Session {
  return {
    cluster,
    client: cluster.admin,
    namespace: opts.namespace ?? 'default',
    dataDir: opts.dataDir ?? sessionDataDir(),
    files: opts.files ?? noFiles,
  };
}

/** A path the user typed, mapped into the session's data folder (`/x` and `x` alike; no way out). */
export function sessionPath(session: Session, userPath: string): string {
  const virtual = path.posix.resolve('/', userPath);
  return path.join(path.resolve(session.dataDir), ...virtual.split('/').filter(Boolean));
}

/** Writes a file the session made (kubectl cp): under its data folder only. */
export function writeSessionFile(session: Session, userPath: string, content: string): void {
  const target = sessionPath(session, userPath);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
}

/** A file this session wrote earlier, or undefined. */
export function readSessionFile(session: Session, userPath: string): string | undefined {
  const target = sessionPath(session, userPath);
  try {
    return fs.statSync(target).isFile() ? fs.readFileSync(target, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
