/**
 * Where a CSI driver's processes run: the controller Deployment's ready pods (the sidecars
 * inside them do the provisioning and attaching; with none ready, nothing does) and the node
 * DaemonSet's ready pod per node (the node plugin the kubelet calls). Read from the shared
 * pod informer; the check per pod event is one namespace lookup for pods of other namespaces.
 */
import type { ComponentContext } from '../component.js';
import type { Pod } from '../api/types.js';
import type { Informer } from '../apiserver/informer.js';
import { isPodReady } from '../controllers/util.js';
import type { CsiDriverDef } from './drivers.js';

function labelsMatch(want: Record<string, string>, have: Record<string, string> | undefined): boolean {
  if (!have) return false;
  for (const k in want) if (have[k] !== want[k]) return false;
  return true;
}

function running(p: Pod): boolean {
  return p.status?.phase === 'Running' && isPodReady(p) && !p.metadata.deletionTimestamp;
}

export class DriverPods {
  private listeners: Array<(node?: string) => void> = [];
  /** Ready controller pods by name, and the node plugin pod ready on each node. */
  private controllers = new Map<string, Pod>();
  private plugins = new Map<string, string>();
  private leaderName?: string;

  constructor(ctx: ComponentContext, readonly def: CsiDriverDef) {
    const pods: Informer<Pod> = ctx.informers.for<Pod>('pods');
    const ns = def.namespace;
    pods.on({
      add: (p) => {
        if (p.metadata.namespace === ns) this.observe(undefined, p);
      },
      update: (o, p) => {
        if (p.metadata.namespace === ns) this.observe(o, p);
      },
      delete: (p) => {
        if (p.metadata.namespace === ns) this.observe(p, undefined);
      },
    });
  }

  private isController(p: Pod): boolean {
    const c = this.def.controller;
    return !!c && labelsMatch(c.labels, p.metadata.labels);
  }

  private isNode(p: Pod): boolean {
    return labelsMatch(this.def.node.labels, p.metadata.labels);
  }

  private observe(old: Pod | undefined, p: Pod | undefined): void {
    const any = (p ?? old)!;
    if (this.isController(any)) {
      const was = this.controllers.size;
      if (p && running(p)) this.controllers.set(p.metadata.name, p);
      else this.controllers.delete(any.metadata.name);
      if ((was > 0) !== (this.controllers.size > 0)) this.fire(undefined);
      return;
    }
    if (!this.isNode(any)) return;
    const oldNode = old?.spec.nodeName;
    if (oldNode && this.plugins.get(oldNode) === old!.metadata.name && !(p && running(p) && p.spec.nodeName === oldNode)) {
      this.plugins.delete(oldNode);
      this.fire(oldNode);
    }
    const node = p?.spec.nodeName;
    if (p && node && running(p) && this.plugins.get(node) !== p.metadata.name) {
      this.plugins.set(node, p.metadata.name);
      this.fire(node);
    }
  }

  private fire(node: string | undefined): void {
    for (const l of this.listeners) l(node);
  }

  /** fn(undefined) when the controller starts or stops; fn(node) when a node plugin does. */
  onChange(fn: (node?: string) => void): void {
    this.listeners.push(fn);
  }

  controllerRunning(): boolean {
    return this.controllers.size > 0;
  }

  /** The controller pod whose sidecars hold the leader lease, or undefined when none runs. */
  leader(): Pod | undefined {
    // The lease stays with its holder while it runs; a new leader is elected only when it goes.
    const held = this.leaderName ? this.controllers.get(this.leaderName) : undefined;
    if (held) return held;
    let best: Pod | undefined;
    for (const p of this.controllers.values()) if (!best || p.metadata.name < best.metadata.name) best = p;
    this.leaderName = best?.metadata.name;
    return best;
  }

  /** The node plugin pod ready on a node. */
  nodePlugin(node: string): string | undefined {
    return this.plugins.get(node);
  }

  nodesWithPlugin(): IterableIterator<string> {
    return this.plugins.keys();
  }
}
