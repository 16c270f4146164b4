import { describe, expect, it } from 'vitest';
import { shop } from './network-helpers.js';
import { injectFault } from '../../src/scenarios/faults/index.js';
import type { Fault } from '../../src/scenarios/types.js';

/** stdout of a node tool run through `oc debug node/NODE -- chroot /host ...`. */
function host(t: ReturnType<typeof shop>, node: string, cmd: string): string {
  const r = t.run(`oc debug node/${node} -- chroot /host ${cmd}`);
  expect(r.exitCode).toBe(0);
  return r.stdout;
}

describe('OVS/OVN node tools', () => {
  it('ovs-vsctl show: br-ex and br-int with the pods, the management port, geneve tunnels and the patch ports', () => {
    const t = shop();
    const out = host(t, 'worker-2', 'ovs-vsctl show').split('\n');
    expect(out[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(out.slice(1, 13)).toEqual([
      '    Bridge br-ex',
      '        Port br-ex',
      '            Interface br-ex',
      '                type: internal',
      '        Port ens5',
      '            Interface ens5',
      '                type: system',
      '        Port patch-br-ex_worker-2-to-br-int',
      '            Interface patch-br-ex_worker-2-to-br-int',
      '                type: patch',
      '                options: {peer=patch-br-int-to-br-ex_worker-2}',
      '    Bridge br-int',
    ]);
    expect(out).toContain('                options: {csum="true", key=flow, remote_ip="10.0.1.10"}');
    expect(out).toContain('        Port ovn-k8s-mp0');
    expect(out[out.length - 2]).toBe('    ovs_version: "3.1.5"');
    // Pod interfaces are named after the first 15 characters of the sandbox ID.
    expect(out.filter((l) => /^ {8}Port "?[0-9a-f]{15}"?$/.test(l)).length).toBe(3);
    expect(t.run('oc debug node/worker-2 -- ovs-vsctl show').stderr).toContain('sh: ovs-vsctl: command not found\n');
  });

  it('ovn-nbctl show NODE, lb-list and ovn-sbctl show describe the node zone', () => {
    const t = shop();
    const nb = host(t, 'worker-2', 'ovn-nbctl show worker-2');
    expect(nb).toMatch(/^switch [0-9a-f-]{36} \(worker-2\)\n/);
    expect(nb).toContain('    port k8s-worker-2\n        addresses: ["0a:58:0a:80:04:02 10.128.4.2"]\n    port stor-worker-2\n        type: router\n        router-port: rtos-worker-2\n');
    expect(nb).toContain('    port shop_backend-2\n        addresses: ["0a:58:0a:80:04:05 10.128.4.5"]\n');
    const all = host(t, 'worker-2', 'ovn-nbctl show');
    expect(all).toMatch(/^router [0-9a-f-]{36} \(GR_worker-2\)$/m);
    expect(all).toContain('    nat ');
    expect(all).toContain('        external ip: "10.0.1.11"\n        logical ip: "10.128.0.0/14"\n        type: "snat"\n');
    expect(all).toContain('    port rtos-worker-2\n        mac: "0a:58:0a:80:04:01"\n        networks: ["10.128.4.1/23"]\n');
    const lb = host(t, 'worker-2', 'ovn-nbctl lb-list').split('\n');
    expect(lb[0]).toBe('UUID                                    LB                  PROTO      VIP                  IPs');
    expect(lb.find((l) => l.includes('172.30.40.10:8080'))).toMatch(/^[0-9a-f-]{36} {4}Service_shop\/bac {4}tcp {8}172\.30\.40\.10:8080 {4}10\.128\.2\.6:80,10\.128\.4\.5:80$/);
    const sb = host(t, 'worker-2', 'ovn-sbctl show');
    expect(sb).toMatch(/^Chassis "[0-9a-f-]{36}"\n    hostname: worker-2\n    Encap geneve\n        ip: "10\.0\.1\.11"\n        options: \{csum="true"\}\n    Port_Binding k8s-worker-2\n/);
    expect(sb).toContain('    Port_Binding shop_backend-2\n');
    expect(sb).toContain('    hostname: worker-1\n    Encap geneve\n        ip: "10.0.1.10"\n        options: {csum="true"}\n    Port_Binding tstor-worker-1\n');
  });

  it('ovn-trace needs a port of this node zone and prints the trace', () => {
    const t = shop();
    const r = t.run(`oc debug node/worker-2 -- chroot /host ovn-trace 'inport == "shop_frontend-1" && ip4.dst == 172.30.40.10 && tcp.dst == 8080'`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`ovn-trace: unknown logical port "shop_frontend-1" (it is in worker-1's zone: run ovn-trace on that node)\n`);
    const ok = host(t, 'worker-1', `ovn-trace --summary worker-1 'inport == "shop_frontend-1" && ip4.dst == 172.30.40.10 && tcp.dst == 8080'`);
    expect(ok.split('\n').slice(1)).toEqual([
      'ingress(dp="worker-1", inport="shop_frontend-1") {',
      '    egress(dp="worker-1", inport="shop_frontend-1", outport="shop_backend-1") {',
      '        output("shop_backend-1");',
      '    };',
      '};',
      '',
    ]);
  });

  it('tcpdump -c shows the packets the network carried, with the real header and footer', () => {
    const t = shop();
    t.run('kubectl exec frontend-1 -- wget -qO- http://backend:8080');
    const r = t.run('oc debug node/worker-1 -- tcpdump -i any -nn -c 2 udp port 53');
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^09:01:01\.000000 [0-9a-f]{15} In  IP 10\.128\.2\.5\.\d+ > 172\.30\.0\.10\.53: \d+\+ A\? backend\.shop\.svc\.cluster\.local\. \(48\)$/),
      expect.stringMatching(/^09:01:01\.000000 [0-9a-f]{15} Out IP 172\.30\.0\.10\.53 > 10\.128\.2\.5\.\d+: \d+\* 1\/0\/0 A 172\.30\.40\.10 \(64\)$/),
    ]);
    expect(r.stderr).toContain('tcpdump: data link type LINUX_SLL2\ntcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n');
    const syn = t.run('oc debug node/worker-1 -- tcpdump -i any -nn -c 1 tcp port 8080').stdout;
    expect(syn).toMatch(/^09:01:01\.000000 [0-9a-f]{15} In  IP 10\.128\.2\.5\.\d+ > 172\.30\.40\.10\.8080: Flags \[P\.\], seq 1:79, ack 1, win 507, options \[nop,nop,TS val \d+ ecr \d+\], length 78\n$/);
    expect(t.run('oc debug node/worker-1 -- tcpdump -i any').stderr).toContain('tcpdump: a capture in the palette cannot be interrupted: give a packet count');
  });

  it('ip route on a node: the cluster network through ovn-k8s-mp0, services through br-ex', () => {
    const t = shop();
    expect(t.run('oc debug node/worker-2 -- ip route').stdout).toBe(
      [
        'default via 10.0.1.1 dev br-ex proto dhcp src 10.0.1.11 metric 48',
        '10.128.0.0/14 via 10.128.4.1 dev ovn-k8s-mp0 ',
        '10.0.1.0/24 dev br-ex proto kernel scope link src 10.0.1.11 metric 48 ',
        '10.128.4.0/23 dev ovn-k8s-mp0 proto kernel scope link src 10.128.4.2 ',
        '169.254.169.0/29 dev br-ex proto kernel scope link src 169.254.169.2 ',
        '169.254.169.3 via 10.128.4.1 dev ovn-k8s-mp0 ',
        '172.30.0.0/16 via 169.254.169.4 dev br-ex mtu 1400 ',
        '',
      ].join('\n'),
    );
    expect(t.run('oc debug node/worker-2 -- ip addr show ovn-k8s-mp0').stdout).toContain('    inet 10.128.4.2/23 brd 10.128.5.255 scope global ovn-k8s-mp0\n');
  });

  it('ovn-appctl -t ovn-controller connection-status answers only while ovn-controller runs', () => {
    const t = shop();
    expect(host(t, 'worker-2', 'ovn-appctl -t ovn-controller connection-status')).toBe('connected\n');
    injectFault(t.c, { type: 'ovn-controller-down', node: 'worker-2', atMs: 0 } as unknown as Fault);
    const r = t.run('oc debug node/worker-2 -- chroot /host ovn-appctl -t ovn-controller connection-status');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/ovn-appctl: cannot connect to "\/var\/run\/ovn\/ovn-controller\.\d+\.ctl" \(Connection refused\)\n/);
    expect(host(t, 'worker-1', 'ovn-appctl -t ovn-controller connection-status')).toBe('connected\n');
  });
});
