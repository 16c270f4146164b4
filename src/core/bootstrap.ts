/**
 * What a fresh cluster holds before any scenario object: system namespaces, the bootstrap RBAC
 * policy, priority classes, the `kubernetes` service and cluster DNS. Written through the API
 * server like everything else.
 */
import { apiserverConfigMap } from './apiserver-config.js';
import type { KObject } from './api/types.js';
import type { ApiServer } from './apiserver/server.js';
import { COMPONENT_USERS } from './apiserver/authn.js';
import { resourceForKind } from './api/resources.js';
import type { ClusterInfo } from './component.js';
import { OVN_KUBERNETES_IMAGE } from './network/model.js';

const ALL = ['*'];

function clusterRole(name: string, rules: Array<Record<string, string[]>>): KObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } }, rules };
}

function clusterRoleBinding(name: string, role: string, subjects: Array<Record<string, string>>): KObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects,
  };
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const WORKLOADS = ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'pods/log', 'pods/status', 'replicationcontrollers', 'services', 'endpoints', 'persistentvolumeclaims', 'configmaps', 'secrets', 'serviceaccounts', 'events'];
const APPS = ['deployments', 'deployments/scale', 'deployments/rollback', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale', 'daemonsets', 'controllerrevisions'];

/** The default user-facing roles, close to the real aggregated ones. */
function userRoles(): KObject[] {
  const view = [
    { apiGroups: [''], resources: ['pods', 'pods/log', 'pods/status', 'replicationcontrollers', 'services', 'endpoints', 'persistentvolumeclaims', 'configmaps', 'serviceaccounts', 'events', 'limitranges', 'resourcequotas', 'namespaces'], verbs: READ },
    { apiGroups: ['apps'], resources: APPS, verbs: READ },
    { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ },
    { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses'], verbs: READ },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ },
  ];
  const edit = [
    { apiGroups: [''], resources: WORKLOADS, verbs: [...READ, ...WRITE] },
    { apiGroups: ['apps'], resources: APPS, verbs: [...READ, ...WRITE] },
    { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: [...READ, ...WRITE] },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: [...READ, ...WRITE] },
    { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses'], verbs: [...READ, ...WRITE] },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: [...READ, ...WRITE] },
    { apiGroups: [''], resources: ['limitranges', 'resourcequotas', 'namespaces'], verbs: READ },
  ];
  const admin = [...edit, { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: [...READ, ...WRITE] }];
  return [
    clusterRole('cluster-admin', [{ apiGroups: ALL, resources: ALL, verbs: ALL }, { nonResourceURLs: ALL, verbs: ALL } as never]),
    clusterRole('admin', admin),
    clusterRole('edit', edit),
    clusterRole('view', view),
    clusterRole('system:basic-user', [{ apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] }]),
    clusterRole('system:discovery', [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/openapi', '/openapi/*', '/version', '/version/'], verbs: ['get'] } as never]),
  ];
}

/** Component roles: what the scheduler, controller-manager and kubelets may do. */
function componentRoles(): KObject[] {
  return [
    clusterRole('system:kube-scheduler', [
      { apiGroups: ['', 'apps', 'policy', 'storage.k8s.io', 'coordination.k8s.io', 'events.k8s.io'], resources: ALL, verbs: READ },
      { apiGroups: [''], resources: ['pods/binding', 'bindings', 'pods/status', 'events'], verbs: ['create', 'patch', 'update'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'update', 'patch'] },
    ]),
    clusterRole('system:volume-scheduler', [
      { apiGroups: [''], resources: ['persistentvolumes', 'persistentvolumeclaims'], verbs: [...READ, 'patch', 'update'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: READ },
    ]),
    clusterRole('system:kube-controller-manager', [{ apiGroups: ALL, resources: ALL, verbs: ALL }]),
    clusterRole('system:node', [
      { apiGroups: [''], resources: ['nodes', 'nodes/status', 'pods', 'pods/status', 'pods/eviction', 'events'], verbs: [...READ, ...WRITE] },
      { apiGroups: [''], resources: ['configmaps', 'secrets', 'services', 'endpoints', 'persistentvolumeclaims', 'persistentvolumes', 'serviceaccounts/token'], verbs: [...READ, 'create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: [...READ, ...WRITE] },
      { apiGroups: ['storage.k8s.io'], resources: ['csidrivers', 'csinodes', 'volumeattachments', 'storageclasses'], verbs: [...READ, ...WRITE] },
    ]),
  ];
}

export function bootstrapObjects(api: ApiServer, info: ClusterInfo): void {
  const openshift = info.flavor === 'openshift';
  const namespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
  if (openshift) {
    namespaces.push(
      'openshift',
      'openshift-config',
      'openshift-etcd',
      'openshift-kube-apiserver',
      'openshift-kube-scheduler',
      'openshift-kube-controller-manager',
      'openshift-dns',
      'openshift-ovn-kubernetes',
      'openshift-cluster-csi-drivers',
      'openshift-monitoring',
      'openshift-ingress',
    );
  }
  const objects: KObject[] = [];
  for (const name of namespaces) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } });
  objects.push(...userRoles(), ...componentRoles());
  objects.push(
    clusterRoleBinding('cluster-admin', 'cluster-admin', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }]),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }]),
    clusterRoleBinding('system:discovery', 'system:discovery', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }]),
    clusterRoleBinding('system:kube-scheduler', 'system:kube-scheduler', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:kube-scheduler' }]),
    clusterRoleBinding('system:volume-scheduler', 'system:volume-scheduler', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:kube-scheduler' }]),
    clusterRoleBinding('system:kube-controller-manager', 'system:kube-controller-manager', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:kube-controller-manager' }]),
    clusterRoleBinding('system:node', 'system:node', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:nodes' }]),
  );
  objects.push(
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-cluster-critical' }, value: 2000000000, globalDefault: false, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-node-critical' }, value: 2000001000, globalDefault: false, description: 'Used for system critical pods that must not be moved from their current node.' },
  );
  const firstServiceIP = info.serviceCIDR.startsWith('172.30.') ? '172.30.0.1' : '10.96.0.1';
  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: firstServiceIP, clusterIPs: [firstServiceIP], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None' },
  });
  objects.push({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: info.nodes.filter((n) => n.role === 'control-plane').map((n) => ({ ip: n.ip })), ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
  objects.push(...dnsObjects(info));
  if (openshift) objects.push(ovnkubeNode());
  if (openshift) objects.push(apiserverConfigMap(api, info));
  for (const obj of objects) create(api, obj);
}

function dnsObjects(info: ClusterInfo): KObject[] {
  const openshift = info.flavor === 'openshift';
  const ns = openshift ? 'openshift-dns' : 'kube-system';
  const name = openshift ? 'dns-default' : 'coredns';
  const svcName = openshift ? 'dns-default' : 'kube-dns';
  const labels: Record<string, string> = openshift ? { 'dns.operator.openshift.io/daemonset-dns': 'default' } : { 'k8s-app': 'kube-dns' };
  const podSpec = {
    priorityClassName: 'system-cluster-critical',
    containers: [
      {
        name: openshift ? 'dns' : 'coredns',
        image: 'registry.k8s.io/coredns/coredns:v1.11.3',
        args: ['-conf', '/etc/coredns/Corefile'],
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
        ],
        resources: { requests: { cpu: '50m', memory: '70Mi' }, ...(openshift ? {} : { limits: { memory: '170Mi' } }) },
        readinessProbe: { httpGet: { path: '/ready', port: 8181 }, periodSeconds: 10 },
        livenessProbe: { httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 60, failureThreshold: 5 },
      },
    ],
    tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
  };
  const workload: KObject = openshift
    ? {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name, namespace: ns, labels },
        spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { ...podSpec, tolerations: [{ operator: 'Exists' }] } } },
      }
    : {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns, labels },
        spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
      };
  const service: KObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: svcName, namespace: ns, labels },
    spec: {
      clusterIP: info.dnsServiceIP,
      clusterIPs: [info.dnsServiceIP],
      selector: labels,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 'dns-tcp' },
      ],
    },
  };
  return [workload, service];
}

function create(api: ApiServer, obj: KObject): void {
  const res = resourceForKind(obj.kind, obj.apiVersion);
  if (!res) throw new Error(`bootstrap: unknown kind ${obj.kind}`);
  const out = api.handle({ verb: 'create', resource: res.plural, namespace: obj.metadata.namespace, body: obj, user: COMPONENT_USERS.openshiftAdmin, userAgent: 'kube-apiserver/bootstrap' });
  if (out.code >= 300) throw new Error(`bootstrap: creating ${obj.kind} ${obj.metadata.name}: ${out.body?.message}`);
}

/**
 * OVN-Kubernetes in interconnect mode (OpenShift 4.14+): one ovnkube-node pod per node runs
 * the node's own OVN databases and daemons next to ovnkube-controller. Deleting the pod
 * restarts them (the fix for a wedged ovn-controller).
 */
function ovnkubeNode(): KObject {
  const labels = { app: 'ovnkube-node', component: 'network', 'ovn-db-pod': 'true', type: 'infra', 'kubernetes.io/os': 'linux' };
  const image = OVN_KUBERNETES_IMAGE;
  // Args rather than the real `/bin/bash -c exec ...`: the simulated image runs its process as given.
  // Requests are trimmed (the real ones add up to ~1.6Gi) so scenarios' capacity arithmetic holds.
  const c = (name: string, cpu: string, memory: string, args: string[]): Record<string, unknown> => ({
    name,
    image,
    args,
    resources: { requests: { cpu, memory } },
    terminationMessagePolicy: 'FallbackToLogsOnError',
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'ovnkube-node', namespace: 'openshift-ovn-kubernetes', labels: { 'networkoperator.openshift.io/non-critical': '' }, annotations: { 'kubernetes.io/description': 'This daemonset launches the ovn-kubernetes per node networking components.' } },
    spec: {
      selector: { matchLabels: { app: 'ovnkube-node' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: { labels, annotations: { 'target.workload.openshift.io/management': '{"effect": "PreferredDuringScheduling"}' } },
        spec: {
          hostNetwork: true,
          dnsPolicy: 'Default',
          priorityClassName: 'system-node-critical',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          containers: [
            c('ovn-controller', '10m', '20Mi', ['ovn-controller', 'unix:/var/run/openvswitch/db.sock', '-vfile:off', '--no-chdir', '--pidfile=/var/run/ovn/ovn-controller.pid']),
            c('ovn-acl-logging', '10m', '20Mi', ['/usr/sbin/ovn-acl-logging']),
            c('kube-rbac-proxy-node', '10m', '20Mi', ['/usr/bin/kube-rbac-proxy', '--secure-listen-address=:9103']),
            c('kube-rbac-proxy-ovn-metrics', '10m', '20Mi', ['/usr/bin/kube-rbac-proxy', '--secure-listen-address=:9105']),
            c('northd', '10m', '20Mi', ['ovn-northd', '--no-chdir', '-vconsole:info', '-vfile:off', '--pidfile', '/var/run/ovn/ovn-northd.pid']),
            c('nbdb', '10m', '20Mi', ['/usr/share/ovn/scripts/ovn-ctl', '--no-monitor', 'run_nb_ovsdb']),
            c('sbdb', '10m', '20Mi', ['/usr/share/ovn/scripts/ovn-ctl', '--no-monitor', 'run_sb_ovsdb']),
            c('ovnkube-controller', '10m', '20Mi', ['/usr/bin/ovnkube', '--init-ovnkube-controller', '$(K8S_NODE)', '--enable-interconnect', '--zone', '$(K8S_NODE)']),
          ],
        },
      },
    },
  };
}
