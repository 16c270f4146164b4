/**
 * The few host paths of a node that matter to an admin, simulated: the kubelet's static pod
 * manifests (/etc/kubernetes/manifests), what sits in /root, and logs under /var/log. The
 * kubelet watches the manifest folder (as its file source does with inotify), and the disk
 * usage that `df` shows and the eviction manager reads is the base OS plus these files plus the
 * node's images. Nothing here touches the host's real filesystem.
 */

export interface NodeFile {
  /** Text content (manifests, configs); large data files only carry a size. */
  content?: string;
  size: number;
  mtime: number;
}

export type NodeFilesListener = (path: string) => void;

export function normalizePath(p: string, cwd = '/'): string {
  const parts: string[] = [];
  const abs = p.startsWith('/') ? p : `${cwd}/${p}`;
  for (const seg of abs.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export class NodeFiles {
  private files = new Map<string, NodeFile>();
  private dirs = new Set<string>(['/']);
  private listeners = new Set<NodeFilesListener>();
  private fileBytes = 0;
  /** Bumped on every change. */
  version = 0;

  constructor(
    private readonly now: () => number,
    /** Size of the root filesystem (the node's ephemeral-storage capacity). */
    readonly capacityBytes: number,
    /** What the OS, binaries and everything not modelled here take. */
    readonly baseUsedBytes: number,
    /** Bytes held by container images (they live on the same filesystem, /var/lib/containers). */
    private readonly imageBytes: () => number = () => 0,
  ) {
    for (const d of ['/etc', '/etc/kubernetes', '/etc/kubernetes/manifests', '/root', '/var', '/var/log', '/var/log/pods', '/var/lib', '/var/lib/kubelet', '/tmp']) this.dirs.add(d);
  }

  onChange(l: NodeFilesListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private changed(path: string): void {
    this.version++;
    for (const l of this.listeners) l(path);
  }

  mkdir(path: string): void {
    let p = normalizePath(path);
    const made: string[] = [];
    while (!this.dirs.has(p)) {
      made.push(p);
      p = parentOf(p);
    }
    for (const d of made) this.dirs.add(d);
  }

  /** Writes a file (parents are created, as the tools that write these files do). */
  write(path: string, data: { content?: string; size?: number }): void {
    const p = normalizePath(path);
    this.mkdir(parentOf(p));
    const old = this.files.get(p);
    const size = data.size ?? Buffer.byteLength(data.content ?? '', 'utf8');
    this.fileBytes += size - (old?.size ?? 0);
    this.files.set(p, { content: data.content, size, mtime: this.now() });
    this.changed(p);
  }

  file(path: string): NodeFile | undefined {
    return this.files.get(normalizePath(path));
  }

  isDir(path: string): boolean {
    return this.dirs.has(normalizePath(path));
  }

  exists(path: string): boolean {
    const p = normalizePath(path);
    return this.files.has(p) || this.dirs.has(p);
  }

  /** Names directly inside a directory (files and folders), sorted as `ls` sorts them in the C locale. */
  list(dir: string): string[] {
    const d = normalizePath(dir);
    const prefix = d === '/' ? '/' : `${d}/`;
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p === d || !p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      if (!rest.includes('/')) names.add(rest);
    }
    return [...names].sort();
  }

  /** Removes a file, or a directory tree when `recursive`. Returns false when nothing is there. */
  remove(path: string, recursive = false): boolean {
    const p = normalizePath(path);
    const f = this.files.get(p);
    if (f) {
      this.files.delete(p);
      this.fileBytes -= f.size;
      this.changed(p);
      return true;
    }
    if (!this.dirs.has(p) || p === '/') return false;
    if (!recursive) return false;
    const prefix = `${p}/`;
    for (const [k, v] of [...this.files]) {
      if (!k.startsWith(prefix)) continue;
      this.files.delete(k);
      this.fileBytes -= v.size;
    }
    for (const k of [...this.dirs]) if (k === p || k.startsWith(prefix)) this.dirs.delete(k);
    this.changed(p);
    return true;
  }

  /** Moves a file (into a directory when `to` is one). Directories move with their contents. */
  move(from: string, to: string): boolean {
    const src = normalizePath(from);
    let dst = normalizePath(to);
    if (this.dirs.has(dst)) dst = normalizePath(src.slice(src.lastIndexOf('/') + 1), dst);
    const f = this.files.get(src);
    if (f) {
      const old = this.files.get(dst);
      if (old) this.fileBytes -= old.size;
      this.files.delete(src);
      this.files.set(dst, f);
      this.changed(src);
      this.changed(dst);
      return true;
    }
    if (!this.dirs.has(src) || src === '/') return false;
    const prefix = `${src}/`;
    for (const [k, v] of [...this.files]) {
      if (!k.startsWith(prefix)) continue;
      this.files.delete(k);
      this.files.set(dst + k.slice(src.length), v);
    }
    for (const k of [...this.dirs]) {
      if (k !== src && !k.startsWith(prefix)) continue;
      this.dirs.delete(k);
      this.dirs.add(dst + k.slice(src.length));
    }
    this.changed(src);
    this.changed(dst);
    return true;
  }

  /** Bytes used on the root filesystem. */
  usedBytes(): number {
    return this.baseUsedBytes + this.fileBytes + this.imageBytes();
  }

  availableBytes(): number {
    return Math.max(0, this.capacityBytes - this.usedBytes());
  }

  /** Total size of the files under a path (du -s). */
  sizeUnder(path: string): number {
    const p = normalizePath(path);
    const f = this.files.get(p);
    if (f) return f.size;
    const prefix = p === '/' ? '/' : `${p}/`;
    let n = 0;
    for (const [k, v] of this.files) if (k.startsWith(prefix)) n += v.size;
    return n;
  }
}
