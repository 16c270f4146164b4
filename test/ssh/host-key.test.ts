import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultHostKeyPath, HostKeyError, loadOrCreateHostKey } from '../../src/ssh/host-key.js';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kd-hostkey-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('host key store', () => {
  it('defaults to $KUBEDRILL_HOME/ssh_host_ed25519_key, else ~/.kubedrill', () => {
    expect(defaultHostKeyPath({ KUBEDRILL_HOME: '/srv/kd' })).toBe('/srv/kd/ssh_host_ed25519_key');
    expect(defaultHostKeyPath({ HOME: '/home/ann' })).toBe('/home/ann/.kubedrill/ssh_host_ed25519_key');
  });

  it('generates an ed25519 key with mode 0600 on first run and keeps it', () => {
    const file = path.join(tmp(), 'nested', 'ssh_host_ed25519_key');
    const first = loadOrCreateHostKey(file);
    expect(first.created).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(first.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    const second = loadOrCreateHostKey(file);
    expect(second.created).toBe(false);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(first.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('prints the fingerprint ssh-keygen prints', () => {
    const file = path.join(tmp(), 'key');
    const key = loadOrCreateHostKey(file);
    let out: string;
    try {
      out = execFileSync('ssh-keygen', ['-lf', file], { encoding: 'utf8' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // no ssh-keygen here
      throw err;
    }
    expect(out.split(' ')[1]).toBe(key.fingerprint);
  });

  it('refuses a file that is not a private key', () => {
    const file = path.join(tmp(), 'key');
    fs.writeFileSync(file, 'hello\n');
    expect(() => loadOrCreateHostKey(file)).toThrow(HostKeyError);
  });
});
