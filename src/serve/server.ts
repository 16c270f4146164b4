/**
 * The HTTP(S) listener of `kubedrill serve`: loopback HTTP by default, TLS with a generated CA
 * for any other address (or when asked). Bodies up to 3 MiB, streams (watch, logs -f) written
 * as chunks until the client goes away, and upgrade requests (exec, attach, port-forward)
 * answered with the router's Status instead of a protocol switch.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Cluster } from '../core/cluster.js';
import { Router, isStream, type RouterOptions, type RouterRequest } from './router.js';
import { generateCerts, type ServingCerts } from './tls.js';
import { errorResponse } from './errors.js';
import { chooseProtocol, serveExec } from './exec.js';
import { ApiError } from '../core/apiserver/errors.js';

const MAX_BODY = 3 * 1024 * 1024;

export interface ServeOptions extends RouterOptions {
  /** 0 picks a free port. */
  port?: number;
  address?: string;
  /** Serve TLS even on loopback (always on for other addresses). */
  tls?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  address: string;
  certs?: ServingCerts;
  router: Router;
  close(): Promise<void>;
}

export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\./.test(address);
}

export function startServer(cluster: Cluster, opts: ServeOptions = {}): Promise<RunningServer> {
  const address = opts.address ?? '127.0.0.1';
  const useTls = !!opts.tls || !isLoopback(address);
  const router = new Router(cluster, { wallClock: true, ...(useTls ? {} : { defaultToken: cluster.adminToken }), ...opts });
  const certs = useTls ? generateCerts([address]) : undefined;
  const sockets = new Set<Socket>();
  const stops = new Set<() => void>();

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c as Uint8Array);
    });
    req.on('end', () => {
      if (tooBig) {
        const r = errorResponse(new ApiError(413, 'RequestEntityTooLarge' as never, 'Request entity too large: limit is 3145728'));
        res.writeHead(r.status, r.headers).end(r.body);
        return;
      }
      const rr: RouterRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: chunks.length ? Buffer.concat(chunks) : undefined };
      const out = router.handle(rr);
      if (!isStream(out)) {
        res.writeHead(out.status, { ...out.headers, 'content-length': Buffer.byteLength(out.body) }).end(out.body);
        return;
      }
      const { 'transfer-encoding': _te, ...headers } = out.headers;
      res.writeHead(out.status, { ...headers, 'cache-control': 'no-cache, private' });
      res.flushHeaders();
      let closed = false;
      const stop = out.stream(
        (chunk) => {
          if (!closed) res.write(chunk);
        },
        () => {
          if (closed) return;
          closed = true;
          stops.delete(stop);
          res.end();
        },
      );
      if (!closed) stops.add(stop);
      res.on('close', () => {
        closed = true;
        stops.delete(stop);
        stop();
      });
    });
  };

  // exec over WebSocket switches protocols; SPDY, attach and port-forward get the Status instead.
  const onUpgrade = (req: http.IncomingMessage, socket: Socket): void => {
    const protocol = chooseProtocol(req.headers['sec-websocket-protocol']);
    const key = req.headers['sec-websocket-key'];
    const refuse = (status: number, body: string): void =>
      void socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    if (/\/exec(\?|$)/.test((req.url ?? '').split('?')[0]!.replace(/$/, '?'))) {
      // The server's checks come first (Forbidden, NotFound, a wrong container), whatever the protocol.
      const prepared = router.prepareExec({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
      if (!('exec' in prepared)) return refuse(prepared.status, prepared.body);
      if (String(req.headers.upgrade ?? '').toLowerCase() === 'websocket' && protocol && key) {
        sockets.add(socket);
        serveExec(socket, key, protocol, prepared.exec, prepared.run);
        return;
      }
      const r = errorResponse(new ApiError(400, 'BadRequest', 'exec over SPDY is not supported by kubedrill serve: kubectl 1.30+ speaks WebSocket (v5.channel.k8s.io); check that KUBECTL_REMOTE_COMMAND_WEBSOCKETS is not false'));
      return refuse(r.status, r.body);
    }
    const out = router.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    const status = isStream(out) ? 400 : out.status;
    const body = isStream(out) ? '{}' : out.body;
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  };

  const server = certs ? https.createServer({ cert: certs.cert, key: certs.key }, onRequest) : http.createServer(onRequest);
  server.on('upgrade', onUpgrade);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  if (certs) server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 6443, address, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const host = address.includes(':') ? `[${address}]` : address === '0.0.0.0' ? '127.0.0.1' : address;
      resolve({
        url: `${certs ? 'https' : 'http'}://${host}:${port}`,
        port,
        address,
        certs,
        router,
        close: () =>
          new Promise<void>((done) => {
            for (const stop of stops) stop();
            stops.clear();
            server.close(() => done());
            for (const s of sockets) s.destroy();
          }),
      });
    });
  });
}
