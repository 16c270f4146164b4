/**
 * `kubedrill serve` beyond the plain loopback port: TLS with the generated CA (tokens required,
 * impersonation checked for a service account), and the CLI itself as a user starts it
 * (--port 0, the kubeconfig it writes, Ctrl-C).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/core/cluster.js';
import { serviceAccountUser } from '../../src/core/apiserver/authn.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { writeKubeconfig } from '../../src/serve/kubeconfig.js';
import { main } from '../../src/cli.js';
import { Kubectl, RUN_KUBECTL } from './kubectl.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let cluster: Cluster;
let server: RunningServer;
let k: Kubectl;

function config(name: string, token: string): string {
  const file = path.join(k.dir, name);
  writeKubeconfig(file, { server: server.url, token, caCert: server.certs!.caCert, namespace: 'default' });
  return file;
}

async function kubectl(kubeconfig: string, line: string): Promise<{ out: string; code: number }> {
  const r = await new Kubectl(kubeconfig, k.dir).run(line.split(' '));
  return { out: r.stdout + r.stderr, code: r.code };
}

beforeAll(async () => {
  if (!RUN_KUBECTL) return;
  cluster = new Cluster({ flavor: 'kubernetes', controlPlane: 1, workers: [{ name: 'worker-1' }], seed: 3 });
  cluster.start();
  cluster.advance(20_000);
  cluster.api.authn.addToken('sa-default-token', serviceAccountUser('default', 'default'), 'serviceaccount');
  server = await startServer(cluster, { port: 0, tls: true });
  k = new Kubectl('');
});

afterAll(async () => {
  if (!RUN_KUBECTL) return;
  await server.close();
  k.cleanup();
});

describe.skipIf(!RUN_KUBECTL)('serve over TLS', () => {
  it('kubectl trusts the generated CA and authenticates with the admin token', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const admin = config('admin', cluster.adminToken);
    const r = await kubectl(admin, 'get nodes -o name');
    expect(r).toEqual({ out: 'node/master-0\nnode/worker-1\n', code: 0 });
    expect(await kubectl(admin, 'auth whoami -o jsonpath={.status.userInfo.username}')).toEqual({ out: 'kubernetes-admin', code: 0 });
  });

  it('a token the server does not know: 401', async () => {
    expect(await kubectl(config('wrong', 'nope'), 'get --raw /api/v1/namespaces')).toEqual({ out: 'error: You must be logged in to the server (Unauthorized)\n', code: 1 });
  });

  it('a service account token: RBAC forbids, impersonation needs the impersonate verb', async () => {
    const sa = config('sa', 'sa-default-token');
    expect(await kubectl(sa, 'get pods')).toEqual({
      out: 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"\n',
      code: 1,
    });
    expect(await kubectl(sa, 'get pods --as=kubernetes-admin')).toEqual({
      out: 'Error from server (Forbidden): users "kubernetes-admin" is forbidden: User "system:serviceaccount:default:default" cannot impersonate resource "users" in API group "" at the cluster scope\n',
      code: 1,
    });
    expect(await kubectl(sa, 'auth can-i list pods')).toEqual({ out: 'no\n', code: 1 });
    expect(await kubectl(sa, 'get --raw /metrics')).toEqual({ out: 'Error from server (Forbidden): forbidden: User "system:serviceaccount:default:default" cannot get path "/metrics"\n', code: 1 });
  });
});

describe('kubedrill serve (CLI)', () => {
  it('--help, and usage errors exit 2', () => {
    let out = '';
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += t) };
    expect(main(['serve', '--help'], io)).toBe(0);
    expect(out).toContain('kubedrill serve [FILE|NAME] [--port N]');
    out = '';
    expect(main(['serve', '--port', 'x'], io)).toBe(2);
    expect(out).toBe('kubedrill: --port: invalid value "x" (0 to 65535; 0 picks a free port)\n');
    out = '';
    expect(main(['serve', 'no-such-scenario'], io)).toBe(1);
    expect(out).toMatch(/no-such-scenario/);
  });

  it.skipIf(!RUN_KUBECTL)('serves a scenario on a free port, writes the kubeconfig, stops on SIGINT', async () => {
    const dir = fs.mkdtempSync(path.join(k.dir, 'cli-'));
    const kc = path.join(dir, 'kubeconfig');
    const child = spawn(process.execPath, [path.join(root, 'bin', 'kubedrill.js'), 'serve', 'sandbox', '--port', '0', '--kubeconfig', kc, '--speed', '10'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setInterval(() => {
          if (out.includes('try: kubectl')) {
            clearInterval(t);
            resolve();
          }
        }, 50);
        void exited.then(() => {
          clearInterval(t);
          reject(new Error(`serve exited early:\n${out}`));
        });
      });
      expect(out).toMatch(/^kubedrill serve: scenario sandbox at http:\/\/127\.0\.0\.1:(\d+) \(speed 10x\)\nkubeconfig: .*\ntry: kubectl --kubeconfig .* get pods -A\n$/);
      const port = /127\.0\.0\.1:(\d+)/.exec(out)![1];
      expect(fs.readFileSync(kc, 'utf8')).toContain(`server: http://127.0.0.1:${port}\n`);
      const r = await kubectl(kc, 'get nodes -o name');
      expect(r).toEqual({ out: 'node/master-0\nnode/master-1\nnode/master-2\nnode/worker-1\nnode/worker-2\nnode/worker-3\n', code: 0 });
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 180_000);
});
