/**
 * One SSH user's dashboard: the picker (unless the server fixed a scenario), then a scenario run
 * of its own (its own Cluster, challenge state and data folder, no host files), then the
 * dashboard on the channel until the user quits, the client goes away or the server ends it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { ServerChannel } from 'ssh2';
import { findScenario } from '../scenarios/library.js';
import { ScenarioRun } from '../scenarios/runtime.js';
import { ScenarioError } from '../scenarios/errors.js';
import { noFiles } from '../commands/session.js';
import { PtyStreams } from './pty-streams.js';
import { pickScenario, type PickerEntry } from './picker.js';
import { MAX_QUEUED_OUTPUT } from './limits.js';
import type { ConnectionResult } from './log.js';
import { sessionCatalog } from './catalog.js';
import type { CatalogEntry } from '../challenge/launch.js';

/** Why the server ends a session (the AbortSignal's reason). */
export type EndReason = 'disconnected' | 'idle-timeout' | 'stalled' | 'shutdown';

export interface SessionOptions {
  channel: ServerChannel;
  /** From the pty request. */
  term: string;
  columns: number;
  rows: number;
  /** Only what the client may set: NO_COLOR. */
  env: Record<string, string>;
  /** The server's fixed scenario (name or file), or undefined for the picker. */
  scenario?: string;
  library: readonly PickerEntry[];
  /** The dashboard's :scenarios catalogue (switching inside the session); none with a fixed scenario. */
  catalog?: readonly CatalogEntry[];
  seed?: number;
  /** Aborted with an EndReason by the connection (channel closed, idle, stalled, shutdown). */
  signal: AbortSignal;
  /** Lets the connection resize the terminal on window-change. */
  onStreams?: (streams: PtyStreams) => void;
  onScenario?: (name: string) => void;
  /** The picker or the dashboard is about to show: the idle clock (re)starts, loading is not idling. */
  onShown?: () => void;
  /** Server-side diagnostics (the dashboard's internal errors), never shown to the client. */
  log: (text: string) => void;
  stall: () => void;
}

export interface SessionOutcome {
  result: ConnectionResult;
  exitCode: number;
  detail?: string;
}

type StartModule = typeof import('../tui/start.js');
let startModule: Promise<StartModule> | undefined;
/** Loads React and Ink once (the server starts this as soon as it listens). */
export function loadDashboard(): Promise<StartModule> {
  return (startModule ??= import('../tui/start.js'));
}

export async function runSshSession(opts: SessionOptions): Promise<SessionOutcome> {
  const streams = new PtyStreams(opts.channel, { columns: opts.columns, rows: opts.rows, maxQueued: MAX_QUEUED_OUTPUT, onStall: opts.stall });
  opts.onStreams?.(streams);
  const env: NodeJS.ProcessEnv = { TERM: opts.term || 'xterm', ...opts.env };
  let dataDir: string | undefined;
  try {
    if (opts.scenario === undefined) opts.onShown?.();
    const name = opts.scenario ?? (await pickScenario(streams, opts.library, { dumb: env.TERM === 'dumb', signal: opts.signal }));
    if (opts.signal.aborted) return ended(opts.signal);
    if (name === undefined) return { result: 'quit', exitCode: 0 };
    opts.onScenario?.(name);
    streams.write(`Starting ${name}...\n`);
    const scenario = findScenario(name);
    // A data folder of its own (etcdctl snapshots), removed when the session ends.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedrill-ssh-'));
    const run = new ScenarioRun(scenario, { files: noFiles, dataDir, seed: opts.seed }).start();
    const { runDashboard } = await loadDashboard();
    if (opts.signal.aborted) return ended(opts.signal);
    opts.onShown?.();
    const code = await runDashboard(run, {
      stdin: streams.stdin,
      stdout: streams.stdout,
      stderr: logStream(opts.log),
      env,
      speed: 1,
      namespace: run.session.namespace,
      processHandlers: false,
      signal: opts.signal,
      catalog: opts.catalog ? sessionCatalog(opts.catalog, { seed: opts.seed, dataDir, onLaunch: (n) => opts.onScenario?.(n) }) : undefined,
    });
    if (opts.signal.aborted) return ended(opts.signal);
    return code === 0 ? { result: 'quit', exitCode: 0 } : { result: 'error', exitCode: code, detail: `dashboard exit status ${code}` };
  } catch (err) {
    const message = err instanceof ScenarioError ? err.message : err instanceof Error ? err.message : String(err);
    if (!(err instanceof ScenarioError)) opts.log(`${err instanceof Error ? (err.stack ?? message) : message}\n`);
    streams.write(`\nkubedrill: the scenario could not start: ${message.split('\n')[0]}\n`);
    return { result: 'error', exitCode: 1, detail: message.split('\n')[0] };
  } finally {
    streams.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function ended(signal: AbortSignal): SessionOutcome {
  const reason = (signal.reason as EndReason | undefined) ?? 'disconnected';
  return { result: reason, exitCode: reason === 'shutdown' || reason === 'idle-timeout' ? 0 : 129 };
}

/** The dashboard's stderr: whole lines to the server log. */
function logStream(log: (text: string) => void): NodeJS.WriteStream {
  return new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      log(String(chunk));
      cb();
    },
  }) as unknown as NodeJS.WriteStream;
}
