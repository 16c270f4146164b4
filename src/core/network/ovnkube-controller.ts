/**
 * ovnkube-controller: watches NetworkPolicies through the shared informer and keeps their
 * compiled form (port groups and ACLs) in the northbound model. Pods and Services need no
 * copy here: their logical switch ports and load balancers are read from the informers'
 * indexes when the northbound database is shown or a packet is traced.
 */
import type { Component } from '../component.js';
import type { KObject } from '../api/types.js';
import { compilePolicy } from './policy.js';
import type { OvnNetwork } from './model.js';

export class OvnkubeController implements Component {
  readonly name = 'ovnkube-controller';
  private isRunning = false;
  private registered = false;

  constructor(private readonly net: OvnNetwork) {}

  get running(): boolean {
    return this.isRunning;
  }

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    if (!this.registered) {
      this.registered = true;
      this.net.netpols.on({
        add: (np) => this.upsert(np),
        update: (_old, np) => this.upsert(np),
        delete: (np) => this.remove(np),
      });
      return;
    }
    // Catch up with everything that changed while stopped.
    this.net.policies.clear();
    for (const np of this.net.netpols.list()) this.upsert(np);
  }

  stop(): void {
    this.isRunning = false;
  }

  private upsert(np: KObject): void {
    if (!this.isRunning) return;
    const ns = np.metadata.namespace!;
    let m = this.net.policies.get(ns);
    if (!m) this.net.policies.set(ns, (m = new Map()));
    m.set(np.metadata.name, compilePolicy(np));
  }

  private remove(np: KObject): void {
    if (!this.isRunning) return;
    const m = this.net.policies.get(np.metadata.namespace!);
    m?.delete(np.metadata.name);
    if (m && m.size === 0) this.net.policies.delete(np.metadata.namespace!);
  }
}
