/**
 * `kubedrill ssh`'s server: ssh2 with one dashboard per connection. Offers a pty + shell and
 * nothing else: exec is answered with a message and exit status 1; subsystems (sftp), port
 * forwarding (direct-tcpip, tcpip-forward, streamlocal), agent and X11 forwarding are refused.
 * Each connection writes one log line when it ends (see log.ts).
 */
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection, PseudoTtyInfo, ServerChannel, Session } from 'ssh2';
import { authenticate, methodsOffered, type AuthConfig } from './auth.js';
import { fingerprint } from './host-key.js';
import { EXTRA_PENDING_CONNECTIONS, IdleTimer, LOGIN_GRACE_MS, MAX_AUTH_TRIES, SessionSlots } from './limits.js';
import { formatDuration, formatLogLine, type ConnectionRecord } from './log.js';
import type { PickerEntry } from './picker.js';
import type { CatalogEntry } from '../challenge/launch.js';
import type { PtyStreams } from './pty-streams.js';
import { loadDashboard, runSshSession, type EndReason } from './session.js';

export interface SshServerOptions {
  hostKey: string;
  auth: AuthConfig;
  maxSessions: number;
  /** 0 = never. */
  idleTimeoutMs: number;
  scenario?: string;
  library: readonly PickerEntry[];
  /** The dashboard's :scenarios catalogue; undefined keeps everyone on --scenario. */
  catalog?: readonly CatalogEntry[];
  seed?: number;
  /** Where log lines go (the server's stderr). */
  log: (line: string) => void;
  /** Test hook: after each session, force a GC (node --expose-gc) and log heapUsed. */
  debugStats?: boolean;
  /** Wall clock for log timestamps and durations. */
  now?: () => Date;
}

export const REFUSED_EXEC = 'kubedrill: this server offers only the kubedrill dashboard; it runs no commands. Connect without a command: ssh -t';
export const NEEDS_PTY = 'kubedrill: the dashboard needs a terminal; connect with ssh -t';
export const ONE_PER_CONNECTION = 'kubedrill: one dashboard per connection';
export const serverFullMessage = (max: number): string =>
  `kubedrill: the server is full (${max} of ${max} sessions in use); please try again in a few minutes.`;

export class KubedrillSshServer {
  private readonly server: ssh2.Server;
  private readonly slots: SessionSlots;
  private readonly endAll = new Set<(reason: EndReason) => void>();
  private readonly clients = new Set<Connection>();
  private nextId = 0;
  private closing = false;

  constructor(private readonly opts: SshServerOptions) {
    this.slots = new SessionSlots(opts.maxSessions);
    this.server = new ssh2.Server({ hostKeys: [opts.hostKey], ident: 'kubedrill' }, (client, info) => this.onConnection(client, info.ip, info.port));
    // Connections that have not logged in yet are bounded too (each costs a key exchange).
    this.server.maxConnections = opts.maxSessions + EXTRA_PENDING_CONNECTIONS;
  }

  get activeSessions(): number {
    return this.slots.inUse;
  }

  listen(port: number, address: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, address, () => {
        this.server.off('error', onError);
        // Later server errors (a failed accept) are logged, never fatal.
        this.server.on('error', (err: Error) => this.opts.log(`${this.stamp()} kubedrill ssh: server error: ${err.message}\n`));
        // The first user should not wait for React and Ink to load.
        loadDashboard().catch((err: unknown) => this.opts.log(`${this.stamp()} kubedrill ssh: cannot load the dashboard: ${String(err)}\n`));
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Ends every session (each user sees why), then stops listening. */
  close(): Promise<void> {
    this.closing = true;
    for (const end of [...this.endAll]) end('shutdown');
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // Give sessions a moment to say goodbye, then drop whatever is left.
      setTimeout(() => {
        for (const c of this.clients) c.end();
      }, 500).unref();
    });
  }

  private stamp(): string {
    return (this.opts.now?.() ?? new Date()).toISOString();
  }

  private onConnection(client: Connection, ip: string, port: number): void {
    const started = Date.now();
    const rec: ConnectionRecord = { id: ++this.nextId, from: `${ip}:${port}`, result: 'disconnected', durationMs: 0 };
    this.clients.add(client);
    let authFailures = 0;
    let shellStarted = false;
    let loggedIn = false;
    const loginTimer = setTimeout(() => {
      if (shellStarted) return;
      rec.result = 'login-timeout';
      client.end();
    }, LOGIN_GRACE_MS);
    loginTimer.unref();
    if (this.closing) {
      rec.result = 'shutdown';
      client.end();
    }

    client.on('authentication', (ctx) => {
      // Client-chosen and unbounded: the log keeps the first 64 characters.
      rec.user = ctx.username.slice(0, 64);
      const offered = methodsOffered(this.opts.auth);
      if (ctx.method === 'none' && !this.opts.auth.noAuth) return ctx.reject(offered);
      if (authenticate(this.opts.auth, ctx)) {
        if (ctx.method === 'publickey') {
          if (!ctx.signature) return ctx.accept(); // "would this key do?": yes; the signed request follows
          rec.key = fingerprint(ctx.key.data);
        }
        rec.auth = ctx.method;
        return ctx.accept();
      }
      authFailures++;
      rec.result = 'auth-failed';
      rec.detail = `${ctx.method} refused`;
      ctx.reject(offered);
      if (authFailures >= MAX_AUTH_TRIES) client.end();
    });

    client.on('ready', () => {
      loggedIn = true;
      rec.result = 'disconnected';
      rec.detail = undefined;
    });

    client.on('session', (accept) => {
      const session = accept();
      this.onSession(client, session, rec, () => {
        if (shellStarted) return false;
        shellStarted = true;
        return true;
      });
    });
    // Port forwarding of every kind: refused (also ssh2's default, made explicit and logged).
    const refuseForwarding = (): void => {
      if (!shellStarted) rec.result = 'refused';
      rec.detail = 'port forwarding refused';
    };
    client.on('tcpip', (_accept, reject) => {
      refuseForwarding();
      reject();
    });
    client.on('openssh.streamlocal', (_accept, reject) => {
      refuseForwarding();
      reject();
    });
    client.on('request', (_accept, reject, name) => {
      if ((name as string) !== 'no-more-sessions@openssh.com') refuseForwarding();
      reject?.();
    });
    client.on('error', (err: Error & { level?: string }) => {
      // A client that vanishes mid-frame gives ECONNRESET here; the session ends on 'close'.
      if (!loggedIn && rec.result === 'disconnected') rec.detail = err.message;
    });
    client.on('close', () => {
      clearTimeout(loginTimer);
      this.clients.delete(client);
      rec.durationMs = Date.now() - started;
      this.opts.log(formatLogLine(rec, this.opts.now?.() ?? new Date()));
    });
  }

  private onSession(client: Connection, session: Session, rec: ConnectionRecord, claimShell: () => boolean): void {
    let pty: PseudoTtyInfo | undefined;
    const env: Record<string, string> = {};
    let streams: PtyStreams | undefined;

    session.on('pty', (accept, _reject, info) => {
      pty = info;
      accept?.();
    });
    session.on('window-change', (accept, _reject, info) => {
      if (pty) pty = { ...pty, cols: info.cols, rows: info.rows };
      streams?.resize(info.cols, info.rows);
      accept?.();
    });
    session.on('env', (accept, reject, info) => {
      // NO_COLOR is the one variable that matters here; the rest never reach anything.
      if (info.key === 'NO_COLOR') {
        env.NO_COLOR = info.val;
        accept?.();
      } else reject?.();
    });
    session.on('x11', (_accept, reject) => reject?.());
    session.on('auth-agent', (_accept, reject) => reject?.());
    session.on('signal', (accept) => accept?.());
    session.on('sftp', (_accept, reject) => {
      rec.result = 'refused';
      rec.detail = 'subsystem sftp';
      reject?.();
    });
    session.on('subsystem', (_accept, reject, info) => {
      rec.result = 'refused';
      rec.detail = `subsystem ${info.name}`;
      reject?.();
    });
    session.on('exec', (accept) => {
      rec.result = 'refused';
      rec.detail = 'exec';
      refuse(accept(), REFUSED_EXEC);
    });

    session.on('shell', (accept) => {
      const channel = accept();
      if (!channel) return;
      if (!pty) {
        rec.result = 'refused';
        rec.detail = 'shell without a pty';
        return refuse(channel, NEEDS_PTY);
      }
      if (!claimShell()) return refuse(channel, ONE_PER_CONNECTION);
      const release = this.slots.acquire();
      if (!release) {
        rec.result = 'server-full';
        return refuse(channel, serverFullMessage(this.slots.max), false);
      }
      this.startDashboard(channel, pty, env, rec, release, (s) => (streams = s), () => client.end());
    });
  }

  private startDashboard(
    channel: ServerChannel, pty: PseudoTtyInfo, env: Record<string, string>, rec: ConnectionRecord,
    release: () => void, onStreams: (s: PtyStreams) => void, disconnect: () => void,
  ): void {
    const ac = new AbortController();
    const end = (reason: EndReason): void => {
      if (!ac.signal.aborted) ac.abort(reason);
    };
    this.endAll.add(end);
    const idle = new IdleTimer(this.opts.idleTimeoutMs, () => end('idle-timeout'));
    channel.on('data', () => idle.touch());
    channel.on('close', () => end('disconnected'));
    channel.on('error', () => end('disconnected'));
    channel.stderr.on('error', () => {});
    rec.result = 'disconnected';

    void runSshSession({
      channel,
      term: pty.term,
      columns: pty.cols,
      rows: pty.rows,
      env,
      scenario: this.opts.scenario,
      library: this.opts.library,
      catalog: this.opts.catalog,
      seed: this.opts.seed,
      signal: ac.signal,
      onStreams,
      onShown: () => idle.touch(),
      onScenario: (name) => {
        // Every scenario the session played, in order (the :scenarios picker can switch).
        rec.scenario = rec.scenario ? `${rec.scenario},${name}` : name;
        if (this.opts.debugStats) this.logStats();
      },
      log: (text) => this.opts.log(prefixLines(text, `${this.stamp()} kubedrill ssh[${rec.id}]: `)),
      stall: () => end('stalled'),
    }).then((outcome) => {
      idle.stop();
      this.endAll.delete(end);
      release();
      rec.result = outcome.result;
      if (outcome.detail) rec.detail = outcome.detail;
      const goodbye =
        outcome.result === 'idle-timeout' ? `kubedrill: no input for ${formatDuration(this.opts.idleTimeoutMs)}; the session has ended.`
        : outcome.result === 'shutdown' ? 'kubedrill: the server is shutting down; the session has ended.'
        : undefined;
      // A client that stopped reading would never take a goodbye: drop the connection.
      if (outcome.result === 'stalled') disconnect();
      else closeChannel(channel, outcome.exitCode, goodbye);
      if (this.opts.debugStats) this.logStats();
    });
  }

  private logStats(): void {
    // Timers of the finished dashboard (frame throttles, the clock driver) settle first.
    setTimeout(() => {
      (globalThis as { gc?: () => void }).gc?.();
      this.opts.log(`${this.stamp()} kubedrill ssh: stats sessions=${this.slots.inUse} heapUsed=${process.memoryUsage().heapUsed}\n`);
    }, 200).unref();
  }
}

function prefixLines(text: string, prefix: string): string {
  return text.split('\n').filter((l) => l !== '').map((l) => `${prefix}${l}\n`).join('');
}

/** Message on stderr, exit status, close: how a refused request ends. */
function refuse(channel: ServerChannel | undefined, message: string, onStderr = true): void {
  if (!channel) return;
  try {
    (onStderr ? channel.stderr : channel).write(`${message}\r\n`);
  } catch {
    // Gone already.
  }
  closeChannel(channel, 1);
}

function closeChannel(channel: ServerChannel, exitCode: number, message?: string): void {
  if (channel.destroyed || !channel.writable) return;
  try {
    if (message) channel.write(`\r\n${message}\r\n`);
    channel.exit(exitCode);
    channel.end();
  } catch {
    // The client went away meanwhile.
  }
}
