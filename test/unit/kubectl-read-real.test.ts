/**
 * The palette's kubectl against the real kubectl 1.32, when one is installed: both print the
 * same objects (the real one through a loopback shim), and the outputs must be identical apart
 * from wall-clock times. Skipped where no kubectl is on the PATH.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPalette } from '../../src/commands/palette.js';
import { buildFixture, type Fixture } from './kubectl-read-fixtures.js';
import { serveCluster, type Shim } from './kubectl-read-real-shim.js';

const run = promisify(execFile);

function realKubectl(): boolean {
  try {
    return /Client Version: v1\.32\./.test(execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return false;
  }
}

const HAVE = realKubectl();
let fx: Fixture;
let shim: Shim;
let dir: string;

beforeAll(async () => {
  if (!HAVE) return;
  fx = buildFixture();
  shim = await serveCluster(fx.cluster);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedrill-kubectl-'));
  fs.writeFileSync(
    path.join(dir, 'config'),
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${shim.port}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n    namespace: shop\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: x\n`,
  );
});

afterAll(async () => {
  if (!HAVE) return;
  await shim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const normalise = (s: string): string =>
  s.replace(/[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000/g, 'TIME').replace(/\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?Z?( \+0000 UTC)?/g, 'TS');

async function both(args: string): Promise<[string, string]> {
  let real: string;
  try {
    const r = await run('kubectl', ['--kubeconfig', path.join(dir, 'config'), '--cache-dir', path.join(dir, 'cache'), ...args.split(' ')], { encoding: 'utf8', timeout: 20_000 });
    real = r.stdout + r.stderr;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    real = (err.stdout ?? '') + (err.stderr ?? '');
  }
  const mine = runPalette(fx.session, `kubectl ${args}`);
  return [normalise(real), normalise(mine.stdout + mine.stderr)];
}

const COMMANDS = [
  'get pods',
  'get pods -A -o wide',
  'get nodes -o wide',
  'get pods -L app,pod-template-hash --show-labels',
  'get pod/big svc/web',
  'get deploy,svc,ep --show-kind --no-headers',
  'get pods nope big',
  'get pod web-7d4b9c8f5-q8wzn -o yaml',
  'get pods -o json',
  'get pods -o custom-columns=N:.metadata.name,R:.status.containerStatuses[0].restartCount',
  'describe pod web-7d4b9c8f5-q8wzn',
  'describe pods web',
  'describe node node-a',
  'describe node node-b',
  'describe deploy web',
  'describe ep web',
  'describe ns shop',
  'events -A',
  'events --for pod/web-7d4b9c8f5-q8wzn',
];

describe.skipIf(!HAVE)('kubectl read output against the real kubectl 1.32', () => {
  for (const cmd of COMMANDS) {
    it(cmd, async () => {
      const [real, mine] = await both(cmd);
      expect(mine).toBe(real);
    });
  }
});
