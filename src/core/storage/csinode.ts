/**
 * CSINode objects, one per node, as the kubelet keeps them: when a driver's node plugin pod
 * starts, its node-driver-registrar registers the plugin socket with the kubelet, the kubelet
 * calls NodeGetInfo and adds the driver (node ID, topology keys, volume limit) to the node's
 * CSINode; when the plugin goes away the entry goes too. The kubelet's volume manager only
 * mounts volumes of drivers registered here.
 */
import { createHash } from 'node:crypto';
import type { Component, ComponentContext } from '../component.js';
import type { KObject } from '../api/types.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import { WorkQueue } from '../apiserver/workqueue.js';
import { errorMessage, isAlreadyExists, isConflict, isNotFound } from '../controllers/util.js';
import { EBS, HOSTPATH } from './drivers.js';
import type { DriverPods } from './driver-pods.js';

export interface CsiNodeDriver {
  name: string;
  nodeID: string;
  topologyKeys: string[] | null;
  allocatable?: { count: number };
}

/** What NodeGetInfo answers for a driver on a node. */
export function nodeInfo(driver: string, node: string): CsiNodeDriver {
  if (driver === EBS) {
    const id = createHash('sha256').update(`instance/${node}`).digest('hex').slice(0, 16);
    return { name: driver, nodeID: `i-0${id.slice(1)}`, topologyKeys: ['kubernetes.io/os', 'topology.ebs.csi.aws.com/zone', 'topology.kubernetes.io/zone'], allocatable: { count: 26 } };
  }
  if (driver === HOSTPATH) return { name: driver, nodeID: node, topologyKeys: ['topology.hostpath.csi/node'] };
  return { name: driver, nodeID: node, topologyKeys: null };
}

export class CsiNodeRegistrar implements Component {
  readonly name = 'csinode-registrar';
  private isRunning = false;
  private queue: WorkQueue;
  private csinodes: Informer<KObject>;
  private nodes: Informer<KObject>;

  constructor(private readonly ctx: ComponentContext, private readonly drivers: DriverPods[]) {
    this.csinodes = ctx.informers.for('csinodes');
    this.nodes = ctx.informers.for('nodes');
    this.queue = new WorkQueue(ctx.clock, (node) => this.reconcile(node));
    this.queue.paused = true;
    for (const d of drivers) d.onChange((node) => node !== undefined && this.queue.add(node));
    this.nodes.on({ add: (n) => this.queue.add(n.metadata.name) });
  }

  get running(): boolean {
    return this.isRunning;
  }

  start(): void {
    this.isRunning = true;
    this.queue.resume();
  }

  stop(): void {
    this.isRunning = false;
    this.queue.paused = true;
  }

  /** The drivers whose node plugin is registered on a node. */
  registered(node: string): string[] {
    return this.drivers.filter((d) => d.nodePlugin(node) !== undefined).map((d) => d.def.name);
  }

  private reconcile(nodeName: string): 'done' | 'retry' {
    if (!this.isRunning) {
      this.queue.add(nodeName);
      return 'done';
    }
    const node = this.nodes.getByName(undefined, nodeName);
    if (!node) return 'done';
    const want = this.registered(nodeName).map((d) => nodeInfo(d, nodeName));
    const client = this.ctx.client(COMPONENT_USERS.node(nodeName), `kubelet/v1.32.4 (linux/amd64) kubernetes/${nodeName}`);
    const current = this.csinodes.getByName(undefined, nodeName);
    try {
      if (!current) {
        client.create({
          apiVersion: 'storage.k8s.io/v1',
          kind: 'CSINode',
          metadata: {
            name: nodeName,
            annotations: { 'storage.alpha.kubernetes.io/migrated-plugins': 'kubernetes.io/aws-ebs,kubernetes.io/azure-disk,kubernetes.io/azure-file,kubernetes.io/cinder,kubernetes.io/gce-pd,kubernetes.io/portworx-volume,kubernetes.io/vsphere-volume' },
            ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata.uid! }],
          },
          spec: { drivers: want },
        });
        return 'done';
      }
      const have: CsiNodeDriver[] = current.spec?.drivers ?? [];
      // Entries keep their place; the kubelet appends new registrations.
      const next = [...have.filter((h) => want.some((w) => w.name === h.name)), ...want.filter((w) => !have.some((h) => h.name === w.name))];
      if (next.length === have.length && next.every((d, i) => d.name === have[i]!.name)) return 'done';
      client.update({ ...current, spec: { ...current.spec, drivers: next } });
      return 'done';
    } catch (err) {
      if (isAlreadyExists(err) || isConflict(err)) return 'retry';
      if (isNotFound(err)) return 'done';
      this.queue.errors.push(errorMessage(err));
      return 'retry';
    }
  }
}
