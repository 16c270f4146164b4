/**
 * Static pods of a control-plane node, as the kubelet reads them from /etc/kubernetes/manifests:
 * kubeadm's four on upstream clusters, the operator-managed revisions on OpenShift. The kubelet
 * runs them itself and publishes mirror pods; each container named in `processes` mirrors the
 * state of the cluster's real control-plane process.
 */
import type { Container, Pod, Probe } from '../api/types.js';
import type { ControlPlaneProcess, NodeConfig } from '../component.js';
import { stringify } from 'yaml';
import { OCP_IMAGES } from './images.js';

export interface StaticPodDef {
  pod: Pod;
  processes: Record<string, ControlPlaneProcess>;
  /** File name under /etc/kubernetes/manifests the kubelet reads the pod from. */
  manifest: string;
}

export const MANIFEST_DIR = '/etc/kubernetes/manifests';

/** The manifest file's text, as the installer (kubeadm, the OpenShift operators) writes it. */
export function manifestText(def: StaticPodDef): string {
  const { pod } = def;
  return stringify({ apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata, spec: pod.spec }, { lineWidth: 0 });
}

/** The control-plane process a manifest file starts, if it is one of the node's static pods. */
export function manifestProcess(defs: StaticPodDef[], file: string): ControlPlaneProcess | undefined {
  const def = defs.find((d) => d.manifest === file);
  return def ? Object.values(def.processes)[0] : undefined;
}

const VERSION = 'v1.32.4';

function httpProbe(path: string, port: number, scheme: 'HTTP' | 'HTTPS', extra: Partial<Probe> = {}): Probe {
  return { httpGet: { path, port, scheme, host: '127.0.0.1' } as Probe['httpGet'], initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15, failureThreshold: 8, successThreshold: 1, ...extra };
}

function c(name: string, image: string, command: string[], extra: Partial<Container> = {}): Container {
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    command,
    resources: { requests: { cpu: '10m', memory: '50Mi' } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'FallbackToLogsOnError',
    ...extra,
  };
}

function pod(namespace: string, name: string, labels: Record<string, string>, containers: Container[], initContainers: Container[] = [], annotations: Record<string, string> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels, annotations },
    spec: {
      containers,
      ...(initContainers.length ? { initContainers } : {}),
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      terminationGracePeriodSeconds: 30,
      tolerations: [{ operator: 'Exists' }],
      schedulerName: 'default-scheduler',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    },
  };
}

export function staticPods(flavor: 'openshift' | 'kubernetes', node: NodeConfig, members: NodeConfig[]): StaticPodDef[] {
  return flavor === 'openshift' ? openshiftPods(node, members) : kubeadmPods(node, members);
}

function kubeadmPods(node: NodeConfig, members: NodeConfig[]): StaticPodDef[] {
  const ip = node.ip;
  const cluster = members.map((m) => `${m.name}=https://${m.ip}:2380`).join(',');
  const cp = (component: string) => ({ component, tier: 'control-plane' });
  return [
    {
      pod: pod('kube-system', `etcd-${node.name}`, cp('etcd'), [
        c('etcd', 'registry.k8s.io/etcd:3.5.16-0', ['etcd', `--advertise-client-urls=https://${ip}:2379`, '--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--client-cert-auth=true', '--data-dir=/var/lib/etcd', '--experimental-initial-corrupt-check=true', '--experimental-watch-progress-notify-interval=5s', `--initial-advertise-peer-urls=https://${ip}:2380`, `--initial-cluster=${cluster}`, '--key-file=/etc/kubernetes/pki/etcd/server.key', `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`, '--listen-metrics-urls=http://127.0.0.1:2381', `--listen-peer-urls=https://${ip}:2380`, `--name=${node.name}`, '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt', '--peer-client-cert-auth=true', '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key', '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--snapshot-count=10000', '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt'], {
          resources: { requests: { cpu: '100m', memory: '100Mi' } },
          livenessProbe: httpProbe('/livez', 2381, 'HTTP', { initialDelaySeconds: 10, failureThreshold: 8 }),
          readinessProbe: httpProbe('/readyz', 2381, 'HTTP', { initialDelaySeconds: 0, failureThreshold: 3, periodSeconds: 1 }),
          startupProbe: httpProbe('/readyz', 2381, 'HTTP', { failureThreshold: 24 }),
        }),
      ], [], { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` }),
      processes: { etcd: 'etcd' },
      manifest: 'etcd.yaml',
    },
    {
      pod: pod('kube-system', `kube-apiserver-${node.name}`, cp('kube-apiserver'), [
        c('kube-apiserver', `registry.k8s.io/kube-apiserver:${VERSION}`, ['kube-apiserver', `--advertise-address=${ip}`, '--allow-privileged=true', '--authorization-mode=Node,RBAC', '--client-ca-file=/etc/kubernetes/pki/ca.crt', '--enable-admission-plugins=NodeRestriction', '--enable-bootstrap-token-auth=true', `--etcd-servers=${members.map((m) => `https://${m.ip}:2379`).join(',')}`, '--secure-port=6443', '--service-account-issuer=https://kubernetes.default.svc.cluster.local', '--service-cluster-ip-range=10.96.0.0/12', '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt', '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key'], {
          resources: { requests: { cpu: '250m' } },
          livenessProbe: { ...httpProbe('/livez', 6443, 'HTTPS'), httpGet: { path: '/livez', port: 6443, scheme: 'HTTPS', host: ip } as Probe['httpGet'] },
          readinessProbe: { ...httpProbe('/readyz', 6443, 'HTTPS', { initialDelaySeconds: 0, failureThreshold: 3, periodSeconds: 1 }), httpGet: { path: '/readyz', port: 6443, scheme: 'HTTPS', host: ip } as Probe['httpGet'] },
          startupProbe: { ...httpProbe('/livez', 6443, 'HTTPS', { failureThreshold: 24 }), httpGet: { path: '/livez', port: 6443, scheme: 'HTTPS', host: ip } as Probe['httpGet'] },
        }),
      ], [], { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` }),
      processes: { 'kube-apiserver': 'kube-apiserver' },
      manifest: 'kube-apiserver.yaml',
    },
    {
      pod: pod('kube-system', `kube-controller-manager-${node.name}`, cp('kube-controller-manager'), [
        c('kube-controller-manager', `registry.k8s.io/kube-controller-manager:${VERSION}`, ['kube-controller-manager', '--allocate-node-cidrs=true', '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf', '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf', '--bind-address=127.0.0.1', '--cluster-cidr=10.244.0.0/16', '--cluster-name=kubernetes', '--controllers=*,bootstrapsigner,tokencleaner', '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--leader-elect=true', '--service-cluster-ip-range=10.96.0.0/12', '--use-service-account-credentials=true'], {
          resources: { requests: { cpu: '200m' } },
          livenessProbe: httpProbe('/healthz', 10257, 'HTTPS'),
          startupProbe: httpProbe('/healthz', 10257, 'HTTPS', { failureThreshold: 24 }),
        }),
      ]),
      processes: { 'kube-controller-manager': 'kube-controller-manager' },
      manifest: 'kube-controller-manager.yaml',
    },
    {
      pod: pod('kube-system', `kube-scheduler-${node.name}`, cp('kube-scheduler'), [
        c('kube-scheduler', `registry.k8s.io/kube-scheduler:${VERSION}`, ['kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'], {
          resources: { requests: { cpu: '100m' } },
          livenessProbe: httpProbe('/livez', 10259, 'HTTPS'),
          readinessProbe: httpProbe('/readyz', 10259, 'HTTPS', { initialDelaySeconds: 0, failureThreshold: 3, periodSeconds: 1 }),
          startupProbe: httpProbe('/livez', 10259, 'HTTPS', { failureThreshold: 24 }),
        }),
      ]),
      processes: { 'kube-scheduler': 'kube-scheduler' },
      manifest: 'kube-scheduler.yaml',
    },
  ];
}

function openshiftPods(node: NodeConfig, members: NodeConfig[]): StaticPodDef[] {
  const { etcd, hyperkube, operator, clusterPolicy } = OCP_IMAGES;
  const rev = (n: number) => String(n);
  const sleeper = ['/bin/bash', '-c', 'trap TERM INT; sleep infinity & wait'];
  return [
    {
      pod: pod('openshift-etcd', `etcd-${node.name}`, { app: 'etcd', etcd: 'true', 'k8s-app': 'etcd', revision: rev(7) }, [
        c('etcdctl', etcd, sleeper, { env: [{ name: 'ETCDCTL_API', value: '3' }, { name: 'ETCDCTL_ENDPOINTS', value: members.map((m) => `https://${m.ip}:2379`).join(',') }, { name: 'ETCDCTL_CACERT', value: '/etc/kubernetes/static-pod-certs/configmaps/etcd-all-bundles/server-ca-bundle.crt' }, { name: 'ETCDCTL_CERT', value: `/etc/kubernetes/static-pod-certs/secrets/etcd-all-certs/etcd-peer-${node.name}.crt` }, { name: 'ETCDCTL_KEY', value: `/etc/kubernetes/static-pod-certs/secrets/etcd-all-certs/etcd-peer-${node.name}.key` }] }),
        c('etcd', etcd, ['etcd', `--initial-advertise-peer-urls=https://${node.ip}:2380`, '--cert-file=/etc/kubernetes/static-pod-certs/secrets/etcd-all-certs/etcd-serving.crt', '--data-dir=/var/lib/etcd', `--listen-client-urls=https://0.0.0.0:2379`, `--listen-peer-urls=https://0.0.0.0:2380`, '--quota-backend-bytes=8589934592', `--name=${node.name}`], {
          resources: { requests: { cpu: '300m', memory: '600Mi' } },
          livenessProbe: httpProbe('/healthz', 9980, 'HTTPS', { initialDelaySeconds: 0, timeoutSeconds: 30, failureThreshold: 5, periodSeconds: 5 }),
          readinessProbe: httpProbe('/readyz', 9980, 'HTTPS', { initialDelaySeconds: 0, timeoutSeconds: 10, failureThreshold: 3, periodSeconds: 5 }),
          startupProbe: httpProbe('/readyz', 9980, 'HTTPS', { initialDelaySeconds: 0, timeoutSeconds: 1, failureThreshold: 18, periodSeconds: 10 }),
        }),
        c('etcd-metrics', etcd, ['etcd', 'grpc-proxy', 'start', '--endpoints=https://localhost:2379', '--metrics-addr=https://0.0.0.0:9979', '--listen-addr=127.0.0.1:9977'], { resources: { requests: { cpu: '40m', memory: '200Mi' } } }),
        c('etcd-readyz', operator, ['cluster-etcd-operator', 'readyz', '--target=https://localhost:2379', '--listen-port=9980'], { resources: { requests: { cpu: '10m', memory: '50Mi' } } }),
      ], [
        c('setup', etcd, ['/bin/sh', '-c', 'echo -n "Fixing etcd log permissions."'], { resources: { requests: { cpu: '5m', memory: '50Mi' } } }),
        c('etcd-ensure-env-vars', etcd, ['/bin/sh', '-c', 'echo ok'], { resources: { requests: { cpu: '10m', memory: '60Mi' } } }),
        c('etcd-resources-copy', etcd, ['/bin/sh', '-c', 'echo copied'], { resources: { requests: { cpu: '10m', memory: '60Mi' } } }),
      ]),
      processes: { etcd: 'etcd' },
      manifest: 'etcd-pod.yaml',
    },
    {
      pod: pod('openshift-kube-apiserver', `kube-apiserver-${node.name}`, { apiserver: 'true', app: 'openshift-kube-apiserver', revision: rev(12) }, [
        c('kube-apiserver', hyperkube, ['hyperkube', 'kube-apiserver', '--openshift-config=/etc/kubernetes/static-pod-resources/configmaps/config/config.yaml', `--advertise-address=${node.ip}`, '-v=2', '--permit-address-sharing'], {
          resources: { requests: { cpu: '265m', memory: '1Gi' } },
          livenessProbe: httpProbe('livez?exclude=etcd', 6443, 'HTTPS', { initialDelaySeconds: 0, timeoutSeconds: 10, failureThreshold: 3, periodSeconds: 10 }),
          readinessProbe: httpProbe('readyz', 6443, 'HTTPS', { initialDelaySeconds: 0, timeoutSeconds: 10, failureThreshold: 3, periodSeconds: 5 }),
          startupProbe: httpProbe('livez', 6443, 'HTTPS', { initialDelaySeconds: 0, timeoutSeconds: 10, failureThreshold: 30, periodSeconds: 5 }),
        }),
        c('kube-apiserver-cert-syncer', operator, ['cluster-kube-apiserver-operator', 'cert-syncer', '--kubeconfig=/etc/kubernetes/static-pod-resources/configmaps/kube-apiserver-cert-syncer-kubeconfig/kubeconfig', '--namespace=$(POD_NAMESPACE)', '--destination-dir=/etc/kubernetes/static-pod-certs'], { resources: { requests: { cpu: '5m', memory: '50Mi' } } }),
        c('kube-apiserver-cert-regeneration-controller', operator, ['cluster-kube-apiserver-operator', 'cert-regeneration-controller', '--kubeconfig=/etc/kubernetes/static-pod-resources/configmaps/kube-apiserver-cert-syncer-kubeconfig/kubeconfig', '--namespace=$(POD_NAMESPACE)', '-v=2'], { resources: { requests: { cpu: '5m', memory: '50Mi' } } }),
        c('kube-apiserver-insecure-readyz', operator, ['cluster-kube-apiserver-operator', 'insecure-readyz', '--insecure-port=6080', '--delegate-url=https://localhost:6443/readyz'], { resources: { requests: { cpu: '5m', memory: '50Mi' } } }),
        c('kube-apiserver-check-endpoints', operator, ['cluster-kube-apiserver-operator', 'check-endpoints', '--kubeconfig', '/etc/kubernetes/static-pod-certs/configmaps/check-endpoints-kubeconfig/kubeconfig', '--listen', '0.0.0.0:17697', '--namespace', '$(POD_NAMESPACE)', '--v', '2'], { resources: { requests: { cpu: '10m', memory: '50Mi' } } }),
      ], [c('setup', hyperkube, ['/bin/bash', '-c', 'echo "Fixing audit permissions ..."'], { resources: { requests: { cpu: '5m', memory: '50Mi' } } })]),
      processes: { 'kube-apiserver': 'kube-apiserver' },
      manifest: 'kube-apiserver-pod.yaml',
    },
    {
      pod: pod('openshift-kube-controller-manager', `kube-controller-manager-${node.name}`, { app: 'kube-controller-manager', 'kube-controller-manager': 'true', revision: rev(9) }, [
        c('kube-controller-manager', hyperkube, ['hyperkube', 'kube-controller-manager', '--openshift-config=/etc/kubernetes/static-pod-resources/configmaps/config/config.yaml', '--kubeconfig=/etc/kubernetes/static-pod-resources/configmaps/controller-manager-kubeconfig/kubeconfig', '--leader-elect=true', '-v=2'], {
          resources: { requests: { cpu: '60m', memory: '200Mi' } },
          livenessProbe: httpProbe('healthz', 10257, 'HTTPS', { initialDelaySeconds: 45, timeoutSeconds: 10, failureThreshold: 3 }),
          readinessProbe: httpProbe('healthz', 10257, 'HTTPS', { initialDelaySeconds: 10, timeoutSeconds: 10, failureThreshold: 3 }),
          startupProbe: httpProbe('healthz', 10257, 'HTTPS', { initialDelaySeconds: 0, timeoutSeconds: 3, failureThreshold: 3 }),
        }),
        c('cluster-policy-controller', clusterPolicy, ['cluster-policy-controller', 'start', '--config=/etc/kubernetes/static-pod-resources/configmaps/cluster-policy-controller-config/config.yaml', '-v=2'], { resources: { requests: { cpu: '10m', memory: '200Mi' } } }),
        c('kube-controller-manager-cert-syncer', operator, ['cluster-kube-controller-manager-operator', 'cert-syncer', '--namespace=$(POD_NAMESPACE)', '--destination-dir=/etc/kubernetes/static-pod-certs'], { resources: { requests: { cpu: '5m', memory: '50Mi' } } }),
        c('kube-controller-manager-recovery-controller', operator, ['cluster-kube-controller-manager-operator', 'cert-recovery-controller', '--listen=0.0.0.0:9443', '-v=2'], { resources: { requests: { cpu: '5m', memory: '50Mi' } } }),
      ]),
      processes: { 'kube-controller-manager': 'kube-controller-manager' },
      manifest: 'kube-controller-manager-pod.yaml',
    },
    {
      pod: pod('openshift-kube-scheduler', `openshift-kube-scheduler-${node.name}`, { app: 'openshift-kube-scheduler', scheduler: 'true', revision: rev(8) }, [
        c('kube-scheduler', hyperkube, ['hyperkube', 'kube-scheduler', '--config=/etc/kubernetes/static-pod-resources/configmaps/config/config.yaml', '--cert-dir=/var/run/kubernetes', '-v=2'], {
          resources: { requests: { cpu: '15m', memory: '50Mi' } },
          livenessProbe: httpProbe('healthz', 10259, 'HTTPS', { initialDelaySeconds: 45, timeoutSeconds: 1, failureThreshold: 3 }),
          readinessProbe: httpProbe('healthz', 10259, 'HTTPS', { initialDelaySeconds: 45, timeoutSeconds: 1, failureThreshold: 3 }),
        }),
        c('kube-scheduler-cert-syncer', operator, ['cluster-kube-scheduler-operator', 'cert-syncer', '--namespace=$(POD_NAMESPACE)', '--destination-dir=/etc/kubernetes/static-pod-certs'], { resources: { requests: { cpu: '5m', memory: '50Mi' } } }),
        c('kube-scheduler-recovery-controller', operator, ['cluster-kube-scheduler-operator', 'cert-recovery-controller', '--listen=0.0.0.0:11443', '-v=2'], { resources: { requests: { cpu: '5m', memory: '50Mi' } } }),
      ], [c('wait-for-host-port', hyperkube, ['/bin/bash', '-c', 'echo "Waiting for port :10259 to be released."'], { resources: { requests: { cpu: '15m', memory: '50Mi' } } })]),
      processes: { 'kube-scheduler': 'kube-scheduler' },
      manifest: 'kube-scheduler-pod.yaml',
    },
  ];
}
