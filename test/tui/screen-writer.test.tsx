/**
 * The dashboard as a terminal sees it: Ink (debug mode) -> ScreenWriter -> a headless xterm.
 * Proves the screen matches the frame after many updates (no drift, no stale lines) and that
 * an update writes only the changed lines.
 */
import React from 'react';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { render, renderToString } from 'ink';
import xterm from '@xterm/headless';
import { App, Screen } from '../../src/tui/app.js';
import { ScreenWriter, diffFrame } from '../../src/tui/screen-writer.js';
import { sandbox } from './helpers.js';

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(d: string): void {
    this.data = d;
    this.emit('readable');
  }
  read(): string | null {
    const d = this.data;
    this.data = null;
    return d;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

function terminal(cols: number, rows: number) {
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  const out = Object.assign(new EventEmitter(), {
    columns: cols,
    rows,
    isTTY: true,
    written: '',
    write(s: string) {
      out.written += s;
      term.write(s);
      return true;
    },
  });
  const settle = () => new Promise<void>((r) => term.write('', r));
  const screen = (): string[] => {
    const b = term.buffer.active;
    return Array.from({ length: rows }, (_, i) => b.getLine(i)?.translateToString(true) ?? '');
  };
  return { term, out, settle, screen };
}

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').trimEnd();

describe('diffFrame', () => {
  it('writes only changed lines at absolute rows, and clears lines that went away', () => {
    const a = diffFrame([], 'one\ntwo\nthree', 80);
    expect(a.output).toBe('\x1b[1;1H\x1b[0mone\x1b[0m\x1b[K\x1b[2;1H\x1b[0mtwo\x1b[0m\x1b[K\x1b[3;1H\x1b[0mthree\x1b[0m\x1b[K');
    const b = diffFrame(a.lines, 'one\nTWO', 80);
    expect(b.output).toBe('\x1b[2;1H\x1b[0mTWO\x1b[0m\x1b[K\x1b[3;1H\x1b[0m\x1b[0m\x1b[K');
    expect(diffFrame(b.lines, 'one\nTWO', 80).output).toBe('');
    // A full-width line gets no erase-to-end (pending wrap would eat its last cell).
    expect(diffFrame([], 'x'.repeat(5), 5).output).toBe('\x1b[1;1H\x1b[0mxxxxx\x1b[0m');
  });
});

describe('ScreenWriter', () => {
  it('hands Ink a stream whose size follows the terminal and repaints in full after a resize', () => {
    const t = terminal(100, 30);
    const writer = new ScreenWriter(t.out as unknown as NodeJS.WriteStream, { synchronized: false });
    let resized = 0;
    writer.stream.on('resize', () => resized++);
    writer.stream.write('a\nb');
    writer.flush();
    expect(writer.stream.columns).toBe(100);
    t.out.columns = 80;
    t.out.rows = 24;
    t.out.emit('resize');
    expect(resized).toBe(1);
    expect(writer.stream.columns).toBe(80);
    expect(writer.stream.rows).toBe(24);
    const before = t.out.written.length;
    writer.stream.write('a\nb');
    writer.flush();
    // Same frame, but the screen was cleared: every line is written again.
    expect(t.out.written.slice(before)).toContain('\x1b[1;1H\x1b[0ma');
    writer.close();
  });
});

describe('the dashboard in a headless terminal', () => {
  it('matches the frame after many updates and keys, writing only what changed', async () => {
    // A settled cluster: what an idle dashboard costs.
    const h = sandbox({ advanceMs: 300_000 });
    const t = terminal(120, 40);
    const writer = new ScreenWriter(t.out as unknown as NodeJS.WriteStream, { synchronized: false });
    const stdin = new FakeStdin();
    h.c.setSize(120, 40);
    const app = render(<App controller={h.c} />, {
      stdout: writer.stream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    const expected = (): string[] => renderToString(<Screen c={h.c} state={h.c.ui} layout={h.c.size} />, { columns: 120 }).split('\n').map(strip);
    const check = async (): Promise<void> => {
      writer.flush();
      await t.settle();
      const want = expected();
      const got = t.screen();
      for (let i = 0; i < want.length; i++) expect(got[i]!.trimEnd(), `row ${i + 1}`).toBe(want[i]);
      // The last row stays empty: the frame is one row shorter than the terminal.
      expect(got[39]!.trim()).toBe('');
    };
    await new Promise((r) => setTimeout(r, 20));
    await check();
    const full = writer.bytes;
    // Time passes: only the header clock and changed cells are rewritten.
    const updates: number[] = [];
    for (let i = 0; i < 10; i++) {
      const before = writer.bytes;
      h.run.advance(1000);
      h.wall.now += 1000;
      h.c.tick();
      await new Promise((r) => setTimeout(r, 20));
      await check();
      updates.push(writer.bytes - before);
    }
    const total = updates.reduce((a, b) => a + b, 0);
    console.log(`full frame ${full} bytes; each second at 1x: ${updates.join(' ')}`);
    // About 1 KB/s idle (ages refresh every 5 s), against a full ~6 KB frame per update.
    expect(total).toBeLessThan(10 * 1024);
    expect(Math.min(...updates)).toBeLessThan(300);
    // Keys that change views and scroll.
    for (const k of ['\t', '\r', 'j', 'j', 'G', '\x1b', ':', 'p', 'o', '\r', '/', 'e', '\r', '\x1b', '\x1b', '\x1b']) {
      stdin.write(k);
      await new Promise((r) => setTimeout(r, 20));
      await check();
    }
    app.unmount();
    writer.close();
  });
});
