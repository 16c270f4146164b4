/**
 * kube-controller-manager: every controller of the simulated cluster in one component. stop()
 * pauses all of them (the controller-manager-down fault); start() resumes and each controller
 * catches up from the shared informer caches.
 */
import type { Component, ComponentContext } from '../component.js';
import type { Controller, ControllerFactory } from './controller.js';
import { createDeploymentController } from './deployment.js';
import { createReplicaSetController } from './replicaset.js';
import { createStatefulSetController } from './statefulset.js';
import { createDaemonSetController } from './daemonset.js';
import { createJobController } from './job.js';
import { createCronJobController } from './cronjob.js';
import { createGarbageCollector } from './garbagecollector.js';
import { createHorizontalPodAutoscalerController } from './hpa.js';
import { createEndpointsController } from './endpoints.js';
import { createEndpointSliceController } from './endpointslice.js';
import { createNodeLifecycleController } from './node-lifecycle.js';
import { createNamespaceController } from './namespace.js';
import { createServiceAccountController } from './serviceaccount.js';
import { createResourceQuotaController } from './resourcequota.js';
import { createPersistentVolumeController } from '../storage/pv-controller.js';
import { createAttachDetachController } from '../storage/attach-detach.js';
import { createStorageProtectionController } from '../storage/protection.js';

/** Every controller kube-controller-manager runs here (start order does not matter). */
export const CONTROLLER_FACTORIES: ControllerFactory[] = [
  createServiceAccountController,
  createNamespaceController,
  createNodeLifecycleController,
  createResourceQuotaController,
  createEndpointsController,
  createEndpointSliceController,
  createDeploymentController,
  createReplicaSetController,
  createStatefulSetController,
  createDaemonSetController,
  createJobController,
  createCronJobController,
  createHorizontalPodAutoscalerController,
  createGarbageCollector,
  createPersistentVolumeController,
  createAttachDetachController,
  createStorageProtectionController,
];

export interface ControllerManager extends Component {
  readonly controllers: readonly Controller[];
  controller(name: string): Controller | undefined;
}

export function createControllerManager(ctx: ComponentContext): ControllerManager {
  const controllers = CONTROLLER_FACTORIES.map((f) => f(ctx));
  let running = false;
  return {
    name: 'controller-manager',
    get running() {
      return running;
    },
    controllers,
    controller(name: string) {
      return controllers.find((c) => c.name === name);
    },
    start() {
      if (running) return;
      running = true;
      for (const c of controllers) c.start();
    },
    stop() {
      if (!running) return;
      running = false;
      for (const c of controllers) c.stop();
    },
  };
}
