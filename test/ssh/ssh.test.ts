/**
 * `kubedrill ssh` end to end with the real OpenSSH client: interactive sessions run inside a
 * private tmux server (a real pty, and resize-window for window-change), the rest through pipes.
 * Waits poll the screen or the server log; nothing sleeps as an assertion. Skipped with a message
 * only where ssh or tmux is missing and the outer CI is not 'true'.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasSsh, hasTmux, makeKeys, runSsh, skipNote, SSH, sshArgs, startServer, type Keys, type ServerProcess } from './helpers.js';
import { REFUSED_EXEC } from '../../src/ssh/server.js';

const skip = skipNote('test/ssh/ssh.test.ts', 'the ssh end-to-end tests are', [['/usr/bin/ssh', hasSsh], ['tmux', hasTmux]]);

const SOCKET = `kubedrill-ssh-test-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const capture = (s: string): string => tmux('capture-pane', '-p', '-t', s);
let counter = 0;
/** Generous: the whole suite may load the machine (a dashboard takes seconds to start then). */
const E2E_TIMEOUT = 180_000;

async function until<T>(probe: () => T | undefined | false, what: string, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function waitScreen(s: string, test: (screen: string) => boolean, what: string): Promise<string> {
  let screen = '';
  try {
    return await until(() => test((screen = capture(s))) && screen, what);
  } catch (err) {
    throw new Error(`${(err as Error).message}; screen:\n${screen}`);
  }
}

/** ssh -tt to the server inside a new tmux session of the given size. */
function openTerminal(port: number, key: string, user: string, cols: number, rows: number): string {
  const s = `kdssh-${process.pid}-${counter++}`;
  const cmd = [SSH, '-tt', ...sshArgs(port, key, user)].map((a) => `'${a}'`).join(' ');
  tmux('new-session', '-d', '-s', s, '-x', String(cols), '-y', String(rows), `${cmd}; echo "EXIT $?"; sleep 120`);
  terminals.push(s);
  return s;
}

const cursorLine = (screen: string): string | undefined => screen.split('\n').find((l) => l.startsWith('> '));

/** Moves the picker's cursor down, one key at a time (each step seen on screen), to `name`; starts it. */
async function pick(s: string, name: string): Promise<void> {
  let screen = await waitScreen(s, (x) => x.includes('kubedrill: choose a scenario') && cursorLine(x) !== undefined, 'the picker');
  for (let i = 0; i < 300 && !cursorLine(screen)!.startsWith(`> ${name} `); i++) {
    const before = cursorLine(screen);
    tmux('send-keys', '-t', s, 'Down');
    screen = await waitScreen(s, (x) => cursorLine(x) !== undefined && cursorLine(x) !== before, `the cursor to move towards ${name}`);
  }
  tmux('send-keys', '-t', s, 'Enter');
}

const timeLine = (screen: string): string => screen.split('\n').find((l) => l.startsWith('Time:')) ?? '';
const rowOf = (screen: string, text: string): number => screen.split('\n').findIndex((l) => l.includes(text));

const terminals: string[] = [];

describe.skipIf(skip)('kubedrill ssh with the real ssh client', () => {
  let keys: Keys;
  let server: ServerProcess;
  // A failed test must not leave its terminals holding the server's slots for the next one.
  afterEach(() => {
    for (const t of terminals.splice(0)) {
      try {
        tmux('kill-session', '-t', t);
      } catch {
        // Already gone.
      }
    }
  });
  beforeAll(async () => {
    keys = makeKeys();
    server = await startServer(['--authorized-keys', keys.authorizedKeys, '--password-file', keys.passwordFile, '--max-sessions', '2'], { home: path.join(keys.dir, 'home') });
  }, E2E_TIMEOUT);
  afterAll(async () => {
    try {
      execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // No sessions left.
    }
    await server?.stop();
    if (keys) fs.rmSync(keys.dir, { recursive: true, force: true });
  }, E2E_TIMEOUT);

  it('writes the host key 0600 and announces its fingerprint', async () => {
    const file = path.join(keys.dir, 'home', 'ssh_host_ed25519_key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const fp = execFileSync('ssh-keygen', ['-lf', file], { encoding: 'utf8' }).split(' ')[1]!;
    await server.waitLine(/host key/);
    expect(server.lines).toContain(`kubedrill ssh: host key ${fp} (generated ${file})`);
  }, E2E_TIMEOUT);

  it('two concurrent sessions each get their own dashboard and cluster; resize re-lays out; a third is turned away', async () => {
    const a = openTerminal(server.port, keys.key, 'ann', 100, 30);
    const b = openTerminal(server.port, keys.key, 'bob', 100, 30);
    await pick(a, 'sandbox');
    await pick(b, 'frontend-bad-tag');
    const screenA = await waitScreen(a, (x) => x.includes('Scenario: Sandbox') && x.includes('<home>'), "ann's dashboard");
    await waitScreen(b, (x) => x.includes('Scenario: The new storefront') && x.includes('<home>'), "bob's dashboard");

    // Separate clusters, separate clocks: ann pauses hers, bob's keeps running.
    tmux('send-keys', '-t', a, 'Space');
    const paused = await waitScreen(a, (x) => x.includes('PAUSED'), 'the pause');
    const bobBefore = timeLine(capture(b));
    await until(() => timeLine(capture(b)) !== bobBefore, "bob's clock moving");
    expect(timeLine(capture(a))).toBe(timeLine(paused));

    // window-change: the frame follows the terminal (one row shorter than it, full width).
    expect(rowOf(screenA, '<home>')).toBeLessThan(30);
    tmux('resize-window', '-t', a, '-x', '140', '-y', '45');
    const big = await waitScreen(a, (x) => rowOf(x, '<home>') >= 40, 'the dashboard at 140x45');
    expect(Math.max(...big.split('\n').map((l) => [...l].length))).toBe(140);

    // Both slots taken: the next one gets a clear message and exit status 1.
    const third = await runSsh(['-tt', ...sshArgs(server.port, keys.key, 'cat')]);
    expect(third.code).toBe(1);
    expect(third.stdout).toContain('kubedrill: the server is full (2 of 2 sessions in use); please try again in a few minutes.');
    await server.waitLine(/user=cat .* result=server-full/);

    for (const s of [a, b]) {
      tmux('send-keys', '-t', s, '-l', ':q');
      tmux('send-keys', '-t', s, 'Enter');
      await waitScreen(s, (x) => x.includes('EXIT 0'), 'the client exiting');
    }
    await server.waitLine(/user=ann from=127\.0\.0\.1:\d+ auth=publickey key=SHA256:\S+ scenario=sandbox result=quit duration=/);
    await server.waitLine(/user=bob from=127\.0\.0\.1:\d+ auth=publickey key=SHA256:\S+ scenario=frontend-bad-tag result=quit duration=/);
  }, E2E_TIMEOUT);

  it('refuses an unknown key and a wrong password; lets the right password in', async () => {
    const denied = await runSsh(sshArgs(server.port, keys.otherKey, 'eve'));
    expect(denied.code).toBe(255);
    expect(denied.stderr).toContain('eve@127.0.0.1: Permission denied (publickey,password).');
    await server.waitLine(/user=eve from=\S+ result=auth-failed duration=\S+ detail="publickey refused"/);

    const askpass = path.join(keys.dir, 'askpass');
    const withPassword = (password: string) => {
      fs.writeFileSync(askpass, `#!/bin/sh\necho '${password}'\n`, { mode: 0o700 });
      const args = sshArgs(server.port, undefined, 'demo', ['-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1'], true);
      return runSsh(['-tt', ...args], { ...process.env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' }, 'q');
    };
    const wrong = await withPassword('guess');
    expect(wrong.code).toBe(255);
    expect(wrong.stderr).toContain('Permission denied');
    // The picker comes up; "q" leaves it.
    const right = await withPassword('s3cret');
    expect(right.stdout).toContain('kubedrill: choose a scenario');
    expect(right.code).toBe(0);
    await server.waitLine(/user=demo from=\S+ auth=password result=quit/);
  }, E2E_TIMEOUT);

  it('offers no commands, subsystems or forwarding', async () => {
    const exec = await runSsh([...sshArgs(server.port, keys.key, 'mallory'), 'cat', '/etc/passwd']);
    expect(exec.code, `${exec.stderr}\n${server.lines.join('\n')}`).toBe(1);
    expect(exec.stdout).toBe('');
    expect(exec.stderr).toBe(`${REFUSED_EXEC}\r\n`);
    const sftp = await runSsh([...sshArgs(server.port, keys.key, 'mallory', ['-s']), 'sftp']);
    expect(sftp.code).toBe(255);
    expect(sftp.stderr).toContain('subsystem request failed');
    const stdio = await runSsh(sshArgs(server.port, keys.key, 'mallory', ['-W', '127.0.0.1:22']));
    expect(stdio.code).toBe(255);
    const remote = await runSsh(sshArgs(server.port, keys.key, 'mallory', ['-N', '-o', 'ExitOnForwardFailure=yes', '-R', '0:127.0.0.1:22']));
    expect(remote.code).toBe(255);
    expect(remote.stderr).toContain('remote port forwarding failed');
    const refused = () => server.logLines().filter((l) => l.includes('user=mallory') && / result=refused /.test(l));
    await until(() => refused().length === 4, 'four refused log lines');
    expect(refused().map((l) => /detail=(.*)$/.exec(l)?.[1])).toEqual(['exec', '"subsystem sftp"', '"port forwarding refused"', '"port forwarding refused"']);
  }, E2E_TIMEOUT);

  it('survives clients that drop mid-frame, and frees their slots', async () => {
    const drop = (): Promise<number> =>
      new Promise((resolve) => {
        const child = spawn(SSH, ['-tt', ...sshArgs(server.port, keys.key, 'dropper')], { stdio: ['pipe', 'pipe', 'ignore'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString('latin1');
          // The dashboard's first frame is on its way: kill the client in the middle of it.
          if (out.includes('\x1b[?1049h') && !child.killed) child.kill('SIGKILL');
        });
        child.stdin.write('\r'); // through the picker with its first entry
        child.on('exit', () => resolve(out.length));
      });
    const before = server.logLines().length;
    await Promise.all([drop(), drop()]);
    await until(() => server.logLines().slice(before).filter((l) => l.includes('user=dropper') && l.includes('result=disconnected')).length === 2, 'two disconnected log lines');
    // Both slots are free again and the server still serves.
    const again = (user: string) => runSsh(['-tt', ...sshArgs(server.port, keys.key, user)], process.env, 'q');
    const [one, two] = await Promise.all([again('after1'), again('after2')]);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(one.stdout).toContain('kubedrill: choose a scenario');
  }, E2E_TIMEOUT);
});

describe.skipIf(skip)('kubedrill ssh --no-auth --scenario, idle timeout', () => {
  let server: ServerProcess;
  let keys: Keys;
  beforeAll(async () => {
    keys = makeKeys();
    server = await startServer(['--no-auth', '--scenario', 'sandbox', '--idle-timeout', '3s'], { home: path.join(keys.dir, 'home') });
  }, E2E_TIMEOUT);
  afterAll(async () => {
    await server?.stop();
    if (keys) fs.rmSync(keys.dir, { recursive: true, force: true });
  }, E2E_TIMEOUT);

  it('starts the fixed scenario without a picker and ends an idle session with a message', async () => {
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      // stdin stays open and silent: the session is idle from the start.
      const child = spawn(SSH, ['-tt', ...sshArgs(server.port, undefined, 'guest')], { stdio: ['pipe', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.on('exit', (code) => resolve({ code, out }));
    });
    expect(r.out).not.toContain('choose a scenario');
    expect(r.out).toContain('ocp-drill');
    expect(r.out).toContain('kubedrill: no input for 3.0s; the session has ended.');
    expect(r.code).toBe(0);
    await server.waitLine(/user=guest from=\S+ auth=none scenario=sandbox result=idle-timeout/);
  }, E2E_TIMEOUT);

  it('on SIGTERM tells the connected users, ends their sessions and exits 0', async () => {
    const child = spawn(SSH, ['-tt', ...sshArgs(server.port, undefined, 'late')], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await until(() => out.includes('ocp-drill'), 'the dashboard');
    await server.stop();
    expect(server.exitCode).toBe(0);
    expect(await exited).toBe(0);
    expect(out).toContain('kubedrill: the server is shutting down; the session has ended.');
    expect(server.lines).toContain('kubedrill ssh: shutting down (1 sessions)');
    expect(server.logLines().some((l) => /user=late .* result=shutdown /.test(l))).toBe(true);
  }, E2E_TIMEOUT);
});
