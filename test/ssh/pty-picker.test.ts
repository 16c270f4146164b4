import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PtyStreams } from '../../src/ssh/pty-streams.js';
import { keyAction, pickerLines, pickScenario, PICKER_KEYS, PICKER_TITLE } from '../../src/ssh/picker.js';

/** A stand-in for an ssh2 channel: what we write is collected, `type` sends client input. */
class FakeChannel extends Duplex {
  written = '';
  override _read(): void {}
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.written += String(chunk);
    cb();
  }
  type(text: string): void {
    this.emit('data', Buffer.from(text));
  }
}

const ENTRIES = [
  { name: 'sandbox', title: 'Sandbox', difficulty: 'easy' },
  { name: 'frontend-bad-tag', title: 'The new storefront never starts', difficulty: 'easy' },
  { name: 'etcd-nospace-compact', title: 'The cluster refuses every change', difficulty: 'hard' },
];

describe('PtyStreams', () => {
  it('gives Ink a TTY: size from the pty request, resize events, raw mode, \\n as \\r\\n', () => {
    const ch = new FakeChannel();
    const s = new PtyStreams(ch, { columns: 100, rows: 30 });
    expect([s.stdout.isTTY, s.stdout.columns, s.stdout.rows, s.stdin.isTTY]).toEqual([true, 100, 30, true]);
    expect(s.stdin.setRawMode(true)).toBe(s.stdin);
    s.stdin.ref();
    s.stdin.unref();
    let resized = 0;
    s.stdout.on('resize', () => resized++);
    s.resize(120, 40);
    s.resize(120, 40); // unchanged: no event
    expect([s.stdout.columns, s.stdout.rows, resized]).toEqual([120, 40, 1]);
    s.stdout.write('a\nb\r\nc');
    expect(ch.written).toBe('a\r\nb\r\nc');
  });

  it('falls back to 80x24 for a 0x0 pty (ssh -tt without a local terminal) and caps absurd sizes', () => {
    const s = new PtyStreams(new FakeChannel(), { columns: 0, rows: 0 });
    expect([s.columns, s.rows]).toEqual([80, 24]);
    s.resize(100000, 5);
    expect([s.columns, s.rows]).toEqual([1000, 5]);
  });

  it('routes input to the picker or to Ink, and stops when closed', async () => {
    const ch = new FakeChannel();
    const s = new PtyStreams(ch, { columns: 80, rows: 24 });
    const seen: string[] = [];
    s.setInputHandler((d) => seen.push(d.toString()));
    ch.type('j');
    s.setInputHandler(undefined);
    ch.type('x');
    s.stdin.setEncoding('utf8');
    expect(s.stdin.read()).toBe('x');
    expect(seen).toEqual(['j']);
    s.close();
    s.stdout.write('late');
    expect(ch.written).toBe('');
  });

  it('reports a client that stopped reading once its queue passes the limit', () => {
    const ch = new FakeChannel({ highWaterMark: 16 });
    // Never drains: the writes pile up.
    ch._write = () => {};
    let stalls = 0;
    const s = new PtyStreams(ch, { columns: 80, rows: 24, maxQueued: 100, onStall: () => stalls++ });
    for (let i = 0; i < 10; i++) s.write('x'.repeat(50));
    expect(stalls).toBe(1);
  });
});

describe('scenario picker', () => {
  it('maps keys: arrows (CSI and SS3), j/k, Enter, q/Ctrl-C/Ctrl-D', () => {
    expect(['\x1b[A', '\x1bOA', 'k', '\x1b[B', 'j', '\r', 'q', '\x03', '\x04', 'x'].map(keyAction))
      .toEqual(['up', 'up', 'up', 'down', 'down', 'enter', 'quit', 'quit', 'quit', undefined]);
  });

  it('draws title, keys and the list with the cursor row marked; scrolls a long list', () => {
    const lines = pickerLines(ENTRIES, 1, 80, 24, true);
    expect(lines).toEqual([
      PICKER_TITLE,
      PICKER_KEYS,
      '',
      '  sandbox               [easy] Sandbox',
      '> frontend-bad-tag      [easy] The new storefront never starts',
      '  etcd-nospace-compact  [hard] The cluster refuses every change',
    ]);
    const many = Array.from({ length: 50 }, (_, i) => ({ name: `s${i}`, title: `t${i}` }));
    const small = pickerLines(many, 40, 40, 10, true);
    expect(small).toHaveLength(10);
    expect(small.filter((l) => l.startsWith('>'))).toEqual(['> s40   t40']);
    expect(small.at(-1)).toBe('(41/50)');
    expect(pickerLines(ENTRIES, 0, 20, 24, true)[4]).toBe('  frontend-bad-tag ~');
  });

  it('returns the scenario chosen with Down and Enter; q leaves with none', async () => {
    const ch = new FakeChannel();
    const s = new PtyStreams(ch, { columns: 80, rows: 24 });
    const chosen = pickScenario(s, ENTRIES);
    ch.type('\x1b[B\x1b[B\x1b[A');
    ch.type('\r');
    expect(await chosen).toBe('frontend-bad-tag');
    expect(ch.written).toContain('\x1b[7m> frontend-bad-tag');

    const left = pickScenario(s, ENTRIES);
    ch.type('q');
    expect(await left).toBeUndefined();
  });

  it('redraws on resize and gives up when the session is aborted', async () => {
    const ch = new FakeChannel();
    const s = new PtyStreams(ch, { columns: 80, rows: 24 });
    const ac = new AbortController();
    const chosen = pickScenario(s, ENTRIES, { signal: ac.signal });
    const before = ch.written.length;
    s.resize(100, 30);
    expect(ch.written.length).toBeGreaterThan(before);
    ac.abort('disconnected');
    expect(await chosen).toBeUndefined();
  });
});
