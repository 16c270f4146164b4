import { describe, expect, it } from 'vitest';
import { loadScenarioText, ScenarioError } from '../../src/scenarios/loader.js';
import { ScenarioRun } from '../../src/scenarios/runtime.js';

const scenario = (drivers: string) => `apiVersion: kubedrill/v1
kind: Scenario
metadata:
  name: spiffe
  title: SPIFFE
  difficulty: easy
  timeLimit: 5m
  ticket: Look around.
cluster:
  csiDrivers: ${drivers}
goal:
  all:
    - resource: csidrivers
      name: csi.spiffe.io
`;

describe('cluster.csiDrivers in scenarios', () => {
  it('installs the listed drivers and only those', () => {
    const s = loadScenarioText(scenario('[csi.spiffe.io]'), 'spiffe.yaml');
    expect(s.cluster.csiDrivers).toEqual(['csi.spiffe.io']);
    const run = new ScenarioRun(s).start();
    expect([...run.cluster.api.cachedList('csidrivers')].map((d) => d.metadata.name)).toEqual(['csi.spiffe.io']);
    expect([...run.cluster.api.cachedList('storageclasses')]).toEqual([]);
    expect(run.cluster.api.cached('daemonsets', 'spire-system', 'spire-spiffe-csi-driver')).toBeDefined();
  });

  it('names an unknown driver and the built-in ones', () => {
    let err: unknown;
    try {
      loadScenarioText(scenario('[nfs.csi.k8s.io]'), 'spiffe.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).message).toContain('cluster.csiDrivers');
    expect((err as ScenarioError).message).toContain('unknown CSI driver "nfs.csi.k8s.io" (built in: ebs.csi.aws.com, hostpath.csi.k8s.io, csi.spiffe.io)');
  });
});
