/**
 * Writes Ink's frames to the terminal, changed lines only, each at an absolute row.
 *
 * Why not `incrementalRendering: true`: Ink 6.8.0's incremental log-update moves the cursor up
 * one row too few when the frame ends with a newline (every frame shorter than the terminal),
 * so each update lands one row lower and the screen fills with stale lines (reproduced in tmux:
 * a 5-line frame drifts down a row per render). Ink runs in debug mode instead, which hands
 * every finished frame to `write` unthrottled and untouched; this writer diffs it against the
 * previous frame and repaints only the lines that changed, at `ESC[row;1H`. In the alternate
 * screen the dashboard owns every row, so absolute positions cannot drift. Frames are coalesced
 * to at most `maxFps` paints a second (60: a keypress is drawn within ~16 ms).
 */
import { EventEmitter } from 'node:events';

const ESC = '\x1b[';
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;
const BEGIN_SYNC = '\x1b[?2026h';
const END_SYNC = '\x1b[?2026l';
export const HIDE_CURSOR = '\x1b[?25l';
export const SHOW_CURSOR = '\x1b[?25h';

export interface ScreenWriterOptions {
  maxFps?: number;
  /** Synchronized-update brackets (tmux, modern terminals draw the frame at once). */
  synchronized?: boolean;
}

export class ScreenWriter {
  /** The stream Ink writes to: frames in, diffs out. */
  readonly stream: NodeJS.WriteStream;
  private previous: string[] = [];
  private pending: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastPaint = 0;
  private readonly minGap: number;
  private closed = false;
  /** Bytes written to the terminal, for the output-volume test. */
  bytes = 0;

  constructor(private readonly out: NodeJS.WriteStream, private readonly opts: ScreenWriterOptions = {}) {
    this.minGap = Math.ceil(1000 / (opts.maxFps ?? 60));
    this.stream = this.makeStream();
    out.on('resize', this.onResize);
  }

  private makeStream(): NodeJS.WriteStream {
    const proxy = new EventEmitter() as EventEmitter & { isTTY: boolean; write(chunk: string | Uint8Array): boolean };
    // Getters, not copies: the size must follow the terminal (Object.assign would freeze it).
    Object.defineProperties(proxy, {
      columns: { get: () => this.out.columns || 80 },
      rows: { get: () => this.out.rows || 24 },
    });
    proxy.isTTY = true;
    proxy.write = (chunk) => {
      this.frame(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
    return proxy as unknown as NodeJS.WriteStream;
  }

  private onResize = (): void => {
    // Everything moved: clear and repaint the next frame in full.
    this.previous = [];
    this.emitRaw(`${ESC}2J`);
    this.stream.emit('resize');
  };

  /** A frame from Ink (debug mode writes whole frames); cursor show/hide writes are ours to manage. */
  private frame(text: string): void {
    if (this.closed || /^(\x1b\[\?25[hl])+$/.test(text)) return;
    this.pending = text;
    const wait = this.minGap - (Date.now() - this.lastPaint);
    if (wait <= 0 && !this.timer) return this.flush();
    if (!this.timer) this.timer = setTimeout(() => this.flush(), Math.max(0, wait));
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.pending;
    this.pending = undefined;
    if (text === undefined || this.closed) return;
    this.lastPaint = Date.now();
    const diff = diffFrame(this.previous, text, this.out.columns || 80);
    this.previous = diff.lines;
    if (!diff.output) return;
    this.emitRaw(this.opts.synchronized === false ? diff.output : BEGIN_SYNC + diff.output + END_SYNC);
  }

  private emitRaw(s: string): void {
    if (this.out.destroyed) return;
    this.bytes += Buffer.byteLength(s);
    try {
      this.out.write(s);
    } catch {
      // A closed terminal: the caller hears about it through the stream's 'error' event.
    }
  }

  /** Forgets what is on the screen: the next frame is painted in full (after an editor ran). */
  invalidate(): void {
    this.previous = [];
  }

  /** Stops painting (the caller restores the terminal). */
  close(): void {
    this.flush();
    this.closed = true;
    this.out.off('resize', this.onResize);
  }
}

/** The escape sequence that turns the screen from `previous` lines into `frame`. */
export function diffFrame(previous: readonly string[], frame: string, columns: number): { lines: string[]; output: string } {
  const lines = frame.endsWith('\n') ? frame.slice(0, -1).split('\n') : frame.split('\n');
  let output = '';
  const n = Math.max(lines.length, previous.length);
  for (let i = 0; i < n; i++) {
    const next = lines[i];
    if (next === previous[i]) continue;
    // Reset attributes first so a colour left open on the previous line cannot bleed. A line as
    // wide as the terminal leaves the cursor in the pending-wrap state, where some terminals'
    // erase-to-end would eat its last character: erase only after shorter lines.
    const text = next ?? '';
    const width = text.replace(ANSI, '').length;
    output += `${ESC}${i + 1};1H${ESC}0m${text}${ESC}0m${width < columns ? `${ESC}K` : ''}`;
  }
  return { lines, output };
}
