/**
 * Entry point of the simulated network (OVN-Kubernetes): one OvnNetwork per cluster, the
 * ovnkube-controller component, one ovn-controller per node, and the Connectivity the kubelets
 * use for connections, DNS and CNI. Commands and views reach it through `networkFor(ctx)`.
 */
import type { Component, ComponentContext } from '../component.js';
import type { Pod } from '../api/types.js';
import { connectivityRegistry } from '../kubelet/connectivity.js';
import { OvnNetwork, OVN_NAMESPACE } from './model.js';
import { OvnkubeController } from './ovnkube-controller.js';
import { OvnController } from './ovn-controller.js';
import { NetworkConnectivity } from './connectivity.js';

export { OvnNetwork, lspName } from './model.js';
export type { Dial } from './connectivity.js';
export { NetworkConnectivity } from './connectivity.js';

export interface Network {
  model: OvnNetwork;
  connectivity: NetworkConnectivity;
  ovnkubeController: OvnkubeController;
  controllers: Map<string, OvnController>;
  components: Component[];
}

const networks = new WeakMap<ComponentContext, Network>();

export function networkFor(ctx: ComponentContext): Network | undefined {
  return networks.get(ctx);
}

export function createNetwork(ctx: ComponentContext): Network {
  const existing = networks.get(ctx);
  if (existing) return existing;
  const model = new OvnNetwork(ctx);
  const ovnkubeController = new OvnkubeController(model);
  const controllers = new Map<string, OvnController>();
  for (const n of ctx.info.nodes) {
    const c = new OvnController(model, n.name);
    controllers.set(n.name, c);
    model.controllers.set(n.name, c);
  }
  const connectivity = new NetworkConnectivity(model);
  connectivityRegistry.set(ctx, connectivity);
  // A replaced ovnkube-node pod restarts its node's ovn-controller once the new pod runs.
  const isOvnkubeNode = (p: Pod): boolean => p.metadata.namespace === OVN_NAMESPACE && p.metadata.labels?.app === 'ovnkube-node';
  const restart = (p: Pod): void => {
    if (!isOvnkubeNode(p) || p.status?.phase !== 'Running' || p.metadata.deletionTimestamp) return;
    const c = controllers.get(p.spec.nodeName ?? '');
    if (c && !c.running && c.podReplaced && c.podUidAtStop !== p.metadata.uid) c.start();
  };
  const replaced = (p: Pod): void => {
    const c = isOvnkubeNode(p) ? controllers.get(p.spec.nodeName ?? '') : undefined;
    if (c && !c.running) c.podReplaced = true;
  };
  if (model.openshift) {
    model.pods.on({
      add: restart,
      update: (old, p) => {
        if (!old.metadata.deletionTimestamp && p.metadata.deletionTimestamp) replaced(p);
        restart(p);
      },
      delete: replaced,
    });
  }
  const net: Network = { model, connectivity, ovnkubeController, controllers, components: [ovnkubeController, ...controllers.values()] };
  networks.set(ctx, net);
  return net;
}

/** The ovnkube-node pod of a node (OpenShift), if any. */
export function ovnkubeNodePod(model: OvnNetwork, node: string): Pod | undefined {
  for (const p of model.pods.byIndex('spec.nodeName', node)) {
    if (p.metadata.namespace === OVN_NAMESPACE && p.metadata.labels?.app === 'ovnkube-node' && !p.metadata.deletionTimestamp) return p;
  }
  return undefined;
}
