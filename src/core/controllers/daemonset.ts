/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per eligible node. Eligibility is
 * the template's nodeSelector, required node affinity and taints against the tolerations the
 * controller adds to every daemon pod; pods are pinned with node affinity on metadata.name and
 * left to the default scheduler, as upstream does. RollingUpdate replaces old pods within
 * maxUnavailable; OnDelete waits for the user.
 */
import type { ComponentContext } from '../component.js';
import type { KObject, Node, Pod, Taint, Toleration } from '../api/types.js';
import { keyOf } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import type { SeededRandom } from '../random.js';
import { QueueController } from './controller.js';
import { BURST_REPLICAS, createPodNamed, podFromTemplate } from './replicaset.js';
import { REVISION_HASH_LABEL, ensureRevision, truncateHistory } from './revisions.js';
import {
  CONTROLLER_UID_INDEX,
  Expectations,
  SpamFilteredRecorder,
  controllerUidOf,
  ownerRefsOf,
  errorMessage,
  isNotFound,
  isPodReady,
  podAvailability,
  scaledValue,
  slowStartBatch,
} from './util.js';

type DaemonSet = KObject;

/** Tolerations every daemon pod gets (util.AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) t.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return t;
}

export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  switch (r.operator) {
    case 'In':
      return value !== undefined && (r.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(r.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || !/^-?\d+$/.test(value)) return false;
      const a = Number(value);
      const b = Number(r.values?.[0]);
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** Whether a node satisfies a pod's nodeSelector and required node affinity. */
export function nodeMatchesPodSpec(node: Node, spec: Pod['spec']): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms: Array<{ matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }> | undefined =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return true;
  return terms.some((term) => {
    const exprs = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return exprs.every((r) => requirementMatches(r, labels[r.key])) && fields.every((r) => requirementMatches(r, r.key === 'metadata.name' ? node.metadata.name : undefined));
  });
}

/** The node a daemon pod is meant for: its nodeName, or its metadata.name affinity. */
function targetNode(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  return undefined;
}

export class DaemonSetController extends QueueController {
  readonly name = 'daemonset';
  private readonly client: Client;
  private readonly recorder: SpamFilteredRecorder;
  private readonly random: SeededRandom;
  readonly expectations: Expectations;
  private dsInf!: Informer<DaemonSet>;
  private nodeInf!: Informer<Node>;
  private podInf!: Informer<Pod>;
  private crInf!: Informer<KObject>;
  private shared = new WeakMap<object, { hash: string; labels: Record<string, string>; tolerations: Toleration[] }>();

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (daemon-set-controller)');
    this.recorder = new SpamFilteredRecorder(ctx.recorder('daemonset-controller'), ctx.clock);
    this.random = ctx.random.fork('daemonset-controller');
    this.expectations = new Expectations(ctx.clock);
  }

  protected register(): void {
    this.dsInf = this.ctx.informers.for<DaemonSet>('daemonsets');
    this.nodeInf = this.ctx.informers.for<Node>('nodes');
    this.podInf = this.ctx.informers.for<Pod>('pods');
    this.crInf = this.ctx.informers.for<KObject>('controllerrevisions');
    this.podInf.addIndex(CONTROLLER_UID_INDEX, controllerUidOf, ownerRefsOf);
    this.crInf.addIndex(CONTROLLER_UID_INDEX, controllerUidOf, ownerRefsOf);
    this.dsInf.on({
      add: (d) => this.queue.add(keyOf(d)),
      update: (old, d) => {
        if (old.spec === d.spec && old.metadata.deletionTimestamp === d.metadata.deletionTimestamp) return;
        this.queue.add(keyOf(d));
      },
      delete: (d) => this.expectations.delete(keyOf(d)),
    });
    const all = (): void => {
      for (const d of this.dsInf.list()) this.queue.add(keyOf(d));
    };
    this.nodeInf.on({
      add: all,
      update: (old, n) => {
        // Heartbeats change nothing here: only labels, taints and schedulability matter.
        if (old.metadata.labels === n.metadata.labels && old.spec === n.spec) return;
        if (JSON.stringify([old.metadata.labels, old.spec?.taints, old.spec?.unschedulable]) === JSON.stringify([n.metadata.labels, n.spec?.taints, n.spec?.unschedulable])) return;
        all();
      },
      delete: all,
    });
    const ownerKey = (pod: Pod): string | undefined => {
      const ref = pod.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'DaemonSet');
      return ref ? `${pod.metadata.namespace}/${ref.name}` : undefined;
    };
    this.podInf.on({
      add: (p) => {
        const k = ownerKey(p);
        if (!k) return;
        this.expectations.creationObserved(k);
        this.queue.add(k);
      },
      update: (old, p) => {
        const k = ownerKey(p);
        if (!k) return;
        if (p.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) this.expectations.deletionObserved(k, keyOf(p));
        const statusOnly = old.metadata.deletionTimestamp === p.metadata.deletionTimestamp && old.status?.phase === p.status?.phase && old.spec.nodeName === p.spec.nodeName;
        if (statusOnly) this.enqueueStatusChange(k, this.podInf.indexCount(CONTROLLER_UID_INDEX, controllerUidOf(p) ?? ''));
        else this.queue.add(k);
      },
      delete: (p) => {
        const k = ownerKey(p);
        if (!k) return;
        this.expectations.deletionObserved(k, keyOf(p));
        this.queue.add(k);
      },
    });
  }

  private sharedFor(ds: DaemonSet, hash: string): { hash: string; labels: Record<string, string>; tolerations: Toleration[] } {
    const template = ds.spec?.template ?? {};
    let s = this.shared.get(template);
    if (!s || s.hash !== hash) {
      const own: Toleration[] = template.spec?.tolerations ?? [];
      const extra = daemonTolerations(template.spec?.hostNetwork === true).filter((t) => !own.some((o) => o.key === t.key && o.effect === t.effect));
      s = { hash, labels: { ...(template.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash }, tolerations: [...own, ...extra] };
      this.shared.set(template, s);
    }
    return s;
  }

  protected reconcile(key: string): 'done' | 'retry' | { after: number } {
    const ds = this.dsInf.get(key);
    if (!ds) {
      this.expectations.delete(key);
      return 'done';
    }
    const rev = ensureRevision(this.client, this.crInf, ds);
    const shared = this.sharedFor(ds, rev.hash);
    const byNode = new Map<string, Pod[]>();
    for (const p of this.podInf.byIndex(CONTROLLER_UID_INDEX, ds.metadata.uid!)) {
      const n = targetNode(p);
      if (!n) continue;
      let list = byNode.get(n);
      if (!list) byNode.set(n, (list = []));
      list.push(p);
    }
    const template = ds.spec?.template ?? { spec: { containers: [] } };
    const now = this.ctx.clock.now();
    const minReady: number = ds.spec?.minReadySeconds ?? 0;
    const toCreate: string[] = [];
    const toDelete: Pod[] = [];
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    let after: number | undefined;
    const oldAvailable: Pod[] = [];
    const oldUnavailable: Pod[] = [];
    const seen = new Set<string>();
    for (const node of this.nodeInf.list()) {
      seen.add(node.metadata.name);
      const taints = node.spec?.taints ?? [];
      const matches = nodeMatchesPodSpec(node, template.spec);
      const shouldRun = matches && taints.every((t) => t.effect === 'PreferNoSchedule' || tolerates(shared.tolerations, t));
      const shouldContinue = matches && taints.every((t) => t.effect !== 'NoExecute' || tolerates(shared.tolerations, t));
      const pods = byNode.get(node.metadata.name) ?? [];
      const live = pods.filter((p) => !p.metadata.deletionTimestamp);
      if (shouldRun) desired++;
      if (shouldContinue) {
        const running: Pod[] = [];
        for (const p of live) {
          if (p.status?.phase === 'Failed') {
            this.recorder.warning(ds, 'FailedDaemonPod', `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${node.metadata.name}, will try to kill it`);
            toDelete.push(p);
          } else running.push(p);
        }
        if (running.length === 0 && shouldRun && !pods.some((p) => p.metadata.deletionTimestamp)) toCreate.push(node.metadata.name);
        // Keep the oldest daemon pod on a node, delete the rest.
        running.sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : 1));
        for (const extra of running.slice(1)) toDelete.push(extra);
        const pod = running[0];
        if (pod && shouldRun) {
          current++;
          const isNew = pod.metadata.labels?.[REVISION_HASH_LABEL] === rev.hash;
          if (isNew) updated++;
          let avail = false;
          if (isPodReady(pod)) {
            ready++;
            const a = podAvailability(pod, minReady, now);
            if (a.available) {
              available++;
              avail = true;
            } else if (a.inMs !== undefined) after = Math.min(after ?? Infinity, a.inMs + 1);
          }
          if (!isNew) (avail ? oldAvailable : oldUnavailable).push(pod);
        }
      } else if (live.length > 0) {
        toDelete.push(...live);
      }
      if (!shouldRun && live.length > 0) misscheduled++;
    }
    // Pods for nodes that no longer exist.
    for (const [node, pods] of byNode) if (!seen.has(node)) toDelete.push(...pods.filter((p) => !p.metadata.deletionTimestamp));

    // Rolling update: old unavailable pods go at once, available ones within maxUnavailable.
    if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const maxUnavailable = Math.max(0, scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, desired, true, 1));
      const unavailableNow = desired - available;
      toDelete.push(...oldUnavailable);
      let budget = maxUnavailable - unavailableNow;
      for (const p of oldAvailable) {
        if (budget <= 0) break;
        toDelete.push(p);
        budget--;
      }
    }

    if (this.expectations.satisfied(key) && !ds.metadata.deletionTimestamp) {
      const create = toCreate.slice(0, BURST_REPLICAS);
      if (create.length) {
        this.expectations.expectCreations(key, create.length);
        const prefix = `${ds.metadata.name}-`;
        const { ok } = slowStartBatch(create.length, 1, (i) => {
          const node = create[i]!;
          try {
            const pod = createPodNamed(this.client, this.random, (name) => podFromTemplate(ds, template, name, prefix, { labels: shared.labels, spec: this.podSpecFor(template.spec, node, shared.tolerations) }), prefix);
            this.recorder.normal(ds, 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
          } catch (err) {
            this.recorder.warning(ds, 'FailedCreate', `Error creating: ${errorMessage(err)}`);
            throw err;
          }
        });
        if (ok < create.length) {
          this.expectations.lowerCreations(key, create.length - ok);
          after = Math.min(after ?? Infinity, 1000);
        }
      }
      const del = [...new Set(toDelete)].slice(0, BURST_REPLICAS);
      if (del.length) this.expectations.expectDeletions(key, del.map(keyOf));
      for (const p of del) {
        try {
          this.client.delete('pods', p.metadata.namespace, p.metadata.name);
          this.recorder.normal(ds, 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        } catch (err) {
          this.expectations.deletionObserved(key, keyOf(p));
          if (!isNotFound(err)) this.recorder.warning(ds, 'FailedDelete', `Error deleting: ${errorMessage(err)}`);
        }
      }
    }

    const status: Record<string, any> = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: Math.max(0, desired - available),
    };
    const old = ds.status ?? {};
    if (Object.keys(status).some((k) => (old[k] ?? 0) !== status[k])) {
      const out: Record<string, any> = { ...old, ...status };
      for (const k of ['numberAvailable', 'numberUnavailable', 'updatedNumberScheduled']) if (out[k] === 0) delete out[k];
      try {
        this.client.updateStatus({ ...ds, status: out });
      } catch (err) {
        if (isNotFound(err)) return 'done';
        return 'retry';
      }
    }
    truncateHistory(this.client, this.crInf, ds, new Set([rev.name]));
    return after !== undefined ? { after } : 'done';
  }

  /** The template spec pinned to a node (ReplaceDaemonSetPodNodeNameNodeAffinity) with daemon tolerations. */
  private podSpecFor(spec: Pod['spec'], node: string, tolerations: Toleration[]): Partial<Pod['spec']> {
    const affinity = spec.affinity ?? {};
    const nodeAffinity = affinity.nodeAffinity ?? {};
    return {
      affinity: {
        ...affinity,
        nodeAffinity: {
          ...nodeAffinity,
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] },
        },
      },
      tolerations,
    };
  }
}

export function createDaemonSetController(ctx: ComponentContext): DaemonSetController {
  return new DaemonSetController(ctx);
}
