/**
 * `kubedrill serve --ui`: the dashboard in a terminal (a private tmux server) and the real kubectl
 * on the same cluster at the same time; quitting the dashboard stops the server. Waits poll the
 * screen and the kubeconfig; skipped only where tmux or kubectl is missing and CI is not set.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Kubectl, RUN_KUBECTL } from './kubectl.js';

const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const RUN = (hasTmux && RUN_KUBECTL) || process.env.KUBEDRILL_OUTER_CI === 'true';
if (!RUN) console.warn('test/serve/serve-ui.test.ts: tmux or kubectl is missing; serve --ui is not tested');

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOCKET = `kubedrill-serve-ui-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedrill-serve-ui-'));

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    // Gone with its last session.
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!RUN)('kubedrill serve --ui', () => {
  it('serves kubectl while the dashboard shows the same cluster; :q stops both', async () => {
    const kc = path.join(dir, 'kubeconfig');
    const s = 'serve-ui';
    tmux('new-session', '-d', '-s', s, '-x', '120', '-y', '35', `cd ${ROOT} && env -u CI node bin/kubedrill.js serve sandbox --ui --port 0 --kubeconfig ${kc}; echo "EXIT $?"; sleep 120`);
    const screen = (): string => tmux('capture-pane', '-p', '-t', s);
    await until('the dashboard', () => (/Nodes \[6\]/.test(screen()) ? true : undefined));
    const k = new Kubectl(kc, dir);
    const nodes = await until('kubectl get nodes', async () => {
      if (!fs.existsSync(kc)) return undefined;
      const r = await k.run(['get', 'nodes', '-o', 'name']);
      return r.code === 0 ? r.stdout : undefined;
    });
    expect(nodes).toBe('node/master-0\nnode/master-1\nnode/master-2\nnode/worker-1\nnode/worker-2\nnode/worker-3\n');
    expect(screen()).toMatch(/Scenario: Sandbox/);
    tmux('send-keys', '-t', s, ':q', 'Enter');
    const after = await until('the exit status', () => /EXIT (\d+)/.exec(screen())?.[1]);
    expect(after).toBe('0');
    expect(screen()).toMatch(/kubedrill serve: scenario sandbox at http:\/\/127\.0\.0\.1:\d+ \(speed 1x\)/);
    const gone = await k.run(['get', 'nodes']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/connection to the server 127\.0\.0\.1:\d+ was refused/);
  }, 240_000);
});
