/**
 * The StatefulSet controller (pkg/controller/statefulset): pods NAME-0..N-1 with stable
 * hostname/subdomain and per-ordinal PVCs from volumeClaimTemplates; OrderedReady creates one
 * at a time (each waits for the previous to be Running and Ready) and removes from the top,
 * Parallel does all at once; RollingUpdate replaces pods in reverse ordinal order down to the
 * partition; revisions are ControllerRevisions.
 */
import type { ComponentContext } from '../component.js';
import type { KObject, Pod } from '../api/types.js';
import { keyOf } from '../api/types.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import { QueueController } from './controller.js';
import { podFromTemplate } from './replicaset.js';
import { REVISION_HASH_LABEL, ensureRevision, truncateHistory } from './revisions.js';
import {
  CONTROLLER_UID_INDEX,
  SpamFilteredRecorder,
  controllerUidOf,
  ownerRefsOf,
  errorMessage,
  isAlreadyExists,
  isNotFound,
  isPodReady,
  isPodTerminal,
  podAvailability,
} from './util.js';

type StatefulSet = KObject;

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const runningAndReady = (p: Pod): boolean => p.status?.phase === 'Running' && isPodReady(p);

export class StatefulSetController extends QueueController {
  readonly name = 'statefulset';
  private readonly client: Client;
  private readonly recorder: SpamFilteredRecorder;
  private stsInf!: Informer<StatefulSet>;
  private podInf!: Informer<Pod>;
  private pvcInf!: Informer<KObject>;
  private crInf!: Informer<KObject>;

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (statefulset-controller)');
    this.recorder = new SpamFilteredRecorder(ctx.recorder('statefulset-controller'), ctx.clock);
  }

  protected register(): void {
    this.stsInf = this.ctx.informers.for<StatefulSet>('statefulsets');
    this.podInf = this.ctx.informers.for<Pod>('pods');
    this.pvcInf = this.ctx.informers.for<KObject>('persistentvolumeclaims');
    this.crInf = this.ctx.informers.for<KObject>('controllerrevisions');
    this.podInf.addIndex(CONTROLLER_UID_INDEX, controllerUidOf, ownerRefsOf);
    this.crInf.addIndex(CONTROLLER_UID_INDEX, controllerUidOf, ownerRefsOf);
    this.stsInf.on({
      add: (s) => this.queue.add(keyOf(s)),
      update: (old, s) => {
        if (old.spec === s.spec && old.metadata.deletionTimestamp === s.metadata.deletionTimestamp) return;
        this.queue.add(keyOf(s));
      },
    });
    const onPod = (pod: Pod): void => {
      const ref = pod.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'StatefulSet');
      if (ref) this.queue.add(`${pod.metadata.namespace}/${ref.name}`);
    };
    this.podInf.on({
      add: onPod,
      update: (old, p) => {
        const ref = p.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'StatefulSet');
        if (!ref) return;
        const statusOnly = old.metadata.deletionTimestamp === p.metadata.deletionTimestamp && old.status?.phase === p.status?.phase;
        if (statusOnly && !isPodReady(old) === !isPodReady(p)) {
          this.enqueueStatusChange(`${p.metadata.namespace}/${ref.name}`, this.podInf.indexCount(CONTROLLER_UID_INDEX, ref.uid));
        } else onPod(p);
      },
      delete: onPod,
    });
  }

  protected reconcile(key: string): 'done' | 'retry' | { after: number } {
    const sts = this.stsInf.get(key);
    if (!sts) return 'done';
    const name = sts.metadata.name;
    const spec = sts.spec ?? {};
    const replicas: number = spec.replicas ?? 1;
    const start: number = spec.ordinals?.start ?? 0;
    const monotonic = (spec.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
    const pods = new Map<number, Pod>();
    const condemned: Pod[] = [];
    const re = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`);
    for (const p of this.podInf.byIndex(CONTROLLER_UID_INDEX, sts.metadata.uid!)) {
      const m = re.exec(p.metadata.name);
      if (!m) continue;
      const ord = Number(m[1]);
      if (ord >= start && ord < start + replicas) pods.set(ord, p);
      else condemned.push(p);
    }
    const update = ensureRevision(this.client, this.crInf, sts);
    const currentRevision: string = sts.status?.currentRevision ?? update.name;
    let after: number | undefined;

    const act = (): void => {
      if (sts.metadata.deletionTimestamp) return;
      // Create, replace failed, and wait for readiness in ordinal order.
      for (let ord = start; ord < start + replicas; ord++) {
        const pod = pods.get(ord);
        if (!pod) {
          const created = this.createPod(sts, ord, currentRevision, update.name);
          if (created) pods.set(ord, created);
          if (monotonic || !created) return;
          continue;
        }
        if (isPodTerminal(pod)) {
          this.deletePod(sts, pod);
          if (monotonic) return;
          continue;
        }
        if (pod.metadata.deletionTimestamp) {
          if (monotonic) return;
          continue;
        }
        if (monotonic && !runningAndReady(pod)) return;
      }
      // Scale down from the highest ordinal.
      condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
      for (const pod of condemned) {
        if (pod.metadata.deletionTimestamp) {
          if (monotonic) return;
          continue;
        }
        this.deletePod(sts, pod);
        if (monotonic) return;
      }
      // Rolling update in reverse ordinal order, down to the partition, one at a time.
      if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
      const partition: number = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
      for (let ord = start + replicas - 1; ord >= start + partition; ord--) {
        const pod = pods.get(ord);
        if (!pod) return;
        if (pod.metadata.labels?.[REVISION_HASH_LABEL] !== update.name) {
          if (!pod.metadata.deletionTimestamp && [...pods.values()].every((p) => p === pod || (runningAndReady(p) && !p.metadata.deletionTimestamp))) {
            this.deletePod(sts, pod);
          }
          return;
        }
        if (!runningAndReady(pod)) return;
      }
    };
    act();

    // Status.
    const now = this.ctx.clock.now();
    const minReady: number = spec.minReadySeconds ?? 0;
    let count = 0;
    let ready = 0;
    let available = 0;
    let current = 0;
    let updated = 0;
    const inUse = new Set<string>([update.name, currentRevision]);
    for (const p of [...pods.values(), ...condemned]) {
      if (isPodTerminal(p)) continue;
      count++;
      const rev = p.metadata.labels?.[REVISION_HASH_LABEL];
      if (rev) inUse.add(rev);
      if (p.metadata.deletionTimestamp) continue;
      if (isPodReady(p)) {
        ready++;
        const a = podAvailability(p, minReady, now);
        if (a.available) available++;
        else if (a.inMs !== undefined) after = Math.min(after ?? Infinity, a.inMs + 1);
      }
      if (rev === currentRevision) current++;
      if (rev === update.name) updated++;
    }
    let curRev = currentRevision;
    if (updated === count && ready === count && count === replicas) {
      curRev = update.name;
      current = updated;
    }
    const status: Record<string, any> = {
      observedGeneration: sts.metadata.generation ?? 1,
      replicas: count,
      readyReplicas: ready,
      currentReplicas: current,
      updatedReplicas: updated,
      currentRevision: curRev,
      updateRevision: update.name,
      collisionCount: sts.status?.collisionCount ?? 0,
      availableReplicas: available,
    };
    const old = sts.status ?? {};
    if (Object.keys(status).some((k) => (old[k] ?? 0) !== status[k])) {
      try {
        this.client.updateStatus({ ...sts, status: { ...old, ...status } });
      } catch (err) {
        if (isNotFound(err)) return 'done';
        return 'retry';
      }
    }
    truncateHistory(this.client, this.crInf, sts, inUse);
    return after !== undefined ? { after } : 'done';
  }

  private createPod(sts: StatefulSet, ord: number, currentRevision: string, updateRevision: string): Pod | undefined {
    const spec = sts.spec ?? {};
    const name = `${sts.metadata.name}-${ord}`;
    const partition: number = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    let template = spec.template ?? { spec: { containers: [] } };
    let revision = updateRevision;
    if ((spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && ord < (spec.ordinals?.start ?? 0) + partition && currentRevision !== updateRevision) {
      const cr = this.crInf.getByName(sts.metadata.namespace, currentRevision);
      const t = cr?.data?.spec?.template;
      if (t) {
        const { $patch: _p, ...rest } = t;
        template = rest;
        revision = currentRevision;
      }
    }
    // Claims first: the pod mounts them by name.
    const claims: KObject[] = spec.volumeClaimTemplates ?? [];
    const claimVolumes: Array<Record<string, any>> = [];
    for (const claim of claims) {
      const claimName = `${claim.metadata?.name}-${sts.metadata.name}-${ord}`;
      claimVolumes.push({ name: claim.metadata?.name, persistentVolumeClaim: { claimName } });
      if (this.pvcInf.getByName(sts.metadata.namespace, claimName)) continue;
      try {
        this.client.create({
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: {
            name: claimName,
            namespace: sts.metadata.namespace,
            labels: { ...(claim.metadata?.labels ?? {}), ...(spec.selector?.matchLabels ?? {}) },
            ...(claim.metadata?.annotations ? { annotations: claim.metadata.annotations } : {}),
          },
          spec: claim.spec ?? {},
        });
        this.recorder.normal(sts, 'SuccessfulCreate', `create Claim ${claimName} Pod ${name} in StatefulSet ${sts.metadata.name} success`);
      } catch (err) {
        if (!isAlreadyExists(err)) {
          this.recorder.warning(sts, 'FailedCreate', `create Claim ${claimName} for Pod ${name} in StatefulSet ${sts.metadata.name} failed error: ${errorMessage(err)}`);
          return undefined;
        }
      }
    }
    const claimNames = new Set(claimVolumes.map((v) => v.name));
    const volumes = [...((template.spec?.volumes ?? []) as Array<{ name: string }>).filter((v) => !claimNames.has(v.name)), ...claimVolumes];
    const labels = { ...(template.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: revision, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ord) };
    const extraSpec: Record<string, unknown> = { hostname: name };
    if (spec.serviceName) extraSpec.subdomain = spec.serviceName;
    if (volumes.length) extraSpec.volumes = volumes;
    try {
      const pod = this.client.create(podFromTemplate(sts, template, name, '', { labels, spec: extraSpec as Partial<Pod['spec']> }));
      this.recorder.normal(sts, 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`);
      return pod as Pod;
    } catch (err) {
      if (isAlreadyExists(err)) return undefined;
      this.recorder.warning(sts, 'FailedCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} failed error: ${errorMessage(err)}`);
      return undefined;
    }
  }

  private deletePod(sts: StatefulSet, pod: Pod): void {
    try {
      this.client.delete('pods', pod.metadata.namespace, pod.metadata.name);
      this.recorder.normal(sts, 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`);
    } catch (err) {
      if (!isNotFound(err)) this.recorder.warning(sts, 'FailedDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} failed error: ${errorMessage(err)}`);
    }
  }
}

function ordinalOf(p: Pod): number {
  const m = /-(\d+)$/.exec(p.metadata.name);
  return m ? Number(m[1]) : -1;
}

export function createStatefulSetController(ctx: ComponentContext): StatefulSetController {
  return new StatefulSetController(ctx);
}
