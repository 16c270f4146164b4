/**
 * DefaultTolerationSeconds: every pod tolerates node.kubernetes.io/not-ready and
 * .../unreachable NoExecute for 300 s unless it says otherwise, which is why pods leave a dead
 * node five minutes after it goes NotReady. Pods stamped from one template share their
 * tolerations array, so the result is cached per input array (no allocation per pod).
 */
import type { Toleration } from '../../api/types.js';
import type { AdmissionPlugin } from './types.js';
import { isPod } from './util.js';

export const DEFAULT_TOLERATION_SECONDS = 300;
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

const notReady: Toleration = Object.freeze({ key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
const unreachable: Toleration = Object.freeze({ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
const BOTH: readonly Toleration[] = Object.freeze([notReady, unreachable]);

const cache = new WeakMap<readonly Toleration[], readonly Toleration[]>();

function tolerates(tols: readonly Toleration[], key: string): boolean {
  return tols.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
}

function withDefaults(tols: readonly Toleration[] | undefined): readonly Toleration[] {
  if (!tols || tols.length === 0) return BOTH;
  const hit = cache.get(tols);
  if (hit) return hit;
  const add: Toleration[] = [];
  if (!tolerates(tols, NOT_READY)) add.push(notReady);
  if (!tolerates(tols, UNREACHABLE)) add.push(unreachable);
  const out = add.length ? Object.freeze([...tols, ...add]) : tols;
  cache.set(tols, out);
  return out;
}

export const defaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  admit(attrs) {
    if (!isPod(attrs) || attrs.operation !== 'CREATE' || !attrs.object) return;
    const pod = attrs.object;
    const before = pod.spec?.tolerations;
    const after = withDefaults(before);
    if (after === before) return;
    pod.spec = { ...pod.spec, tolerations: after };
    return 'added not-ready/unreachable NoExecute tolerations for 300s';
  },
};
