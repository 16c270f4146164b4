/**
 * Installs defaulting, validation and the default admission chain on an API server, in the
 * real order (kube-apiserver's AllOrderedPlugins, the enabled-by-default subset):
 *   mutating:   NamespaceLifecycle, LimitRanger, ServiceAccount, TaintNodesByCondition, Priority,
 *               DefaultTolerationSeconds, DefaultStorageClass, StorageObjectInUseProtection,
 *               MutatingAdmissionWebhook
 *   validating: LimitRanger, ServiceAccount (no-op after Admit), PodSecurity, Priority,
 *               ValidatingAdmissionWebhook, ResourceQuota
 * Service cluster IPs and node ports are allocated like the service storage does, right after
 * defaulting.
 */
import { registerDefaults } from '../../api/defaults.js';
import { registerValidation } from '../../api/validation/index.js';
import type { KObject } from '../../api/types.js';
import { COMPONENT_USERS } from '../authn.js';
import type { ApiServer } from '../server.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';
import { limitRanger } from './limit-ranger.js';
import { serviceAccount } from './service-account.js';
import { taintNodesByCondition } from './taint-nodes-by-condition.js';
import { podSecurity } from './pod-security.js';
import { priority } from './priority.js';
import { defaultTolerationSeconds } from './default-toleration-seconds.js';
import { defaultStorageClassPlugin } from './default-storage-class.js';
import { storageObjectInUseProtection } from './storage-object-in-use-protection.js';
import { mutatingAdmissionWebhook, validatingAdmissionWebhook } from './webhook.js';
import { createResourceQuotaPlugin } from './resource-quota.js';
import { ServiceAllocator, serviceCIDRFor } from './service-allocator.js';

export function installAdmission(api: ApiServer): void {
  registerDefaults(api.defaulters);
  installServiceAllocator(api);
  registerValidation(api.validators);

  const resourceQuota = createResourceQuotaPlugin((quota, used) => {
    // The API server's loopback client writes the quota status, as upstream's quota accessor.
    api.handle({
      verb: 'update',
      resource: 'resourcequotas',
      namespace: quota.metadata.namespace,
      name: quota.metadata.name,
      subresource: 'status',
      body: { ...quota, status: { ...quota.status, used } },
      user: COMPONENT_USERS.openshiftAdmin,
      userAgent: 'kube-apiserver/resourcequota-admission',
      trusted: true,
    });
  });

  api.mutating.push(
    namespaceLifecycle,
    limitRanger,
    serviceAccount,
    taintNodesByCondition,
    priority,
    defaultTolerationSeconds,
    defaultStorageClassPlugin,
    storageObjectInUseProtection,
    mutatingAdmissionWebhook,
  );
  api.validating.push(limitRanger, podSecurity, priority, validatingAdmissionWebhook, resourceQuota);
}

function installServiceAllocator(api: ApiServer): void {
  const allocator = new ServiceAllocator(serviceCIDRFor(api.flavor), api.random.fork('service-allocator'));
  const prefix = `${api.prefix}services/specs/`;
  api.etcd.watch(prefix, { prefix: true }, (ev) => {
    const after = ev.type === 'PUT' ? (ev.kv.value as KObject) : undefined;
    allocator.observe(ev.kv.key, ev.prevKv?.value as KObject | undefined, after);
  });
  const list = api.defaulters.get('Service') ?? [];
  list.push((obj) => allocator.allocate(obj));
  api.defaulters.set('Service', list);
}

export { ServiceAllocator } from './service-allocator.js';
