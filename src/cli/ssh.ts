/**
 * `kubedrill ssh`: serves the dashboard over SSH for demos and classrooms. Each connection gets
 * its own simulated cluster; nothing on the host is reachable from a session.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { parseDuration, formatGoDuration } from '../core/clock.js';
import { findScenario } from '../scenarios/library.js';
import type { CatalogEntry } from '../challenge/launch.js';
import { libraryCatalog } from '../ssh/catalog.js';
import { AuthConfigError, readAuthorizedKeys, readPasswordFile, type AuthConfig } from '../ssh/auth.js';
import { defaultHostKeyPath, HostKeyError, loadOrCreateHostKey, looseMode } from '../ssh/host-key.js';
import { parseIdleTimeout } from '../ssh/limits.js';
import type { PickerEntry } from '../ssh/picker.js';
import { CliError, type Io } from './io.js';

export const SSH_HELP = `Serve the dashboard over SSH: every connection gets its own simulated cluster.

Usage:
  kubedrill ssh [--port 2222] [--address 127.0.0.1] [--host-key PATH]
                [--authorized-keys FILE] [--password-file FILE] [--no-auth]
                [--max-sessions N] [--idle-timeout D] [--scenario NAME]

Options:
  --port N               port to listen on (default 2222; 0 picks a free one)
  --address ADDR         address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --host-key PATH        the server's ed25519 host key, generated there on first run (mode 0600)
                         (default $KUBEDRILL_HOME/ssh_host_ed25519_key, KUBEDRILL_HOME=~/.kubedrill)
  --authorized-keys FILE public keys allowed in (OpenSSH authorized_keys format), any user name
  --password-file FILE   "user:password" lines allowed in (# comments); keep it mode 0600
  --no-auth              let anyone in without credentials; only on a loopback address
  --max-sessions N       dashboards at once (default 10); the next one is told the server is full
  --idle-timeout D       end a session after D without input (default 30m; 0 = never)
  --scenario NAME        start everyone on this scenario (NAME or FILE): no picker, and no
                         switching with :scenarios in the dashboard
  -h, --help             show this help

At least one of --authorized-keys and --password-file is required (or --no-auth on loopback).
Sessions get a terminal and the dashboard only: no shell, no commands (exec), no sftp, no port,
agent or X11 forwarding. Each connection logs one line on stderr when it ends.
Stop the server with Ctrl-C (SIGINT) or SIGTERM.

Example:
  kubedrill ssh --password-file ./class.passwd --address 0.0.0.0 --scenario sandbox
  ssh -p 2222 demo@HOST
`;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export interface SshConfig {
  port: number;
  address: string;
  hostKeyPath: string;
  auth: AuthConfig;
  maxSessions: number;
  idleTimeoutMs: number;
  scenario?: string;
  passwordFile?: string;
}

/** Parses and checks the arguments (usage errors throw CliError; auth files are read here). */
export function parseSshArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SshConfig | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      address: { type: 'string' },
      'host-key': { type: 'string' },
      'authorized-keys': { type: 'string' },
      'password-file': { type: 'string' },
      'no-auth': { type: 'boolean' },
      'max-sessions': { type: 'string' },
      'idle-timeout': { type: 'string' },
      scenario: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (positionals.length) throw new CliError(`ssh takes no arguments, got "${positionals[0]}" (the scenario is --scenario NAME)\n\n${SSH_HELP}`);
  const port = intOption('--port', values.port, 2222, 0, 65535);
  const address = values.address ?? '127.0.0.1';
  if (address !== 'localhost' && !isIP(address)) throw new CliError(`--address: "${address}" is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)`);
  const maxSessions = intOption('--max-sessions', values['max-sessions'], 10, 1, 1000);
  const idle = parseIdleTimeout(values['idle-timeout'] ?? '30m', parseDuration);
  if (idle === undefined) throw new CliError(`--idle-timeout: invalid duration "${values['idle-timeout']}" (use e.g. 15m, 1h, 90s, or 0 for never)`);
  const noAuth = values['no-auth'] === true;
  const keysFile = values['authorized-keys'];
  const passwordFile = values['password-file'];
  if (noAuth && (keysFile || passwordFile)) throw new CliError('--no-auth cannot be combined with --authorized-keys or --password-file');
  if (noAuth && !LOOPBACK.test(address)) throw new CliError(`--no-auth is allowed only on a loopback address (127.0.0.1, ::1), not ${address}: anyone who can reach it would get in`);
  if (!noAuth && !keysFile && !passwordFile) {
    throw new CliError('ssh needs a way to let people in: --authorized-keys FILE and/or --password-file FILE (or --no-auth, on loopback only)');
  }
  let auth: AuthConfig;
  try {
    auth = {
      noAuth,
      keys: keysFile ? readAuthorizedKeys(keysFile) : [],
      passwords: passwordFile ? readPasswordFile(passwordFile) : undefined,
    };
  } catch (err) {
    if (err instanceof AuthConfigError) throw new CliError(err.message);
    throw err;
  }
  // Fail now, not when the first person connects.
  if (values.scenario !== undefined) findScenario(values.scenario);
  return { port, address, hostKeyPath: values['host-key'] ?? defaultHostKeyPath(env), auth, maxSessions, idleTimeoutMs: idle, scenario: values.scenario, passwordFile };
}

function intOption(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new CliError(`${flag}: invalid value "${text}" (a whole number from ${min} to ${max})`);
  return n;
}

/** The library as the picker lists it (scenarios that fail to load are left out). */
export function pickerLibrary(entries: readonly CatalogEntry[]): PickerEntry[] {
  return entries.filter((e) => !e.error).map((e) => ({ name: e.name, title: e.title, difficulty: e.difficulty || undefined }));
}

export function sshCommand(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): number | Promise<number> {
  const cfg = parseSshArgs(argv, env);
  if (cfg === 'help') {
    io.out(SSH_HELP);
    return 0;
  }
  let hostKey;
  try {
    hostKey = loadOrCreateHostKey(cfg.hostKeyPath);
  } catch (err) {
    if (err instanceof HostKeyError) throw new CliError(err.message);
    throw new CliError(`--host-key ${cfg.hostKeyPath}: ${(err as Error).message}`);
  }
  if (cfg.passwordFile && looseMode(cfg.passwordFile)) {
    io.err(`kubedrill ssh: warning: the password file is readable by others; chmod 600 it\n`);
  }
  if (looseMode(hostKey.path)) io.err(`kubedrill ssh: warning: the host key ${hostKey.path} is readable by others; chmod 600 it\n`);
  // Ink's colours (chalk) are decided once per process from the server's own stdout; the
  // sessions' terminals are elsewhere, so colour is on here and each session's theme turns it
  // off for TERM=dumb or NO_COLOR.
  env.FORCE_COLOR ??= '2';
  // Read once: every session's picker and :scenarios list share it.
  const catalog = cfg.scenario ? undefined : libraryCatalog();
  const library = catalog ? pickerLibrary(catalog) : [];
  return import('../ssh/server.js').then(async ({ KubedrillSshServer }) => {
    const log = (line: string): void => io.err(line);
    const server = new KubedrillSshServer({
      hostKey: hostKey.privateKey,
      auth: cfg.auth,
      maxSessions: cfg.maxSessions,
      idleTimeoutMs: cfg.idleTimeoutMs,
      scenario: cfg.scenario,
      library,
      catalog,
      log,
      debugStats: env.KUBEDRILL_SSH_DEBUG_STATS === '1',
    });
    let addr;
    try {
      addr = await server.listen(cfg.port, cfg.address);
    } catch (err) {
      // Asynchronous, so past main()'s usage-error handling: report it the same way here.
      io.err(`kubedrill: cannot listen on ${cfg.address}:${cfg.port}: ${(err as Error).message}\n`);
      return 1;
    }
    const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    io.err(`kubedrill ssh: listening on ${shown}:${addr.port}\n`);
    io.err(`kubedrill ssh: host key ${hostKey.fingerprint} (${hostKey.created ? 'generated' : 'from'} ${hostKey.path})\n`);
    io.err(`kubedrill ssh: ${cfg.scenario ? `scenario ${cfg.scenario}` : `${library.length} scenarios in the picker`}, at most ${cfg.maxSessions} sessions, idle timeout ${cfg.idleTimeoutMs ? formatGoDuration(cfg.idleTimeoutMs) : 'none'}\n`);
    io.err(`kubedrill ssh: connect with: ssh -p ${addr.port} USER@HOST\n`);
    // One session's failure must not end everyone's: log it and keep serving.
    const onFault = (err: unknown): void => log(`${new Date().toISOString()} kubedrill ssh: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
    // Our listeners stay until the end: with none left, Ink's signal-exit would re-raise the
    // signal and kill the process before the sessions are told. A second signal forces the exit.
    let stopping = false;
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const onSignal = (): void => {
      if (stopping) process.exit(1);
      stopping = true;
      stop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    await stopped;
    io.err(`kubedrill ssh: shutting down (${server.activeSessions} sessions)\n`);
    await server.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('uncaughtException', onFault);
    process.off('unhandledRejection', onFault);
    return 0;
  });
}
