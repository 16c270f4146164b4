/**
 * The CSI drivers kubedrill simulates, each installed the way its operator or chart installs
 * it: a CSIDriver object, StorageClasses, a controller Deployment (CSI driver container plus
 * the external-provisioner and external-attacher sidecars) and a node DaemonSet (driver plus
 * node-driver-registrar). The sidecars and node plugins here only work while those pods run,
 * so the real objects are what a user inspects and repairs.
 *
 * Defaults: OpenShift on AWS gets the AWS EBS driver with gp2-csi and gp3-csi (default);
 * the kubernetes flavor gets none (a kubeadm cluster has no StorageClass until one is
 * installed). A cluster option picks others (hostpath.csi.k8s.io, csi.spiffe.io).
 */
import type { KObject } from '../api/types.js';
import type { ClusterInfo } from '../component.js';
import type { ApiServer } from '../apiserver/server.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import { resourceForKind } from '../api/resources.js';

export const EBS = 'ebs.csi.aws.com';
export const HOSTPATH = 'hostpath.csi.k8s.io';
export const SPIFFE = 'csi.spiffe.io';
export const KNOWN_DRIVERS = [EBS, HOSTPATH, SPIFFE] as const;

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

const IMG = {
  ebs: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.37.0',
  provisioner: 'registry.k8s.io/sig-storage/csi-provisioner:v5.1.0',
  attacher: 'registry.k8s.io/sig-storage/csi-attacher:v4.7.0',
  registrar: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.12.0',
  hostpath: 'registry.k8s.io/sig-storage/hostpathplugin:v1.15.0',
  spiffe: 'ghcr.io/spiffe/spiffe-csi-driver:0.2.6',
};

export interface CsiDriverDef {
  /** The CSI driver name (CSIDriver object, provisioner, attacher). */
  name: string;
  namespace: string;
  /** Controller Deployment running the provisioner/attacher sidecars; none for node-only drivers. */
  controller?: { deployment: string; labels: Record<string, string>; serviceAccount: string };
  node: { daemonSet: string; labels: Record<string, string>; serviceAccount: string };
  attachRequired: boolean;
  lifecycleModes: Array<'Persistent' | 'Ephemeral'>;
  /** PV node affinity of provisioned volumes: the node's zone, or the node itself. */
  topology: 'zone' | 'node' | 'none';
  /** CreateVolume and ControllerPublishVolume latency, ms. */
  createMs: number;
  attachMs: number;
  /** Where the node plugin stages volumes and what a new volume holds (pod shells). */
  fsType: string;
}

export function driverDefs(info: ClusterInfo): CsiDriverDef[] {
  const openshift = info.flavor === 'openshift';
  const ebsNs = openshift ? 'openshift-cluster-csi-drivers' : 'kube-system';
  const ebsCtl = openshift ? 'aws-ebs-csi-driver-controller' : 'ebs-csi-controller';
  const ebsNode = openshift ? 'aws-ebs-csi-driver-node' : 'ebs-csi-node';
  return [
    {
      name: EBS,
      namespace: ebsNs,
      controller: { deployment: ebsCtl, labels: { app: ebsCtl }, serviceAccount: openshift ? 'aws-ebs-csi-driver-controller-sa' : 'ebs-csi-controller-sa' },
      node: { daemonSet: ebsNode, labels: { app: ebsNode }, serviceAccount: openshift ? 'aws-ebs-csi-driver-node-sa' : 'ebs-csi-node-sa' },
      attachRequired: true,
      lifecycleModes: ['Persistent'],
      topology: 'zone',
      createMs: 3000,
      attachMs: 4000,
      fsType: 'ext4',
    },
    {
      name: HOSTPATH,
      namespace: 'csi-hostpath',
      controller: { deployment: 'csi-hostpath-controller', labels: { app: 'csi-hostpath-controller' }, serviceAccount: 'csi-hostpath-controller' },
      node: { daemonSet: 'csi-hostpathplugin', labels: { app: 'csi-hostpathplugin' }, serviceAccount: 'csi-hostpathplugin' },
      attachRequired: true,
      lifecycleModes: ['Persistent', 'Ephemeral'],
      topology: 'node',
      createMs: 500,
      attachMs: 500,
      fsType: 'xfs',
    },
    {
      name: SPIFFE,
      namespace: 'spire-system',
      node: { daemonSet: 'spire-spiffe-csi-driver', labels: { 'app.kubernetes.io/name': 'spiffe-csi-driver' }, serviceAccount: 'spire-spiffe-csi-driver' },
      attachRequired: false,
      lifecycleModes: ['Ephemeral'],
      topology: 'none',
      createMs: 0,
      attachMs: 0,
      fsType: '',
    },
  ];
}

export function defaultDrivers(info: ClusterInfo): string[] {
  return info.flavor === 'openshift' ? [EBS] : [];
}

/** Every object that installs the given drivers, in creation order. */
export function driverObjects(info: ClusterInfo, drivers: readonly string[]): KObject[] {
  const defs = driverDefs(info).filter((d) => drivers.includes(d.name));
  const out: KObject[] = [];
  const namespaces = new Set<string>();
  for (const d of defs) {
    if (!['kube-system', 'openshift-cluster-csi-drivers'].includes(d.namespace) && !namespaces.has(d.namespace)) {
      namespaces.add(d.namespace);
      out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: d.namespace, labels: { 'kubernetes.io/metadata.name': d.namespace } } });
    }
    out.push(csiDriverObject(d));
    for (const sa of [d.controller?.serviceAccount, d.node.serviceAccount]) {
      if (sa) out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: d.namespace } });
    }
    if (d.controller) {
      out.push(
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: `${d.controller.deployment}-binding` },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:csi-external-controller' },
          subjects: [{ kind: 'ServiceAccount', name: d.controller.serviceAccount, namespace: d.namespace }],
        },
        controllerDeployment(d, info),
      );
    }
    out.push(nodeDaemonSet(d, info));
    out.push(...storageClasses(d, info));
  }
  if (defs.some((d) => d.controller)) {
    out.unshift({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:csi-external-controller' },
      rules: [
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'delete', 'patch', 'update'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims', 'persistentvolumeclaims/status'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch', 'create', 'update', 'patch'] },
        { apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'csinodes', 'csidrivers'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments', 'volumeattachments/status'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
      ],
    });
  }
  return out;
}

function csiDriverObject(d: CsiDriverDef): KObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSIDriver',
    metadata: { name: d.name, ...(d.name === EBS ? { annotations: { 'csi.openshift.io/managed': 'true' } } : {}) },
    spec: {
      attachRequired: d.attachRequired,
      podInfoOnMount: d.name !== EBS,
      fsGroupPolicy: d.name === SPIFFE ? 'None' : 'File',
      requiresRepublish: false,
      storageCapacity: false,
      seLinuxMount: d.name === EBS,
      volumeLifecycleModes: d.lifecycleModes,
    },
  };
}

function storageClasses(d: CsiDriverDef, info: ClusterInfo): KObject[] {
  const sc = (name: string, isDefault: boolean, mode: string, parameters: Record<string, string>): KObject => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, ...(isDefault ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } : {}) },
    provisioner: d.name,
    parameters,
    reclaimPolicy: 'Delete',
    allowVolumeExpansion: true,
    volumeBindingMode: mode,
  });
  if (d.name === EBS) {
    return info.flavor === 'openshift'
      ? [sc('gp2-csi', false, 'WaitForFirstConsumer', { encrypted: 'true', type: 'gp2' }), sc('gp3-csi', true, 'WaitForFirstConsumer', { encrypted: 'true', type: 'gp3' })]
      : [sc('gp3', true, 'WaitForFirstConsumer', { 'csi.storage.k8s.io/fstype': 'ext4', type: 'gp3' })];
  }
  if (d.name === HOSTPATH) return [sc('csi-hostpath-sc', false, 'Immediate', {})];
  return [];
}

const MASTER_TOLERATIONS = [
  { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
];

function controllerDeployment(d: CsiDriverDef, info: ClusterInfo): KObject {
  const c = d.controller!;
  const masters = info.nodes.filter((n) => n.role === 'control-plane').length;
  const ebs = d.name === EBS;
  const driverImage = ebs ? IMG.ebs : IMG.hostpath;
  const socket = { name: 'socket-dir', mountPath: '/var/lib/csi/sockets/pluginproxy/' };
  const sidecar = (name: string, image: string, args: string[]) => ({
    name,
    image,
    args: [...args, '--csi-address=$(ADDRESS)', '--v=2'],
    env: [{ name: 'ADDRESS', value: '/var/lib/csi/sockets/pluginproxy/csi.sock' }],
    resources: { requests: { cpu: '10m', memory: '50Mi' } },
    volumeMounts: [socket],
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: c.deployment, namespace: d.namespace, labels: c.labels },
    spec: {
      replicas: ebs && info.flavor === 'openshift' ? Math.min(2, Math.max(1, masters)) : ebs ? 2 : 1,
      selector: { matchLabels: c.labels },
      template: {
        metadata: { labels: c.labels },
        spec: {
          serviceAccountName: c.serviceAccount,
          priorityClassName: 'system-cluster-critical',
          ...(ebs && info.flavor === 'openshift' ? { nodeSelector: { 'node-role.kubernetes.io/master': '' }, tolerations: MASTER_TOLERATIONS } : {}),
          containers: [
            {
              name: 'csi-driver',
              image: driverImage,
              args: ebs ? ['controller', '--endpoint=$(CSI_ENDPOINT)', '--k8s-tag-cluster-id=' + info.name, '--logging-format=text', '--v=2'] : ['--drivername=hostpath.csi.k8s.io', '--endpoint=$(CSI_ENDPOINT)', '--nodeid=$(KUBE_NODE_NAME)'],
              env: [{ name: 'CSI_ENDPOINT', value: 'unix:///var/lib/csi/sockets/pluginproxy/csi.sock' }],
              ports: [{ name: 'healthz', containerPort: 9808, protocol: 'TCP' }],
              resources: { requests: { cpu: '10m', memory: '50Mi' } },
              volumeMounts: [socket],
            },
            sidecar('csi-provisioner', IMG.provisioner, ['--feature-gates=Topology=true', '--extra-create-metadata=true', '--default-fstype=' + d.fsType, '--timeout=60s', '--leader-election=true']),
            sidecar('csi-attacher', IMG.attacher, ['--timeout=60s', '--leader-election=true']),
          ],
          volumes: [{ name: 'socket-dir', emptyDir: {} }],
        },
      },
    },
  };
}

function nodeDaemonSet(d: CsiDriverDef, info: ClusterInfo): KObject {
  const n = d.node;
  const pluginDir = `/var/lib/kubelet/plugins/${d.name}/`;
  const image = d.name === EBS ? IMG.ebs : d.name === HOSTPATH ? IMG.hostpath : IMG.spiffe;
  const driverArgs = d.name === EBS ? ['node', '--endpoint=$(CSI_ENDPOINT)', '--logging-format=text', '--v=2'] : d.name === HOSTPATH ? ['--drivername=hostpath.csi.k8s.io', '--endpoint=$(CSI_ENDPOINT)', '--nodeid=$(KUBE_NODE_NAME)'] : ['-workload-api-socket-dir', '/spire-agent-socket', '-plugin-name', 'csi.spiffe.io', '-csi-socket-path', '/spiffe-csi/csi.sock'];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: n.daemonSet, namespace: d.namespace, labels: n.labels },
    spec: {
      selector: { matchLabels: n.labels },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: info.flavor === 'openshift' ? '10%' : 1 } },
      template: {
        metadata: { labels: n.labels },
        spec: {
          serviceAccountName: n.serviceAccount,
          priorityClassName: 'system-node-critical',
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: d.name === SPIFFE ? 'spiffe-csi-driver' : 'csi-driver',
              image,
              args: driverArgs,
              env: [
                { name: 'CSI_ENDPOINT', value: `unix:/${pluginDir}csi.sock` },
                { name: 'KUBE_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              ],
              securityContext: { privileged: true },
              resources: { requests: { cpu: '10m', memory: '40Mi' } },
              volumeMounts: [
                { name: 'kubelet-dir', mountPath: '/var/lib/kubelet', mountPropagation: 'Bidirectional' },
                { name: 'plugin-dir', mountPath: pluginDir },
              ],
            },
            {
              name: 'csi-node-driver-registrar',
              image: IMG.registrar,
              args: ['--csi-address=$(ADDRESS)', '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)', '--v=2'],
              env: [
                { name: 'ADDRESS', value: `${pluginDir}csi.sock` },
                { name: 'DRIVER_REG_SOCK_PATH', value: `${pluginDir}csi.sock` },
              ],
              resources: { requests: { cpu: '5m', memory: '20Mi' } },
              volumeMounts: [
                { name: 'plugin-dir', mountPath: pluginDir },
                { name: 'registration-dir', mountPath: '/registration' },
              ],
            },
          ],
          volumes: [
            { name: 'kubelet-dir', hostPath: { path: '/var/lib/kubelet', type: 'Directory' } },
            { name: 'plugin-dir', hostPath: { path: pluginDir, type: 'DirectoryOrCreate' } },
            { name: 'registration-dir', hostPath: { path: '/var/lib/kubelet/plugins_registry/', type: 'Directory' } },
          ],
        },
      },
    },
  };
}

/** Creates the drivers' objects through the API server, as the cluster's installer would. */
export function installDrivers(api: ApiServer, info: ClusterInfo, drivers: readonly string[]): void {
  for (const obj of driverObjects(info, drivers)) {
    const res = resourceForKind(obj.kind, obj.apiVersion);
    if (!res) throw new Error(`storage bootstrap: unknown kind ${obj.kind}`);
    const out = api.handle({ verb: 'create', resource: res.plural, namespace: obj.metadata.namespace, body: obj, user: COMPONENT_USERS.openshiftAdmin, userAgent: 'kube-apiserver/bootstrap' });
    if (out.code >= 300) throw new Error(`storage bootstrap: creating ${obj.kind} ${obj.metadata.name}: ${out.body?.message}`);
  }
}
