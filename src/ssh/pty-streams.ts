/**
 * An SSH channel as the terminal Ink expects. The channel is a plain Duplex: Ink wants stdout with
 * columns/rows/isTTY and 'resize' events, and stdin with isTTY, setRawMode, ref and unref. The
 * client's pty has no line discipline on our side, so "\n" becomes "\r\n" here (what a kernel
 * pty's ONLCR would do), and the size comes from the pty request and window-change messages.
 */
import { PassThrough, Writable, type Duplex } from 'node:stream';

export const DEFAULT_COLUMNS = 80;
export const DEFAULT_ROWS = 24;
/** Sizes beyond this are treated as bogus (a client could claim 100000x100000). */
const MAX_SIZE = 1000;

function clampSize(n: number, fallback: number): number {
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_SIZE) : fallback;
}

export interface PtyStreamOptions {
  columns: number;
  rows: number;
  /** Called once when more than `maxQueued` bytes wait for a client that stopped reading. */
  onStall?: () => void;
  maxQueued?: number;
}

export class PtyStreams {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  private inputHandler: ((data: Buffer) => void) | undefined;
  private closed = false;
  private stalled = false;

  constructor(private readonly channel: Duplex, private readonly opts: PtyStreamOptions) {
    this.stdin = makeStdin();
    this.stdout = makeStdout((text) => this.send(text));
    this.resize(opts.columns, opts.rows);
    channel.on('data', this.onData);
  }

  /** Input goes to `handler` (the scenario picker) instead of Ink's stdin; undefined restores Ink. */
  setInputHandler(handler: ((data: Buffer) => void) | undefined): void {
    this.inputHandler = handler;
  }

  /** window-change: new size, and a 'resize' so the dashboard lays out again. */
  resize(columns: number, rows: number): void {
    const out = this.stdout as unknown as { columns: number; rows: number };
    const c = clampSize(columns, out.columns || DEFAULT_COLUMNS);
    const r = clampSize(rows, out.rows || DEFAULT_ROWS);
    if (c === out.columns && r === out.rows) return;
    out.columns = c;
    out.rows = r;
    this.stdout.emit('resize');
  }

  get columns(): number {
    return this.stdout.columns;
  }

  get rows(): number {
    return this.stdout.rows;
  }

  /** Writes text to the client, "\n" as "\r\n". Dropped once the channel is gone. */
  write(text: string): void {
    this.send(text);
  }

  /** Stops input and output; the channel itself is the session's to close. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.channel.off('data', this.onData);
    this.inputHandler = undefined;
    // stdout stays open (late writes are dropped in send): ending it would make a late Ink
    // write an 'error' with nobody listening.
    this.stdin.end();
  }

  private onData = (data: Buffer): void => {
    if (this.closed) return;
    if (this.inputHandler) this.inputHandler(data);
    else this.stdin.write(data as unknown as Uint8Array);
  };

  private send(text: string): void {
    if (this.closed || this.channel.destroyed || !this.channel.writable) return;
    this.channel.write(text.replace(/\r?\n/g, '\r\n'));
    if (!this.stalled && this.channel.writableLength > (this.opts.maxQueued ?? Infinity)) {
      this.stalled = true;
      this.opts.onStall?.();
    }
  }
}

function makeStdin(): NodeJS.ReadStream {
  const stdin = new PassThrough() as PassThrough & { isTTY: boolean; isRaw: boolean; setRawMode(mode: boolean): unknown; ref(): unknown; unref(): unknown };
  stdin.isTTY = true;
  stdin.isRaw = false;
  // The client's terminal is already raw (ssh -t); there is no line discipline here to switch.
  stdin.setRawMode = (mode: boolean) => {
    stdin.isRaw = mode;
    return stdin;
  };
  stdin.ref = () => stdin;
  stdin.unref = () => stdin;
  return stdin as unknown as NodeJS.ReadStream;
}

function makeStdout(send: (text: string) => void): NodeJS.WriteStream {
  const out = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _enc, cb) {
      send(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      cb();
    },
  }) as Writable & { isTTY: boolean; columns: number; rows: number; getColorDepth(): number; hasColors(): boolean };
  out.isTTY = true;
  out.columns = 0;
  out.rows = 0;
  out.getColorDepth = () => 8;
  out.hasColors = () => true;
  return out as unknown as NodeJS.WriteStream;
}
