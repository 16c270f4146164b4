/**
 * ls, cat, mv, rm, du on a node's simulated host paths (src/core/kubelet/node-files.ts). Before
 * `chroot /host` the host's root is mounted at /host in the debug container, as with a real
 * `oc debug node`; after it, paths are the host's own. GNU coreutils messages and exit codes.
 */
import { kubeletFor } from '../../core/kubelet/index.js';
import { normalizePath, type NodeFiles } from '../../core/kubelet/node-files.js';
import type { CommandResult } from '../shell/pipeline.js';
import type { NodeShell, NodeTool } from './types.js';

interface Resolved {
  files?: NodeFiles;
  /** The host path, or undefined when the path is inside the debug container itself. */
  host?: string;
}

export function nodeFiles(shell: NodeShell): NodeFiles | undefined {
  return kubeletFor(shell.session.cluster.ctx, shell.node)?.files;
}

function resolve(shell: NodeShell, path: string): Resolved {
  const files = nodeFiles(shell);
  const p = normalizePath(path, shell.chroot ? '/root' : '/');
  if (shell.chroot) return { files, host: p };
  if (p === '/host') return { files, host: '/' };
  if (p.startsWith('/host/')) return { files, host: p.slice(5) };
  return { files };
}

/** `*` and `?` in the last path segment, expanded against the directory (bash leaves a pattern that matches nothing as it is). */
function expand(shell: NodeShell, args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    const slash = a.lastIndexOf('/');
    const base = a.slice(slash + 1);
    if (!/[*?]/.test(base)) {
      out.push(a);
      continue;
    }
    const dir = slash >= 0 ? a.slice(0, slash) || '/' : '.';
    const r = resolve(shell, dir === '.' ? (shell.chroot ? '/root' : '/') : dir);
    const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    const hits = r.files && r.host !== undefined && r.files.isDir(r.host) ? r.files.list(r.host).filter((n) => re.test(n) && !n.startsWith('.')) : [];
    if (hits.length === 0) out.push(a);
    else for (const h of hits) out.push(slash >= 0 ? `${a.slice(0, slash)}/${h}` : h);
  }
  return out;
}

function splitFlags(argv: string[]): { flags: Set<string>; args: string[] } {
  const flags = new Set<string>();
  const args: string[] = [];
  let dash = false;
  for (const a of argv.slice(1)) {
    if (!dash && a === '--') dash = true;
    else if (!dash && a.startsWith('--') && a.length > 2) flags.add(a.slice(2));
    else if (!dash && a.startsWith('-') && a.length > 1) for (const ch of a.slice(1)) flags.add(ch);
    else args.push(a);
  }
  return { flags, args };
}

const res = (stdout: string, stderr = '', exitCode = 0): CommandResult => ({ stdout, stderr, exitCode });

/** Human sizes as GNU -h prints them: 1 decimal under 10, K/M/G/T with 1024 steps. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  const units = ['K', 'M', 'G', 'T', 'P'];
  let v = bytes;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const text = v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v));
  return `${text}${units[u]}`;
}

function lsDate(ms: number): string {
  const d = new Date(ms);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${mon} ${String(d.getUTCDate()).padStart(2)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

export const ls: NodeTool = (argv, _stdin, shell) => {
  const { flags, args } = splitFlags(argv);
  const long = flags.has('l');
  const human = flags.has('h') || flags.has('human-readable');
  const all = flags.has('a');
  const targets = expand(shell, args.length ? args : ['.']);
  const created = shell.session.cluster.api.cached('nodes', undefined, shell.node)?.metadata.creationTimestamp;
  const boot = Date.parse(created ?? '') || 0;
  let out = '';
  let err = '';
  let code = 0;
  const multi = targets.length > 1;
  const fileRows: string[] = [];
  const dirs: Array<{ name: string; host: string; files: NodeFiles }> = [];
  for (const t of targets) {
    const r = resolve(shell, t === '.' ? (shell.chroot ? '/root' : '/') : t);
    if (!r.files || r.host === undefined || !r.files.exists(r.host)) {
      err += `ls: cannot access '${t}': No such file or directory\n`;
      code = 2;
      continue;
    }
    const f = r.files.file(r.host);
    if (f) fileRows.push(long ? longRow(t, f.size, f.mtime, false, human) : t);
    else dirs.push({ name: t, host: r.host, files: r.files });
  }
  if (fileRows.length) out += fileRows.join('\n') + '\n';
  dirs.forEach((d, i) => {
    if (multi) out += `${fileRows.length || i > 0 ? '\n' : ''}${d.name}:\n`;
    let names = d.files.list(d.host);
    if (all) names = ['.', '..', ...names];
    if (!long) {
      if (names.length) out += names.join('\n') + '\n';
      return;
    }
    let blocks = 0;
    const rows = names.map((n) => {
      if (n === '.' || n === '..') return longRow(n, 4096, boot, true, human);
      const p = d.host === '/' ? `/${n}` : `${d.host}/${n}`;
      const f = d.files.file(p);
      if (!f) {
        blocks += 4;
        return longRow(n, d.files.sizeUnder(p) ? 4096 : 6, boot, true, human);
      }
      blocks += Math.ceil(f.size / 4096) * 4;
      return longRow(n, f.size, f.mtime, false, human);
    });
    out += `total ${human ? humanSize(blocks * 1024) : blocks}\n${rows.join('\n')}${rows.length ? '\n' : ''}`;
  });
  return res(out, err, code);
};

function longRow(name: string, size: number, mtime: number, dir: boolean, human: boolean): string {
  const mode = dir ? 'drwxr-xr-x.' : '-rw-r--r--.';
  const sz = human ? humanSize(size) : String(size);
  return `${mode} ${dir ? 2 : 1} root root ${sz.padStart(human ? 4 : 5)} ${lsDate(mtime)} ${name}`;
}

export const catFile: NodeTool = (argv, stdin, shell) => {
  const { args } = splitFlags(argv);
  if (args.length === 0) return res(stdin);
  let out = '';
  let err = '';
  for (const t of expand(shell, args)) {
    const r = resolve(shell, t);
    if (r.files && r.host !== undefined && r.files.isDir(r.host)) {
      err += `cat: ${t}: Is a directory\n`;
      continue;
    }
    const f = r.files && r.host !== undefined ? r.files.file(r.host) : undefined;
    if (!f) {
      err += `cat: ${t}: No such file or directory\n`;
      continue;
    }
    if (f.content === undefined) {
      err += `cat: ${t}: binary file of ${f.size} bytes is not shown in kubedrill\n`;
      continue;
    }
    out += f.content;
  }
  return res(out, err, err ? 1 : 0);
};

export const mv: NodeTool = (argv, _stdin, shell) => {
  const { args } = splitFlags(argv);
  const list = expand(shell, args);
  if (list.length === 0) return res('', "mv: missing file operand\nTry 'mv --help' for more information.\n", 1);
  if (list.length === 1) return res('', `mv: missing destination file operand after '${list[0]}'\nTry 'mv --help' for more information.\n`, 1);
  const dest = list[list.length - 1]!;
  const d = resolve(shell, dest);
  const sources = list.slice(0, -1);
  if (sources.length > 1 && !(d.files && d.host !== undefined && d.files.isDir(d.host))) {
    return res('', `mv: target '${dest}': Not a directory\n`, 1);
  }
  let err = '';
  for (const s of sources) {
    const r = resolve(shell, s);
    if (!r.files || r.host === undefined || !r.files.exists(r.host)) {
      err += `mv: cannot stat '${s}': No such file or directory\n`;
      continue;
    }
    if (!d.files || d.host === undefined) {
      err += `mv: cannot move '${s}' to '${dest}': No such file or directory\n`;
      continue;
    }
    const parent = d.host.slice(0, d.host.lastIndexOf('/')) || '/';
    if (!d.files.isDir(d.host) && !d.files.isDir(parent)) {
      err += `mv: cannot move '${s}' to '${dest}': No such file or directory\n`;
      continue;
    }
    r.files.move(r.host, d.host);
  }
  return res('', err, err ? 1 : 0);
};

export const rm: NodeTool = (argv, _stdin, shell) => {
  const { flags, args } = splitFlags(argv);
  const force = flags.has('f') || flags.has('force');
  const recursive = flags.has('r') || flags.has('R') || flags.has('recursive');
  const list = expand(shell, args);
  if (list.length === 0 && !force) return res('', "rm: missing operand\nTry 'rm --help' for more information.\n", 1);
  let err = '';
  for (const t of list) {
    const r = resolve(shell, t);
    const exists = r.files && r.host !== undefined && r.files.exists(r.host);
    if (!exists) {
      if (!force) err += `rm: cannot remove '${t}': No such file or directory\n`;
      continue;
    }
    if (r.host === '/') {
      err += "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n";
      continue;
    }
    if (r.files!.isDir(r.host!) && !recursive) {
      err += `rm: cannot remove '${t}': Is a directory\n`;
      continue;
    }
    r.files!.remove(r.host!, recursive);
  }
  return res('', err, err ? 1 : 0);
};

/** du -s / -h / -sh: sizes of files and folders (in 1K blocks without -h). */
export const du: NodeTool = (argv, _stdin, shell) => {
  const { flags, args } = splitFlags(argv);
  const human = flags.has('h');
  let out = '';
  let err = '';
  for (const t of expand(shell, args.length ? args : ['.'])) {
    const r = resolve(shell, t === '.' ? (shell.chroot ? '/root' : '/') : t);
    if (!r.files || r.host === undefined || !r.files.exists(r.host)) {
      err += `du: cannot access '${t}': No such file or directory\n`;
      continue;
    }
    const bytes = r.files.sizeUnder(r.host) + (r.files.isDir(r.host) ? 4096 : 0);
    out += `${human ? humanSize(bytes) : Math.ceil(bytes / 1024)}\t${t}\n`;
  }
  return res(out, err, err ? 1 : 0);
};
