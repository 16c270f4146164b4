/**
 * Starts the dashboard on a terminal: alternate screen, Ink drawing through the line-diffing
 * ScreenWriter (see there why not Ink's incrementalRendering), the
 * real-time clock driver, and a terminal restored on every way out (quit, error, SIGINT,
 * SIGTERM, SIGHUP when an SSH channel closes, process exit).
 */
import React from 'react';
import { render, type Instance } from 'ink';
import { RealtimeDriver } from '../core/clock.js';
import { App } from './app.js';
import { DashboardController, type DashboardRun } from './controller.js';
import { detectTheme } from './theme.js';
import { HIDE_CURSOR, ScreenWriter, SHOW_CURSOR } from './screen-writer.js';
import { externalEditor } from './editor.js';
import type { ChallengeSession } from '../challenge/session.js';
import type { CatalogEntry, Launch, PlayMode } from '../challenge/launch.js';

export const ENTER_ALT_SCREEN = '\x1b[?1049h';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';

export interface DashboardOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  /** Simulated seconds per wall second at start (1, 10, 100). */
  speed?: number;
  namespace?: string;
  /**
   * Install process-wide handlers (SIGINT, SIGTERM, SIGHUP, uncaughtException, exit); default true.
   * The SSH server runs many dashboards in one process: it passes false and ends each with `signal`.
   */
  processHandlers?: boolean;
  /** Aborting ends the dashboard like a closed terminal (exit status 129). */
  signal?: AbortSignal;
  /** `e` opens $EDITOR (a local terminal); default: when process handlers are installed (not over SSH). */
  editor?: boolean;
  /** A challenge running on `run` (kubedrill challenge): ticket, timer, result screen. */
  challenge?: ChallengeSession;
  /** The :scenarios picker: the library, and how to build a run for the scenario picked. */
  catalog?: { entries(): CatalogEntry[]; launch(name: string, mode: PlayMode): Launch };
}

/** Runs the dashboard until the user quits; resolves with the exit status. */
export function runDashboard(run: DashboardRun, opts: DashboardOptions = {}): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const stderr = opts.stderr ?? process.stderr;
  const env = opts.env ?? process.env;
  const theme = detectTheme(env);
  const altScreen = !theme.plainTerminal;
  const clock = run.cluster.clock;
  clock.speed = opts.speed ?? 1;
  let driver = new RealtimeDriver(clock);
  const screen = new ScreenWriter(stdout, { maxFps: 60 });

  let instance: Instance | undefined;
  let restored = false;
  let settle: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (settle = resolve));

  const restoreTerminal = (): void => {
    if (restored) return;
    restored = true;
    driver.stop();
    controller.stop();
    try {
      instance?.unmount();
    } catch {
      // The terminal is what matters now.
    }
    screen.close();
    safeWrite(stdout, altScreen ? LEAVE_ALT_SCREEN + SHOW_CURSOR : `\n${SHOW_CURSOR}`);
    detach();
  };
  const finish = (code: number, error?: unknown): void => {
    restoreTerminal();
    if (error !== undefined && !isClosedTerminal(error)) safeWrite(stderr, `kubedrill ui: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    if (error !== undefined && isClosedTerminal(error)) code = 129;
    settle(code);
  };

  const onSigint = (): void => finish(130);
  const onSigterm = (): void => finish(143);
  const onSighup = (): void => finish(129);
  const onError = (err: unknown): void => finish(1, err);
  const onExit = (): void => restoreTerminal();
  // A closed terminal (SSH channel gone, tmux pane killed) fails writes with EIO/EPIPE: leave quietly.
  const onStreamError = (): void => finish(129);
  const processHandlers = opts.processHandlers ?? true;
  const detach = (): void => {
    opts.signal?.removeEventListener('abort', onStreamError);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    process.off('SIGHUP', onSighup);
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
    process.off('exit', onExit);
    stdout.off('error', onStreamError);
    stdin.off('error', onStreamError);
    stdin.off('end', onStreamError);
  };
  if (processHandlers) {
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    process.on('SIGHUP', onSighup);
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    process.on('exit', onExit);
  }
  opts.signal?.addEventListener('abort', onStreamError);
  stdout.on('error', onStreamError);
  stdin.on('error', onStreamError);
  stdin.on('end', onStreamError);

  const editor =
    (opts.editor ?? opts.processHandlers !== false)
      ? externalEditor({
          stdin,
          stdout,
          env,
          suspend: () => safeWrite(stdout, (altScreen ? LEAVE_ALT_SCREEN : '\x1b[2J\x1b[H') + SHOW_CURSOR),
          resume: () => {
            safeWrite(stdout, (altScreen ? ENTER_ALT_SCREEN : '') + HIDE_CURSOR + '\x1b[2J');
            screen.invalidate();
          },
        })
      : undefined;
  const makeController = (r: DashboardRun, namespace: string | undefined, challenge: ChallengeSession | undefined): DashboardController =>
    new DashboardController(r, {
      namespace,
      columns: stdout.columns || 80,
      rows: stdout.rows || 24,
      onQuit: () => finish(0),
      editor,
      challenge,
      scenarios: opts.catalog ? { entries: () => opts.catalog!.entries(), open: (name, mode) => switchTo(name, mode) } : undefined,
    });
  let controller = makeController(run, opts.namespace, opts.challenge);
  // The :scenarios picker restarts the dashboard on another run: a new controller and clock
  // driver over the new cluster, the same terminal, Ink instance and speed (at least 1x).
  const switchTo = (name: string, mode: PlayMode): void => {
    const next = opts.catalog!.launch(name, mode);
    const speed = Math.max(1, controller.cluster.clock.speed);
    driver.stop();
    controller.stop();
    controller.challenge?.stop();
    next.run.cluster.clock.speed = speed;
    driver = new RealtimeDriver(next.run.cluster.clock);
    controller = makeController(next.run, next.run.session.namespace, next.challenge);
    instance?.rerender(<App controller={controller} theme={theme} />);
    driver.start();
    controller.start();
  };

  try {
    stdout.write((altScreen ? ENTER_ALT_SCREEN : '') + HIDE_CURSOR + '\x1b[2J');
    instance = render(<App controller={controller} theme={theme} />, {
      stdout: screen.stream,
      stdin,
      stderr,
      exitOnCtrlC: false,
      patchConsole: false,
      // Debug mode hands each whole frame to the ScreenWriter, which writes only changed lines
      // (frames stay one row shorter than the terminal) at up to 60 paints a second.
      debug: true,
    });
    driver.start();
    controller.start();
    instance.waitUntilExit().then(() => finish(0), (err: unknown) => finish(1, err));
  } catch (err) {
    finish(1, err);
  }
  return done;
}

function safeWrite(stream: NodeJS.WriteStream, text: string): void {
  try {
    if (!stream.destroyed && stream.writable !== false) stream.write(text);
  } catch {
    // Nothing left to restore on a closed terminal.
  }
}

function isClosedTerminal(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 'EIO' || code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}
