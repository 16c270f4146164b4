/**
 * ovn-controller on one node: claims the node's port bindings in the southbound database and
 * programs br-int. Stopped (the ovn-controller-down fault), it claims nothing: pods scheduled
 * to the node afterwards get no flows, so CNI times out waiting for `ovn-installed` and the
 * pods stay in ContainerCreating; pods that were already bound keep the flows OVS still holds.
 * It comes back when the node's ovnkube-node pod is replaced (deleting it is the usual fix).
 */
import type { Component } from '../component.js';
import type { OvnControllerState } from './model.js';
import type { OvnNetwork } from './model.js';

export class OvnController implements Component, OvnControllerState {
  readonly name: string;
  private isRunning = false;
  downSince?: number;
  /** The ovnkube-node pod that was running when this process stopped. */
  podUidAtStop?: string;
  /** Its node's ovnkube-node pod was deleted since the stop: the replacement restarts the process. */
  podReplaced = false;
  /** When the process last (re)started, for flow durations. */
  startedAt: number;

  constructor(
    private readonly net: OvnNetwork,
    readonly node: string,
  ) {
    this.name = `ovn-controller/${node}`;
    this.startedAt = net.ctx.clock.now();
  }

  get running(): boolean {
    return this.isRunning;
  }

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    if (this.downSince !== undefined) this.startedAt = this.net.ctx.clock.now();
    this.downSince = undefined;
    this.podUidAtStop = undefined;
    this.podReplaced = false;
  }

  stop(): void {
    if (!this.isRunning) return;
    this.isRunning = false;
    this.downSince = this.net.ctx.clock.now();
  }
}
