/**
 * The one registry of resource types the simulated API server serves. kubectl, the dashboard's
 * `:` views, the HTTP endpoint's discovery and the scenario loader all resolve names here.
 */

export interface ResourceType {
  kind: string;
  /** Lowercase plural, the REST and etcd name: "pods". */
  plural: string;
  singular: string;
  shortNames: string[];
  /** API group; "" for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  /** Path under the etcd prefix (/registry or /kubernetes.io): "pods", "services/specs", "minions". */
  etcdPath: string;
  /** Subresources served: status, scale, log, binding, eviction, exec. */
  subresources: string[];
  /** Categories kubectl uses for `get all`. */
  categories?: string[];
  verbs?: string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function r(
  kind: string,
  plural: string,
  group: string,
  version: string,
  namespaced: boolean,
  shortNames: string[] = [],
  extra: Partial<ResourceType> = {},
): ResourceType {
  return {
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    group,
    version,
    namespaced,
    etcdPath: plural,
    subresources: [],
    verbs: ALL_VERBS,
    ...extra,
  };
}

export const RESOURCES: readonly ResourceType[] = [
  r('Binding', 'bindings', '', 'v1', true, [], { verbs: ['create'] }),
  r('ComponentStatus', 'componentstatuses', '', 'v1', false, ['cs'], { verbs: ['get', 'list'] }),
  r('ConfigMap', 'configmaps', '', 'v1', true, ['cm']),
  r('Endpoints', 'endpoints', '', 'v1', true, ['ep'], { etcdPath: 'services/endpoints', singular: 'endpoints' }),
  r('Event', 'events', '', 'v1', true, ['ev']),
  r('LimitRange', 'limitranges', '', 'v1', true, ['limits']),
  r('Namespace', 'namespaces', '', 'v1', false, ['ns'], { subresources: ['status', 'finalize'] }),
  r('Node', 'nodes', '', 'v1', false, ['no'], { etcdPath: 'minions', subresources: ['status', 'proxy'] }),
  r('PersistentVolumeClaim', 'persistentvolumeclaims', '', 'v1', true, ['pvc'], { subresources: ['status'] }),
  r('PersistentVolume', 'persistentvolumes', '', 'v1', false, ['pv'], { subresources: ['status'] }),
  r('Pod', 'pods', '', 'v1', true, ['po'], {
    subresources: ['status', 'log', 'binding', 'eviction', 'exec', 'ephemeralcontainers'],
    categories: ['all'],
  }),
  r('ReplicationController', 'replicationcontrollers', '', 'v1', true, ['rc'], { subresources: ['status', 'scale'], categories: ['all'] }),
  r('ResourceQuota', 'resourcequotas', '', 'v1', true, ['quota'], { subresources: ['status'] }),
  r('Secret', 'secrets', '', 'v1', true, []),
  r('ServiceAccount', 'serviceaccounts', '', 'v1', true, ['sa'], { subresources: ['token'] }),
  r('Service', 'services', '', 'v1', true, ['svc'], { etcdPath: 'services/specs', subresources: ['status'], categories: ['all'] }),
  r('ControllerRevision', 'controllerrevisions', 'apps', 'v1', true),
  r('DaemonSet', 'daemonsets', 'apps', 'v1', true, ['ds'], { subresources: ['status'], categories: ['all'] }),
  r('Deployment', 'deployments', 'apps', 'v1', true, ['deploy'], { subresources: ['status', 'scale'], categories: ['all'] }),
  r('ReplicaSet', 'replicasets', 'apps', 'v1', true, ['rs'], { subresources: ['status', 'scale'], categories: ['all'] }),
  r('StatefulSet', 'statefulsets', 'apps', 'v1', true, ['sts'], { subresources: ['status', 'scale'], categories: ['all'] }),
  r('HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'autoscaling', 'v2', true, ['hpa'], { subresources: ['status'], categories: ['all'] }),
  r('CronJob', 'cronjobs', 'batch', 'v1', true, ['cj'], { subresources: ['status'], categories: ['all'] }),
  r('Job', 'jobs', 'batch', 'v1', true, [], { subresources: ['status'], categories: ['all'] }),
  r('Lease', 'leases', 'coordination.k8s.io', 'v1', true),
  r('EndpointSlice', 'endpointslices', 'discovery.k8s.io', 'v1', true),
  r('NetworkPolicy', 'networkpolicies', 'networking.k8s.io', 'v1', true, ['netpol']),
  r('Ingress', 'ingresses', 'networking.k8s.io', 'v1', true, ['ing'], { subresources: ['status'] }),
  r('PodDisruptionBudget', 'poddisruptionbudgets', 'policy', 'v1', true, ['pdb'], { subresources: ['status'] }),
  r('ClusterRoleBinding', 'clusterrolebindings', 'rbac.authorization.k8s.io', 'v1', false),
  r('ClusterRole', 'clusterroles', 'rbac.authorization.k8s.io', 'v1', false),
  r('RoleBinding', 'rolebindings', 'rbac.authorization.k8s.io', 'v1', true),
  r('Role', 'roles', 'rbac.authorization.k8s.io', 'v1', true),
  r('PriorityClass', 'priorityclasses', 'scheduling.k8s.io', 'v1', false, ['pc']),
  r('CSIDriver', 'csidrivers', 'storage.k8s.io', 'v1', false),
  r('CSINode', 'csinodes', 'storage.k8s.io', 'v1', false),
  r('StorageClass', 'storageclasses', 'storage.k8s.io', 'v1', false, ['sc']),
  r('VolumeAttachment', 'volumeattachments', 'storage.k8s.io', 'v1', false, [], { subresources: ['status'] }),
  r('MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', 'admissionregistration.k8s.io', 'v1', false),
  r('ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', 'admissionregistration.k8s.io', 'v1', false),
  r('SelfSubjectAccessReview', 'selfsubjectaccessreviews', 'authorization.k8s.io', 'v1', false, [], { verbs: ['create'] }),
  r('SubjectAccessReview', 'subjectaccessreviews', 'authorization.k8s.io', 'v1', false, [], { verbs: ['create'] }),
  r('ClusterOperator', 'clusteroperators', 'config.openshift.io', 'v1', false, ['co'], { subresources: ['status'], etcdPath: 'config.openshift.io/clusteroperators' }),
];

const byName = new Map<string, ResourceType>();
for (const res of RESOURCES) {
  const group = res.group ? `.${res.group}` : '';
  for (const n of [res.plural, res.singular, ...res.shortNames, res.kind.toLowerCase()]) {
    if (!byName.has(n)) byName.set(n, res);
    byName.set(`${n}${group}`, res);
  }
}
// k9s' own aliases, accepted by the dashboard's `:` prompt and harmless elsewhere.
const EXTRA_ALIASES: Record<string, string> = {
  crole: 'clusterroles', crb: 'clusterrolebindings', rb: 'rolebindings', role: 'roles', ro: 'roles',
  dp: 'deployments', sec: 'secrets', jo: 'jobs', np: 'networkpolicies', va: 'volumeattachments',
  csidriver: 'csidrivers', lease: 'leases', limits: 'limitranges',
};
for (const [alias, plural] of Object.entries(EXTRA_ALIASES)) {
  if (!byName.has(alias)) byName.set(alias, byName.get(plural)!);
}

/** Resolves a kubectl resource name (plural, singular, short name, `name.group`), case-insensitive. */
export function resolveResource(name: string): ResourceType | undefined {
  return byName.get(name.toLowerCase());
}

export function resourceForKind(kind: string, apiVersion?: string): ResourceType | undefined {
  const group = apiVersion && apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return RESOURCES.find((res) => res.kind === kind && (apiVersion === undefined || res.group === group))
    ?? RESOURCES.find((res) => res.kind === kind);
}

export function apiVersionOf(res: ResourceType): string {
  return res.group ? `${res.group}/${res.version}` : res.version;
}

/** `deployments.apps` style name kubectl prints in messages; core resources have no group. */
export function qualifiedName(res: ResourceType): string {
  return res.group ? `${res.plural}.${res.group}` : res.plural;
}
