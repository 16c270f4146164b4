/**
 * The server's host key: an ed25519 key generated on first run and kept (mode 0600), so clients
 * see the same fingerprint every time and `StrictHostKeyChecking` can do its job.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';

export interface HostKey {
  /** The private key in OpenSSH format, as ssh2's Server wants it. */
  privateKey: string;
  /** `SHA256:...`, as `ssh-keygen -lf` and the ssh client print it. */
  fingerprint: string;
  path: string;
  created: boolean;
}

/** $KUBEDRILL_HOME (default ~/.kubedrill). */
export function kubedrillHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBEDRILL_HOME || path.join(env.HOME || os.homedir(), '.kubedrill');
}

export function defaultHostKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(kubedrillHome(env), 'ssh_host_ed25519_key');
}

export class HostKeyError extends Error {}

/** Reads the key at `file`, or generates one there (parent folders 0700, the file 0600). */
export function loadOrCreateHostKey(file: string): HostKey {
  let created = false;
  let text: string;
  if (fs.existsSync(file)) {
    text = fs.readFileSync(file, 'utf8');
  } else {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'kubedrill host key' });
    text = pair.private;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // 'wx': never overwrite a key another server wrote in the meantime.
    fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(`${file}.pub`, `${pair.public}\n`, { mode: 0o644 });
    created = true;
  }
  const parsed = ssh2.utils.parseKey(text);
  if (parsed instanceof Error) throw new HostKeyError(`host key ${file}: ${parsed.message}`);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || !key.isPrivateKey()) throw new HostKeyError(`host key ${file}: not a private key`);
  return { privateKey: text, fingerprint: fingerprint(key.getPublicSSH()), path: file, created };
}

/** OpenSSH's SHA256 fingerprint of a public key blob. */
export function fingerprint(publicBlob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(new Uint8Array(publicBlob)).digest('base64').replace(/=+$/, '')}`;
}

/** Group/other permission bits on a private key file are a mistake worth a warning. */
export function looseMode(file: string): boolean {
  try {
    return (fs.statSync(file).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}
