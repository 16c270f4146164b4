import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { parseSshArgs, SSH_HELP } from '../../src/cli/ssh.js';
import { CliError } from '../../src/cli/io.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kd-sshcli-'));
const keys = path.join(dir, 'authorized_keys');
fs.writeFileSync(keys, ssh2.utils.generateKeyPairSync('ed25519').public + '\n');
const pw = path.join(dir, 'passwd');
fs.writeFileSync(pw, 'demo:s3cret\n', { mode: 0o600 });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const env = { KUBEDRILL_HOME: '/srv/kd' };

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => void (out += t), err: (t) => void (err += t) }) as number;
  return { code, out, err };
}

describe('kubedrill ssh arguments', () => {
  it('has defaults: 127.0.0.1:2222, 10 sessions, 30m idle, the host key under KUBEDRILL_HOME', () => {
    expect(parseSshArgs(['--authorized-keys', keys], env)).toMatchObject({
      port: 2222, address: '127.0.0.1', hostKeyPath: '/srv/kd/ssh_host_ed25519_key', maxSessions: 10, idleTimeoutMs: 1_800_000, scenario: undefined,
    });
    const cfg = parseSshArgs(['--password-file', pw, '--port', '0', '--max-sessions', '3', '--idle-timeout', '0', '--scenario', 'sandbox', '--host-key', '/tmp/k'], env);
    expect(cfg).toMatchObject({ port: 0, maxSessions: 3, idleTimeoutMs: 0, scenario: 'sandbox', hostKeyPath: '/tmp/k' });
    expect(cfg !== 'help' && [...cfg.auth.passwords!]).toEqual([['demo', 's3cret']]);
  });

  it('refuses to start open unless --no-auth, and --no-auth only on loopback', () => {
    expect(() => parseSshArgs([], env)).toThrow(new CliError('ssh needs a way to let people in: --authorized-keys FILE and/or --password-file FILE (or --no-auth, on loopback only)'));
    expect(() => parseSshArgs(['--no-auth', '--address', '0.0.0.0'], env)).toThrow(
      new CliError('--no-auth is allowed only on a loopback address (127.0.0.1, ::1), not 0.0.0.0: anyone who can reach it would get in'));
    expect(() => parseSshArgs(['--no-auth', '--password-file', pw], env)).toThrow('--no-auth cannot be combined with --authorized-keys or --password-file');
    expect(parseSshArgs(['--no-auth', '--address', '::1'], env)).toMatchObject({ auth: { noAuth: true } });
  });

  it('reports bad values and files with exit status 2', () => {
    expect(run(['ssh', '--port', '70000', '--no-auth'])).toEqual({ code: 2, out: '', err: 'kubedrill: --port: invalid value "70000" (a whole number from 0 to 65535)\n' });
    expect(run(['ssh', '--idle-timeout', 'soon', '--no-auth']).err).toBe('kubedrill: --idle-timeout: invalid duration "soon" (use e.g. 15m, 1h, 90s, or 0 for never)\n');
    expect(run(['ssh', '--max-sessions', '0', '--no-auth']).err).toBe('kubedrill: --max-sessions: invalid value "0" (a whole number from 1 to 1000)\n');
    expect(run(['ssh', '--authorized-keys', path.join(dir, 'missing')]).err).toBe(`kubedrill: --authorized-keys ${path.join(dir, 'missing')}: no such file\n`);
    expect(run(['ssh', '--address', 'example.org', '--no-auth']).code).toBe(2);
    const unknown = run(['ssh', '--no-auth', '--scenario', 'no-such-scenario']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("no scenario named 'no-such-scenario' in the library");
  });

  it('prints its help; the top-level help lists it', () => {
    expect(run(['ssh', '--help'])).toEqual({ code: 0, out: SSH_HELP, err: '' });
    expect(run(['--help']).out).toContain('  ssh                serve the dashboard over SSH, a cluster per connection (demos, classrooms)\n');
  });
});
