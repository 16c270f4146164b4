/** What a pod worker needs from its kubelet (kept as an interface so the worker stays testable). */
import type { VirtualClock } from '../clock.js';
import type { Client } from '../apiserver/client.js';
import type { EventRecorder } from '../apiserver/events.js';
import type { ComponentContext, ControlPlaneProcess, NodeConfig } from '../component.js';
import type { Backoff } from './backoff.js';
import type { Connectivity } from './connectivity.js';
import type { Lookups, WaitKind } from './env.js';
import type { PodIPAllocator } from './ipam.js';
import type { ImageStore } from './pull.js';
import type { PodWorker } from './pod-worker.js';
import type { Journal } from './journal.js';

export interface KubeletCore {
  readonly ctx: ComponentContext;
  readonly clock: VirtualClock;
  readonly running: boolean;
  readonly node: NodeConfig;
  readonly ipam: PodIPAllocator;
  readonly crashBackoff: Backoff;
  readonly pullBackoff: Backoff;
  /** Last pull error per "podUID/image", for the ImagePullBackOff message. */
  readonly lastPullError: Map<string, string>;
  readonly recorder: EventRecorder;
  readonly lookups: Lookups;
  readonly images: ImageStore;
  readonly kubernetesServiceIP: string;
  /** cri-o:// or containerd:// */
  readonly runtimePrefix: string;
  readonly client: Client;
  readonly journal: Journal;
  newId(): string;
  sandboxReady(w: PodWorker): void;
  waitFor(kind: WaitKind, namespace: string, name: string, w: PodWorker): void;
  processRunning(p: ControlPlaneProcess): boolean;
  connectivity(): Connectivity;
  lookup(namespace: string, host: string): { ok: true; ip: string; name: string } | { ok: false };
  markDirty(w: PodWorker): void;
  /** The kubelet's admission check for a new pod: a rejection reason and message, or undefined. */
  admit(w: PodWorker): { reason: string; message: string } | undefined;
  flushNow(w: PodWorker): void;
}
