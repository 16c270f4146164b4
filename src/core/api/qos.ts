/**
 * Pod QoS class (pkg/apis/core/helper/qos): Guaranteed when every container has cpu and memory
 * limits equal to its requests, BestEffort when nobody asks for anything, Burstable otherwise.
 */
import { tryParseQuantity } from './quantity.js';
import type { Container, PodSpec } from './types.js';

const COMPUTE = ['cpu', 'memory'];

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

export function podQOSClass(spec: Pick<PodSpec, 'containers' | 'initContainers'> | undefined): QOSClass {
  const all: Container[] = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  let anyRequest = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    for (const r of COMPUTE) {
      const rq = tryParseQuantity(req[r]);
      const lm = tryParseQuantity(lim[r]);
      if ((rq ?? 0) > 0 || (lm ?? 0) > 0) anyRequest = true;
      // Requests default to limits, so a missing request with a limit still counts as equal.
      if (lm === undefined || lm === 0) guaranteed = false;
      else if (rq !== undefined && rq !== lm) guaranteed = false;
    }
  }
  if (!anyRequest) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
