import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { AuthContext } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { authenticate, AuthConfigError, methodsOffered, parseAuthorizedKeys, parsePasswordFile, passwordMatches, type AuthConfig } from '../../src/ssh/auth.js';

const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'alice@laptop' });
const other = ssh2.utils.generateKeyPairSync('ed25519');
const priv = (text: string) => ssh2.utils.parseKey(text) as ssh2.ParsedKey;

function pkContext(keyText: string, signWith?: string, user = 'alice'): AuthContext {
  const pub = priv(keyText).getPublicSSH();
  const blob = Buffer.from('session-id-and-request');
  return {
    method: 'publickey', username: user, service: 'ssh-connection',
    key: { algo: 'ssh-ed25519', data: pub },
    blob: signWith ? blob : undefined,
    signature: signWith ? priv(signWith).sign(blob) : undefined,
  } as unknown as AuthContext;
}

const pwContext = (username: string, password: string) => ({ method: 'password', username, password }) as unknown as AuthContext;

describe('authorized_keys', () => {
  it('parses keys with comments, blank lines and an options field (quotes with spaces)', () => {
    const text = `# class keys\n\n${pair.public}\nfrom="10.0.0.1,10.0.0.2",command="echo a b" ${other.public} bob key\n`;
    const keys = parseAuthorizedKeys(text);
    expect(keys.map((k) => [k.line, k.comment, k.key.type])).toEqual([
      [3, 'alice@laptop', 'ssh-ed25519'],
      [4, 'bob key', 'ssh-ed25519'],
    ]);
  });

  it('names the file and line of a bad entry', () => {
    expect(() => parseAuthorizedKeys(`${pair.public}\nnot a key\n`, 'keys')).toThrow(new AuthConfigError('keys:2: not a public key line (want "[options] TYPE BASE64 [comment]")'));
    expect(() => parseAuthorizedKeys('ssh-ed25519 AAAAbroken\n', 'keys')).toThrow(/^keys:1: cannot parse the ssh-ed25519 key/);
  });

  it('reads what ssh-keygen writes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kd-auth-'));
    try {
      execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-C', 'rsa@test', '-f', path.join(dir, 'id')]);
      const [k] = parseAuthorizedKeys(fs.readFileSync(path.join(dir, 'id.pub'), 'utf8'));
      expect(k!.key.type).toBe('ssh-rsa');
      expect(k!.comment).toBe('rsa@test');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // no ssh-keygen here
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('password file', () => {
  it('reads user:password lines; the password may hold colons', () => {
    expect([...parsePasswordFile('# demo accounts\ndemo:s3cret\nops:a:b:c\n\n')]).toEqual([['demo', 's3cret'], ['ops', 'a:b:c']]);
  });

  it('rejects malformed lines with file and line', () => {
    expect(() => parsePasswordFile('demo\n', 'pw')).toThrow('pw:1: want "user:password"');
    expect(() => parsePasswordFile('demo:\n', 'pw')).toThrow('pw:1: empty password for "demo"');
    expect(() => parsePasswordFile('a:1\na:2\n', 'pw')).toThrow('pw:2: "a" is listed twice');
    expect(() => parsePasswordFile(':x\n', 'pw')).toThrow('pw:1: want "user:password"');
  });

  it('compares passwords exactly, unknown users never match', () => {
    expect(passwordMatches('s3cret', 's3cret')).toBe(true);
    expect(passwordMatches('s3cret', 's3cret ')).toBe(false);
    expect(passwordMatches('s3cret', 'S3cret')).toBe(false);
    expect(passwordMatches(undefined, '\0unknown-user')).toBe(false);
  });
});

describe('authenticate', () => {
  const cfg: AuthConfig = { noAuth: false, keys: parseAuthorizedKeys(pair.public), passwords: new Map([['demo', 's3cret']]) };

  it('accepts a listed key (query and signed request), refuses others and bad signatures', () => {
    expect(authenticate(cfg, pkContext(pair.private))).toBe(true);
    expect(authenticate(cfg, pkContext(pair.private, pair.private))).toBe(true);
    expect(authenticate(cfg, pkContext(other.private))).toBe(false);
    // The listed public key, signed by someone else's private key.
    expect(authenticate(cfg, pkContext(pair.private, other.private))).toBe(false);
  });

  it('checks passwords per user', () => {
    expect(authenticate(cfg, pwContext('demo', 's3cret'))).toBe(true);
    expect(authenticate(cfg, pwContext('demo', 'wrong'))).toBe(false);
    expect(authenticate(cfg, pwContext('root', 's3cret'))).toBe(false);
    expect(authenticate({ ...cfg, passwords: undefined }, pwContext('demo', 's3cret'))).toBe(false);
  });

  it('offers only the configured methods; none only with --no-auth', () => {
    expect(methodsOffered(cfg)).toEqual(['publickey', 'password']);
    expect(methodsOffered({ ...cfg, passwords: undefined })).toEqual(['publickey']);
    expect(methodsOffered({ noAuth: true, keys: [] })).toEqual(['none']);
    expect(authenticate(cfg, { method: 'none', username: 'x' } as unknown as AuthContext)).toBe(false);
    expect(authenticate({ noAuth: true, keys: [] }, { method: 'none', username: 'x' } as unknown as AuthContext)).toBe(true);
  });
});
