/**
 * Small helpers the workload controllers share, after pkg/controller/controller_utils.go and
 * pkg/api/v1/pod: pod readiness/availability, expectations, slow-start batches, conditions,
 * deterministic hashing, and client-go's per-object event spam filter.
 */
import type { Condition, KObject, Pod } from '../api/types.js';
import type { EventRecorder } from '../apiserver/events.js';
import type { VirtualClock } from '../clock.js';
import { ApiError } from '../apiserver/errors.js';

/** Index of dependents by their controller's uid (shared by every controller using it). */
export const CONTROLLER_UID_INDEX = 'controllerUid';
/** Index of dependents by every owner's uid (garbage collector). */
export const OWNER_UID_INDEX = 'ownerUid';

export function controllerUidOf(obj: KObject): string | undefined {
  const refs = obj.metadata.ownerReferences;
  if (!refs) return undefined;
  for (const r of refs) if (r.controller === true) return r.uid;
  return undefined;
}

/** What controllerUidOf and ownerUidsOf read: an informer index skips them when it is unchanged. */
export function ownerRefsOf(obj: KObject): unknown {
  return obj.metadata.ownerReferences;
}

export function ownerUidsOf(obj: KObject): string[] | undefined {
  const refs = obj.metadata.ownerReferences;
  if (!refs || refs.length === 0) return undefined;
  return refs.map((r) => r.uid);
}

// ------------------------------------------------------------------ pods

export function isPodTerminal(pod: Pod): boolean {
  const p = pod.status?.phase;
  return p === 'Succeeded' || p === 'Failed';
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

export function podReadyCondition(pod: Pod): Condition | undefined {
  const cs = pod.status?.conditions;
  if (!cs) return undefined;
  for (const c of cs) if (c.type === 'Ready') return c;
  return undefined;
}

export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * podutil.IsPodAvailable: ready for at least minReadySeconds. Returns true/false and, when ready
 * but not yet available, the milliseconds until it will be.
 */
export function podAvailability(pod: Pod, minReadySeconds: number, now: number): { available: boolean; inMs?: number } {
  const c = podReadyCondition(pod);
  if (c?.status !== 'True') return { available: false };
  if (!minReadySeconds) return { available: true };
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  if (Number.isNaN(since)) return { available: true };
  const at = since + minReadySeconds * 1000;
  return at <= now ? { available: true } : { available: false, inMs: at - now };
}

export function restartCount(pod: Pod): number {
  let n = 0;
  for (const s of pod.status?.containerStatuses ?? []) n += s.restartCount ?? 0;
  return n;
}

// ------------------------------------------------------------------ expectations

/**
 * ControllerExpectations / UIDTrackingControllerExpectations: how many creations the
 * controller still waits to see in its informer, and which pods it asked to delete, so it
 * does not act twice while watch events are in flight. Expire after 5 minutes, as upstream.
 */
export class Expectations {
  private items = new Map<string, { add: number; dels: Set<string>; at: number }>();
  static readonly TTL_MS = 5 * 60_000;

  constructor(private readonly clock: VirtualClock) {}

  satisfied(key: string): boolean {
    const e = this.items.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.dels.size === 0) return true;
    return this.clock.now() - e.at > Expectations.TTL_MS;
  }

  expectCreations(key: string, n: number): void {
    const e = this.items.get(key);
    this.items.set(key, { add: (e && e.add > 0 ? e.add : 0) + n, dels: e?.dels ?? new Set(), at: this.clock.now() });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    const e = this.items.get(key) ?? { add: 0, dels: new Set<string>(), at: 0 };
    for (const k of podKeys) e.dels.add(k);
    e.at = this.clock.now();
    this.items.set(key, e);
  }

  creationObserved(key: string): void {
    const e = this.items.get(key);
    if (e && e.add > 0) e.add--;
  }

  /** A creation that failed or was skipped: no event will come for it. */
  lowerCreations(key: string, n = 1): void {
    const e = this.items.get(key);
    if (e) e.add = Math.max(0, e.add - n);
  }

  deletionObserved(key: string, podKey: string): void {
    this.items.get(key)?.dels.delete(podKey);
  }

  delete(key: string): void {
    this.items.delete(key);
  }
}

/**
 * controller.slowStartBatch: calls fn count times in batches of 1, 2, 4 ... and stops after the
 * first batch with an error. Returns successes and the first error.
 */
export function slowStartBatch(count: number, initial: number, fn: (i: number) => void): { ok: number; error?: unknown } {
  let remaining = count;
  let ok = 0;
  let i = 0;
  for (let batch = Math.min(remaining, initial); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let error: unknown;
    for (let j = 0; j < batch; j++) {
      try {
        fn(i++);
        ok++;
      } catch (err) {
        error ??= err;
      }
    }
    if (error !== undefined) return { ok, error };
    remaining -= batch;
  }
  return { ok };
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.code === 404;
}

export function isAlreadyExists(err: unknown): boolean {
  return err instanceof ApiError && err.code === 409 && err.reason === 'AlreadyExists';
}

export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.code === 409 && err.reason !== 'AlreadyExists';
}

// ------------------------------------------------------------------ conditions

/**
 * Sets a condition the way the apps/batch helpers do: unchanged status and reason keep the
 * old condition; a changed reason with the same status keeps lastTransitionTime. The
 * condition moves to the end (filterOutCondition + append).
 */
export function setCondition(conditions: Condition[] | undefined, cond: Condition, opts: { keepPosition?: boolean } = {}): Condition[] {
  const list = conditions ?? [];
  const old = list.find((c) => c.type === cond.type);
  if (old && old.status === cond.status && old.reason === cond.reason && (opts.keepPosition ? old.message === cond.message : true)) return list;
  const next: Condition = old && old.status === cond.status ? { ...cond, lastTransitionTime: old.lastTransitionTime } : cond;
  if (opts.keepPosition && old) return list.map((c) => (c === old ? next : c));
  return [...list.filter((c) => c.type !== cond.type), next];
}

export function removeCondition(conditions: Condition[] | undefined, type: string): Condition[] | undefined {
  if (!conditions?.some((c) => c.type === type)) return conditions;
  return conditions.filter((c) => c.type !== type);
}

export function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

// ------------------------------------------------------------------ hashing

/** JSON with sorted keys: the deterministic stand-in for Go's DeepHashObject printing. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const keys = Object.keys(value as object).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** FNV-1a, 32 bit, over the UTF-16 code units' low bytes and high bytes. */
export function fnv32a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h = Math.imul(h ^ (c & 0xff), 0x01000193) >>> 0;
    if (c > 0xff) h = Math.imul(h ^ (c >>> 8), 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** k8s.io/apimachinery rand.SafeEncodeString: each character mapped into the safe alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** controller.ComputeHash: FNV-32a of the template (+ collisionCount), safe-encoded decimal. */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(stableStringify(template));
  if (collisionCount) {
    // Go writes the collision count's 4 little-endian bytes into the hasher.
    for (let i = 0; i < 4; i++) h = Math.imul(h ^ ((collisionCount >>> (8 * i)) & 0xff), 0x01000193) >>> 0;
  }
  return safeEncodeString(String(h));
}

// ------------------------------------------------------------------ int-or-percent

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, dflt: number | string): number {
  const x = v ?? dflt;
  if (typeof x === 'number') return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) {
    const n = Number(x);
    return Number.isFinite(n) ? n : 0;
  }
  const raw = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

// ------------------------------------------------------------------ events

/**
 * client-go's EventSourceObjectSpamFilter: per source and involved object a token bucket of
 * 25 events refilled at one per 5 minutes, so a ReplicaSet creating 10,000 pods does not
 * write 10,000 Events.
 */
export class SpamFilteredRecorder {
  private buckets = new Map<string, { tokens: number; at: number }>();
  private static readonly BURST = 25;
  private static readonly REFILL_MS = 300_000;

  constructor(private readonly inner: EventRecorder, private readonly clock: VirtualClock) {}

  normal(obj: KObject, reason: string, message: string): void {
    if (this.allow(obj)) this.inner.normal(obj, reason, message);
  }

  warning(obj: KObject, reason: string, message: string): void {
    if (this.allow(obj)) this.inner.warning(obj, reason, message);
  }

  private allow(obj: KObject): boolean {
    const key = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}/${obj.metadata.uid ?? ''}`;
    const now = this.clock.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: SpamFilteredRecorder.BURST, at: now };
      this.buckets.set(key, b);
      if (this.buckets.size > 8192) this.buckets.delete(this.buckets.keys().next().value!);
    } else {
      const refill = Math.floor((now - b.at) / SpamFilteredRecorder.REFILL_MS);
      if (refill > 0) {
        b.tokens = Math.min(SpamFilteredRecorder.BURST, b.tokens + refill);
        b.at += refill * SpamFilteredRecorder.REFILL_MS;
      }
    }
    if (b.tokens <= 0) return false;
    b.tokens--;
    return true;
  }
}

/** RFC 3339 with seconds precision, as metav1.Time serialises. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function parseTime(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}
