/**
 * pods/exec over WebSocket, the v5.channel.k8s.io (and v4) protocol kubectl 1.30+ speaks first:
 * binary messages whose first byte is the channel (0 stdin, 1 stdout, 2 stderr, 3 the final
 * Status, 4 resize, 255 close). The command runs in the simulated container shell, the same one
 * the palette's `kubectl exec` uses, as the requesting user (RBAC: create pods/exec). No host
 * process is ever started. With -t the command runs at once without stdin: an interactive shell
 * is refused (the palette's message), a plain command runs.
 */
import crypto from 'node:crypto';
import type { Duplex } from 'node:stream';
import { Client } from '../core/apiserver/client.js';
import { ApiError } from '../core/apiserver/errors.js';
import type { Cluster } from '../core/cluster.js';
// The palette's exec, not its kubectl dispatcher: the dispatcher reaches the router (get --raw), a cycle.
import { execInPod } from '../commands/kubectl/write/exec.js';
import type { KubectlContext } from '../commands/kubectl/types.js';
import { createSession } from '../commands/session.js';
import type { Impersonation } from './auth.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

export interface ExecRequest {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
  token: string;
  impersonate?: Impersonation;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** A failure before the command ran (not found, not running): the Status message. */
  error?: string;
}

/** The protocol to answer with, from Sec-WebSocket-Protocol, or undefined when none is spoken here. */
export function chooseProtocol(offered: string | undefined): string | undefined {
  const list = (offered ?? '').split(',').map((p) => p.trim());
  return EXEC_PROTOCOLS.find((p) => list.includes(p));
}

/** Runs the command through the palette's exec, as the requesting user, and splits its output the way the wire does. */
export function runExec(cluster: Cluster, r: ExecRequest, stdin = ''): ExecResult {
  let client = new Client(cluster.api, { token: r.token }, false, 'kubectl');
  if (r.impersonate) client = client.impersonating(r.impersonate.user, r.impersonate.groups);
  const session = { ...createSession(cluster, { namespace: r.namespace }), client };
  const ctx: KubectlContext = { session, cli: 'kubectl', client, namespace: r.namespace, namespaceExplicit: true, stdin, commandPath: 'kubectl exec', verbosity: 0 };
  let out: { stdout: string; stderr: string; exitCode: number };
  try {
    out = execInPod(ctx, r.pod, r.command, { container: r.container, quiet: true });
  } catch (err) {
    // Failed before running (not found, not running): the message kubectl would show.
    return { stdout: '', stderr: '', exitCode: 1, error: err instanceof Error ? err.message : String(err) };
  }
  const tail = /command terminated with exit code \d+\n$/;
  if (out.exitCode === 0) return { stdout: out.stdout, stderr: out.stderr, exitCode: 0 };
  if (tail.test(out.stderr)) return { stdout: out.stdout, stderr: out.stderr.replace(tail, ''), exitCode: out.exitCode };
  // Failed before running: what kubectl would print from the server's error, without its prefix.
  return { stdout: out.stdout, stderr: '', exitCode: out.exitCode, error: out.stderr.trim().replace(/^error: /, '').replace(/^Error from server \([A-Za-z]+\): /, '') };
}

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]) as Uint8Array, bigLen(len) as Uint8Array]);
  return Buffer.concat([head as Uint8Array, payload as Uint8Array]);
}

function bigLen(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

function channel(ch: number, data: string): Buffer {
  return frame(0x2, Buffer.concat([Buffer.from([ch]) as Uint8Array, Buffer.from(data) as Uint8Array]));
}

/** The final Status on the error channel: Success, or NonZeroExitCode with the code as kubectl reads it. */
export function exitStatus(r: ExecResult, command: string[]): unknown {
  if (r.error !== undefined) return { metadata: {}, status: 'Failure', message: r.error, reason: 'InternalError', code: 500 };
  if (r.exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${r.exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(r.exitCode) }] },
  };
}

/**
 * Completes the WebSocket handshake on the socket and serves one exec: collects stdin (when
 * asked) until the client closes it, runs the command, sends stdout, stderr and the Status,
 * then closes.
 */
export function serveExec(socket: Duplex, key: string, protocol: string, req: ExecRequest, run: (stdin: string) => ExecResult): void {
  const accept = crypto.createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`);
  let done = false;
  let stdinText = '';
  const finish = (): void => {
    if (done) return;
    done = true;
    const r = run(stdinText);
    if (r.stdout) socket.write(channel(1, r.stdout));
    if (r.stderr) socket.write(channel(2, r.stderr));
    socket.write(channel(3, JSON.stringify(exitStatus(r, req.command))));
    socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
  };
  // With a terminal (-t) stdin never closes (raw mode sends Ctrl-D as a byte): run at once.
  if (!req.stdin || req.tty) {
    finish();
    socket.on('data', () => {});
    return;
  }
  // stdin: frames from the client are masked; channel 0 carries data, 255 [0] closes stdin (v5).
  let buf = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf as Uint8Array, chunk as Uint8Array]);
    for (;;) {
      if (buf.length < 2) return;
      const opcode = buf[0]! & 0x0f;
      let len = buf[1]! & 0x7f;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        off = 10;
      }
      const masked = (buf[1]! & 0x80) !== 0;
      const end = off + (masked ? 4 : 0) + len;
      if (buf.length < end) return;
      const mask = masked ? buf.subarray(off, off + 4) : undefined;
      const payload = Buffer.from(buf.subarray(end - len, end) as Uint8Array);
      if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
      buf = buf.subarray(end);
      if (opcode === 0x8) return finish();
      if (opcode !== 0x2 && opcode !== 0x1) continue;
      if (payload[0] === 255) return finish();
      if (payload[0] === 0) stdinText += payload.subarray(1).toString('utf8');
    }
  });
  socket.on('end', finish);
}

/** Query parameters of an exec request: command (repeated), container, stdin, tty. */
export function execParams(q: URLSearchParams): { command: string[]; container?: string; stdin: boolean; tty: boolean } {
  const command = q.getAll('command');
  if (command.length === 0) throw new ApiError(400, 'BadRequest', 'you must specify at least one command for the container');
  const bool = (k: string): boolean => q.get(k) === 'true' || q.get(k) === '1';
  return { command, container: q.get('container') || undefined, stdin: bool('stdin'), tty: bool('tty') };
}
