import type { Component, ComponentContext } from '../component.js';

export function createControllerManager(ctx: ComponentContext): Component {
  void ctx;
  let running = false;
  return { name: 'controller-manager', get running() { return running; }, start() { running = true; }, stop() { running = false; } };
}
