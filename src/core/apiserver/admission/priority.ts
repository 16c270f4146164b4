/**
 * Priority: resolves a pod's priorityClassName to spec.priority and preemptionPolicy (the
 * globalDefault class, or 0, when it names none). Validating side: only one PriorityClass may
 * be the global default.
 */
import type { KObject } from '../../api/types.js';
import { forbidden } from '../errors.js';
import type { AdmissionContext, AdmissionPlugin } from './types.js';
import { admissionForbidden, isPod } from './util.js';

function globalDefault(ctx: AdmissionContext): KObject | undefined {
  let best: KObject | undefined;
  for (const pc of ctx.list('priorityclasses')) {
    // Several defaults can exist after races; the lowest value wins, as upstream.
    if (pc.globalDefault && (!best || pc.value < best.value)) best = pc;
  }
  return best;
}

export const priority: AdmissionPlugin = {
  name: 'Priority',
  admit(attrs, ctx) {
    if (!isPod(attrs) || attrs.operation !== 'CREATE' || !attrs.object) return;
    const pod = attrs.object;
    const spec = pod.spec ?? {};
    let name: string = spec.priorityClassName ?? '';
    let value = 0;
    let policy = 'PreemptLowerPriority';
    if (!name) {
      const def = globalDefault(ctx);
      if (def) {
        name = def.metadata.name;
        value = def.value ?? 0;
        policy = def.preemptionPolicy ?? policy;
      }
    } else {
      const pc = ctx.get('priorityclasses', undefined, name);
      if (!pc) throw admissionForbidden(attrs, `no PriorityClass with name ${name} was found`);
      value = pc.value ?? 0;
      policy = pc.preemptionPolicy ?? policy;
    }
    if (spec.priority !== undefined && spec.priority !== value) {
      throw admissionForbidden(
        attrs,
        `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
      );
    }
    if (spec.priority === value && spec.preemptionPolicy === policy && (spec.priorityClassName ?? '') === name) return;
    pod.spec = { ...spec, priority: value, preemptionPolicy: spec.preemptionPolicy ?? policy, ...(name ? { priorityClassName: name } : {}) };
    return name ? `priority ${value} from PriorityClass ${name}` : `priority ${value}`;
  },
  validate(attrs, ctx) {
    if (attrs.resource.plural !== 'priorityclasses' || !attrs.object?.globalDefault) return;
    if (attrs.operation !== 'CREATE' && attrs.operation !== 'UPDATE') return;
    const existing = globalDefault(ctx);
    if (existing && existing.metadata.name !== attrs.name) {
      throw forbidden(attrs.resource, attrs.name, `PriorityClass ${existing.metadata.name} is already marked as default. Only one default can exist`);
    }
  },
};
