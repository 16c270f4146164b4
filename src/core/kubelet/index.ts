import type { Component, ComponentContext, NodeConfig } from '../component.js';

export function createKubelet(ctx: ComponentContext, node: NodeConfig): Component {
  void ctx;
  let running = false;
  return { name: `kubelet/${node.name}`, get running() { return running; }, start() { running = true; }, stop() { running = false; } };
}
