/**
 * Sessions come and go without leaking: 20 dashboards in turn through the real ssh client, half
 * quit with :q and half dropped (the client killed), then the server's heap (after a forced GC,
 * via the KUBEDRILL_SSH_DEBUG_STATS hook under node --expose-gc) must be back near where it was
 * after the first one. Measured here: ~31 MB after the first, ~34 MB after the twentieth, each
 * live session ~2.5 MB; over 60 sessions the figure levels off near 35 MB (V8's own warm-up).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSsh, heapOf, makeKeys, skipNote, SSH, sshArgs, startServer, type Keys, type ServerProcess } from './helpers.js';

const skip = skipNote('test/ssh/memory.test.ts', 'the session memory test is', [['/usr/bin/ssh', hasSsh]]);

/** One session: wait for the dashboard on the client's stdout, quit with :q, expect exit 0. */
function oneSession(port: number, key: string, drop: boolean): Promise<{ code: number | null; sawDashboard: boolean; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(SSH, ['-tt', ...sshArgs(port, key, `learner`)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let sawDashboard = false;
    // A stuck session fails the test instead of hanging it.
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (d: Buffer) => {
      // eslint-disable-next-line no-control-regex
      out += d.toString('utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
      if (!sawDashboard && out.includes('ocp-drill') && out.includes('<home>')) {
        sawDashboard = true;
        // Quit, or vanish without a word (the server must free the session all the same).
        if (drop) child.kill('SIGKILL');
        else child.stdin.write(':q\r');
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, sawDashboard, out });
    });
  });
}

describe.skipIf(skip)('kubedrill ssh memory', () => {
  let keys: Keys;
  let server: ServerProcess;
  beforeAll(async () => {
    keys = makeKeys();
    server = await startServer(['--authorized-keys', keys.authorizedKeys, '--scenario', 'sandbox'], { home: path.join(keys.dir, 'home'), stats: true });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    if (keys) fs.rmSync(keys.dir, { recursive: true, force: true });
  });

  it('20 sessions come and go (quit or dropped); the heap returns to its level after the first', async () => {
    const heaps: number[] = [];
    /** The heap while session i ran, when a stats line came during it (a quick session may have none). */
    const during: Array<number | undefined> = [];
    for (let i = 0; i < 20; i++) {
      const before = server.lines.length;
      const drop = i % 2 === 1;
      const r = await oneSession(server.port, keys.key, drop);
      expect({ code: r.code, sawDashboard: r.sawDashboard }, `session ${i + 1}: ${r.out.slice(-500)}\n${server.lines.slice(-5).join('\n')}`).toEqual({ code: drop ? null : 0, sawDashboard: true });
      heaps.push(heapOf(await server.waitLine(/stats sessions=0 heapUsed=\d+/, before)));
      during.push(server.lines.slice(before).filter((l) => /stats sessions=1 /.test(l)).map(heapOf).pop());
    }
    const active = during.filter((h): h is number => h !== undefined);
    expect(active.length).toBeGreaterThanOrEqual(8);
    const MB = (n: number): string => (n / 1048576).toFixed(1);
    console.log(`heapUsed (MB) after each session: ${heaps.map(MB).join(' ')}; during each: ${active.map(MB).join(' ')}`);
    expect(server.logLines().filter((l) => l.includes('result=quit'))).toHaveLength(10);
    expect(server.logLines().filter((l) => l.includes('result=disconnected'))).toHaveLength(10);
    // What one live session holds (its cluster, run and dashboard), measured while it ran; the
    // first is left out (it also loads React and Ink).
    const costs = during
      .map((a, i) => (i > 0 && a !== undefined ? a - heaps[i - 1]! : undefined))
      .filter((c): c is number => c !== undefined)
      .sort((a, b) => a - b);
    const sessionCost = costs[Math.floor(costs.length / 2)]!;
    expect(sessionCost).toBeGreaterThan(512 * 1024);
    // Ten more sessions must not leave even one session's worth behind (ten leaked clusters would
    // be ten times that), and the whole run stays within a few sessions of the first.
    expect(heaps[19]! - heaps[9]!).toBeLessThan(sessionCost);
    expect(heaps[19]! - heaps[0]!).toBeLessThan(3 * sessionCost);
  }, 300_000);
});
