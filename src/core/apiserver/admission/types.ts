/**
 * Admission plugins, run by the API server after authorization: first every mutating plugin in
 * order, then schema validation, then every validating plugin in order. A plugin rejects a
 * request by throwing an ApiError.
 *
 * attrs.object is a private shallow copy owned by the pipeline, but its nested values may be
 * shared with other objects (pods stamped from one template share their spec): a mutating
 * plugin replaces what it changes (`obj.spec = {...obj.spec, tolerations: [...]}`) and never
 * writes into a nested value in place.
 */
import type { VirtualClock } from '../../clock.js';
import type { SeededRandom } from '../../random.js';
import type { ResourceType } from '../../api/resources.js';
import type { KObject } from '../../api/types.js';
import type { UserInfo } from '../authn.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionAttributes {
  operation: Operation;
  resource: ResourceType;
  subresource?: string;
  namespace?: string;
  name: string;
  object?: KObject;
  oldObject?: KObject;
  user: UserInfo;
  dryRun: boolean;
}

/** Read access for plugins: the API server's own current view of stored objects. */
export interface AdmissionContext {
  clock: VirtualClock;
  random: SeededRandom;
  flavor: 'openshift' | 'kubernetes';
  get(plural: string, namespace: string | undefined, name: string): KObject | undefined;
  list(plural: string, namespace?: string): Iterable<KObject>;
  /** Calls a webhook through the simulated network (set by the cluster's network layer). */
  callWebhook?: WebhookCaller;
}

export interface WebhookCall {
  /** Configuration kind: mutating or validating. */
  kind: 'mutating' | 'validating';
  webhook: Record<string, any>;
  attrs: AdmissionAttributes;
}

export type WebhookResult =
  | { ok: true; allowed: boolean; message?: string; patch?: (obj: KObject) => KObject }
  | { ok: false; error: string };

export type WebhookCaller = (call: WebhookCall) => WebhookResult;

export interface AdmissionPlugin {
  name: string;
  /** Mutates attrs.object; returns a short note of what it changed, or nothing. */
  admit?(attrs: AdmissionAttributes, ctx: AdmissionContext): string | void;
  /** Throws an ApiError to reject. Returns a note for the request log, or nothing. */
  validate?(attrs: AdmissionAttributes, ctx: AdmissionContext): string | void;
}
