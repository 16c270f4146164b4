/**
 * One pod on one node: the kubelet's pod worker. It mounts volumes, creates the sandbox, runs
 * init containers in order, pulls images, resolves env, starts containers, probes them, restarts
 * them with back-off, and stops them when the pod is deleted. It keeps at most one timer: the
 * next instant something is due (a pull finishing, a process exiting, a probe that can change
 * the outcome, a back-off ending). A healthy running pod has no timer at all.
 */
import type { Container, ContainerStatus, Pod, PodStatus, Probe, Condition } from '../api/types.js';
import type { ImageBehaviour } from './images.js';
import { normalizeImage } from './images.js';
import { formatGoDuration } from '../clock.js';
import { quantityValue } from '../api/quantity.js';
import { ApiError } from '../apiserver/errors.js';
import type { Program, ShellEnv } from './program.js';
import { baseProgram, containerProgram, fileExists, parseScript, runScript } from './program.js';
import { ContainerLog } from './logs.js';
import { checkVolumes, containerFile, resolveEnv, type VolumeProblem } from './env.js';
import { imageIdOf, invalidReference, type PullResult } from './pull.js';
import type { KubeletCore } from './core.js';
import type { ControlPlaneProcess } from '../component.js';
import { goQuote, startContainerError } from './journal.js';
import { CNI_TIMEOUT_MS } from './connectivity.js';
import { jsonEqual } from '../api/equal.js';

/** Sandbox creation (CNI included) and PLEG relist latency. */
export const SANDBOX_MS = 1000;
export const PLEG_MS = 1000;
/** How soon after a failed pull the pod worker syncs again (and shows ImagePullBackOff). */
export const PULL_RESYNC_MS = 5000;
/** Pod worker retry after a sync error (CreateContainerConfigError). */
export const SYNC_RETRY_MS = 10_000;
/** podAttachAndMountTimeout: 2m3s. */
export const MOUNT_TIMEOUT_MS = 123_000;
const REQUIREMENT_EXIT_MS = 1000;

export interface Run {
  id: string;
  attempt: number;
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  program: Program;
  log: ContainerLog;
  shell: ShellEnv;
  /** Pending kill: the process ends at stopAt with stopCode. */
  stopAt?: number;
  stopCode?: number;
  oomAt?: number;
  /** `<runtime>://<id>`, built once. */
  containerID?: string;
}

interface ProbeState {
  kind: 'Startup' | 'Liveness' | 'Readiness';
  spec: Probe;
  base: number;
  period: number;
  next?: number;
  fails: number;
  succs: number;
}

export interface CState {
  spec: Container;
  init: boolean;
  waiting?: { reason: string; message?: string };
  run?: Run;
  prev?: Run;
  restartCount: number;
  imageID: string;
  behaviour?: ImageBehaviour;
  pull?: PullResult;
  /** Next start attempt (pull, create) is not before this time. */
  notBefore: number;
  ready: boolean;
  started: boolean;
  probes: ProbeState[];
  /** Finished and not to be restarted (init completed, or policy says no). */
  done: boolean;
  /** A BackOff event was recorded for the current back-off window. */
  backoffNoted?: number;
  process?: ControlPlaneProcess;
  /** When the current pull was asked for (the Pulled event's "including waiting"). */
  pullRequested?: number;
}

export class PodWorker {
  pod: Pod;
  readonly key: string;
  readonly uid: string;
  readonly isStatic: boolean;
  readonly containers: CState[] = [];
  readonly inits: CState[] = [];
  startTime?: number;
  sandbox?: { id: string; createdAt: number; readyAt: number; ip: string; cniSince?: number };
  podIP?: string;
  terminating?: { since: number; deleted: boolean };
  terminal?: 'Succeeded' | 'Failed';
  evicted?: { message: string };
  /** Ended by the kubelet itself: admission rejection or activeDeadlineSeconds. */
  ended?: { reason: string; message: string; rejected: boolean };
  private volumesOk = false;
  private mountFirstFail?: number;
  private mountRetry = 500;
  private mountNextTimeout?: number;
  private timer?: number;
  private timerAt = Infinity;
  /** Last transition per condition type (a handful: a list is smaller than a Map per pod). */
  private transitions: Array<{ type: string; status: string; at: string }> = [];
  /** The status last written (undefined: write the next one whatever it is). */
  lastStatus?: PodStatus;
  /** Cached from the spec (resources do not change in place here). */
  requests?: { cpu: number; memory: number };
  private qosCache?: 'Guaranteed' | 'Burstable' | 'BestEffort';
  dirty = false;
  gone = false;
  retryAt?: number;

  constructor(
    private readonly k: KubeletCore,
    pod: Pod,
    opts: { static?: boolean; processes?: Record<string, ControlPlaneProcess> } = {},
  ) {
    this.pod = pod;
    this.key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    this.uid = pod.metadata.uid ?? '';
    this.isStatic = !!opts.static;
    for (const c of pod.spec.initContainers ?? []) this.inits.push(newCState(c, true));
    for (const c of pod.spec.containers) this.containers.push({ ...newCState(c, false), process: opts.processes?.[c.name] });
  }

  get qos(): 'Guaranteed' | 'Burstable' | 'BestEffort' {
    return (this.qosCache ??= qosClass(this.pod));
  }

  /** Init containers then containers (read-only: the containers list itself when there are no inits). */
  get all(): CState[] {
    return this.inits.length === 0 ? this.containers : [...this.inits, ...this.containers];
  }

  get podName(): string {
    return `${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})`;
  }

  /** A newer pod object from the informer. */
  update(pod: Pod): void {
    const old = this.pod;
    this.pod = pod;
    if (old.spec !== pod.spec) this.specChanged(old);
    if (pod.metadata.deletionTimestamp !== old.metadata.deletionTimestamp || old.spec !== pod.spec) this.wake();
  }

  /** Runs sync after the current task (coalesced). */
  wake(): void {
    this.schedule(this.k.clock.now());
  }

  schedule(at: number): void {
    if (this.gone) return;
    if (at >= this.timerAt) return;
    if (this.timer !== undefined) this.k.clock.clear(this.timer);
    this.timerAt = at;
    this.timer = this.k.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.sync();
    }, at - this.k.clock.now());
  }

  destroy(): void {
    this.gone = true;
    if (this.timer !== undefined) this.k.clock.clear(this.timer);
    this.timer = undefined;
    this.releaseIP();
    this.k.crashBackoff.resetPrefix(`${this.uid}/`);
    this.k.pullBackoff.resetPrefix(`${this.uid}/`);
    for (const c of this.all) this.k.lastPullError.delete(`${this.uid}/${c.spec.image}`);
  }

  // ---------------------------------------------------------------- sync

  sync(): void {
    if (this.gone) return;
    const now = this.k.clock.now();
    this.processEvents(now);
    if (this.k.running) {
      if (this.pod.metadata.deletionTimestamp && !this.isStatic) this.terminate(now);
      else if (!this.terminal && !this.evicted && !this.ended) this.advance(now);
      this.logSyncErrors(now);
      this.refreshStatus();
    }
    this.scheduleNext(now);
  }

  /** Things processes do on their own, kubelet or not: exit, get OOM-killed, finish a kill. */
  private processEvents(now: number): void {
    for (const c of this.all) {
      const r = c.run;
      if (!r || r.finishedAt !== undefined) continue;
      const candidates: Array<[number, number, string]> = [];
      if (r.stopAt !== undefined) candidates.push([r.stopAt, r.stopCode ?? 137, 'Error']);
      if (r.oomAt !== undefined) candidates.push([r.oomAt, 137, 'OOMKilled']);
      if (r.program.exitAfter !== undefined) candidates.push([r.startedAt + r.program.exitAfter, r.program.exitCode, '']);
      if (c.process && !this.k.processRunning(c.process)) candidates.push([now, 1, 'Error']);
      candidates.sort((a, b) => a[0] - b[0]);
      const first = candidates[0];
      if (first && first[0] <= now) this.finish(c, first[0], first[1], first[2]);
      else if (r.program.waitUntil) this.checkWaitUntil(c, now);
    }
  }

  private checkWaitUntil(c: CState, now: number): void {
    const r = c.run!;
    const w = r.program.waitUntil!;
    const rel = now - r.startedAt;
    if (rel < w.at + w.period || !w.check()) return;
    // The loop's condition holds now: the script goes on from here.
    const prior = r.log.read(now);
    const prog = r.program;
    prog.waitUntil = undefined;
    prog.periodic = [];
    const before = prog.lines.length;
    runScript(w.rest, rel, prog, r.shell);
    const log = new ContainerLog(r.startedAt, prog.periodic);
    for (const l of prior) log.append(l.t, l.line);
    for (const l of prog.lines.slice(before)) log.append(r.startedAt + l.at, l.line);
    r.log = log;
  }

  /** Created on the first error logged (most pods never have one). */
  private loggedErrors?: Map<string, string>;

  /** The pod worker's "Error syncing pod, skipping" line, once per new error of a container. */
  private logSyncErrors(now: number): void {
    for (const c of this.all) {
      const w = c.waiting;
      const errReason = w && ERROR_REASONS.has(w.reason) ? w.reason : undefined;
      const key = errReason ? `${errReason}/${w!.message ?? ''}` : '';
      if ((this.loggedErrors?.get(c.spec.name) ?? '') === key) continue;
      (this.loggedErrors ??= new Map()).set(c.spec.name, key);
      if (!errReason) continue;
      this.k.journal.log(now, 'E', 'pod_workers.go:1301', 'Error syncing pod, skipping', [
        ['err', startContainerError(c.spec.name, errReason, w!.message ?? '')],
        ['pod', this.key],
        ['podUID', this.uid],
      ]);
    }
  }

  private finish(c: CState, at: number, code: number, reason: string): void {
    const r = c.run!;
    if (this.k.running) {
      this.k.journal.log(Math.max(at, this.k.clock.now()), 'I', 'kubelet.go:2453', 'SyncLoop (PLEG): event for pod', [
        ['pod', this.key],
        ['event', { raw: JSON.stringify({ ID: this.uid, Type: 'ContainerDied', Data: r.id }) }],
      ]);
    }
    r.finishedAt = at;
    r.exitCode = code;
    r.reason = reason || (code === 0 ? 'Completed' : 'Error');
    r.stopAt = undefined;
    c.ready = false;
    c.started = false;
    c.probes = [];
  }

  // ---------------------------------------------------------------- lifecycle

  private advance(now: number): void {
    if (this.startTime === undefined) {
      const rejected = this.isStatic ? undefined : this.k.admit(this);
      if (rejected) {
        this.ended = { ...rejected, rejected: true };
        this.terminal = 'Failed';
        for (const c of this.all) c.done = true;
        this.k.recorder.warning(this.pod, rejected.reason, rejected.message);
        return;
      }
      this.startTime = now;
    }
    const deadline = this.pod.spec.activeDeadlineSeconds as number | undefined;
    if (deadline !== undefined && now >= this.startTime + deadline * 1000) {
      this.end('DeadlineExceeded', 'Pod was active on the node longer than the specified deadline');
      return;
    }
    if (!this.volumesOk && !this.mountVolumes(now)) return;
    if (!this.sandbox) {
      const ip = this.pod.spec.hostNetwork ? this.k.node.ip : this.k.ipam.allocate();
      if (!ip) return;
      this.sandbox = { id: this.k.newId(), createdAt: now, readyAt: now + SANDBOX_MS, ip };
    }
    if (now < this.sandbox.readyAt) return;
    if (!this.podIP) {
      if (!this.pod.spec.hostNetwork && !this.cniReady(now)) return;
      this.podIP = this.sandbox.ip;
      if (!this.pod.spec.hostNetwork) this.k.sandboxReady(this);
    }
    // Init containers, one at a time, in order.
    for (const c of this.inits) {
      if (isSidecar(c)) {
        // A restartable init container (native sidecar) keeps running; the next one starts once it has started.
        this.stepContainer(c, now);
        if (!(c.run && c.run.finishedAt === undefined && c.started)) return this.checkTerminal();
        continue;
      }
      if (c.done) continue;
      this.stepContainer(c, now);
      if (!c.done || this.terminal) return this.checkTerminal();
    }
    for (const c of this.containers) {
      if (c.done) continue;
      const busy = this.stepContainer(c, now);
      if (busy) break; // the kubelet starts containers one after another
    }
    this.checkTerminal();
  }

  private mountVolumes(now: number): boolean {
    const problems = checkVolumes(this.pod, this.k.lookups);
    if (problems.length === 0) {
      this.volumesOk = true;
      this.mountFirstFail = undefined;
      return true;
    }
    if (this.retryAt !== undefined && now < this.retryAt) return false;
    if (this.mountFirstFail === undefined) {
      this.mountFirstFail = now;
      this.mountNextTimeout = now + MOUNT_TIMEOUT_MS;
    }
    for (const p of problems) {
      if (p.kind === 'setup') this.k.recorder.warning(this.pod, 'FailedMount', `MountVolume.SetUp failed for volume "${p.volume}" : ${p.error}`);
      if (p.event) this.k.recorder.warning(this.pod, 'FailedMount', p.event);
      if (p.waitOn) this.k.waitFor(p.waitOn.kind, this.pod.metadata.namespace!, p.waitOn.name, this);
    }
    if (this.mountNextTimeout !== undefined && now >= this.mountNextTimeout) {
      this.k.recorder.warning(this.pod, 'FailedMount', mountTimeoutMessage(problems));
      this.mountNextTimeout = now + MOUNT_TIMEOUT_MS;
    }
    this.retryAt = Math.min(now + this.mountRetry, this.mountNextTimeout ?? Infinity);
    this.mountRetry = Math.min(this.mountRetry * 2, 122_000);
    return false;
  }

  /** Moves one container forward. Returns true while it is busy starting (pulling). */
  private stepContainer(c: CState, now: number): boolean {
    const r = c.run;
    if (r && r.finishedAt === undefined) {
      this.stepProbes(c, now);
      return false;
    }
    if (r && r.finishedAt !== undefined && !c.waiting) {
      // Exited: decide whether it comes back (after PLEG notices).
      if (now < r.finishedAt + PLEG_MS) return false;
      if (!this.shouldRestart(c, r.exitCode ?? 0)) {
        c.done = true;
        if (c.init && (r.exitCode ?? 0) !== 0) this.terminal = 'Failed';
        return false;
      }
    }
    if (now < c.notBefore) return false;
    if (r && r.finishedAt !== undefined && c.waiting?.reason !== 'ErrImagePull' && c.waiting?.reason !== 'ImagePullBackOff' && c.waiting?.reason !== 'CreateContainerConfigError' && !c.pull) {
      // Crash-loop back-off from the last finish.
      const key = this.backoffKey(c);
      if (c.process && this.k.processRunning(c.process)) {
        // A static pod's process came back: show it at once rather than after the back-off.
      } else if (this.k.crashBackoff.isInBackOffSince(key, r.finishedAt!, now)) {
        const b = this.k.crashBackoff.get(key);
        c.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${formatGoDuration(b)} restarting failed container=${c.spec.name} pod=${this.podName}` };
        if (c.backoffNoted !== r.finishedAt) {
          c.backoffNoted = r.finishedAt;
          this.k.recorder.warning(this.pod, 'BackOff', `Back-off restarting failed container ${c.spec.name} in pod ${this.podName}`, fieldPath(c));
        }
        c.notBefore = r.finishedAt! + b;
        return false;
      }
      this.k.crashBackoff.next(key, now);
    }
    return this.startContainer(c, now);
  }

  private shouldRestart(c: CState, code: number): boolean {
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    if (isSidecar(c)) return !this.terminal;
    if (c.init) return code !== 0 && policy !== 'Never';
    if (policy === 'Always') return true;
    if (policy === 'OnFailure') return code !== 0;
    return false;
  }

  private backoffKey(c: CState): string {
    return `${this.uid}/${c.spec.name}`;
  }

  /** Image, env, create, start. Returns true while a pull is in progress. */
  private startContainer(c: CState, now: number): boolean {
    const k = this.k;
    const image = c.spec.image;
    const fp = fieldPath(c);
    if (c.pull) {
      if (now < c.pull.endAt) return true;
      const p = c.pull;
      c.pull = undefined;
      if (!p.ok) {
        k.recorder.warning(this.pod, 'Failed', `Failed to pull image "${image}": ${p.error}`, fp);
        k.journal.log(now, 'E', 'log.go:32', 'PullImage from image service failed', [['err', p.error], ['image', normalizeImage(image)]]);
        k.recorder.warning(this.pod, 'Failed', 'Error: ErrImagePull', fp);
        k.pullBackoff.next(`${this.uid}/${image}`, now);
        k.lastPullError.set(`${this.uid}/${image}`, `ErrImagePull: ${p.error}`);
        c.waiting = { reason: 'ErrImagePull', message: p.error };
        c.notBefore = now + PULL_RESYNC_MS;
        return false;
      }
      const dur = formatGoDuration(p.endAt - p.startAt);
      const total = formatGoDuration(p.endAt - (c.pullRequested ?? p.startAt));
      k.images.add(image);
      k.recorder.normal(this.pod, 'Pulled', `Successfully pulled image "${image}" in ${dur} (${total} including waiting). Image size: ${p.sizeBytes} bytes.`, fp);
      c.imageID = imageIdOf(image);
      return this.createContainer(c, now);
    }
    const bad = invalidReference(image);
    if (bad) {
      const msg = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${bad}`;
      if (c.waiting?.reason !== 'InvalidImageName') {
        k.recorder.warning(this.pod, 'InspectFailed', msg, fp);
        k.recorder.warning(this.pod, 'Failed', 'Error: InvalidImageName', fp);
      }
      c.waiting = { reason: 'InvalidImageName', message: msg };
      c.notBefore = Infinity;
      return false;
    }
    const policy = c.spec.imagePullPolicy ?? defaultPullPolicy(image);
    const present = k.images.has(image);
    if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
      if (!present) {
        const msg = `Container image "${image}" is not present with pull policy of Never`;
        k.recorder.warning(this.pod, 'ErrImageNeverPull', msg, fp);
        k.recorder.warning(this.pod, 'Failed', 'Error: ErrImageNeverPull', fp);
        c.waiting = { reason: 'ErrImageNeverPull', message: msg };
        c.notBefore = now + SYNC_RETRY_MS;
        return false;
      }
      k.recorder.normal(this.pod, 'Pulled', `Container image "${image}" already present on machine`, fp);
      c.imageID = imageIdOf(image);
      return this.createContainer(c, now);
    }
    const bkey = `${this.uid}/${image}`;
    if (k.pullBackoff.isInBackOffSinceUpdate(bkey, now)) {
      const prevErr = k.lastPullError.get(bkey);
      const until = (k.pullBackoff.lastUpdate(bkey) ?? now) + k.pullBackoff.get(bkey);
      if (c.waiting?.reason !== 'ImagePullBackOff') {
        k.recorder.normal(this.pod, 'BackOff', `Back-off pulling image "${image}"`, fp);
        k.recorder.warning(this.pod, 'Failed', 'Error: ImagePullBackOff', fp);
      }
      c.waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"${prevErr ? `: ${prevErr}` : ''}` };
      c.notBefore = until;
      return false;
    }
    k.recorder.normal(this.pod, 'Pulling', `Pulling image "${image}"`, fp);
    c.pull = k.images.pull(image, now);
    c.pullRequested = now;
    // The status keeps showing the last pull error (or the last exit) while the next attempt runs.
    if (!c.waiting && !c.run) c.waiting = { reason: c.init ? 'PodInitializing' : 'ContainerCreating' };
    return true;
  }

  private createContainer(c: CState, now: number): boolean {
    const k = this.k;
    const fp = fieldPath(c);
    const env = resolveEnv(this.pod, c.spec, k.lookups, { podIP: this.podIP, hostIP: k.node.ip, kubernetesServiceIP: k.kubernetesServiceIP });
    if (!env.ok) {
      k.recorder.warning(this.pod, 'Failed', `Error: ${env.error}`, fp);
      c.waiting = { reason: 'CreateContainerConfigError', message: env.error };
      c.notBefore = now + SYNC_RETRY_MS;
      if (env.waitOn) k.waitFor(env.waitOn.kind, this.pod.metadata.namespace!, env.waitOn.name, this);
      return false;
    }
    c.behaviour = k.ctx.images.lookup(c.spec.image);
    const shell = this.shellEnv(c, env.env, now);
    let program = containerProgram(c.spec, c.behaviour, shell);
    const failure = this.requirementFailure(c, env.env, shell);
    if (failure) {
      program = { ...baseProgram(c.behaviour), listen: [], exitAfter: REQUIREMENT_EXIT_MS, exitCode: 1, periodic: [], lines: failure.map((line, i) => ({ at: 100 + i, line })) };
    }
    if (c.process && !k.processRunning(c.process)) {
      program = { ...program, listen: [], exitAfter: 500, exitCode: 1, periodic: [], lines: [{ at: 100, line: processDownLine(c.process) }] };
    }
    const attempt = c.run ? c.restartCount + 1 : 0;
    if (c.run) {
      c.prev = c.run;
      c.restartCount++;
    }
    const run: Run = { id: k.newId(), attempt, startedAt: now, program, log: new ContainerLog(now, program.periodic), shell };
    for (const l of program.lines) run.log.append(now + l.at, l.line);
    const limit = c.spec.resources?.limits?.memory;
    if (limit) {
      const lim = quantityValue(limit);
      if (program.memoryBytes >= lim) run.oomAt = now + 200;
      else if (program.memoryGrowthPerSec > 0) run.oomAt = now + Math.ceil(((lim - program.memoryBytes) / program.memoryGrowthPerSec) * 1000);
    }
    c.run = run;
    c.waiting = undefined;
    c.backoffNoted = undefined;
    k.recorder.normal(this.pod, 'Created', `Created container: ${c.spec.name}`, fp);
    k.recorder.normal(this.pod, 'Started', `Started container ${c.spec.name}`, fp);
    this.setupProbes(c, now);
    return false;
  }

  private requirementFailure(c: CState, env: Record<string, string>, shell: ShellEnv): string[] | undefined {
    const req = c.behaviour?.requires;
    if (!req) return undefined;
    const msgs = c.behaviour?.failMessages ?? {};
    for (const name of req.env ?? []) {
      if (!env[name]) return (msgs.env ?? `Error: environment variable ${name} is required but not set`).replace(/\{name\}/g, name).split('\n');
    }
    for (const f of req.files ?? []) {
      if (shell.file(f) === undefined) return (msgs.files ?? `Error: open ${f}: no such file or directory`).replace(/\{name\}/g, f).split('\n');
    }
    for (const target of req.connect ?? []) {
      const r = shell.connect(target);
      if (!r.ok) return (msgs.connect ?? `Error: ${r.error}`).replace(/\{name\}/g, target).replace(/\{error\}/g, r.error).split('\n');
    }
    return undefined;
  }

  private shellEnv(c: CState, env: Record<string, string>, now: number): ShellEnv {
    const k = this.k;
    const from = { namespace: this.pod.metadata.namespace!, pod: this.pod.metadata.name, podIP: this.podIP, node: k.node.name };
    const ns = this.pod.metadata.namespace!;
    return {
      env,
      now,
      hostname: this.pod.metadata.name,
      dnsServer: k.ctx.info.dnsServiceIP,
      file: (path) => containerFile(this.pod, c.spec, path, k.lookups, { podIP: this.podIP, resolvConf: this.resolvConf() }),
      connect: (target) => k.connectivity().connect(from, target),
      lookup: (host) => k.connectivity().lookup?.(from, host) ?? k.lookup(ns, host),
    };
  }

  /**
   * CNI ADD: the network plugin may keep the sandbox waiting (OVN-Kubernetes waits for the
   * port binding); it re-checks every 5 s and fails the sandbox after CNI_TIMEOUT_MS, and the
   * runtime starts over with a new sandbox.
   */
  private cniReady(now: number): boolean {
    const sb = this.sandbox!;
    const err = this.k.connectivity().podNetworkError?.(this.pod, this.k.node.name, sb.ip, sb.id);
    if (!err) return true;
    if (sb.cniSince !== undefined && now >= sb.cniSince + CNI_TIMEOUT_MS) {
      this.k.recorder.warning(this.pod, 'FailedCreatePodSandBox', err);
      const rpc = err.replace(/^Failed to create pod sandbox: /, '');
      this.k.journal.log(now, 'E', 'kuberuntime_sandbox.go:72', 'Failed to create sandbox for pod', [['err', rpc], ['pod', this.key]]);
      this.k.journal.log(now, 'E', 'pod_workers.go:1301', 'Error syncing pod, skipping', [
        ['err', `failed to "CreatePodSandbox" for "${this.podName}" with CreatePodSandboxError: ${goQuote(`Failed to create sandbox for pod ${goQuote(this.podName)}: ${rpc}`)}`],
        ['pod', this.key],
        ['podUID', this.uid],
      ]);
      this.sandbox = { id: this.k.newId(), createdAt: now, readyAt: now + 5_000, ip: sb.ip, cniSince: now };
      return false;
    }
    sb.cniSince ??= now;
    sb.readyAt = Math.min(now + 5_000, sb.cniSince + CNI_TIMEOUT_MS);
    return false;
  }

  private resolvConf(): string {
    const ns = this.pod.metadata.namespace;
    return `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${this.k.ctx.info.dnsServiceIP}\noptions ndots:5\n`;
  }

  // ---------------------------------------------------------------- probes

  private setupProbes(c: CState, now: number): void {
    const s = c.spec;
    c.probes = [];
    c.started = !s.startupProbe;
    c.ready = false;
    if (s.startupProbe) c.probes.push(probeState('Startup', s.startupProbe, now));
    else this.activateProbes(c, now);
    if (!s.readinessProbe && c.started) c.ready = true;
  }

  private activateProbes(c: CState, at: number): void {
    const s = c.spec;
    const start = c.run!.startedAt;
    if (s.livenessProbe) c.probes.push(probeState('Liveness', s.livenessProbe, start, at));
    if (s.readinessProbe) c.probes.push(probeState('Readiness', s.readinessProbe, start, at));
  }

  private stepProbes(c: CState, now: number): void {
    for (let i = 0; i < c.probes.length; i++) {
      const p = c.probes[i]!;
      // After the kubelet was down, missed ticks are not replayed: probing resumes on the next one.
      if (p.next !== undefined && now - p.next > p.period) p.next = p.base + Math.ceil((now - p.period - p.base) / p.period) * p.period;
      while (p.next !== undefined && p.next <= now && c.run && c.run.finishedAt === undefined) {
        const t = p.next;
        const res = this.probe(c, p.spec, t);
        if (res.ok) {
          p.succs++;
          p.fails = 0;
        } else {
          p.fails++;
          p.succs = 0;
          this.k.recorder.warning(this.pod, 'Unhealthy', `${p.kind} probe failed: ${res.output}`, fieldPath(c));
          this.k.journal.log(t, 'I', 'prober.go:107', 'Probe failed', [
            ['probeType', p.kind],
            ['pod', this.key],
            ['podUID', this.uid],
            ['containerName', c.spec.name],
            ['probeResult', 'failure'],
            ['output', res.output],
          ]);
        }
        const ft = p.spec.failureThreshold ?? 3;
        const st = p.kind === 'Readiness' ? p.spec.successThreshold ?? 1 : 1;
        if (p.kind === 'Startup') {
          if (res.ok) {
            c.started = true;
            c.probes.splice(i, 1);
            i--;
            this.activateProbes(c, t);
            if (!c.spec.readinessProbe) c.ready = true;
            break;
          }
          if (p.fails >= ft) {
            this.kill(c, now, `Container ${c.spec.name} failed startup probe, will be restarted`);
            return;
          }
        } else if (p.kind === 'Liveness') {
          if (!res.ok && p.fails >= ft) {
            this.kill(c, now, `Container ${c.spec.name} failed liveness probe, will be restarted`);
            return;
          }
        } else {
          if (res.ok && p.succs >= st) c.ready = true;
          if (!res.ok && p.fails >= ft) c.ready = false;
        }
        p.next = this.nextProbeTime(c, p, t, res.ok);
      }
    }
  }

  /** The next tick worth running: skips ticks whose outcome cannot differ from the last. */
  private nextProbeTime(c: CState, p: ProbeState, t: number, ok: boolean): number | undefined {
    const tick = t + p.period;
    const settled = ok && (p.kind !== 'Readiness' || c.ready);
    if (!settled) return tick;
    const change = this.nextChange(c, t);
    if (change === undefined) return undefined;
    return p.base + Math.ceil((change - p.base) / p.period) * p.period;
  }

  private nextChange(c: CState, after: number): number | undefined {
    const r = c.run!;
    let best: number | undefined;
    const consider = (x: number): void => {
      if (x > after && (best === undefined || x < best)) best = x;
    };
    consider(r.startedAt + r.program.readyAfter);
    for (const op of r.program.fileOps) consider(r.startedAt + op.at);
    return best;
  }

  private probe(c: CState, spec: Probe, t: number): { ok: boolean; output: string } {
    const r = c.run!;
    const rel = t - r.startedAt;
    const ip = this.podIP ?? this.k.node.ip;
    if (spec.exec) return this.execProbe(spec.exec.command ?? [], r, rel);
    const target = spec.httpGet ?? spec.tcpSocket ?? spec.grpc;
    if (!target) return { ok: true, output: '' };
    const port = resolvePort(c.spec, target.port);
    const listening = port !== undefined && r.program.listen.includes(port) && rel >= r.program.readyAfter;
    if (listening) return { ok: true, output: '' };
    const host = (spec.httpGet as { host?: string } | undefined)?.host ?? ip;
    const addr = `${host}:${port ?? target.port}`;
    if (spec.httpGet) {
      const scheme = (spec.httpGet.scheme ?? 'HTTP').toLowerCase();
      const path = spec.httpGet.path ?? '/';
      return { ok: false, output: `Get "${scheme}://${addr}${path.startsWith('/') ? path : `/${path}`}": dial tcp ${addr}: connect: connection refused` };
    }
    if (spec.grpc) return { ok: false, output: `timeout: failed to connect service "${addr}" within ${spec.timeoutSeconds ?? 1}s: context deadline exceeded` };
    return { ok: false, output: `dial tcp ${addr}: connect: connection refused` };
  }

  private execProbe(command: string[], r: Run, rel: number): { ok: boolean; output: string } {
    const shellForm = ['sh', '/bin/sh', 'bash', '/bin/bash'].includes(command[0] ?? '') && command[1] === '-c';
    const stmts = shellForm ? parseScript(command[2] ?? '') : [command];
    // Run the probe command against the container's files as they are at `rel`.
    const probeProg: Program = { ...r.program, lines: [], periodic: [], fileOps: r.program.fileOps.filter((o) => o.at <= rel).map((o) => ({ ...o, at: 0 })), exitAfter: undefined, waitUntil: undefined };
    const sh = { ...r.shell, file: (p: string) => (fileExists(p, 0, probeProg, r.shell) ? r.shell.file(p) ?? '' : undefined) };
    const probeRun: Program = { ...probeProg, fileOps: [] };
    runScript(stmts, 0, probeRun, { ...sh, file: sh.file });
    const ok = probeRun.exitCode === 0;
    return { ok, output: probeRun.lines.map((l) => l.line).join('\n') };
  }

  private kill(c: CState, now: number, message: string): void {
    this.k.recorder.normal(this.pod, 'Killing', message, fieldPath(c));
    // Restarted by the kubelet: SIGTERM, then SIGKILL; the exit shows as 137.
    this.finish(c, now, 137, 'Error');
  }

  // ---------------------------------------------------------------- termination

  private terminate(now: number): void {
    if (!this.terminating) {
      this.terminating = { since: now, deleted: false };
      const grace = (this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
      for (const c of this.all) {
        c.pull = undefined;
        const r = c.run;
        if (!r || r.finishedAt !== undefined) continue;
        this.k.recorder.normal(this.pod, 'Killing', `Stopping container ${c.spec.name}`, fieldPath(c));
        if (grace === 0) {
          r.stopAt = now;
          r.stopCode = 137;
        } else if (r.program.handlesSigterm) {
          r.stopAt = now + Math.min(grace, 500);
          r.stopCode = 143;
        } else {
          r.stopAt = now + grace;
          r.stopCode = 137;
        }
      }
      for (const c of this.all) if (!c.run || c.run.finishedAt !== undefined) c.done = true;
      this.processEvents(now);
    }
    const running = this.all.some((c) => c.run && c.run.finishedAt === undefined);
    if (running || this.terminating.deleted) return;
    this.terminating.deleted = true;
    for (const c of this.all) c.done = true;
    this.terminal = this.all.every((c) => !c.run || c.run.exitCode === 0) ? 'Succeeded' : 'Failed';
    this.refreshStatus();
    this.k.flushNow(this);
    try {
      this.k.client.delete('pods', this.pod.metadata.namespace, this.pod.metadata.name, { gracePeriodSeconds: 0, preconditionUid: this.uid });
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) {
        this.terminating.deleted = false;
        this.retryAt = now + SYNC_RETRY_MS;
      }
    }
  }

  /** The kubelet ends the pod itself (activeDeadlineSeconds): containers killed, pod Failed. */
  end(reason: string, message: string): void {
    const now = this.k.clock.now();
    this.ended = { reason, message, rejected: false };
    for (const c of this.all) {
      c.pull = undefined;
      const r = c.run;
      if (r && r.finishedAt === undefined) {
        this.k.recorder.normal(this.pod, 'Killing', `Stopping container ${c.spec.name}`, fieldPath(c));
        this.finish(c, now, 137, 'Error');
      }
      c.done = true;
    }
    this.terminal = 'Failed';
    this.releaseIP();
    this.k.recorder.warning(this.pod, reason, message);
    this.refreshStatus();
  }

  /** Node-pressure eviction: stop everything, mark the pod Failed/Evicted. */
  evict(message: string): void {
    const now = this.k.clock.now();
    this.evicted = { message };
    for (const c of this.all) {
      c.pull = undefined;
      const r = c.run;
      if (r && r.finishedAt === undefined) {
        this.k.recorder.normal(this.pod, 'Killing', `Stopping container ${c.spec.name}`, fieldPath(c));
        this.finish(c, now, 137, 'Error');
      }
      c.done = true;
      c.waiting = undefined;
    }
    this.terminal = 'Failed';
    this.releaseIP();
    this.k.recorder.warning(this.pod, 'Evicted', message);
    this.refreshStatus();
  }

  private checkTerminal(): void {
    if (!this.terminal && this.containers.every((c) => c.done) && this.containers.length > 0) {
      this.terminal = this.containers.every((c) => c.run?.exitCode === 0) ? 'Succeeded' : 'Failed';
      // Sidecars are stopped once the main containers are done.
      const now = this.k.clock.now();
      for (const c of this.inits) {
        if (!isSidecar(c)) continue;
        if (c.run && c.run.finishedAt === undefined) this.finish(c, now, 0, 'Completed');
        c.done = true;
      }
    }
    if (this.terminal) this.releaseIP();
  }

  private ipReleased = false;

  /** The sandbox goes away with a finished pod; its address returns to the pool once. */
  releaseIP(): void {
    if (this.ipReleased || !this.sandbox || this.pod.spec.hostNetwork) return;
    this.ipReleased = true;
    this.k.ipam.release(this.sandbox.ip);
  }

  private specChanged(old: Pod): void {
    // A changed image restarts the container, as the kubelet does when the container hash changes.
    for (const c of this.containers) {
      const spec = this.pod.spec.containers.find((x) => x.name === c.spec.name);
      const before = old.spec.containers.find((x) => x.name === c.spec.name);
      if (!spec || !before || spec.image === before.image) {
        if (spec) c.spec = spec;
        continue;
      }
      c.spec = spec;
      c.pull = undefined;
      c.notBefore = 0;
      if (c.waiting && c.waiting.reason !== 'CrashLoopBackOff') c.waiting = undefined;
      this.k.pullBackoff.reset(`${this.uid}/${before.image}`);
      if (c.run && c.run.finishedAt === undefined && this.k.running) {
        this.k.recorder.normal(this.pod, 'Killing', `Container ${c.spec.name} definition changed, will be restarted`, fieldPath(c));
        this.finish(c, this.k.clock.now(), 137, 'Error');
        this.k.crashBackoff.reset(this.backoffKey(c));
      }
      c.done = false;
    }
  }

  // ---------------------------------------------------------------- scheduling

  private scheduleNext(now: number): void {
    // (Plain helpers, not closures: this runs on every sync of every pod.)
    let next = Infinity;
    if (this.retryAt !== undefined) {
      if (this.retryAt > now) next = dueAfter(next, this.retryAt, now);
      else this.retryAt = undefined;
    }
    if (this.sandbox && !this.podIP) next = dueAfter(next, this.sandbox.readyAt, now);
    const deadline = this.pod.spec.activeDeadlineSeconds as number | undefined;
    if (deadline !== undefined && this.startTime !== undefined && !this.terminal) next = dueAfter(next, this.startTime + deadline * 1000, now);
    for (const c of this.all) {
      const r = c.run;
      if (r && r.finishedAt === undefined) {
        // A process exit due right now (a command that ends at once) is handled in a follow-up task.
        next = dueFrom(next, r.stopAt, now);
        next = dueFrom(next, r.oomAt, now);
        if (r.program.exitAfter !== undefined) next = dueFrom(next, r.startedAt + r.program.exitAfter, now);
        if (r.program.waitUntil) {
          const w = r.program.waitUntil;
          const rel = now - r.startedAt;
          next = dueAfter(next, r.startedAt + w.at + (Math.max(0, Math.floor((rel - w.at) / w.period)) + 1) * w.period, now);
        }
        for (const p of c.probes) next = dueAfter(next, p.next, now);
      } else if (r && !c.done && !c.waiting) next = dueAfter(next, r.finishedAt! + PLEG_MS, now);
      if (!c.done && c.notBefore !== Infinity) next = dueAfter(next, c.notBefore, now);
      if (c.pull) next = dueAfter(next, c.pull.endAt, now);
    }
    if (next !== Infinity) this.schedule(next);
  }

  // ---------------------------------------------------------------- status

  refreshStatus(): void {
    // While a pod terminates its status is written once, at the end: this API server removes a
    // deleting object on any update (as it does when the last finalizer goes).
    if (this.terminating && !this.terminating.deleted) return;
    const status = this.buildStatus();
    if (this.lastStatus !== undefined && jsonEqual(status, this.lastStatus)) return;
    this.pendingStatus = status;
    this.k.markDirty(this);
  }

  pendingStatus?: PodStatus;

  private transition(type: string, status: string): string {
    const list = this.transitions;
    let i = 0;
    while (i < list.length && list[i]!.type !== type) i++;
    const prev = list[i];
    if (prev && prev.status === status) return prev.at;
    const at = this.k.clock.isoNow();
    if (prev) list[i] = { type, status, at };
    else list.push({ type, status, at });
    return at;
  }

  buildStatus(): PodStatus {
    if (this.ended?.rejected) {
      const sched = this.pod.status?.conditions?.filter((c) => c.type === 'PodScheduled');
      return { phase: 'Failed', ...(sched?.length ? { conditions: sched } : {}), message: `Pod was rejected: ${this.ended.message}`, reason: this.ended.reason };
    }
    const terminal = this.terminal;
    const initsDone = this.inits.every((c) => initComplete(c));
    const unready = [...this.inits.filter(isSidecar), ...this.containers].filter((c) => !c.ready).map((c) => c.spec.name);
    const incomplete = this.inits.filter((c) => !initComplete(c)).map((c) => c.spec.name);
    const conds: Condition[] = [];
    if (this.evicted) {
      conds.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: this.transition('DisruptionTarget', 'True'), reason: 'TerminationByKubelet', message: this.evicted.message });
    }
    this.cond(conds, 'PodReadyToStartContainers', !!this.podIP && !terminal);
    if (terminal && initsDone) this.cond(conds, 'Initialized', true, 'PodCompleted');
    else this.cond(conds, 'Initialized', initsDone, initsDone ? undefined : 'ContainersNotInitialized', initsDone ? undefined : `containers with incomplete status: [${incomplete.join(' ')}]`);
    const ready = unready.length === 0 && !terminal;
    const why = terminal ? 'PodCompleted' : 'ContainersNotReady';
    const msg = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
    this.cond(conds, 'Ready', ready, ready ? undefined : why, ready ? undefined : msg);
    this.cond(conds, 'ContainersReady', ready, ready ? undefined : why, ready ? undefined : msg);
    const sched = this.pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    conds.push(sched ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.transition('PodScheduled', 'True') });
    const initRunning = !initsDone && !terminal;
    const status: PodStatus = {
      phase: this.phase(),
      conditions: conds,
      ...(this.evicted ? { message: this.evicted.message, reason: 'Evicted' } : {}),
      ...(this.ended ? { message: this.ended.message, reason: this.ended.reason } : {}),
      hostIP: this.k.node.ip,
      hostIPs: [{ ip: this.k.node.ip }],
      ...(this.podIP ? { podIP: this.podIP, podIPs: [{ ip: this.podIP }] } : {}),
      ...(this.startTime !== undefined ? { startTime: isoSeconds(this.startTime) } : {}),
      ...(this.inits.length ? { initContainerStatuses: this.inits.map((c) => this.containerStatus(c, false)) } : {}),
      containerStatuses: this.containers
        .map((c) => this.containerStatus(c, initRunning))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      qosClass: this.qos,
    };
    return status;
  }

  private cond(conds: Condition[], type: string, ok: boolean, reason?: string, message?: string): void {
    const status = ok ? 'True' : 'False';
    conds.push({ type, status, lastProbeTime: null, lastTransitionTime: this.transition(type, status), ...(reason ? { reason } : {}), ...(message ? { message } : {}) });
  }

  private containerStatus(c: CState, initRunning: boolean): ContainerStatus {
    const prefix = this.k.runtimePrefix;
    const r = c.run;
    let state: ContainerStatus['state'];
    let last: ContainerStatus['lastState'] = {};
    if (c.waiting && !(r && r.finishedAt === undefined)) {
      state = { waiting: { reason: c.waiting.reason, ...(c.waiting.message ? { message: c.waiting.message } : {}) } };
      if (r?.finishedAt !== undefined) last = terminatedState(r, prefix);
      else if (c.prev) last = terminatedState(c.prev, prefix);
    } else if (r && r.finishedAt === undefined) {
      state = { running: { startedAt: isoSeconds(r.startedAt) } };
      if (c.prev) last = terminatedState(c.prev, prefix);
    } else if (r) {
      state = terminatedState(r, prefix);
      if (c.prev) last = terminatedState(c.prev, prefix);
    } else {
      const reason = initRunning || c.init ? 'PodInitializing' : 'ContainerCreating';
      state = { waiting: { reason } };
    }
    return {
      name: c.spec.name,
      state,
      lastState: last,
      ready: c.ready,
      restartCount: c.restartCount,
      image: c.spec.image,
      imageID: c.imageID,
      ...(r ? { containerID: containerIdOf(r, prefix) } : {}),
      started: !!(r && r.finishedAt === undefined && c.started),
      ...(r && c.spec.volumeMounts?.length
        ? {
            volumeMounts: c.spec.volumeMounts.map((m) => ({ name: m.name, mountPath: m.mountPath, ...(m.readOnly ? { readOnly: true } : {}), recursiveReadOnly: 'Disabled' })),
          }
        : {}),
    };
  }

  private phase(): PodStatus['phase'] {
    if (this.terminal) return this.terminal;
    if (this.inits.some((c) => !initComplete(c))) return 'Pending';
    let running = 0;
    let waiting = 0;
    let stopped = 0;
    let succeeded = 0;
    for (const c of this.containers) {
      const r = c.run;
      if (r && r.finishedAt === undefined) running++;
      else if (r) {
        stopped++;
        if (r.exitCode === 0) succeeded++;
      } else waiting++;
    }
    if (waiting > 0) return 'Pending';
    if (running > 0) return 'Running';
    if (stopped > 0) {
      const policy = this.pod.spec.restartPolicy ?? 'Always';
      if (policy === 'Always') return 'Running';
      if (stopped === succeeded) return 'Succeeded';
      if (policy === 'Never') return 'Failed';
      return 'Running';
    }
    return 'Pending';
  }

  // ---------------------------------------------------------------- usage, logs

  usage(now: number): Array<{ name: string; cpuMillis: number; memoryBytes: number }> {
    const out: Array<{ name: string; cpuMillis: number; memoryBytes: number }> = [];
    for (const c of this.containers) {
      const r = c.run;
      if (!r || r.finishedAt !== undefined) continue;
      const p = r.program;
      let mem = p.memoryBytes + (p.memoryGrowthPerSec * (now - r.startedAt)) / 1000;
      const limit = c.spec.resources?.limits?.memory;
      if (limit) mem = Math.min(mem, quantityValue(limit));
      out.push({ name: c.spec.name, cpuMillis: p.cpuMillis, memoryBytes: Math.round(mem) });
    }
    return out;
  }
}

function containerIdOf(r: Run, prefix: string): string {
  return (r.containerID ??= `${prefix}${r.id}`);
}

function terminatedState(r: Run, prefix: string): ContainerStatus['state'] {
  return {
    terminated: {
      exitCode: r.exitCode ?? 0,
      reason: r.reason ?? 'Error',
      startedAt: isoSeconds(r.startedAt),
      finishedAt: isoSeconds(r.finishedAt!),
      containerID: containerIdOf(r, prefix),
    },
  };
}

/** The earlier of `next` and `t` when `t` is after now. */
function dueAfter(next: number, t: number | undefined, now: number): number {
  return t !== undefined && t > now && t < next ? t : next;
}

/** The earlier of `next` and `t` when `t` is now or later. */
function dueFrom(next: number, t: number | undefined, now: number): number {
  return t !== undefined && t >= now && t < next ? t : next;
}

/** RFC 3339 at second precision; memoised per second (status building asks for the same instants over and over). */
let isoSecond = NaN;
let isoText = '';
function isoSeconds(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec !== isoSecond) {
    isoSecond = sec;
    isoText = new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return isoText;
}

const ERROR_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'CrashLoopBackOff', 'CreateContainerConfigError', 'InvalidImageName', 'ErrImageNeverPull']);

function isSidecar(c: CState): boolean {
  return c.init && c.spec.restartPolicy === 'Always';
}

function initComplete(c: CState): boolean {
  if (isSidecar(c)) return !!(c.run && (c.run.finishedAt === undefined ? c.started : c.done));
  return c.done && c.run?.exitCode === 0;
}

function newCState(spec: Container, init: boolean): CState {
  return { spec, init, restartCount: 0, imageID: '', notBefore: 0, ready: false, started: false, probes: [], done: false };
}

/**
 * A prober worker starts when the kubelet sees the container running (a PLEG relist later) and
 * ticks every period; ticks before initialDelaySeconds (or before the startup probe passed) do
 * not probe.
 */
function probeState(kind: ProbeState['kind'], spec: Probe, start: number, activeFrom = start): ProbeState {
  const period = (spec.periodSeconds ?? 10) * 1000;
  const base = start + PLEG_MS;
  const from = Math.max(start + (spec.initialDelaySeconds ?? 0) * 1000, activeFrom);
  const next = from <= base ? base : base + Math.ceil((from - base) / period) * period;
  return { kind, spec, base, period, next, fails: 0, succs: 0 };
}

function resolvePort(c: Container, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

export function fieldPath(c: CState): string {
  return `spec.${c.init ? 'initContainers' : 'containers'}{${c.spec.name}}`;
}

export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const n = normalizeImage(image);
  return n.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  let any = false;
  let guaranteed = true;
  for (const c of pod.spec.containers) {
    const lim = c.resources?.limits ?? {};
    const req = { ...lim, ...(c.resources?.requests ?? {}) };
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || req[r] === undefined || quantityValue(lim[r]!) !== quantityValue(req[r]!)) guaranteed = false;
    }
  }
  for (const c of all) {
    const res = { ...(c.resources?.requests ?? {}), ...(c.resources?.limits ?? {}) };
    if ((res.cpu && quantityValue(res.cpu) !== 0) || (res.memory && quantityValue(res.memory) !== 0)) any = true;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function mountTimeoutMessage(problems: VolumeProblem[]): string {
  const unmounted = problems.map((p) => p.volume);
  const unprocessed = problems.filter((p) => p.kind === 'process').map((p) => p.volume);
  const unattached = problems.filter((p) => p.kind === 'attach').map((p) => p.volume).sort();
  const detail = problems.find((p) => p.kind === 'process');
  return `Unable to attach or mount volumes: unmounted volumes=[${unmounted.join(' ')}], unattached volumes=[${unattached.join(' ')}], failed to process volumes=[${unprocessed.join(' ')}]: ${detail ? detail.error : 'context deadline exceeded'}`;
}

function processDownLine(p: ControlPlaneProcess): string {
  switch (p) {
    case 'etcd':
      return '{"level":"fatal","msg":"failed to start etcd","error":"listen tcp 0.0.0.0:2379: bind: address already in use"}';
    case 'kube-apiserver':
      return 'E1124 09:00:00.000000       1 run.go:72] "command failed" err="context deadline exceeded"';
    default:
      return `E1124 09:00:00.000000       1 run.go:72] "command failed" err="${p} is not running on this node"`;
  }
}

