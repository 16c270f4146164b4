/**
 * End-to-end helpers for `kubedrill ssh`: a server child process (its stderr read line by line),
 * client keys from ssh-keygen, and the real OpenSSH client. Skipped only where a tool is missing
 * and the outer CI is not 'true'.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const SSH = '/usr/bin/ssh';
export const hasSsh = fs.existsSync(SSH) && fs.existsSync('/usr/bin/ssh-keygen');
export const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
export const mustRun = process.env.KUBEDRILL_OUTER_CI === 'true';

export function skipNote(file: string, what: string, tools: Array<[string, boolean]>): boolean {
  const missing = tools.filter(([, ok]) => !ok).map(([name]) => name);
  if (missing.length && !mustRun) console.warn(`${file}: ${missing.join(' and ')} not installed; ${what} skipped`);
  return missing.length > 0 && !mustRun;
}

export interface Keys {
  dir: string;
  key: string;
  otherKey: string;
  authorizedKeys: string;
  passwordFile: string;
}

/** A temp dir with an authorized client key, an unknown one, and a password file (demo:s3cret). */
export function makeKeys(): Keys {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedrill-ssh-test-'));
  for (const name of ['id_ok', 'id_other']) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@test`, '-f', path.join(dir, name)]);
  }
  const authorizedKeys = path.join(dir, 'authorized_keys');
  fs.writeFileSync(authorizedKeys, `# test keys\n${fs.readFileSync(path.join(dir, 'id_ok.pub'), 'utf8')}`);
  const passwordFile = path.join(dir, 'passwd');
  fs.writeFileSync(passwordFile, 'demo:s3cret\n', { mode: 0o600 });
  return { dir, key: path.join(dir, 'id_ok'), otherKey: path.join(dir, 'id_other'), authorizedKeys, passwordFile };
}

export class ServerProcess {
  readonly lines: string[] = [];
  private waiters: Array<() => void> = [];
  port = 0;
  exitCode: number | null = null;

  constructor(readonly child: ChildProcess) {
    let buf = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      buf += d;
      const parts = buf.split('\n');
      buf = parts.pop()!;
      this.lines.push(...parts);
      for (const w of this.waiters.splice(0)) w();
    });
    child.on('exit', (code) => {
      this.exitCode = code;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Waits for a stderr line matching `re` (beyond the first `from` lines); returns it. */
  async waitLine(re: RegExp, from = 0, ms = 60_000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const hit = this.lines.slice(from).find((l) => re.test(l));
      if (hit) return hit;
      if (this.exitCode !== null) throw new Error(`server exited (${this.exitCode}) before ${re}; stderr:\n${this.lines.join('\n')}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${re}; stderr:\n${this.lines.join('\n')}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 500);
      });
    }
  }

  logLines(): string[] {
    return this.lines.filter((l) => / kubedrill ssh\[\d+\]: /.test(l));
  }

  async stop(): Promise<void> {
    if (this.exitCode !== null) return;
    this.child.kill('SIGTERM');
    await new Promise((r) => this.child.once('exit', r));
  }
}

/** Starts `kubedrill ssh --port 0 ARGS` (with --expose-gc and the stats hook when asked). */
export async function startServer(args: string[], opts: { home: string; stats?: boolean } = { home: '' }): Promise<ServerProcess> {
  const node = [...(opts.stats ? ['--expose-gc'] : []), path.join(ROOT, 'bin/kubedrill.js'), 'ssh', '--port', '0', ...args];
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'false', KUBEDRILL_HOME: opts.home };
  // The server runs as it would for a class (no deep-freeze of stored objects: the memory test
  // measures production conditions; the freeze is the unit tests' business).
  delete env.KUBEDRILL_FREEZE;
  if (opts.stats) env.KUBEDRILL_SSH_DEBUG_STATS = '1';
  const child = spawn(process.execPath, node, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const server = new ServerProcess(child);
  const line = await server.waitLine(/listening on 127\.0\.0\.1:\d+/, 0, 150_000);
  server.port = Number(/:(\d+)$/.exec(line)![1]);
  return server;
}

/** ssh options for the test server; batch (no password prompts) unless `password` (ssh keeps an option's first value). */
export function sshArgs(port: number, key: string | undefined, user: string, extra: string[] = [], password = false): string[] {
  return [
    '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
    '-o', 'IdentitiesOnly=yes', '-o', `BatchMode=${password ? 'no' : 'yes'}`, '-F', '/dev/null',
    ...(key ? ['-i', key] : []),
    '-p', String(port), ...extra, `${user}@127.0.0.1`,
  ];
}

/** Runs ssh to completion (no terminal); resolves with its exit status and output. */
export function runSsh(args: string[], env: NodeJS.ProcessEnv = process.env, input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(SSH, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A heap figure from the stats hook's line. */
export function heapOf(line: string): number {
  return Number(/heapUsed=(\d+)/.exec(line)![1]);
}
