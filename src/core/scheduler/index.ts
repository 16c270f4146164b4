import type { Component, ComponentContext } from '../component.js';

export function createScheduler(ctx: ComponentContext): Component {
  void ctx;
  let running = false;
  return { name: 'scheduler', get running() { return running; }, start() { running = true; }, stop() { running = false; } };
}
