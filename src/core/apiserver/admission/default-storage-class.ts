/**
 * DefaultStorageClass: a PVC that names no storage class (the field absent, not "") gets the
 * class annotated storageclass.kubernetes.io/is-default-class=true. With several defaults the
 * newest wins (1.26+).
 */
import type { KObject } from '../../api/types.js';
import type { AdmissionContext, AdmissionPlugin } from './types.js';

const ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export function defaultStorageClass(ctx: AdmissionContext): KObject | undefined {
  let best: KObject | undefined;
  for (const sc of ctx.list('storageclasses')) {
    if (!ANNOTATIONS.some((a) => sc.metadata.annotations?.[a] === 'true')) continue;
    if (
      !best ||
      (sc.metadata.creationTimestamp ?? '') > (best.metadata.creationTimestamp ?? '') ||
      (sc.metadata.creationTimestamp === best.metadata.creationTimestamp && sc.metadata.name < best.metadata.name)
    ) {
      best = sc;
    }
  }
  return best;
}

export const defaultStorageClassPlugin: AdmissionPlugin = {
  name: 'DefaultStorageClass',
  admit(attrs, ctx) {
    if (attrs.resource.plural !== 'persistentvolumeclaims' || attrs.operation !== 'CREATE' || attrs.subresource || !attrs.object) return;
    const pvc = attrs.object;
    if (pvc.spec?.storageClassName !== undefined && pvc.spec?.storageClassName !== null) return;
    const sc = defaultStorageClass(ctx);
    if (!sc) return;
    pvc.spec = { ...pvc.spec, storageClassName: sc.metadata.name };
    return `storageClassName=${sc.metadata.name} (default class)`;
  },
};
