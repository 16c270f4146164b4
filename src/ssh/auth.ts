/**
 * Who may connect: keys from an OpenSSH authorized_keys file, and/or `user:password` lines from a
 * password file (compared in constant time). With neither, nobody gets in: open access needs
 * --no-auth, and the CLI allows that only on a loopback address.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import ssh2 from 'ssh2';
import type { AuthContext, ParsedKey } from 'ssh2';

export class AuthConfigError extends Error {}

export interface AuthorizedKey {
  key: ParsedKey;
  /** The public key blob (key type included), compared with what the client offers. */
  blob: Buffer;
  comment: string;
  line: number;
}

export interface AuthConfig {
  keys: AuthorizedKey[];
  /** user -> password; undefined when no password file is given. */
  passwords?: Map<string, string>;
  noAuth: boolean;
}

export type AuthMethod = 'publickey' | 'password' | 'none';

const KEY_TYPE = /^(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;

/** Splits off a leading options field (`from="a b",restrict ssh-ed25519 AAAA...`), quotes respected. */
function skipOptions(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ' ' || ch === '\t')) return line.slice(i).trim();
  }
  return '';
}

/**
 * Parses an authorized_keys file. Options before a key (from=, command=, restrict...) are
 * accepted but not enforced: a session here never reaches the host anyway.
 */
export function parseAuthorizedKeys(text: string, file = 'authorized_keys'): AuthorizedKey[] {
  const keys: AuthorizedKey[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    let rest = line;
    if (!KEY_TYPE.test(rest.split(/\s+/)[0]!)) rest = skipOptions(rest);
    const [type, data, ...comment] = rest.split(/\s+/);
    if (!type || !KEY_TYPE.test(type) || !data) throw new AuthConfigError(`${file}:${i + 1}: not a public key line (want "[options] TYPE BASE64 [comment]")`);
    const parsed = ssh2.utils.parseKey(`${type} ${data}`);
    const key = parsed instanceof Error ? undefined : Array.isArray(parsed) ? parsed[0] : parsed;
    if (!key) throw new AuthConfigError(`${file}:${i + 1}: cannot parse the ${type} key${parsed instanceof Error ? `: ${parsed.message}` : ''}`);
    keys.push({ key, blob: key.getPublicSSH(), comment: comment.join(' '), line: i + 1 });
  });
  return keys;
}

/** Parses `user:password` lines (the password is everything after the first colon; # comments). */
export function parsePasswordFile(text: string, file = 'password file'): Map<string, string> {
  const users = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new AuthConfigError(`${file}:${i + 1}: want "user:password"`);
    const user = line.slice(0, colon);
    const password = line.slice(colon + 1);
    if (/\s/.test(user)) throw new AuthConfigError(`${file}:${i + 1}: the user name "${user}" contains white space`);
    if (!password) throw new AuthConfigError(`${file}:${i + 1}: empty password for "${user}"`);
    if (users.has(user)) throw new AuthConfigError(`${file}:${i + 1}: "${user}" is listed twice`);
    users.set(user, password);
  });
  return users;
}

export function readAuthorizedKeys(file: string): AuthorizedKey[] {
  const keys = parseAuthorizedKeys(readConfig(file, '--authorized-keys'), file);
  if (!keys.length) throw new AuthConfigError(`--authorized-keys ${file}: no keys in the file`);
  return keys;
}

export function readPasswordFile(file: string): Map<string, string> {
  const users = parsePasswordFile(readConfig(file, '--password-file'), file);
  if (!users.size) throw new AuthConfigError(`--password-file ${file}: no "user:password" lines in the file`);
  return users;
}

function readConfig(file: string, flag: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new AuthConfigError(`${flag} ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

/** The methods to announce to a client that has not got in yet. */
export function methodsOffered(cfg: AuthConfig): AuthMethod[] {
  if (cfg.noAuth) return ['none'];
  const out: AuthMethod[] = [];
  if (cfg.keys.length) out.push('publickey');
  if (cfg.passwords) out.push('password');
  return out;
}

// Uint8Array copies: this @types/node's Buffer does not satisfy TypeScript 5.9's ArrayBufferView.
const digest = (s: string): Uint8Array => new Uint8Array(crypto.createHash('sha256').update(s, 'utf8').digest());

/** Equal-length digests compared with timingSafeEqual: no early exit on the first differing byte. */
export function passwordMatches(expected: string | undefined, given: string): boolean {
  // An unknown user still costs one comparison, so timing does not tell user names apart.
  const ok = crypto.timingSafeEqual(digest(expected ?? '\0unknown-user'), digest(given));
  return ok && expected !== undefined;
}

/**
 * Decides one authentication request. For a public-key query without a signature, true means
 * "this key would do" (the server answers PK_OK); with a signature, it must verify.
 */
export function authenticate(cfg: AuthConfig, ctx: AuthContext): boolean {
  if (cfg.noAuth) return true;
  switch (ctx.method) {
    case 'publickey': {
      const offered = new Uint8Array(ctx.key.data);
      const match = cfg.keys.find((k) => Buffer.compare(new Uint8Array(k.blob), offered) === 0);
      if (!match) return false;
      if (!ctx.signature || !ctx.blob) return true;
      return match.key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
    }
    case 'password':
      if (!cfg.passwords) return false;
      return passwordMatches(cfg.passwords.get(ctx.username), ctx.password);
    default:
      return false;
  }
}
