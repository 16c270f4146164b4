/**
 * `kubedrill serve [FILE|NAME] [--port 6443|0] [--address 127.0.0.1] [--kubeconfig PATH]
 * [--speed X] [--seed N] [--tls] [--ui]`: the scenario's cluster behind the Kubernetes REST API,
 * for the real kubectl (or any client) on this machine, running in real time at --speed. With
 * --ui the dashboard runs in the same process over the same cluster.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RealtimeDriver } from '../core/clock.js';
import { findScenario } from '../scenarios/library.js';
import { ScenarioRun } from '../scenarios/runtime.js';
import { folderFiles } from '../commands/session.js';
import { startServer, isLoopback, type RunningServer } from '../serve/server.js';
import { KubeconfigInUseError, writeKubeconfig } from '../serve/kubeconfig.js';
import { CliError, type Io } from './io.js';
import { parseSeed } from './run.js';
import { parseSpeed } from './ui.js';

export const SERVE_HELP = `Serve a scenario's simulated cluster over the Kubernetes API, for the real kubectl.

Usage:
  kubedrill serve [FILE|NAME] [--port N] [--address ADDR] [--kubeconfig PATH] [--speed X] [--seed N] [--tls] [--ui]

Arguments:
  FILE|NAME           a scenario file or a library scenario name (default: sandbox)

Options:
  --port N            port to listen on; 0 picks a free one (default 6443)
  --address ADDR      address to listen on (default 127.0.0.1). Anything but loopback is
                      served over TLS only, with a generated CA, and every request needs the token
  --tls               serve TLS on loopback too
  --kubeconfig PATH   where to write the kubeconfig naming the server and an admin token
                      (default: $KUBEDRILL_HOME/kubeconfig, else ~/.kubedrill/kubeconfig)
  --speed X           simulated seconds per second: 1, 10 or 100 (default 1)
  --seed N            seed of the simulation's random source (default 1)
  --ui                run the dashboard in this terminal over the same cluster
  -h, --help          show this help

Then, in another terminal:
  kubectl --kubeconfig ~/.kubedrill/kubeconfig get pods -A

On plain HTTP (loopback) kubectl sends no token, and requests act as the cluster admin; --as
(impersonation) still applies RBAC to another identity.
Ctrl-C stops the server.
`;

export function defaultKubeconfig(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.KUBEDRILL_HOME ?? path.join(env.HOME ?? os.homedir(), '.kubedrill');
  return path.join(home, 'kubeconfig');
}

export interface ServeHandle {
  server: RunningServer;
  run: ScenarioRun;
  kubeconfig: string;
  stop(): Promise<void>;
}

export interface ServeSettings {
  scenario: string;
  seed: number;
  speed: number;
  port: number;
  address: string;
  tls: boolean;
  kubeconfig: string;
  ui: boolean;
}

export function parseServeArgs(argv: string[], io: Io): ServeSettings | undefined {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      address: { type: 'string' },
      kubeconfig: { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      tls: { type: 'boolean' },
      ui: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(SERVE_HELP);
    return undefined;
  }
  if (positionals.length > 1) throw new CliError(`serve takes at most one scenario (FILE or NAME), got ${positionals.length}\n\n${SERVE_HELP}`);
  const portText = values.port ?? '6443';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new CliError(`--port: invalid value "${portText}" (0 to 65535; 0 picks a free port)`);
  const address = values.address ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(address)) throw new CliError(`--address: invalid value "${address}" (an IP address or host name to listen on)`);
  return {
    scenario: positionals[0] ?? 'sandbox',
    seed: parseSeed(values.seed),
    speed: parseSpeed(values.speed),
    port: Number(portText),
    address,
    tls: !!values.tls,
    kubeconfig: values.kubeconfig ?? defaultKubeconfig(),
    ui: !!values.ui,
  };
}

/** Starts the cluster, the clock in real time (unless the dashboard drives it) and the listener; writes the kubeconfig. */
export async function startServe(s: ServeSettings, io: Io): Promise<ServeHandle> {
  const scenario = findScenario(s.scenario);
  const run = new ScenarioRun(scenario, { seed: s.seed, files: folderFiles(process.cwd()) }).start();
  let server: RunningServer;
  try {
    server = await startServer(run.cluster, { port: s.port, address: s.address, tls: s.tls });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${s.port} on ${s.address} is in use: pick another with --port, or --port 0 for a free one`);
    if (code === 'EADDRNOTAVAIL') throw new CliError(`--address: ${s.address} is not an address of this machine`);
    if (code === 'EACCES') throw new CliError(`port ${s.port}: permission denied (ports below 1024 need privileges); use --port 6443 or --port 0`);
    throw err;
  }
  try {
    writeKubeconfig(s.kubeconfig, { server: server.url, token: run.cluster.adminToken, caCert: server.certs?.caCert, namespace: run.session.namespace });
  } catch (err) {
    await server.close();
    if (err instanceof KubeconfigInUseError) throw new CliError(err.message);
    throw err;
  }
  const driver = new RealtimeDriver(run.cluster.clock);
  if (!s.ui) {
    run.cluster.clock.speed = s.speed;
    driver.start();
  }
  if (!isLoopback(s.address)) io.err(`kubedrill serve: listening on ${s.address} beyond loopback: TLS only, and every request needs the token in the kubeconfig\n`);
  io.out(`kubedrill serve: scenario ${scenario.metadata.name} at ${server.url} (${server.certs ? 'TLS, ' : ''}speed ${s.speed}x)\n`);
  io.out(`kubeconfig: ${s.kubeconfig}\n`);
  io.out(`try: kubectl --kubeconfig ${s.kubeconfig} get pods -A\n`);
  return {
    server,
    run,
    kubeconfig: s.kubeconfig,
    stop: async () => {
      driver.stop();
      await server.close();
    },
  };
}

export function serveCommand(argv: string[], io: Io): number | Promise<number> {
  const settings = parseServeArgs(argv, io);
  if (!settings) return 0;
  if (settings.ui && (!process.stdin.isTTY || !process.stdout.isTTY)) {
    throw new CliError("serve --ui needs an interactive terminal (stdin and stdout must be a TTY); without --ui the server runs headless");
  }
  // The scenario is checked now, so a bad name is a usage error like everywhere else.
  findScenario(settings.scenario);
  return startServe(settings, io).then(
    async (handle) => {
      if (settings.ui) {
        const { runDashboard } = await import('../tui/start.js');
        const code = await runDashboard(handle.run, { speed: settings.speed, namespace: handle.run.session.namespace });
        await handle.stop();
        return code;
      }
      return new Promise<number>((resolve) => {
        const done = (code: number) => (): void => {
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          void handle.stop().then(() => resolve(code));
        };
        const onInt = done(0);
        const onTerm = done(0);
        process.on('SIGINT', onInt);
        process.on('SIGTERM', onTerm);
      });
    },
    (err) => {
      if (err instanceof CliError) {
        io.err(`kubedrill: ${err.message}\n`);
        return 2;
      }
      throw err;
    },
  );
}
