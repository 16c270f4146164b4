/**
 * The node's image store and puller: which images are present, how long a pull takes
 * (serialised, as the kubelet's default serializeImagePulls=true), and the runtime's error
 * text when a pull fails (containerd upstream, CRI-O on OpenShift).
 */
import { createHash } from 'node:crypto';
import type { ImageCatalogue, ImageBehaviour } from './images.js';
import { normalizeImage, registryOf } from './images.js';

export type Runtime = 'cri-o' | 'containerd';

export interface PresentImage {
  ref: string;
  sizeBytes: number;
  digest: string;
}

export type PullResult =
  | { ok: true; startAt: number; endAt: number; sizeBytes: number; behaviour: ImageBehaviour | undefined }
  | { ok: false; startAt: number; endAt: number; error: string };

const MiB = 1024 * 1024;
/** Pull throughput and fixed cost (resolve + manifest), roughly a cloud VM pulling from a CDN. */
const PULL_BYTES_PER_MS = (40 * MiB) / 1000;
const PULL_BASE_MS = 400;
const NOT_FOUND_MS = 600;
/** Go's default dial timeout: a blackholed registry fails after 30 s. */
const DIAL_TIMEOUT_MS = 30_000;

export function digestOf(ref: string): string {
  return createHash('sha256').update(normalizeImage(ref)).digest('hex');
}

/** repo@sha256:digest, the form of status.containerStatuses[].imageID. */
export function imageIdOf(ref: string): string {
  const n = normalizeImage(ref);
  if (n.includes('@')) return n;
  const repo = n.slice(0, n.lastIndexOf(':') > n.lastIndexOf('/') ? n.lastIndexOf(':') : n.length);
  return `${repo}@sha256:${digestOf(ref)}`;
}

const REFERENCE = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** undefined when valid, else the reason docker/reference gives. */
export function invalidReference(ref: string): string | undefined {
  if (!ref) return 'invalid reference format';
  if (REFERENCE.test(ref)) return undefined;
  if (REFERENCE.test(ref.toLowerCase())) {
    const repo = ref.replace(/[:@].*$/, '');
    return `invalid reference format: repository name (${repo.includes('/') ? repo : `library/${repo}`}) must be lowercase`;
  }
  return 'invalid reference format';
}

export class ImageStore {
  private present = new Map<string, PresentImage>();
  private busyUntil = 0;
  /** Bumped when the image list changes (node status carries it). */
  version = 0;

  constructor(
    private readonly catalogue: ImageCatalogue,
    private readonly runtime: Runtime,
    private readonly registryReachable: (host: string) => boolean,
  ) {}

  add(ref: string): void {
    const n = normalizeImage(ref);
    if (this.present.has(n)) return;
    this.present.set(n, { ref: n, sizeBytes: this.catalogue.lookup(ref)?.sizeBytes ?? 50 * MiB, digest: digestOf(ref) });
    this.version++;
  }

  has(ref: string): boolean {
    return this.present.has(normalizeImage(ref));
  }

  /** Removes every image not in `used` (normalized refs); returns what went. */
  removeUnused(used: Set<string>): string[] {
    const gone: string[] = [];
    for (const ref of [...this.present.keys()]) {
      if (used.has(ref)) continue;
      this.present.delete(ref);
      gone.push(ref);
    }
    if (gone.length) this.version++;
    return gone;
  }

  list(): PresentImage[] {
    return [...this.present.values()];
  }

  /** Starts a pull at `now`; it runs after any pull in progress on this node. */
  pull(ref: string, now: number): PullResult {
    const startAt = Math.max(now, this.busyUntil);
    const n = normalizeImage(ref);
    const host = registryOf(ref);
    if (!this.registryReachable(host)) {
      const endAt = startAt + DIAL_TIMEOUT_MS;
      this.busyUntil = endAt;
      return { ok: false, startAt, endAt, error: this.timeoutError(n, host) };
    }
    const b = this.catalogue.lookup(ref);
    if (!b) {
      const endAt = startAt + NOT_FOUND_MS;
      this.busyUntil = endAt;
      return { ok: false, startAt, endAt, error: this.notFoundError(n) };
    }
    const size = b.sizeBytes ?? 50 * MiB;
    // An image already present only has its manifest checked (pull policy Always).
    const dur = this.has(ref) ? 150 + (digestOf(ref).charCodeAt(0) % 200) : PULL_BASE_MS + Math.round(size / PULL_BYTES_PER_MS);
    const endAt = startAt + dur;
    this.busyUntil = endAt;
    return { ok: true, startAt, endAt, sizeBytes: size, behaviour: b };
  }

  private repoExists(n: string): boolean {
    const repo = n.replace(/[:@][^/]*$/, '');
    return this.catalogue.refs().some((r) => r.replace(/[:@][^/]*$/, '') === repo);
  }

  private notFoundError(n: string): string {
    const at = n.lastIndexOf(':');
    const repo = at > n.lastIndexOf('/') ? n.slice(0, at) : n;
    const tag = at > n.lastIndexOf('/') ? n.slice(at + 1) : 'latest';
    const exists = this.repoExists(n);
    if (this.runtime === 'cri-o') {
      if (exists) return `rpc error: code = Unknown desc = initializing source docker://${n}: reading manifest ${tag} in ${repo}: manifest unknown: manifest unknown`;
      return `rpc error: code = Unknown desc = initializing source docker://${n}: reading manifest ${tag} in ${repo}: requested access to the resource is denied`;
    }
    if (exists) return `rpc error: code = NotFound desc = failed to pull and unpack image "${n}": failed to resolve reference "${n}": ${n}: not found`;
    return `rpc error: code = Unknown desc = failed to pull and unpack image "${n}": failed to resolve reference "${n}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  }

  private timeoutError(n: string, host: string): string {
    const endpoint = host === 'docker.io' ? 'registry-1.docker.io' : host;
    const ip = registryIP(endpoint);
    if (this.runtime === 'cri-o') {
      return `rpc error: code = Unknown desc = pinging container registry ${endpoint}: Get "https://${endpoint}/v2/": dial tcp ${ip}:443: i/o timeout`;
    }
    const path = n.slice(host.length + 1);
    const at = path.lastIndexOf(':');
    const repo = at >= 0 ? path.slice(0, at) : path;
    const tag = at >= 0 ? path.slice(at + 1) : 'latest';
    return `rpc error: code = Unknown desc = failed to pull and unpack image "${n}": failed to resolve reference "${n}": failed to do request: Head "https://${endpoint}/v2/${repo}/manifests/${tag}": dial tcp ${ip}:443: i/o timeout`;
  }
}

/** A stable public-looking address for a registry host. */
export function registryIP(host: string): string {
  const h = createHash('sha256').update(host).digest();
  return `${52 + (h[0]! % 50)}.${h[1]}.${h[2]}.${1 + (h[3]! % 254)}`;
}
