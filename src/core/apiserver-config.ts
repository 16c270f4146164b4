/**
 * OpenShift keeps the kube-apiserver's configuration in the ConfigMap `config` of
 * openshift-kube-apiserver (a one-line JSON config.yaml, KubeAPIServerConfig). Here it is written
 * from the simulated server's own admission chain, so what `oc get cm config -o yaml | grep
 * admission` shows is what actually runs (PodSecurity too: unlabelled namespaces are privileged here).
 */
import type { KObject } from './api/types.js';
import type { ApiServer } from './apiserver/server.js';
import type { ClusterInfo } from './component.js';

export function apiserverConfigMap(api: ApiServer, info: ClusterInfo): KObject {
  const chain = api.admissionChain();
  const plugins = [...new Set([...chain.mutating, ...chain.validating])];
  const config = {
    apiVersion: 'kubecontrolplane.config.openshift.io/v1',
    kind: 'KubeAPIServerConfig',
    admission: {
      pluginConfig: {
        PodSecurity: { configuration: { apiVersion: 'pod-security.admission.config.k8s.io/v1', kind: 'PodSecurityConfiguration', defaults: { enforce: 'privileged', 'enforce-version': 'latest' } } },
      },
    },
    apiServerArguments: {
      'allow-privileged': ['true'],
      'authorization-mode': ['Scope', 'SystemMasters', 'RBAC', 'Node'],
      'enable-admission-plugins': plugins,
      'etcd-servers': info.nodes.filter((n) => n.role === 'control-plane').map((n) => `https://${n.ip}:2379`),
      'service-cluster-ip-range': [info.serviceCIDR],
      'watch-cache': ['true'],
    },
    servicesSubnet: info.serviceCIDR,
    servingInfo: { bindAddress: '0.0.0.0:6443', bindNetwork: 'tcp4' },
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'config', namespace: 'openshift-kube-apiserver' },
    data: { 'config.yaml': JSON.stringify(config) },
  };
}
