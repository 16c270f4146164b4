/**
 * Test helper: the real kubectl (1.32) against a `kubedrill serve` endpoint, with a private
 * kubeconfig and discovery cache. Tests skip only where kubectl is missing and CI is not set
 * (under CI a missing kubectl fails).
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function hasKubectl(): boolean {
  try {
    return /Client Version: v1\.3\d\./.test(execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return false;
  }
}

export const HAVE_KUBECTL = hasKubectl();
export const RUN_KUBECTL = HAVE_KUBECTL || process.env.KUBEDRILL_OUTER_CI === 'true';

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export class Kubectl {
  readonly dir: string;

  constructor(readonly kubeconfig: string, dir?: string) {
    this.dir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kubedrill-kubectl-'));
  }

  private args(args: string[]): string[] {
    return ['--kubeconfig', this.kubeconfig, '--cache-dir', path.join(this.dir, 'cache'), ...args];
  }

  run(args: string[], stdin?: string): Promise<KubectlResult> {
    return new Promise((resolve) => {
      const child = execFile('kubectl', this.args(args), { encoding: 'utf8', timeout: 30_000, env: { ...process.env, KUBECONFIG: '' } }, (err, stdout, stderr) => {
        resolve({ stdout, stderr, code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0 });
      });
      if (stdin !== undefined) child.stdin?.end(stdin);
    });
  }

  /** A long-running kubectl (get -w, logs -f): its output so far, and a way to wait for text in it. */
  spawn(args: string[]): { child: ChildProcess; output: () => string; waitFor: (re: RegExp) => Promise<string>; stop: () => void } {
    const child = spawn('kubectl', this.args(args), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const waiters: Array<{ re: RegExp; resolve: (s: string) => void }> = [];
    const check = (): void => {
      for (const w of [...waiters]) {
        if (w.re.test(out)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(out);
        }
      }
    };
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      check();
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      check();
    });
    return {
      child,
      output: () => out,
      waitFor: (re) =>
        new Promise((resolve, reject) => {
          if (re.test(out)) return resolve(out);
          const timer = setTimeout(() => reject(new Error(`no ${re} from kubectl ${args.join(' ')} within 20s; output:\n${out}`)), 20_000);
          waiters.push({ re, resolve: (s) => (clearTimeout(timer), resolve(s)) });
          child.once('exit', () => setImmediate(() => (re.test(out) ? resolve(out) : reject(new Error(`kubectl exited before ${re}; output:\n${out}`)))));
        }),
      stop: () => void child.kill('SIGTERM'),
    };
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
