/**
 * NamespaceLifecycle: no content in a namespace that does not exist or is being terminated, and
 * the immortal namespaces cannot be deleted. Upstream it is a mutating (Admit) plugin and runs
 * first; it only ever rejects.
 */
import { resolveResource } from '../../api/resources.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import type { AdmissionPlugin } from './types.js';
import { admissionForbidden } from './util.js';

const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);
const NAMESPACES = resolveResource('namespaces')!;

export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  admit(attrs, ctx) {
    const res = attrs.resource;
    if (res.plural === 'namespaces') {
      if (attrs.operation === 'DELETE' && IMMORTAL.has(attrs.name)) throw forbidden(res, attrs.name, 'this namespace may not be deleted');
      return;
    }
    if (!res.namespaced || !attrs.namespace || attrs.operation === 'DELETE') return;
    const ns = ctx.get('namespaces', undefined, attrs.namespace);
    if (!ns) throw notFound(NAMESPACES, attrs.namespace);
    if (attrs.operation === 'CREATE' && ns.status?.phase === 'Terminating') {
      const err = admissionForbidden(attrs, `unable to create new content in namespace ${attrs.namespace} because it is being terminated`);
      throw new ApiError(err.code, err.reason, err.message, {
        ...err.details,
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${attrs.namespace} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  },
};
