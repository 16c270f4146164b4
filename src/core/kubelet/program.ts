/**
 * What a simulated container does once started: when it listens and is ready, what it logs,
 * when it exits and with which code, how much memory it uses. Servers follow their image's
 * behaviour; busybox/alpine/ubi-style images interpret simple shell commands (sleep, echo,
 * exit, touch/rm, cat, while/until loops, nslookup/nc/wget/curl against the cluster).
 */
import type { Container, KObject, Pod } from '../api/types.js';
import { httpReply } from '../network/http.js';
import type { ImageBehaviour } from './images.js';
import type { PeriodicLog } from './logs.js';
import type { ControlPlaneProcess } from '../component.js';
import { quantityValue, cpuMillis } from '../api/quantity.js';

export interface Program {
  /** ms after start when the process exits by itself; undefined = runs until stopped. */
  exitAfter?: number;
  exitCode: number;
  listen: number[];
  /** ms after start from which it accepts connections on `listen`. */
  readyAfter: number;
  lines: Array<{ at: number; line: string }>;
  periodic: PeriodicLog[];
  /** Files the process creates or removes (exec probes such as `cat /tmp/healthy`). */
  fileOps: Array<{ at: number; path: string; exists: boolean }>;
  memoryBytes: number;
  memoryGrowthPerSec: number;
  cpuMillis: number;
  /** Whether SIGTERM ends it quickly (servers) or it ignores it as PID 1 (shell scripts). */
  handlesSigterm: boolean;
  /** A control-plane process whose state the container mirrors (static pods). */
  process?: ControlPlaneProcess;
  /** The script blocks in an `until` loop: re-checked over time, then continues. */
  waitUntil?: { check: () => boolean; at: number; period: number; rest: Statement[] };
}

export interface ShellEnv {
  env: Record<string, string>;
  /** File content if the path exists in the container's mounts or image, else undefined. */
  file(path: string): string | undefined;
  /** A TCP connect to host:port from this pod. */
  connect(target: string): { ok: true; pod?: KObject; port?: number } | { ok: false; error: string; reason?: string; ip?: string };
  /** DNS lookup of a name from this pod (timeout: no DNS server answered). */
  lookup(host: string): { ok: true; ip: string; name: string } | { ok: false; timeout?: boolean };
  dnsServer: string;
  hostname: string;
  now: number;
}

const SHELLS = new Set(['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash', '/usr/bin/sh', '/usr/bin/bash']);
const BUILTINS = new Set(['sleep', 'echo', 'exit', 'true', 'false', 'cat', 'tail', 'touch', 'rm', 'printenv', 'env', 'date', 'ls', 'nslookup', 'nc', 'wget', 'curl', 'hostname', 'test', '[', ':', 'printf', 'whoami', 'id', 'sh', 'bash']);

export function baseProgram(b: ImageBehaviour | undefined): Program {
  const listen = b?.listen ?? [];
  const lines: Program['lines'] = [];
  const periodic: PeriodicLog[] = [];
  let i = 0;
  for (const l of b?.logs ?? []) {
    if (typeof l === 'string') lines.push({ at: Math.min(b?.ready ?? 0, 10 * i++), line: l });
    else periodic.push({ every: l.every, line: l.line });
  }
  return {
    exitAfter: b?.exit?.after,
    exitCode: b?.exit?.code ?? 0,
    listen,
    readyAfter: b?.ready ?? 0,
    lines,
    periodic,
    fileOps: [],
    memoryBytes: b?.memory ? quantityValue(b.memory) : 1024 * 1024,
    memoryGrowthPerSec: b?.memoryGrowthPerSec ?? 0,
    cpuMillis: b?.cpu ? cpuMillis(b.cpu) : 0,
    handlesSigterm: listen.length > 0,
  };
}

/**
 * The program a container runs: the image behaviour, unless its command/args ask a
 * shell-capable image to run something we can interpret.
 */
export function containerProgram(c: Container, b: ImageBehaviour | undefined, sh: ShellEnv): Program {
  const base = baseProgram(b);
  const argv = commandLine(c, b);
  if (!argv) return base;
  const stmts = argv.shell ? parseScript(argv.script) : [argv.words];
  const prog: Program = { ...base, exitAfter: undefined, exitCode: 0, lines: [], periodic: [], listen: [], readyAfter: 0, handlesSigterm: false };
  runScript(stmts, 0, prog, sh);
  return prog;
}

function commandLine(c: Container, b: ImageBehaviour | undefined): { shell: true; script: string } | { shell: false; words: string[] } | undefined {
  const entry = b?.entrypoint ?? [];
  const shellImage = entry.some((e) => SHELLS.has(e));
  const argv = c.command?.length ? [...c.command, ...(c.args ?? [])] : c.args?.length ? [...entry, ...c.args] : undefined;
  if (!argv) {
    // No command: a shell image runs its shell with no script and exits at once (busybox's `sh`).
    if (entry.some((e) => SHELLS.has(e)) && !b?.listen?.length && !b?.exit) return { shell: true, script: '' };
    return undefined;
  }
  const first = argv[0]!;
  if (SHELLS.has(first)) {
    const ci = argv.indexOf('-c');
    const script = ci >= 0 ? argv[ci + 1] ?? '' : argv.slice(1).join(' ');
    return { shell: true, script };
  }
  const bare = first.replace(/^\/(usr\/)?s?bin\//, '');
  if (entry[0] === 'curl' && !c.command?.length) return { shell: false, words: ['curl', ...argv.slice(1)] };
  if (shellImage && BUILTINS.has(bare)) return { shell: false, words: [bare, ...argv.slice(1)] };
  if (shellImage) return { shell: false, words: argv };
  return undefined;
}

export type Statement = string[] | { loop: 'while' | 'until'; cond: string[]; body: Statement[] } | { op: '&&' | '||'; left: Statement; right: Statement };

/** A small POSIX-ish parser: `;`, newlines, `&&`, `||`, quotes, `while/until COND; do BODY; done`. */
export function parseScript(script: string): Statement[] {
  const tokens = tokenize(script);
  let pos = 0;
  const parseList = (terminators: Set<string>): Statement[] => {
    const out: Statement[] = [];
    while (pos < tokens.length && !terminators.has(tokens[pos]!)) {
      if (tokens[pos] === ';' || tokens[pos] === '\n') {
        pos++;
        continue;
      }
      out.push(parseAndOr(terminators));
    }
    return out;
  };
  const parseAndOr = (terminators: Set<string>): Statement => {
    let left = parseSimple(terminators);
    while (tokens[pos] === '&&' || tokens[pos] === '||') {
      const op = tokens[pos++] as '&&' | '||';
      const right = parseSimple(terminators);
      left = { op, left, right };
    }
    return left;
  };
  const parseSimple = (terminators: Set<string>): Statement => {
    const t = tokens[pos];
    if (t === 'while' || t === 'until') {
      pos++;
      const cond: string[] = [];
      while (pos < tokens.length && tokens[pos] !== ';' && tokens[pos] !== '\n' && tokens[pos] !== 'do') cond.push(tokens[pos++]!);
      while (tokens[pos] === ';' || tokens[pos] === '\n') pos++;
      if (tokens[pos] === 'do') pos++;
      const body = parseList(new Set(['done']));
      if (tokens[pos] === 'done') pos++;
      return { loop: t, cond, body };
    }
    const words: string[] = [];
    while (pos < tokens.length && ![';', '\n', '&&', '||'].includes(tokens[pos]!) && !terminators.has(tokens[pos]!)) words.push(tokens[pos++]!);
    return words;
  };
  return parseList(new Set());
}

function tokenize(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  const push = (): void => {
    if (has) out.push(cur);
    cur = '';
    has = false;
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "'") {
      const j = s.indexOf("'", i + 1);
      cur += s.slice(i + 1, j < 0 ? s.length : j);
      has = true;
      i = j < 0 ? s.length : j;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') {
        if (s[j] === '\\' && j + 1 < s.length) j++;
        cur += s[j];
        j++;
      }
      has = true;
      i = j;
    } else if (ch === ';' || ch === '\n') {
      push();
      out.push(ch);
    } else if ((ch === '&' || ch === '|') && s[i + 1] === ch) {
      push();
      out.push(ch + ch);
      i++;
    } else if (ch === ' ' || ch === '\t') {
      push();
    } else if (ch === '#' && !has) {
      while (i < s.length && s[i] !== '\n') i++;
      i--;
    } else {
      cur += ch;
      has = true;
    }
  }
  push();
  return out;
}

const FOREVER = Number.POSITIVE_INFINITY;

interface Exec {
  /** Time spent, ms (FOREVER blocks). */
  dur: number;
  status: number;
  exit?: boolean;
}

/** Runs statements from `t` (ms after start), appending output to `prog`. Returns the end time. */
export function runScript(stmts: Statement[], t: number, prog: Program, sh: ShellEnv): number {
  let status = 0;
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]!;
    if (!Array.isArray(s) && 'loop' in s) {
      const r = runLoop(s, t, prog, sh, stmts.slice(i + 1));
      if (r === 'blocked') return FOREVER;
      t = r;
      status = 0;
      continue;
    }
    const r = runStatement(s, t, prog, sh);
    if (r.dur === FOREVER) return FOREVER;
    t += r.dur;
    status = r.status;
    if (r.exit) {
      prog.exitAfter = t;
      prog.exitCode = r.status;
      return t;
    }
  }
  prog.exitAfter = t;
  prog.exitCode = status;
  return t;
}

function runLoop(s: { loop: 'while' | 'until'; cond: string[]; body: Statement[] }, t: number, prog: Program, sh: ShellEnv, rest: Statement[]): number | 'blocked' {
  const condOk = (): boolean => {
    const probe: Program = { ...prog, lines: [], periodic: [], fileOps: [] };
    return runStatement(s.cond, 0, probe, sh).status === 0;
  };
  const ok = condOk();
  const runsBody = s.loop === 'while' ? ok : !ok;
  if (!runsBody) return t;
  // One pass of the body tells the period and what it prints.
  const pass: Program = { ...prog, lines: [], periodic: [], fileOps: [], exitAfter: undefined };
  const end = runScript(s.body, 0, pass, sh);
  const period = Number.isFinite(end) && pass.exitAfter !== undefined ? end : 0;
  if (pass.exitAfter !== undefined && pass.exitAfter < end) {
    // `exit` inside the body ends everything on the first pass.
    for (const l of pass.lines) prog.lines.push({ at: t + l.at, line: l.line });
    prog.exitAfter = t + pass.exitAfter;
    prog.exitCode = pass.exitCode;
    return 'blocked';
  }
  if (period > 0) for (const l of pass.lines) prog.periodic.push({ every: period, line: l.line, offset: t + l.at });
  else for (const l of pass.lines) prog.lines.push({ at: t + l.at, line: l.line });
  const literal = s.cond.join(' ');
  const infinite = s.loop === 'while' ? ['true', ':', '[ 1 ]'].includes(literal) || s.cond.length === 0 : literal === 'false';
  if (!infinite && period > 0) {
    prog.waitUntil = { check: () => (s.loop === 'while' ? !condOk() : condOk()), at: t, period, rest };
  }
  prog.exitAfter = undefined;
  return 'blocked';
}

function expand(word: string, env: Record<string, string>): string {
  return word.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name: string) => env[name] ?? '');
}

function runStatement(s: Statement, t: number, prog: Program, sh: ShellEnv): Exec {
  if (!Array.isArray(s)) {
    if ('op' in s) {
      const l = runStatement(s.left, t, prog, sh);
      if (l.dur === FOREVER || l.exit) return l;
      if ((s.op === '&&' && l.status !== 0) || (s.op === '||' && l.status === 0)) return l;
      const r = runStatement(s.right, t + l.dur, prog, sh);
      return { ...r, dur: l.dur + r.dur };
    }
    const end = runScript([s], t, prog, sh);
    return { dur: end - t, status: 0 };
  }
  const words = s.map((w) => expand(w, sh.env));
  if (words.length === 0) return { dur: 0, status: 0 };
  const [cmd, ...args] = words as [string, ...string[]];
  const say = (line: string): void => {
    prog.lines.push({ at: t, line });
  };
  switch (cmd.replace(/^\/(usr\/)?s?bin\//, '')) {
    case 'sleep': {
      const a = args[0] ?? '';
      if (a === 'infinity' || a === 'inf') return { dur: FOREVER, status: 0 };
      const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
      if (!m) {
        say(`sleep: invalid number '${a}'`);
        return { dur: 0, status: 1 };
      }
      const mult = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
      return { dur: Number(m[1]) * mult, status: 0 };
    }
    case 'echo':
      say(args.filter((a) => a !== '-n' && a !== '-e').join(' '));
      return { dur: 0, status: 0 };
    case 'printf':
      say((args[0] ?? '').replace(/\\n$/, '').replace(/%s/g, () => args[1] ?? ''));
      return { dur: 0, status: 0 };
    case 'exit':
      return { dur: 0, status: Number(args[0] ?? 0) & 255, exit: true };
    case 'true':
    case ':':
    case 'trap':
    case 'set':
    case 'export':
    case 'cd':
    case 'wait':
    case 'umask':
    case 'mkdir':
    case 'chmod':
    case 'chown':
      return { dur: 0, status: 0 };
    case 'exec':
      return runStatement(args, t, prog, sh);
    case 'false':
      return { dur: 0, status: 1 };
    case 'sh':
    case 'bash': {
      const ci = args.indexOf('-c');
      if (ci < 0) return { dur: 0, status: 0 };
      const sub: Program = { ...prog, exitAfter: undefined };
      const end = runScript(parseScript(args[ci + 1] ?? ''), t, sub, sh);
      prog.lines = sub.lines;
      prog.periodic = sub.periodic;
      prog.fileOps = sub.fileOps;
      if (end === FOREVER) {
        prog.waitUntil = sub.waitUntil;
        return { dur: FOREVER, status: 0 };
      }
      return { dur: end - t, status: sub.exitCode };
    }
    case 'tail':
      if (args.includes('-f')) return { dur: FOREVER, status: 0 };
      return catFiles(args.filter((a) => !a.startsWith('-')), t, prog, sh, 'tail');
    case 'cat':
      return catFiles(args, t, prog, sh, 'cat');
    case 'touch':
      for (const p of args) prog.fileOps.push({ at: t, path: p, exists: true });
      return { dur: 0, status: 0 };
    case 'rm':
      for (const p of args.filter((a) => !a.startsWith('-'))) prog.fileOps.push({ at: t, path: p, exists: false });
      return { dur: 0, status: 0 };
    case 'ls':
    case 'test':
    case '[': {
      const p = args.find((a) => a.startsWith('/'));
      if (!p) return { dur: 0, status: 0 };
      const ok = fileExistsAt(p, t, prog, sh);
      if (!ok && cmd === 'ls') say(`ls: ${p}: No such file or directory`);
      return { dur: 0, status: ok ? 0 : 1 };
    }
    case 'printenv':
      if (args.length === 0) for (const [k, v] of Object.entries(sh.env)) say(`${k}=${v}`);
      else for (const a of args) if (sh.env[a] !== undefined) say(sh.env[a]!);
      return { dur: 0, status: args.every((a) => sh.env[a] !== undefined) ? 0 : 1 };
    case 'env':
      for (const [k, v] of Object.entries(sh.env)) say(`${k}=${v}`);
      return { dur: 0, status: 0 };
    case 'hostname':
      say(sh.hostname);
      return { dur: 0, status: 0 };
    case 'whoami':
      say('root');
      return { dur: 0, status: 0 };
    case 'id':
      say('uid=0(root) gid=0(root) groups=0(root),10(wheel)');
      return { dur: 0, status: 0 };
    case 'date':
      say(new Date(sh.now + t).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 UTC $4'));
      return { dur: 0, status: 0 };
    case 'nslookup': {
      const host = args.find((a) => !a.startsWith('-')) ?? '';
      const r = sh.lookup(host);
      if (!r.ok && r.timeout) {
        say(';; connection timed out; no servers could be reached');
        return { dur: 15000, status: 1 };
      }
      say(`Server:\t\t${sh.dnsServer}`);
      say(`Address:\t${sh.dnsServer}:53`);
      say('');
      if (!r.ok) {
        say(`** server can't find ${host}: NXDOMAIN`);
        return { dur: 0, status: 1 };
      }
      say(`Name:\t${r.name}`);
      say(`Address: ${r.ip}`);
      return { dur: 0, status: 0 };
    }
    case 'nc': {
      const pos = args.filter((a) => !a.startsWith('-'));
      const r = sh.connect(`${pos[0]}:${pos[1] ?? 80}`);
      if (!r.ok) say(`nc: ${r.error}`);
      return { dur: r.ok ? 0 : 1000, status: r.ok ? 0 : 1 };
    }
    case 'wget':
    case 'curl': {
      const { url, toStdout, quiet } = httpArgs(cmd, args);
      if (!url) return { dur: 0, status: cmd === 'curl' ? 2 : 1 };
      const m = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?/.exec(url)!;
      const port = m[3] ?? (m[1] === 'https' ? '443' : '80');
      const r = sh.connect(`${m[2]}:${port}`);
      if (r.ok) {
        if (cmd === 'wget' && !quiet) say(`Connecting to ${m[2]}${port === '80' ? '' : `:${port}`}`);
        const reply = httpReply(r.pod as Pod | undefined, r.port ?? Number(port));
        if (toStdout && reply.body) for (const l of reply.body.replace(/\n$/, '').split('\n')) say(l);
        if (cmd === 'wget' && !toStdout && !quiet) say("saving to 'index.html'");
        return { dur: 0, status: 0 };
      }
      if (r.reason === 'dns-timeout' || r.reason === 'nxdomain') {
        say(cmd === 'curl' ? `curl: (6) Could not resolve host: ${m[2]}` : `wget: bad address '${m[2]}'`);
        return { dur: r.reason === 'dns-timeout' ? 10000 : 0, status: cmd === 'curl' ? 6 : 1 };
      }
      if (r.reason === 'timeout') {
        say(cmd === 'curl' ? `curl: (28) Failed to connect to ${m[2]} port ${port} after 130000 ms: Couldn't connect to server` : `wget: can't connect to remote host (${r.ip ?? m[2]}): Connection timed out`);
        return { dur: 130000, status: cmd === 'curl' ? 28 : 1 };
      }
      say(cmd === 'curl' ? `curl: (7) Failed to connect to ${m[2]} port ${port} after 0 ms: Couldn't connect to server` : `wget: can't connect to remote host (${r.ip ?? m[2]}): Connection refused`);
      return { dur: 1000, status: cmd === 'curl' ? 7 : 1 };
    }
    default:
      say(`sh: ${cmd}: not found`);
      return { dur: 0, status: 127 };
  }
}

/** The URL and output choice of a busybox wget or a curl command line (flags with values skipped). */
function httpArgs(cmd: string, args: string[]): { url?: string; toStdout: boolean; quiet: boolean } {
  const withValue = cmd === 'curl' ? new Set(['-o', '-H', '-m', '-X', '-d', '-u', '-A', '--connect-timeout', '--max-time', '--header', '--data', '--output']) : new Set(['-O', '-T', '-U', '-o', '-P', '--header', '-Y']);
  let url: string | undefined;
  let toStdout = cmd === 'curl';
  let quiet = cmd === 'curl';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (withValue.has(a)) {
      const v = args[++i];
      if (a === '-O') toStdout = v === '-';
      if (a === '-o' && cmd === 'curl') toStdout = v === '-';
      continue;
    }
    if (a.startsWith('-')) {
      if (cmd === 'wget' && /^-[a-zA-Z]*O-$/.test(a)) toStdout = true;
      if (cmd === 'wget' && /^-[a-zA-Z]*q/.test(a)) quiet = true;
      continue;
    }
    url ??= a;
  }
  return { url, toStdout, quiet };
}

function catFiles(paths: string[], t: number, prog: Program, sh: ShellEnv, tool: string): Exec {
  let status = 0;
  for (const p of paths) {
    if (!fileExistsAt(p, t, prog, sh)) {
      prog.lines.push({ at: t, line: tool === 'cat' ? `cat: can't open '${p}': No such file or directory` : `tail: can't open '${p}': No such file or directory` });
      status = 1;
      continue;
    }
    const content = sh.file(p);
    if (content) for (const line of content.replace(/\n$/, '').split('\n')) prog.lines.push({ at: t, line });
  }
  return { dur: 0, status };
}

function fileExistsAt(path: string, t: number, prog: Program, sh: ShellEnv): boolean {
  let exists = sh.file(path) !== undefined;
  for (const op of prog.fileOps) if (op.path === path && op.at <= t) exists = op.exists;
  return exists;
}

/** Whether `path` exists at `t` ms after start, given mounts and the script's touch/rm. */
export function fileExists(path: string, t: number, prog: Program, sh: Pick<ShellEnv, 'file'>): boolean {
  return fileExistsAt(path, t, prog, sh as ShellEnv);
}

/** Times (ms after start) at which an exec probe's answer may change. */
export function fileChangePoints(prog: Program): number[] {
  return prog.fileOps.map((o) => o.at);
}
