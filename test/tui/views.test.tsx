import React from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { renderToString } from 'ink';
import { App, Screen } from '../../src/tui/app.js';
import { detectTheme, ThemeContext, type Theme } from '../../src/tui/theme.js';
import { sandbox, typeLine, type Harness } from './helpers.js';

const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/** Renders the dashboard at a size, as the terminal would show it. */
function screen(h: Harness, columns: number, rows: number, theme: Theme = detectTheme({})): string[] {
  h.c.setSize(columns, rows);
  const out = renderToString(
    <ThemeContext.Provider value={theme}>
      <Screen c={h.c} state={h.c.ui} layout={h.c.size} />
    </ThemeContext.Provider>,
    { columns },
  );
  return out.split('\n');
}

async function until(frame: () => string | undefined, test: (f: string) => boolean): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const f = stripAnsi(frame() ?? '');
    if (test(f)) return f;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`frame never matched:\n${stripAnsi(frame() ?? '')}`);
}

afterEach(() => cleanup());

describe('the home dashboard', () => {
  let h: Harness;
  beforeAll(() => {
    h = sandbox({ advanceMs: 60_000 });
  });

  it('shows every pane at 120x40, one row shorter than the terminal, no line wider than it', () => {
    const lines = screen(h, 120, 40);
    expect(lines).toHaveLength(39);
    for (const l of lines) expect(stripAnsi(l).length).toBeLessThanOrEqual(120);
    const text = stripAnsi(lines.join('\n'));
    expect(text).toContain('Cluster:  ocp-drill');
    expect(text).toContain('Flavor:   openshift v1.32.4');
    expect(text).toContain('Scenario: Sandbox, a small healthy shop to explore');
    expect(text).toContain('Time:     2026-11-24 09:01:00 (+1m0s)');
    expect(text).toContain('Speed:    1x   Namespace: shop');
    expect(text).toMatch(/Nodes \[6\]/);
    expect(text).toMatch(/Pods \[\d+\]/);
    expect(text).toMatch(/Events \[\d+\]/);
    expect(text).toMatch(/etcd \[3 members\]/);
    expect(text).toMatch(/leader: master-\d {2}term: \d+ {2}revision: \d+/);
    expect(text).toMatch(/NAME +STATUS +ROLES +VERSION +AGE/);
    expect(text).toMatch(/worker-3 +Ready +worker +v1\.32\.4 +60s/);
    expect(text).toContain('<home>');
    // The hint line comes from the key map: help first, then the home keys.
    expect(stripAnsi(lines[0]!)).toMatch(/<\?> Help +<esc> Back/);
    expect(text).toContain('<tab> Next pane');
  });

  it('shows one pane and a tab strip at 80x24', () => {
    const lines = screen(h, 80, 24);
    expect(lines).toHaveLength(23);
    for (const l of lines) expect(stripAnsi(l).length).toBeLessThanOrEqual(80);
    const text = stripAnsi(lines.join('\n'));
    expect(text).toMatch(/Nodes +Pods +Events +etcd +OVN +CSI +tab: next, enter: open/);
    expect(text).toMatch(/Nodes \[6\]/);
    expect(text).not.toMatch(/Events \[\d+\]/);
  });

  it('says so below the minimum size', () => {
    const lines = screen(h, 50, 12);
    expect(stripAnsi(lines.join('\n'))).toContain('Terminal too small: 50x12.');
    expect(stripAnsi(lines.join('\n'))).toContain('kubedrill needs at least 60x16.');
  });

  it('falls back to plain ASCII with TERM=dumb and drops colours with NO_COLOR', () => {
    const dumb = screen(h, 120, 40, detectTheme({ TERM: 'dumb' })).join('\n');
    expect(dumb).not.toMatch(/\x1b\[/);
    expect(dumb).not.toMatch(/[─│╭╮╯╰┃━┏┓┗┛…]/);
    expect(dumb).toMatch(/\+-+\+/);
    const noColor = screen(h, 120, 40, detectTheme({ NO_COLOR: '1', TERM: 'xterm' })).join('\n');
    expect(noColor).not.toMatch(/\x1b\[3\dm/);
  });
});

describe('the app with ink-testing-library (100 columns)', () => {
  it('Tab moves the pane focus, Enter opens it, :po and / filter, ? lists the keys', async () => {
    const h = sandbox({ advanceMs: 180_000 });
    expect(h.run.run('kubectl run web-a --image=nginx:1.25 -n shop --labels=app=frontend').exitCode).toBe(0);
    const { lastFrame, stdin } = render(<App controller={h.c} columns={100} rows={30} />);
    await until(lastFrame, (f) => f.includes('[Nodes]') || /Nodes \[6\]/.test(f));
    stdin.write('\t');
    await until(lastFrame, (f) => /Pods \[\d+\]/.test(f));
    stdin.write('\r');
    const pods = await until(lastFrame, (f) => f.includes('pods(all)'));
    expect(pods).toMatch(/NAMESPACE +NAME +READY +STATUS +RESTARTS( +IP)? +NODE +AGE/);
    expect(pods).toContain('<home> <pods>');
    stdin.write(':po');
    await until(lastFrame, (f) => f.includes(':po'));
    stdin.write('\r');
    await until(lastFrame, (f) => /pods\(shop\)\[\d+\]/.test(f));
    stdin.write('/');
    stdin.write('web');
    const filtered = await until(lastFrame, (f) => f.includes('</web>'));
    expect(filtered).toMatch(/pods\(shop\)\[1(\/\d+)?\] <\/web>/);
    expect(filtered).toMatch(/web-a +0\/1/);
    stdin.write('\r');
    stdin.write('?');
    const help = await until(lastFrame, (f) => f.includes('help: pods'));
    expect(help).toMatch(/<ctrl-d> +Delete, after confirming/);
    expect(help).toMatch(/<enter> +Show the pod's containers/);
    expect(help).toMatch(/<shift-n> +Sort by name/);
    stdin.write('\x1b');
    await until(lastFrame, (f) => f.includes('</web>') && !f.includes('help: pods'));
    stdin.write('\x04');
    const dialog = await until(lastFrame, (f) => f.includes('Delete pod shop/web-a?'));
    expect(dialog).toContain('$ kubectl delete pod web-a -n shop');
    stdin.write('y');
    await until(lastFrame, (f) => f.includes('pod "web-a" deleted'));
  });

  it('a frame is one row shorter than the terminal and re-lays out when the size changes', async () => {
    const h = sandbox({ advanceMs: 0 });
    const { lastFrame, rerender } = render(<App controller={h.c} columns={100} rows={30} />);
    const f1 = await until(lastFrame, (f) => f.includes('Cluster:'));
    expect(f1.split('\n')).toHaveLength(29);
    rerender(<App controller={h.c} columns={80} rows={24} />);
    const f2 = await until(lastFrame, (f) => f.split('\n').length === 23);
    expect(f2).toContain('ocp-drill (openshift v1.32.4)');
  });

  it('typing into the prompt edits it; Esc cancels without running', async () => {
    const h = sandbox({ advanceMs: 0 });
    const { lastFrame, stdin } = render(<App controller={h.c} columns={100} rows={30} />);
    await until(lastFrame, (f) => f.includes('Cluster:'));
    stdin.write(':');
    typeLine(h, 'kubectl get nodez');
    h.c.press('backspace');
    h.c.press('s');
    await until(lastFrame, (f) => f.includes(':kubectl get nodes'));
    stdin.write('\x1b');
    const after = await until(lastFrame, (f) => !f.includes(':kubectl'));
    expect(after).toContain('<home>');
  });
});
