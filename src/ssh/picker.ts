/**
 * The scenario picker an SSH user sees on connect (unless the server was started with
 * --scenario): the library as a list, arrow keys or j/k to move, Enter to start, q to leave.
 * Drawn straight to the channel; the dashboard takes over the screen after it.
 */
import type { PtyStreams } from './pty-streams.js';

export interface PickerEntry {
  name: string;
  title: string;
  difficulty?: string;
}

export interface PickerOptions {
  /** TERM=dumb: no alternate screen, no inverse video. */
  dumb?: boolean;
  signal?: AbortSignal;
}

const ESC = '\x1b[';
export const PICKER_TITLE = 'kubedrill: choose a scenario';
export const PICKER_KEYS = 'Up/Down or j/k move, Enter starts, q leaves';
// Keys: CSI/SS3 sequences (arrows, Home/End, PageUp/Down) or one character.
// eslint-disable-next-line no-control-regex
const KEY = /\x1b(?:\[[0-9;]*[A-Za-z~]|O[A-Za-z])|[\s\S]/g;

type Action = 'up' | 'down' | 'pageup' | 'pagedown' | 'home' | 'end' | 'enter' | 'quit';

export function keyAction(key: string): Action | undefined {
  switch (key) {
    case '\x1b[A': case '\x1bOA': case 'k': return 'up';
    case '\x1b[B': case '\x1bOB': case 'j': return 'down';
    case '\x1b[5~': return 'pageup';
    case '\x1b[6~': return 'pagedown';
    case '\x1b[H': case '\x1bOH': case '\x1b[1~': case 'g': return 'home';
    case '\x1b[F': case '\x1bOF': case '\x1b[4~': case 'G': return 'end';
    case '\r': case '\n': return 'enter';
    case 'q': case '\x03': case '\x04': return 'quit';
    default: return undefined;
  }
}

/** The picker's screen as lines (no escapes but the cursor row's inverse video). */
export function pickerLines(entries: readonly PickerEntry[], cursor: number, columns: number, rows: number, dumb = false): string[] {
  const fit = (s: string): string => (s.length > columns ? s.slice(0, Math.max(0, columns - 1)) + '~' : s);
  const lines = [fit(PICKER_TITLE), fit(PICKER_KEYS), ''];
  const visible = Math.max(1, rows - lines.length - 1);
  const top = Math.min(Math.max(0, cursor - Math.floor(visible / 2)), Math.max(0, entries.length - visible));
  const nameWidth = Math.min(32, Math.max(...entries.map((e) => e.name.length), 4));
  for (let i = top; i < Math.min(entries.length, top + visible); i++) {
    const e = entries[i]!;
    const text = fit(`${i === cursor ? '>' : ' '} ${e.name.padEnd(nameWidth)}  ${e.difficulty ? `[${e.difficulty}] ` : ''}${e.title}`);
    lines.push(i === cursor && !dumb ? `${ESC}7m${text.padEnd(columns)}${ESC}0m` : text);
  }
  if (entries.length > visible) lines.push(fit(`(${cursor + 1}/${entries.length})`));
  return lines;
}

/** Resolves with the chosen scenario's name, or undefined when the user leaves (or the signal aborts). */
export function pickScenario(streams: PtyStreams, entries: readonly PickerEntry[], opts: PickerOptions = {}): Promise<string | undefined> {
  return new Promise((resolve) => {
    if (!entries.length || opts.signal?.aborted) return resolve(undefined);
    let cursor = 0;
    let done = false;
    const draw = (): void => {
      const lines = pickerLines(entries, cursor, streams.columns, streams.rows, opts.dumb);
      streams.write(`${ESC}H${ESC}2J${lines.join('\n')}`);
    };
    const finish = (choice: string | undefined): void => {
      if (done) return;
      done = true;
      streams.setInputHandler(undefined);
      streams.stdout.off('resize', draw);
      opts.signal?.removeEventListener('abort', onAbort);
      // Back to the main screen on every way out (the dashboard enters the alternate one again).
      streams.write(opts.dumb ? '\n' : `${ESC}H${ESC}2J${ESC}?25h${ESC}?1049l`);
      resolve(choice);
    };
    const onAbort = (): void => finish(undefined);
    const page = (): number => Math.max(1, streams.rows - 4);
    streams.setInputHandler((data) => {
      for (const [key] of data.toString('utf8').matchAll(KEY)) {
        const action = keyAction(key);
        if (action === 'enter') return finish(entries[cursor]!.name);
        if (action === 'quit') return finish(undefined);
        if (action === 'up') cursor = Math.max(0, cursor - 1);
        else if (action === 'down') cursor = Math.min(entries.length - 1, cursor + 1);
        else if (action === 'pageup') cursor = Math.max(0, cursor - page());
        else if (action === 'pagedown') cursor = Math.min(entries.length - 1, cursor + page());
        else if (action === 'home') cursor = 0;
        else if (action === 'end') cursor = entries.length - 1;
      }
      draw();
    });
    streams.stdout.on('resize', draw);
    opts.signal?.addEventListener('abort', onAbort);
    streams.write(opts.dumb ? '' : `${ESC}?1049h${ESC}?25l`);
    draw();
  });
}
