/**
 * The endpointslice controller (pkg/controller/endpointslice): discovery.k8s.io/v1
 * EndpointSlices named SERVICE-xxxxx, labelled kubernetes.io/service-name and
 * endpointslice.kubernetes.io/managed-by, owned by the Service, at most 100 endpoints each,
 * one slice family per port set. Unlike Endpoints, terminating pods stay listed with
 * conditions ready=false, serving=<readiness>, terminating=true.
 */
import type { ComponentContext } from '../component.js';
import type { KObject, Pod } from '../api/types.js';
import { keyOf, splitKey } from '../api/types.js';
import { matches } from '../api/labels.js';
import { COMPONENT_USERS } from '../apiserver/authn.js';
import type { Client } from '../apiserver/client.js';
import type { Informer } from '../apiserver/informer.js';
import { QueueController, type Controller } from './controller.js';
import { addPodLabelIndex, candidatePods, endpointsRelevantChange, findPort, podIsReady, podIsTerminal, serviceSelector, servicesForPod } from './endpoints.js';
import { isNotFound } from './util.js';

type Obj = Record<string, any>;

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;

const SLICE_INDEX = 'endpointslice:service';

function ipKey(ip: string): number {
  const p = ip.split('.');
  return p.length === 4 ? ((Number(p[0]) * 256 + Number(p[1])) * 256 + Number(p[2])) * 256 + Number(p[3]) : 0;
}

/** Desired slices' content: [ports, endpoints[]] per port set, endpoints chunked by 100. */
export function desiredSlices(svc: KObject, pods: Iterable<KObject>, zoneOf: (node: string) => string | undefined): Array<{ ports: Obj[]; endpoints: Obj[] }> {
  const sel = serviceSelector(svc);
  if (!sel) return [];
  const groups = new Map<string, { ports: Obj[]; endpoints: Obj[] }>();
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
  for (const pod of pods) {
    if (!matches(sel, pod.metadata.labels ?? {})) continue;
    const ip = pod.status?.podIP;
    if (!ip || podIsTerminal(pod)) continue;
    const ports: Obj[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      ports.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' });
    }
    const terminating = !!pod.metadata.deletionTimestamp;
    const ready = podIsReady(pod);
    const node = pod.spec?.nodeName;
    const zone = node ? zoneOf(node) : undefined;
    const endpoint: Obj = {
      addresses: [ip],
      conditions: { ready: publishNotReady || (ready && !terminating), serving: publishNotReady || ready, terminating },
      ...(node ? { nodeName: node } : {}),
      ...(zone ? { zone } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    const sig = JSON.stringify(ports);
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { ports, endpoints: [] }));
    g.endpoints.push(endpoint);
  }
  const out: Array<{ ports: Obj[]; endpoints: Obj[] }> = [];
  for (const sig of [...groups.keys()].sort()) {
    const g = groups.get(sig)!;
    g.endpoints.sort((a, b) => ipKey(a.addresses[0]) - ipKey(b.addresses[0]));
    if (g.endpoints.length === 0) out.push(g);
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
  }
  // A service with no endpoints still gets one (empty) slice carrying its ports.
  if (out.length === 0) out.push({ ports: (svc.spec?.ports ?? []).map((sp: Obj) => ({ name: sp.name ?? '', port: typeof sp.targetPort === 'number' ? sp.targetPort : sp.port, protocol: sp.protocol ?? 'TCP' })), endpoints: [] });
  return out;
}

class EndpointSliceController extends QueueController {
  readonly name = 'endpointslice';
  private client: Client;
  private services: Informer;
  private pods: Informer<Pod>;
  private slices: Informer;
  private nodes: Informer;

  constructor(ctx: ComponentContext) {
    super(ctx);
    this.client = ctx.client(COMPONENT_USERS.controllerManager, 'kube-controller-manager/v1.32.4 (endpointslice-controller)');
    this.services = ctx.informers.for('services');
    this.pods = ctx.informers.for<Pod>('pods');
    this.slices = ctx.informers.for('endpointslices');
    this.nodes = ctx.informers.for('nodes');
  }

  protected register(): void {
    addPodLabelIndex(this.pods);
    this.slices.addIndex(SLICE_INDEX, (s) => {
      const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
      return svc && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY ? `${s.metadata.namespace}/${svc}` : undefined;
    });
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
    this.slices.on({
      add: (s) => {
        this.lastSeenRv = Math.max(this.lastSeenRv, Number(s.metadata.resourceVersion) || 0);
      },
      update: (_o, s) => {
        this.lastSeenRv = Math.max(this.lastSeenRv, Number(s.metadata.resourceVersion) || 0);
      },
      delete: (s) => {
        this.lastSeenRv = Math.max(this.lastSeenRv, Number(s.metadata.resourceVersion) || 0);
        const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
        if (svc && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY) this.queue.add(`${s.metadata.namespace}/${svc}`);
      },
    });
  }

  private podChanged(pod: KObject): void {
    for (const svc of servicesForPod(this.services, pod)) this.queue.add(keyOf(svc));
  }

  /**
   * Our own writes, until the informer catches up (the upstream EndpointSliceTracker): without
   * it a second sync in the same burst would create a duplicate slice.
   */
  private written = new Map<string, Map<string, KObject>>();

  private track(key: string, slice: KObject): void {
    let m = this.written.get(key);
    if (!m) this.written.set(key, (m = new Map()));
    m.set(slice.metadata.name, slice);
  }

  private knownSlices(key: string): KObject[] {
    const byName = new Map<string, KObject>();
    for (const s of this.slices.byIndex(SLICE_INDEX, key)) byName.set(s.metadata.name, s);
    const mine = this.written.get(key);
    if (mine) {
      for (const [n, s] of mine) {
        const seen = byName.get(n);
        if (seen && Number(seen.metadata.resourceVersion) >= Number(s.metadata.resourceVersion)) mine.delete(n);
        else if (!seen && this.slices.version > 0 && Number(s.metadata.resourceVersion) <= this.lastSeenRv) mine.delete(n);
        else byName.set(n, s);
      }
      if (mine.size === 0) this.written.delete(key);
    }
    return [...byName.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  /** Highest resourceVersion the slice informer has delivered (an object we wrote below it and not seen was deleted). */
  private lastSeenRv = 0;

  private zoneOf = (node: string): string | undefined => this.nodes.getByName(undefined, node)?.metadata.labels?.['topology.kubernetes.io/zone'];

  protected reconcile(key: string): 'done' | 'retry' {
    const { namespace, name } = splitKey(key);
    const svc = this.services.get(key);
    const existing = this.knownSlices(key);
    try {
      if (!svc || !serviceSelector(svc)) {
        // Slices of a deleted service go with it (the garbage collector would, through ownerReferences).
        for (const s of existing) this.client.delete('endpointslices', namespace, s.metadata.name);
        this.written.delete(key);
        return 'done';
      }
      const desired = desiredSlices(svc, candidatePods(this.pods, svc), this.zoneOf);
      const labels = { ...svc.metadata.labels, [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: MANAGED_BY };
      const owner = { apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true };
      desired.forEach((d, i) => {
        const cur = existing[i];
        if (cur) {
          if (JSON.stringify(cur.endpoints ?? []) === JSON.stringify(d.endpoints) && JSON.stringify(cur.ports ?? []) === JSON.stringify(d.ports) && JSON.stringify(cur.metadata.labels) === JSON.stringify(labels)) return;
          this.track(key, this.client.update({ ...cur, metadata: { ...cur.metadata, labels }, endpoints: d.endpoints, ports: d.ports }));
        } else {
          this.track(key, this.client.create({
            apiVersion: 'discovery.k8s.io/v1',
            kind: 'EndpointSlice',
            metadata: { name: '', generateName: `${name}-`, namespace, labels, ownerReferences: [owner] },
            addressType: 'IPv4',
            endpoints: d.endpoints,
            ports: d.ports,
          }));
        }
      });
      for (const s of existing.slice(desired.length)) {
        this.client.delete('endpointslices', namespace, s.metadata.name);
        this.written.get(key)?.delete(s.metadata.name);
      }
    } catch (err) {
      if (isNotFound(err)) return 'retry';
      return 'retry';
    }
    return 'done';
  }
}

export function createEndpointSliceController(ctx: ComponentContext): Controller {
  return new EndpointSliceController(ctx);
}
