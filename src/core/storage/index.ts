/**
 * Storage outside kube-controller-manager: per installed CSI driver, the external-provisioner
 * and external-attacher sidecars (working only while the driver's controller pods run) and the
 * kubelets' CSINode registrations (from the node plugin pods). The PV controller and the
 * attach/detach controller run inside kube-controller-manager (src/core/controllers/index.ts).
 *
 * `storageFor(ctx)` gives the installed drivers to commands and panes.
 */
import type { Component, ComponentContext } from '../component.js';
import { DriverPods } from './driver-pods.js';
import { driverDefs, type CsiDriverDef } from './drivers.js';
import { ExternalProvisioner } from './external-provisioner.js';
import { ExternalAttacher } from './external-attacher.js';
import { CsiNodeRegistrar } from './csinode.js';

export interface StorageComponent extends Component {
  readonly drivers: readonly CsiDriverDef[];
  /** Where each installed driver's processes run. */
  driverPods(name: string): DriverPods | undefined;
  readonly components: readonly Component[];
}

const registry = new WeakMap<ComponentContext, StorageComponent>();

export function storageFor(ctx: ComponentContext): StorageComponent | undefined {
  return registry.get(ctx);
}

export function createStorage(ctx: ComponentContext, installed: readonly string[]): StorageComponent {
  const defs = driverDefs(ctx.info).filter((d) => installed.includes(d.name));
  const pods = new Map(defs.map((d) => [d.name, new DriverPods(ctx, d)]));
  const components: Component[] = [];
  for (const d of defs) {
    if (!d.controller) continue;
    components.push(new ExternalProvisioner(ctx, d, pods.get(d.name)!), new ExternalAttacher(ctx, d, pods.get(d.name)!));
  }
  if (defs.length > 0) components.push(new CsiNodeRegistrar(ctx, [...pods.values()]));
  let running = false;
  const storage: StorageComponent = {
    name: 'csi',
    drivers: defs,
    components,
    get running() {
      return running;
    },
    driverPods: (name) => pods.get(name),
    start() {
      running = true;
      for (const c of components) c.start();
    },
    stop() {
      running = false;
      for (const c of components) c.stop();
    },
  };
  registry.set(ctx, storage);
  return storage;
}
