import { describe, expect, it } from 'vitest';
import { shop, addPod } from './network-helpers.js';
import { formatFlow, type Flow } from '../../src/core/network/flows.js';
import { ovnFlowsTable, ovnSummary } from '../../src/core/network/summary.js';
import { injectFault } from '../../src/scenarios/faults/index.js';
import type { Fault } from '../../src/scenarios/types.js';

const FLOW_LINE = /^ cookie=0x[0-9a-f]+, duration=\d+\.\d{3}s, table=\d+, n_packets=\d+, n_bytes=\d+, idle_age=\d+, priority=\d+(,\S+)? actions=\S+$/;

describe('br-int flows', () => {
  it('prints a flow the way ovs-ofctl dump-flows does', () => {
    const f: Flow = { cookie: '0x8e9b2a51', table: 0, priority: 100, match: 'in_port=5', actions: 'load:0x5->NXM_NX_REG14[],resubmit(,8)', packets: 10, bytes: 920, since: 1_000, lastHit: 121_000 };
    expect(formatFlow(f, 124_456)).toBe(' cookie=0x8e9b2a51, duration=123.456s, table=0, n_packets=10, n_bytes=920, idle_age=3, priority=100,in_port=5 actions=load:0x5->NXM_NX_REG14[],resubmit(,8)');
    expect(formatFlow({ ...f, match: '', priority: 0, packets: 0, bytes: 0, actions: 'drop' }, 11_000)).toBe(' cookie=0x8e9b2a51, duration=10.000s, table=0, n_packets=0, n_bytes=0, idle_age=10, priority=0 actions=drop');
  });

  it('dump-flows br-int lists the pods of the node, and counters move with probes and traffic', () => {
    const t = shop();
    const dump = t.run('oc debug node/worker-1 -- chroot /host ovs-ofctl dump-flows br-int');
    expect(dump.exitCode).toBe(0);
    const lines = dump.stdout.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(FLOW_LINE);
    // frontend-1 is 10.128.2.5: tunnel key 5, ofport 7.
    const inFrontend = (): string => t.run('oc debug node/worker-1 -- chroot /host ovs-ofctl dump-flows br-int table=0').stdout.split('\n').find((l) => l.includes('priority=100,in_port=7 '))!;
    expect(inFrontend()).toContain('actions=load:0x5->NXM_NX_REG13[],load:0x1->NXM_NX_REG11[],load:0x3->NXM_NX_REG12[],load:0x2->OXM_OF_METADATA[],load:0x5->NXM_NX_REG14[],resubmit(,8)');
    const packets = (l: string): number => Number(/n_packets=(\d+)/.exec(l)![1]);
    const before = packets(inFrontend());
    t.run('kubectl exec frontend-1 -- wget -qO- http://backend:8080');
    expect(packets(inFrontend())).toBeGreaterThan(before);
    // backend-1 has an HTTP readiness probe every 10 s: its flows count probe packets as time passes.
    const outBackend = (): number => packets(ovnFlowsTable(t.c, 'worker-1').find((r) => r.table === 65 && r.match.startsWith('reg15=0x6,'))!.line);
    const b0 = outBackend();
    t.c.advance(30_000);
    expect(outBackend()).toBeGreaterThan(b0);
    expect(t.run('oc debug node/worker-1 -- chroot /host ovs-ofctl dump-flows br-int table=21').stdout).toMatch(/priority=120,ct_state=\+new\+trk,tcp,metadata=0x2,nw_dst=172\.30\.40\.10,tp_dst=8080 actions=load:0->NXM_NX_XXREG0\[97\],group:\d+/);
  });

  it('ovnSummary: one row per node, flows counted like dump-flows, memoised until something moves', () => {
    const t = shop();
    const rows = ovnSummary(t.c);
    expect(rows.map((r) => [r.node, r.subnet, r.ovnController, r.lsps, r.unbound])).toEqual([
      ['master-0', '10.128.0.0/23', true, 3, 0],
      ['worker-1', '10.128.2.0/23', true, 4, 0],
      ['worker-2', '10.128.4.0/23', true, 3, 0],
    ]);
    expect(rows[1]!.chassis).toMatch(/^[0-9a-f-]{36}$/);
    // Without NetworkPolicies the count is exact.
    expect(rows[1]!.flows).toBe(ovnFlowsTable(t.c, 'worker-1').length);
    expect(ovnSummary(t.c)).toBe(rows);
    t.c.advance(10_000);
    const later = ovnSummary(t.c);
    expect(later).not.toBe(rows);
    expect(later[1]!.packets).toBeGreaterThan(rows[1]!.packets);
    expect(ovnFlowsTable(t.c, 'nosuch')).toEqual([]);
  });

  it('ovn-controller-down: new pods on the node get no port binding, no flows and a FailedCreatePodSandBox; replacing ovnkube-node fixes it', () => {
    const t = shop();
    injectFault(t.c, { type: 'ovn-controller-down', node: 'worker-2', atMs: 0 } as unknown as Fault);
    addPod(t.c, 'shop', 'backend-3', 'worker-2', 'backend');
    t.c.advance(130_000);
    const p = t.pod('backend-3');
    expect(p.status?.podIP).toBeUndefined();
    expect(p.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
    const ev = t.run('oc get events --field-selector involvedObject.name=backend-3,reason=FailedCreatePodSandBox -o jsonpath={.items[0].message}').stdout;
    expect(ev).toMatch(/^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create pod network sandbox k8s_backend-3_shop_[0-9a-f-]+_0\([0-9a-f]{64}\): error adding pod shop_backend-3 to CNI network "multus-cni-network": /);
    expect(ev).toMatch(/failed to configure pod interface: timed out waiting for OVS port binding \(ovn-installed\) for 0a:58:0a:80:04:06 \[10\.128\.4\.6\/23\]/);
    expect(t.run('oc debug node/worker-2 -- chroot /host ovn-sbctl show').stdout).not.toContain('shop_backend-3');
    const journal = t.run('oc debug node/worker-2 -- chroot /host journalctl -u kubelet --no-pager').stdout;
    expect(journal).toMatch(/kubenswrapper\[\d+\]: E\d{4} [\d:.]+ +\d+ kuberuntime_sandbox\.go:72\] "Failed to create sandbox for pod" err="rpc error: code = Unknown desc = failed to create pod network sandbox k8s_backend-3_shop_/);
    expect(journal).toContain('pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"CreatePodSandbox\\" for \\"backend-3_shop(');
    expect(t.run('oc debug node/worker-2 -- chroot /host ovn-nbctl lsp-get-up shop_backend-3').stdout).toBe('down\n');
    const row = ovnSummary(t.c).find((r) => r.node === 'worker-2')!;
    expect(row).toMatchObject({ ovnController: false, unbound: 1 });
    // Pods that were bound before keep their flows and traffic.
    expect(ovnFlowsTable(t.c, 'worker-2').some((r) => r.table === 65 && r.match.startsWith('reg15=0x5,'))).toBe(true);
    expect(t.c.network.connectivity.connect({ namespace: 'shop', pod: 'frontend-1', node: 'worker-1' }, '10.128.4.5:80').ok).toBe(true);
    const r = t.run('oc -n openshift-ovn-kubernetes delete pod -l app=ovnkube-node --field-selector spec.nodeName=worker-2');
    expect(r.exitCode).toBe(0);
    t.c.advance(180_000);
    expect(t.c.network.controllers.get('worker-2')!.running).toBe(true);
    expect(t.pod('backend-3').status?.phase).toBe('Running');
    expect(t.run('oc debug node/worker-2 -- chroot /host ovn-sbctl show').stdout).toContain('    Port_Binding shop_backend-3\n');
    expect(ovnSummary(t.c).find((x) => x.node === 'worker-2')).toMatchObject({ ovnController: true, unbound: 0 });
  });
});
