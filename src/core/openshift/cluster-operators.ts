/**
 * A healthy operator's Degraded condition carries no message, so `oc get co` (whose MESSAGE
 * column shows it) stays quiet until something breaks.
 *
 * The ClusterOperator objects of an OpenShift cluster (config.openshift.io/v1), kept up to date
 * from what the simulation really runs: the control-plane static pods (their mirror pods and
 * container states), the etcd members, the DNS DaemonSet. Event-driven: pod and DaemonSet
 * changes in the operators' namespaces and etcd's raft events schedule one recompute a second
 * later; a status is written only when it changed. When the API server cannot write (etcd lost
 * quorum) the statuses stay stale, as on a real cluster.
 */
import type { Component, ComponentContext } from '../component.js';
import type { Condition, KObject, Pod } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { EtcdCluster } from '../etcd/cluster.js';

const USER = { username: 'system:serviceaccount:openshift-cluster-version:default', groups: ['system:serviceaccounts', 'system:masters', 'system:authenticated'] };
const RECOMPUTE_DELAY_MS = 1000;
/** The cluster starts as an installed one: every operator healthy until its operands have had time to come up. */
const STARTUP_GRACE_MS = 60_000;

interface CondSpec {
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

interface Health {
  degraded: CondSpec;
  progressing: CondSpec;
  available: CondSpec;
}

interface StaticOperator {
  name: string;
  namespace: string;
  /** Mirror pod name on node N: prefix + N. */
  podPrefix: string;
  container: string;
  revision: number;
  related: Array<{ group: string; resource: string; name: string }>;
}

const STATIC_OPERATORS: StaticOperator[] = [
  { name: 'etcd', namespace: 'openshift-etcd', podPrefix: 'etcd-', container: 'etcd', revision: 7, related: [{ group: 'operator.openshift.io', resource: 'etcds', name: 'cluster' }] },
  { name: 'kube-apiserver', namespace: 'openshift-kube-apiserver', podPrefix: 'kube-apiserver-', container: 'kube-apiserver', revision: 12, related: [{ group: 'operator.openshift.io', resource: 'kubeapiservers', name: 'cluster' }] },
  { name: 'kube-controller-manager', namespace: 'openshift-kube-controller-manager', podPrefix: 'kube-controller-manager-', container: 'kube-controller-manager', revision: 9, related: [{ group: 'operator.openshift.io', resource: 'kubecontrollermanagers', name: 'cluster' }] },
  { name: 'kube-scheduler', namespace: 'openshift-kube-scheduler', podPrefix: 'openshift-kube-scheduler-', container: 'kube-scheduler', revision: 8, related: [{ group: 'operator.openshift.io', resource: 'kubeschedulers', name: 'cluster' }] },
];

/** Operators whose health the simulation does not model: always available. */
const STEADY: Array<[string, string]> = [
  ['authentication', 'All is well'],
  ['cloud-credential', ''],
  ['cluster-autoscaler', 'at version 4.19.0'],
  ['config-operator', 'All is well'],
  ['console', 'All is well'],
  ['control-plane-machine-set', ''],
  ['csi-snapshot-controller', 'All is well'],
  ['image-registry', 'Available: The registry is ready\nNodeCADaemonAvailable: The daemon set node-ca has available replicas\nImagePrunerAvailable: Pruner CronJob has been created'],
  ['ingress', 'The "default" ingress controller reports Available=True.'],
  ['insights', 'Insights works as expected'],
  ['kube-storage-version-migrator', ''],
  ['machine-api', 'Cluster Machine API Operator is available at 4.19.0'],
  ['machine-approver', ''],
  ['machine-config', 'Cluster has deployed [{operator 4.19.0}]'],
  ['marketplace', 'Marketplace is running'],
  ['monitoring', ''],
  ['network', ''],
  ['node-tuning', 'Cluster has deployed 6/6 "4.19.0" operands'],
  ['openshift-apiserver', 'All is well'],
  ['openshift-controller-manager', 'All is well'],
  ['openshift-samples', 'Samples installation successful at 4.19.0'],
  ['operator-lifecycle-manager', 'Deployed 4.19.0'],
  ['service-ca', 'All is well'],
  ['storage', 'DefaultStorageClassControllerAvailable: StorageClass provided by supplied CSI Driver instead of the cluster-storage-operator'],
];

export const CLUSTER_OPERATOR_NAMES = [...[...STATIC_OPERATORS.map((o) => o.name), 'dns', ...STEADY.map(([n]) => n)]].sort();

const ok = (reason: string, message: string): CondSpec => ({ status: 'False', reason, message });

export class ClusterOperators implements Component {
  readonly name = 'cluster-operators';
  private isRunning = false;
  private timer?: number;
  private readonly client: Client;
  private readonly version: string;
  private readonly masters: string[];
  private unsubscribe?: () => void;
  private settledAt = 0;
  private dnsWasWhole = false;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly etcd: EtcdCluster,
  ) {
    this.client = ctx.client(USER, 'cluster-version-operator/v1.0.0');
    const minor = Number(/^v1\.(\d+)/.exec(ctx.info.kubernetesVersion)?.[1] ?? 32);
    this.version = `4.${minor - 13}.0`;
    this.masters = ctx.info.nodes.filter((n) => n.role === 'control-plane').map((n) => n.name);
    const watched = new Set([...STATIC_OPERATORS.map((o) => o.namespace), 'openshift-dns']);
    const poke = (o: KObject): void => {
      if (watched.has(o.metadata.namespace ?? '')) this.schedule();
    };
    const handlers = { add: poke, update: (_o: KObject, n: KObject) => poke(n), delete: poke };
    ctx.informers.for('pods').on(handlers);
    ctx.informers.for('daemonsets').on(handlers);
  }

  get running(): boolean {
    return this.isRunning;
  }

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.unsubscribe = this.etcd.onEvent(() => this.schedule());
    this.settledAt = this.ctx.clock.now() + STARTUP_GRACE_MS;
    this.reconcile(true);
    this.schedule();
  }

  stop(): void {
    this.isRunning = false;
    this.unsubscribe?.();
    if (this.timer !== undefined) this.ctx.clock.clear(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (!this.isRunning || this.timer !== undefined) return;
    const now = this.ctx.clock.now();
    this.timer = this.ctx.clock.setTimeout(() => {
      this.timer = undefined;
      this.reconcile();
    }, Math.max(RECOMPUTE_DELAY_MS, this.settledAt - now));
  }

  /** Computes every operator's health and writes those that changed. */
  reconcile(installed = false): void {
    for (const op of STATIC_OPERATORS) {
      const related = op.related.concat([{ group: '', resource: 'namespaces', name: op.namespace }]);
      this.write(op.name, installed ? this.installedHealth(op) : this.staticHealth(op), related, op.name);
    }
    this.write('dns', this.dnsHealth(), [{ group: 'operator.openshift.io', resource: 'dnses', name: 'default' }, { group: '', resource: 'namespaces', name: 'openshift-dns' }]);
    for (const [name, message] of STEADY) {
      this.write(name, { degraded: ok('AsExpected', ''), progressing: ok('AsExpected', ''), available: { status: 'True', reason: 'AsExpected', message } }, []);
    }
  }

  private pod(namespace: string, name: string): Pod | undefined {
    return this.ctx.informers.for<Pod>('pods').getByName(namespace, name);
  }

  /** library-go's static pod operators: StaticPodsDegraded / StaticPodsAvailable per node. */
  private staticHealth(op: StaticOperator): Health {
    const problems: string[] = [];
    let active = 0;
    for (const node of this.masters) {
      const name = `${op.podPrefix}${node}`;
      const pod = this.pod(op.namespace, name);
      if (!pod) {
        problems.push(`StaticPodsDegraded: pods "${name}" not found`);
        continue;
      }
      const cs = (pod.status?.containerStatuses ?? []).find((c) => c.name === op.container);
      if (cs?.ready) {
        active++;
        continue;
      }
      if (cs?.state?.running) active++;
      if (cs?.state?.waiting) problems.push(`StaticPodsDegraded: pod/${name} container "${op.container}" is waiting: ${cs.state.waiting.reason ?? ''}: ${cs.state.waiting.message ?? ''}`);
      else if (cs?.state?.terminated) problems.push(`StaticPodsDegraded: pod/${name} container "${op.container}" is terminated: ${cs.state.terminated.reason ?? 'Error'}: ${cs.state.terminated.message ?? ''}`);
      else problems.push(`StaticPodsDegraded: pod/${name} container "${op.container}" is not ready: unknown reason`);
    }
    const n = this.masters.length;
    const revision = `${n} node${n === 1 ? ' is' : 's are'} at revision ${op.revision}`;
    let availableMsg = `StaticPodsAvailable: ${active} node${active === 1 ? ' is' : 's are'} active; ${revision}`;
    let degradedMsg = problems.join('\n');
    if (op.name === 'etcd') {
      const members = this.etcd.members;
      const healthy = members.filter((m) => this.etcd.isHealthy(m.name));
      const bad = members.filter((m) => !healthy.includes(m)).map((m) => m.name);
      availableMsg += `\nEtcdMembersAvailable: ${healthy.length === members.length ? `${members.length} members are available` : `${healthy.length} of ${members.length} members are available, ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} unhealthy`}`;
      if (bad.length) degradedMsg = [`EtcdMembersDegraded: ${healthy.length} of ${members.length} members are available, ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} unhealthy`, ...problems].join('\n');
      if (healthy.length < this.etcd.quorum) active = 0;
    }
    return {
      degraded: degradedMsg ? { status: 'True', reason: op.name === 'etcd' && degradedMsg.startsWith('EtcdMembers') ? 'EtcdMembers_UnhealthyMembers' : 'StaticPods_Error', message: degradedMsg } : ok('AsExpected', ''),
      progressing: ok('AsExpected', `NodeInstallerProgressing: ${revision}`),
      available: active > 0 ? { status: 'True', reason: 'AsExpected', message: availableMsg } : { status: 'False', reason: 'StaticPods_ZeroNodesActive', message: availableMsg },
    };
  }

  private installedHealth(op: StaticOperator): Health {
    const n = this.masters.length;
    const revision = `${n} node${n === 1 ? ' is' : 's are'} at revision ${op.revision}`;
    const extra = op.name === 'etcd' ? `\nEtcdMembersAvailable: ${this.etcd.members.length} members are available` : '';
    return { degraded: ok('AsExpected', ''), progressing: ok('AsExpected', `NodeInstallerProgressing: ${revision}`), available: { status: 'True', reason: 'AsExpected', message: `StaticPodsAvailable: ${n} node${n === 1 ? ' is' : 's are'} active; ${revision}${extra}` } };
  }

  private dnsHealth(): Health {
    const ds = this.ctx.informers.for('daemonsets').getByName('openshift-dns', 'dns-default');
    const want = ds?.status?.desiredNumberScheduled ?? 0;
    const have = ds?.status?.numberAvailable ?? 0;
    // A fresh cluster's DNS pods are still starting: judge the DaemonSet once it was whole.
    if (ds && want > 0 && have >= want) this.dnsWasWhole = true;
    if (ds && this.dnsWasWhole && have < want) {
      return {
        degraded: { status: 'True', reason: 'DNSDegraded', message: `DNS default is degraded` },
        progressing: { status: 'True', reason: 'Reconciling', message: `Have ${have} available DNS pods, want ${want}.` },
        available: have > 0 ? { status: 'True', reason: 'AsExpected', message: 'The DNS daemonset has available pods, and the DNS service has a cluster IP address.' } : { status: 'False', reason: 'NoDaemonSetPods', message: 'The DNS daemonset has no pods available.' },
      };
    }
    return {
      degraded: ok('AsExpected', ''),
      progressing: ok('AsExpected', `Desired and current number of DNSes are equal`),
      available: { status: 'True', reason: 'AsExpected', message: 'DNS "default" is available.' },
    };
  }

  private write(name: string, h: Health, related: Array<{ group: string; resource: string; name: string }>, operand?: string): void {
    const existing = this.ctx.api.cached('clusteroperators', undefined, name);
    const now = this.ctx.clock.isoNow();
    const prior: Condition[] = existing?.status?.conditions ?? [];
    const cond = (type: string, c: CondSpec): Condition => {
      const old = prior.find((p) => p.type === type);
      const since = old && old.status === c.status ? old.lastTransitionTime : now;
      return { type, status: c.status, reason: c.reason, ...(c.message ? { message: c.message } : {}), lastTransitionTime: since } as Condition;
    };
    const conditions = [
      cond('Degraded', h.degraded),
      cond('Progressing', h.progressing),
      cond('Available', h.available),
      cond('Upgradeable', { status: 'True', reason: 'AsExpected', message: 'All is well' }),
      cond('EvaluationConditionsDetected', { status: 'False', reason: 'AsExpected', message: '' }),
    ];
    const versions = [{ name: 'raw-internal', version: this.version }, { name: 'operator', version: this.version }, ...(operand ? [{ name: operand, version: operand === 'etcd' ? '4.19.0' : this.ctx.info.kubernetesVersion.replace(/^v/, '') }] : [])];
    const status = { conditions, extension: null, relatedObjects: related, versions };
    if (existing && JSON.stringify(existing.status) === JSON.stringify(status)) return;
    try {
      if (!existing) {
        const created = this.client.create({ apiVersion: 'config.openshift.io/v1', kind: 'ClusterOperator', metadata: { name, annotations: { 'include.release.openshift.io/self-managed-high-availability': 'true' } }, spec: {} });
        this.client.updateStatus({ ...created, status });
      } else {
        this.client.updateStatus({ ...existing, metadata: { ...existing.metadata, resourceVersion: undefined as unknown as string }, status });
      }
    } catch {
      // etcd without quorum or NOSPACE: the status stays as it was; the next event retries.
    }
  }
}

export function createClusterOperators(ctx: ComponentContext, etcd: EtcdCluster): ClusterOperators {
  return new ClusterOperators(ctx, etcd);
}
