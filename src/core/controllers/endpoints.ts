/**
 * The endpoints controller (pkg/controller/endpoint): one Endpoints object per Service with a
 * selector, listing the IPs of the selected pods, ready ones in `addresses`, the others in
 * `notReadyAddresses`, with ports resolved from each service port's targetPort (a number is
 * used as is, a name is looked up in the pod's container ports; a pod without that named port
 * is left out of that port). Pod events map to the services of their namespace (few per
 * namespace), so work stays proportional to what changed.
 */
import type { ComponentContext } from '../component.js';
import type { KObject, Pod } from '../api/types.js';
import { keyOf, splitKey } from '../api/types.js';
import { matches, selectorFromSet, type Selector } from '../api/labels.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { QueueController, type Controller } from './controller.js';
import { isAlreadyExists, isConflict, isNotFound } from './util.js';

type Obj = Record<string, any>;

/** Endpoints hold at most this many addresses; the rest is dropped and the object annotated. */
export const MAX_ENDPOINTS = 1000;

const selectorCache = new WeakMap<object, Selector>();

/** The parsed spec.selector (a plain label map) of a service, cached per stored selector object. */
export function serviceSelector(svc: KObject): Selector | undefined {
  const sel = svc.spec?.selector;
  if (!sel || Object.keys(sel).length === 0) return undefined;
  let s = selectorCache.get(sel);
  if (!s) selectorCache.set(sel, (s = selectorFromSet(sel)));
  return s;
}

export function podIsReady(pod: KObject): boolean {
  return (pod.status?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');
}

export function podIsTerminal(pod: KObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** podutil.FindPort: the port a service port reaches on a pod, or undefined (named port absent). */
export function findPort(pod: KObject, servicePort: Obj): number | undefined {
  const tp = servicePort.targetPort ?? servicePort.port;
  if (typeof tp === 'number') return tp;
  if (typeof tp === 'string' && /^\d+$/.test(tp)) return Number(tp);
  const protocol = servicePort.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === tp && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** Services of the pod's namespace whose selector matches the pod's labels. */
export function servicesForPod(services: Informer, pod: KObject): KObject[] {
  const out: KObject[] = [];
  const labels = pod.metadata.labels ?? {};
  for (const svc of services.byNamespace(pod.metadata.namespace!)) {
    const sel = serviceSelector(svc);
    if (sel && matches(sel, labels)) out.push(svc);
  }
  return out;
}

/** Pods indexed by namespace and each label pair, so a service reads only the pods it might select. */
export const POD_LABEL_INDEX = 'endpoints:nsLabel';

/**
 * Whether a pod update can change an endpoint: status-only churn that changes neither labels,
 * IP, phase, readiness, deletion nor node is irrelevant to Endpoints and EndpointSlices.
 */
export function endpointsRelevantChange(o: KObject, p: KObject): boolean {
  return !(
    o.metadata.labels === p.metadata.labels &&
    o.status?.podIP === p.status?.podIP &&
    o.status?.phase === p.status?.phase &&
    podIsReady(o) === podIsReady(p) &&
    o.metadata.deletionTimestamp === p.metadata.deletionTimestamp &&
    o.spec?.nodeName === p.spec?.nodeName
  );
}

export function addPodLabelIndex(pods: Informer<Pod>): void {
  pods.addIndex(POD_LABEL_INDEX, (p) => {
    const labels = p.metadata.labels;
    if (!labels) return undefined;
    const ns = p.metadata.namespace ?? '';
    const out: string[] = [];
    for (const k in labels) out.push(`${ns}/${k}=${labels[k]}`);
    return out;
  }, (p) => p.metadata.labels);
}

/** Candidate pods of a service: those carrying its selector's rarest label pair. */
export function candidatePods(pods: Informer<Pod>, svc: KObject): Iterable<KObject> {
  const sel: Record<string, string> | undefined = svc.spec?.selector;
  const ns = svc.metadata.namespace!;
  if (!sel) return [];
  let best: string | undefined;
  let bestCount = Infinity;
  for (const k in sel) {
    const key = `${ns}/${k}=${sel[k]}`;
    const n = pods.indexCount(POD_LABEL_INDEX, key);
    if (n < bestCount) {
      best = key;
      bestCount = n;
    }
  }
  return best === undefined ? pods.byNamespace(ns) : pods.byIndex(POD_LABEL_INDEX, best);
}

function ipKey(ip: string): number {
  const p = ip.split('.');
  return p.length === 4 ? ((Number(p[0]) * 256 + Number(p[1])) * 256 + Number(p[2])) * 256 + Number(p[3]) : 0;
}

/** The subsets for a service from its pods (RepackSubsets: addresses grouped by port set). */
export function buildSubsets(svc: KObject, pods: Iterable<KObject>): { subsets: Obj[]; truncated: boolean } {
  const sel = serviceSelector(svc);
  if (!sel) return { subsets: [], truncated: false };
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
  const groups = new Map<string, { ports: Obj[]; ready: Obj[]; notReady: Obj[] }>();
  let total = 0;
  let truncated = false;
  for (const pod of pods) {
    if (!matches(sel, pod.metadata.labels ?? {})) continue;
    const ip = pod.status?.podIP;
    if (!ip || podIsTerminal(pod)) continue;
    if (pod.metadata.deletionTimestamp && !publishNotReady) continue;
    const ports: Obj[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
    }
    if ((svc.spec?.ports ?? []).length > 0 && ports.length === 0) continue;
    if (total >= MAX_ENDPOINTS) {
      truncated = true;
      continue;
    }
    total++;
    const address: Obj = { ip, ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}), targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid } };
    if (pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name) address.hostname = pod.spec.hostname;
    const sig = JSON.stringify(ports);
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { ports, ready: [], notReady: [] }));
    (publishNotReady || podIsReady(pod) ? g.ready : g.notReady).push(address);
  }
  const byIp = (a: Obj, b: Obj): number => ipKey(a.ip) - ipKey(b.ip) || (a.targetRef.uid < b.targetRef.uid ? -1 : 1);
  const subsets = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({
      ...(g.ready.length ? { addresses: g.ready.sort(byIp) } : {}),
      ...(g.notReady.length ? { notReadyAddresses: g.notReady.sort(byIp) } : {}),
      ...(g.ports.length ? { ports: g.ports } : {}),
    }));
  return { subsets, truncated };
}

class EndpointsController extends QueueController {
  readonly name = 'endpoints';
  private client: Client;
  private services: Informer;
  private pods: Informer<Pod>;
  private endpoints: Informer;

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (endpoint-controller)');
    this.services = ctx.informers.for('services');
    this.pods = ctx.informers.for<Pod>('pods');
    this.endpoints = ctx.informers.for('endpoints');
  }

  protected register(): void {
    addPodLabelIndex(this.pods);
    this.services.on({
      add: (s) => this.queue.add(keyOf(s)),
      update: (_o, s) => this.queue.add(keyOf(s)),
      delete: (s) => this.queue.add(keyOf(s)),
    });
    this.pods.on({
      add: (p) => this.podChanged(p),
      update: (o, p) => {
        if (!endpointsRelevantChange(o, p)) return;
        this.podChanged(p);
        if (o.metadata.labels !== p.metadata.labels) this.podChanged(o);
      },
      delete: (p) => this.podChanged(p),
    });
    this.endpoints.on({
      // Someone else edited or deleted the object: put it back.
      update: (_o, e) => {
        if (this.services.get(keyOf(e))) this.queue.add(keyOf(e));
      },
      delete: (e) => {
        if (this.services.get(keyOf(e))) this.queue.add(keyOf(e));
      },
    });
  }

  private podChanged(pod: KObject): void {
    for (const svc of servicesForPod(this.services, pod)) this.queue.add(keyOf(svc));
  }

  protected reconcile(key: string): 'done' | 'retry' {
    const { namespace, name } = splitKey(key);
    const svc = this.services.get(key);
    const existing = this.endpoints.get(key);
    try {
      if (!svc) {
        if (existing) this.client.delete('endpoints', namespace, name);
        return 'done';
      }
      if (!serviceSelector(svc)) return 'done';
      const { subsets, truncated } = buildSubsets(svc, candidatePods(this.pods, svc));
      const labels: Record<string, string> = { ...svc.metadata.labels };
      if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
      const annotations: Record<string, string> = {};
      if (truncated) annotations['endpoints.kubernetes.io/over-capacity'] = 'truncated';
      if (existing) {
        const same =
          JSON.stringify(existing.subsets ?? []) === JSON.stringify(subsets) &&
          JSON.stringify(existing.metadata.labels ?? {}) === JSON.stringify(labels) &&
          (existing.metadata.annotations?.['endpoints.kubernetes.io/over-capacity'] ?? '') === (annotations['endpoints.kubernetes.io/over-capacity'] ?? '');
        if (same) return 'done';
        const { ['endpoints.kubernetes.io/over-capacity']: _drop, ...keep } = existing.metadata.annotations ?? {};
        void _drop;
        this.client.update({
          ...existing,
          metadata: { ...existing.metadata, labels, annotations: { ...keep, ...annotations } },
          subsets,
        });
      } else {
        this.client.create({
          apiVersion: 'v1',
          kind: 'Endpoints',
          metadata: { name, namespace, labels, ...(truncated ? { annotations } : {}) },
          subsets,
        });
      }
    } catch (err) {
      if (isNotFound(err)) return 'done';
      if (isConflict(err) || isAlreadyExists(err)) return 'retry';
      return 'retry';
    }
    return 'done';
  }
}

export function createEndpointsController(ctx: ComponentContext): Controller {
  return new EndpointsController(ctx);
}
