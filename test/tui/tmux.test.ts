/**
 * End to end in a real terminal: the dashboard in tmux, driven with send-keys and read with
 * capture-pane. Waits poll the screen (no sleeps as assertions). Skipped with a message only
 * when tmux is missing and CI is not 'true'.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterEach, describe, expect, it, afterAll } from 'vitest';

const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasTmux && process.env.KUBEDRILL_OUTER_CI !== 'true') console.warn('test/tui/tmux.test.ts: tmux is not installed; the end-to-end dashboard tests are skipped');

const ROOT = new URL('../../', import.meta.url).pathname;
const sessions: string[] = [];
// A private tmux server (-L): the tests neither see nor disturb the user's own tmux sessions.
const SOCKET = `kubedrill-test-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const capture = (s: string): string => tmux('capture-pane', '-p', '-t', s);

async function waitFor(s: string, test: (screen: string) => boolean, what: string, ms = 90_000): Promise<string> {
  const end = Date.now() + ms;
  let screen = '';
  while (Date.now() < end) {
    screen = capture(s);
    if (test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
}

function start(cols: number, rows: number, env = ''): string {
  const s = `kdtest-${process.pid}-${sessions.length}`;
  sessions.push(s);
  const cmd = `cd ${ROOT} && env -u CI ${env} node bin/run-ts.js src/cli/ui.ts sandbox; echo "EXIT $?"; sleep 120`;
  tmux('new-session', '-d', '-s', s, '-x', String(cols), '-y', String(rows), cmd);
  return s;
}

afterEach(() => {
  for (const s of sessions.splice(0)) {
    try {
      tmux('kill-session', '-t', s);
    } catch {
      // already gone
    }
  }
});

describe.skipIf(!hasTmux && process.env.KUBEDRILL_OUTER_CI !== 'true')('dashboard in tmux', () => {
  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // Already gone with its last session.
    }
  });

  it('starts at 80x24, opens :po, quits with :q and restores the screen', async () => {
    const s = start(80, 24);
    const home = await waitFor(s, (x) => x.includes('ocp-drill (openshift v1.32.4)') && x.includes('<home>'), 'the home dashboard');
    expect(home.split('\n')[3]).toMatch(/Nodes +Pods +Events +etcd/);
    tmux('send-keys', '-t', s, '-l', ':po');
    tmux('send-keys', '-t', s, 'Enter');
    await waitFor(s, (x) => /pods\(shop\)\[\d+\]/.test(x) && x.includes('<home> <pods>'), 'the pods view');
    tmux('send-keys', '-t', s, '-l', ':q');
    tmux('send-keys', '-t', s, 'Enter');
    const after = await waitFor(s, (x) => x.includes('EXIT 0'), 'the exit');
    // The alternate screen is gone: nothing of the dashboard is left on the main screen.
    expect(after).not.toContain('ocp-drill');
  });

  it('120x40: six home panes with the etcd leader, :api stages, a kubectl get -w stream, a cursor move under 3 KB', async () => {
    const s = start(120, 40);
    const home = await waitFor(s, (x) => x.includes('Cluster:  ocp-drill') && /OVN \[6\]/.test(x), 'the six panes');
    for (const pane of [/Nodes \[6\]/, /Pods \[\d+\]/, /Events \[\d+\]/, /etcd \[3 members\]/, /OVN \[6\]/, /CSI volumes \[\d+\]/]) expect(home).toMatch(pane);
    expect(home).toMatch(/leader: master-\d/);
    tmux('send-keys', '-t', s, '-l', ':api');
    tmux('send-keys', '-t', s, 'Enter');
    await waitFor(s, (x) => /api\[\d+\]/.test(x) && x.includes('TIME') && x.includes('LATENCY'), 'the :api view');
    tmux('send-keys', '-t', s, 'Enter');
    await waitFor(s, (x) => x.includes('1. Authentication (who, how)') && x.includes('2. Authorization'), 'the stages of a request');
    tmux('send-keys', '-t', s, '-l', ':kubectl get deploy -n shop -w');
    tmux('send-keys', '-t', s, 'Enter');
    await waitFor(s, (x) => x.includes('watch: kubectl get deploy -n shop -w') && /frontend +3\/3/.test(x), 'the watch stream');
    tmux('send-keys', '-t', s, '-l', ':kubectl scale deployment frontend -n shop --replicas=4');
    tmux('send-keys', '-t', s, 'Enter');
    await waitFor(s, (x) => x.includes('deployment.apps/frontend scaled'), 'the scale output');
    tmux('send-keys', '-t', s, 'Escape');
    await waitFor(s, (x) => /frontend {3}\d\/4/.test(x), 'a watch line for the new replica count');
    // A cursor move on a paused simulation: only the two changed rows are written.
    tmux('send-keys', '-t', s, '-l', ':po');
    tmux('send-keys', '-t', s, 'Enter');
    await waitFor(s, (x) => /pods\(shop\)\[\d+\]/.test(x), 'the pods view');
    tmux('send-keys', '-t', s, 'Space');
    await waitFor(s, (x) => x.includes('PAUSED'), 'the paused header');
    const log = `/tmp/kubedrill-pipe-${process.pid}.log`;
    fs.rmSync(log, { force: true });
    tmux('pipe-pane', '-t', s, '-o', `cat >> ${log}`);
    tmux('send-keys', '-t', s, 'j');
    await waitFor(s, (x) => fs.existsSync(log) && fs.statSync(log).size > 0, 'the frame of the cursor move');
    tmux('send-keys', '-t', s, '-l', ':');
    await waitFor(s, (x) => x.split('\n').some((l) => l.startsWith(':')), 'the prompt (the next frame: the move is complete)');
    tmux('pipe-pane', '-t', s);
    const bytes = fs.readFileSync(log).length;
    fs.rmSync(log, { force: true });
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(3 * 1024);
  });

  it('Ctrl-C once only warns; twice quits. SIGTERM also restores the screen', async () => {
    const s = start(120, 40, 'NO_COLOR=1');
    await waitFor(s, (x) => x.includes('Cluster:  ocp-drill'), 'the home dashboard');
    tmux('send-keys', '-t', s, 'C-c');
    await waitFor(s, (x) => x.includes('Press Ctrl-C again to quit'), 'the quit warning');
    tmux('send-keys', '-t', s, 'C-c');
    const after = await waitFor(s, (x) => x.includes('EXIT 0'), 'the exit');
    expect(after).not.toContain('Cluster:');

    const t = start(100, 30);
    await waitFor(t, (x) => x.includes('Cluster:  ocp-drill'), 'the second dashboard');
    const pid = tmux('list-panes', '-t', t, '-F', '#{pane_pid}').trim();
    const node = execFileSync('pgrep', ['-P', pid, '-f', 'src/cli/ui.ts'], { encoding: 'utf8' }).trim().split('\n')[0]!;
    process.kill(Number(node), 'SIGTERM');
    const killed = await waitFor(t, (x) => x.includes('EXIT 143'), 'the exit after SIGTERM');
    expect(killed).not.toContain('Cluster:');
  });
});
