import { describe, expect, it } from 'vitest';
import { SchedulerCache } from '../../src/core/scheduler/cache.js';
import { CycleState, Code, SKIP, type FrameworkHandle } from '../../src/core/scheduler/types.js';
import { interPodAffinityFilter, interPodAffinityScore } from '../../src/core/scheduler/plugins/inter-pod-affinity.js';
import { podTopologySpreadFilter, podTopologySpreadScore } from '../../src/core/scheduler/plugins/pod-topology-spread.js';
import type { Pod } from '../../src/core/api/types.js';
import { makeNode, makePod, podInfo } from './scheduler-helpers.js';

/** Three zones a, b, c with two nodes each: a1 a2 b1 b2 c1 c2. */
function zonedCache(): SchedulerCache {
  const cache = new SchedulerCache();
  for (const z of ['a', 'b', 'c']) for (const i of [1, 2]) cache.setNode(makeNode(`${z}${i}`, { labels: { 'topology.kubernetes.io/zone': z } }));
  return cache;
}

function handle(cache: SchedulerCache): FrameworkHandle {
  const empty = { getByName: () => undefined, list: () => [].values() };
  return { cache, pvcs: empty, pvs: empty, storageClasses: empty, namespaces: empty } as unknown as FrameworkHandle;
}

function verdicts(cache: SchedulerCache, plugin: ReturnType<typeof interPodAffinityFilter>, pod: Pod): Record<string, string | null> {
  const state = new CycleState();
  const info = podInfo(pod);
  const pre = plugin.preFilter!(state, info);
  const out: Record<string, string | null> = {};
  for (const n of cache.nodes()) {
    const st = pre === SKIP ? null : (pre ?? plugin.filter(state, info, n));
    out[n.name] = st ? `${st.code}:${st.reasons.join(',')}` : null;
  }
  return out;
}

const antiAffinity = (app: string, key = 'kubernetes.io/hostname') => ({
  affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey: key }] } },
});
const affinity = (app: string, key = 'topology.kubernetes.io/zone') => ({
  affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey: key }] } },
});

describe('InterPodAffinity filter', () => {
  it('is skipped when neither the pod nor any running pod has required terms', () => {
    const cache = zonedCache();
    cache.setPod(makePod('x', { nodeName: 'a1', labels: { app: 'web' } }));
    expect(interPodAffinityFilter(handle(cache)).preFilter!(new CycleState(), podInfo(makePod('p')))).toBe(SKIP);
  });

  it('anti-affinity by zone keeps the pod out of zones with a matching pod', () => {
    const cache = zonedCache();
    cache.setPod(makePod('db-0', { nodeName: 'a1', labels: { app: 'db' } }));
    const v = verdicts(cache, interPodAffinityFilter(handle(cache)), makePod('db-1', { labels: { app: 'db' }, spec: antiAffinity('db', 'topology.kubernetes.io/zone') }));
    const reject = `${Code.Unschedulable}:node(s) didn't match pod anti-affinity rules`;
    expect(v).toEqual({ a1: reject, a2: reject, b1: null, b2: null, c1: null, c2: null });
  });

  it("existing pods' anti-affinity repels a matching newcomer from their domain", () => {
    const cache = zonedCache();
    cache.setPod(makePod('loner', { nodeName: 'b2', labels: { app: 'loner' }, spec: antiAffinity('web') }));
    const v = verdicts(cache, interPodAffinityFilter(handle(cache)), makePod('w', { labels: { app: 'web' } }));
    expect(v.b2).toBe(`${Code.Unschedulable}:node(s) didn't satisfy existing pods anti-affinity rules`);
    expect(Object.values(v).filter((x) => x !== null)).toHaveLength(1);
    // A pod in another namespace is not selected by the term (namespaces default to the term owner's).
    const other = verdicts(cache, interPodAffinityFilter(handle(cache)), makePod('w', { ns: 'other', labels: { app: 'web' } }));
    expect(Object.values(other).every((x) => x === null)).toBe(true);
  });

  it('affinity needs a matching pod in the same zone; the first pod of a self-affine group goes anywhere', () => {
    const cache = zonedCache();
    const first = verdicts(cache, interPodAffinityFilter(handle(cache)), makePod('c-0', { labels: { app: 'cache' }, spec: affinity('cache') }));
    expect(Object.values(first).every((x) => x === null)).toBe(true);
    const lonely = verdicts(cache, interPodAffinityFilter(handle(cache)), makePod('x', { labels: { app: 'x' }, spec: affinity('cache') }));
    expect(lonely.a1).toBe(`${Code.UnschedulableAndUnresolvable}:node(s) didn't match pod affinity rules`);
    cache.setPod(makePod('c-0', { nodeName: 'c1', labels: { app: 'cache' } }));
    const v = verdicts(cache, interPodAffinityFilter(handle(cache)), makePod('c-1', { labels: { app: 'cache' }, spec: affinity('cache') }));
    const reject = `${Code.UnschedulableAndUnresolvable}:node(s) didn't match pod affinity rules`;
    expect(v).toEqual({ a1: reject, a2: reject, b1: reject, b2: reject, c1: null, c2: null });
  });

  it('scores preferred affinity towards the domain of matching pods', () => {
    const cache = zonedCache();
    cache.setPod(makePod('db-0', { nodeName: 'b1', labels: { app: 'db' } }));
    const plugin = interPodAffinityScore(handle(cache));
    const pod = podInfo(
      makePod('api', {
        spec: {
          affinity: {
            podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'topology.kubernetes.io/zone' } }] },
          },
        },
      }),
    );
    const state = new CycleState();
    const nodes = cache.nodes();
    expect(plugin.preScore!(state, pod, nodes)).toBe(true);
    // The search order interleaves zones, as the real node tree does.
    expect(nodes.map((n) => n.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'c2']);
    const raw = nodes.map((n) => plugin.score(state, pod, n));
    expect(raw).toEqual([0, 50, 0, 0, 50, 0]);
    plugin.normalize!(state, pod, raw);
    expect(raw).toEqual([0, 100, 0, 0, 100, 0]);
  });
});

describe('PodTopologySpread', () => {
  const spread = (maxSkew: number, when = 'DoNotSchedule', key = 'topology.kubernetes.io/zone') => ({
    topologySpreadConstraints: [{ maxSkew, topologyKey: key, whenUnsatisfiable: when, labelSelector: { matchLabels: { app: 'web' } } }],
  });

  it('rejects zones that would exceed maxSkew over the least loaded zone', () => {
    const cache = zonedCache();
    cache.setPod(makePod('w0', { nodeName: 'a1', labels: { app: 'web' } }));
    cache.setPod(makePod('w1', { nodeName: 'a2', labels: { app: 'web' } }));
    cache.setPod(makePod('w2', { nodeName: 'b1', labels: { app: 'web' } }));
    const plugin = podTopologySpreadFilter(cache);
    const v = verdicts(cache, plugin as never, makePod('w3', { labels: { app: 'web' }, spec: spread(1) }));
    const reject = `${Code.Unschedulable}:node(s) didn't match pod topology spread constraints`;
    // a has 2, b 1, c 0: a (2+1-0=3) and b (1+1-0=2) exceed 1; only c fits.
    expect(v).toEqual({ a1: reject, a2: reject, b1: reject, b2: reject, c1: null, c2: null });
    const loose = verdicts(cache, plugin as never, makePod('w3', { labels: { app: 'web' }, spec: spread(2) }));
    expect(loose).toEqual({ a1: reject, a2: reject, b1: null, b2: null, c1: null, c2: null });
  });

  it('nodes without the topology key are unresolvable; other namespaces and terminating pods do not count', () => {
    const cache = zonedCache();
    cache.setNode(makeNode('bare'));
    cache.setPod(makePod('w0', { ns: 'other', nodeName: 'a1', labels: { app: 'web' } }));
    const terminating = makePod('w1', { nodeName: 'b1', labels: { app: 'web' } });
    cache.setPod({ ...terminating, metadata: { ...terminating.metadata, deletionTimestamp: '2026-11-24T09:00:00Z' } });
    const v = verdicts(cache, podTopologySpreadFilter(cache) as never, makePod('w', { labels: { app: 'web' }, spec: spread(1) }));
    expect(v.bare).toBe(`${Code.UnschedulableAndUnresolvable}:node(s) didn't match pod topology spread constraints (missing required label)`);
    expect(Object.entries(v).filter(([k, x]) => k !== 'bare' && x !== null)).toEqual([]);
  });

  it('ScheduleAnyway constraints score emptier domains higher', () => {
    const cache = zonedCache();
    cache.setPod(makePod('w0', { nodeName: 'a1', labels: { app: 'web' } }));
    cache.setPod(makePod('w1', { nodeName: 'a2', labels: { app: 'web' } }));
    cache.setPod(makePod('w2', { nodeName: 'b1', labels: { app: 'web' } }));
    const plugin = podTopologySpreadScore(cache);
    const pod = podInfo(makePod('w3', { labels: { app: 'web' }, spec: spread(1, 'ScheduleAnyway') }));
    const state = new CycleState();
    const nodes = cache.nodes();
    expect(plugin.preScore!(state, pod, nodes)).toBe(true);
    const raw = nodes.map((n) => plugin.score(state, pod, n));
    plugin.normalize!(state, pod, raw);
    const by = Object.fromEntries(nodes.map((n, i) => [n.name, raw[i]]));
    // a holds 2 matching pods, b 1, c none.
    expect(by).toEqual({ a1: 0, a2: 0, b1: 33, b2: 33, c1: 100, c2: 100 });
  });
});
