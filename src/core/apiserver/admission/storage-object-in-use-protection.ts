/**
 * StorageObjectInUseProtection: PVCs and PVs are created with a protection finalizer, so
 * deleting one that a pod still uses leaves it Terminating until the pvc-protection /
 * pv-protection controllers see it unused.
 */
import type { AdmissionPlugin } from './types.js';

const FINALIZERS: Record<string, string> = {
  persistentvolumeclaims: 'kubernetes.io/pvc-protection',
  persistentvolumes: 'kubernetes.io/pv-protection',
};

export const storageObjectInUseProtection: AdmissionPlugin = {
  name: 'StorageObjectInUseProtection',
  admit(attrs) {
    const finalizer = FINALIZERS[attrs.resource.plural];
    if (!finalizer || attrs.operation !== 'CREATE' || attrs.subresource || !attrs.object) return;
    const obj = attrs.object;
    const list = obj.metadata.finalizers ?? [];
    if (list.includes(finalizer)) return;
    obj.metadata = { ...obj.metadata, finalizers: [...list, finalizer] };
    return `added finalizer ${finalizer}`;
  },
};
