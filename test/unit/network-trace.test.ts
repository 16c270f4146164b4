import { describe, expect, it } from 'vitest';
import { shop, denyAll } from './network-helpers.js';
import { formatTrace, tracePacket } from '../../src/core/network/trace.js';

const titles = (text: string): string[] => text.split('\n').filter((l) => /^(ingress|egress)\(/.test(l));

describe('packet tracer', () => {
  it('walks pod to pod across nodes through the router and the transit switch (ovn-trace --detailed shape)', () => {
    const t = shop();
    const net = t.c.network.model;
    const out = formatTrace(net, tracePacket(net, { src: t.pod('frontend-1'), dstIp: '10.128.4.5', port: 80, protocol: 'TCP', dryRun: true }));
    const lines = out.split('\n');
    expect(lines[0]).toBe('# tcp,reg14=0x5,vlan_tci=0x0000,dl_src=0a:58:0a:80:02:05,dl_dst=0a:58:0a:80:02:01,nw_src=10.128.2.5,nw_dst=10.128.4.5,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no,tp_src=0,tp_dst=80,tcp_flags=0');
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe('ingress(dp="worker-1", inport="shop_frontend-1")');
    expect(lines[3]).toBe('-'.repeat(lines[2]!.length));
    expect(lines[4]).toMatch(/^ 0\. ls_in_check_port_sec \(northd\.c:\d+\): 1, priority 50, uuid [0-9a-f]{8}$/);
    expect(lines[5]).toBe('    reg0[15] = check_in_port_sec();');
    expect(titles(out)).toEqual([
      'ingress(dp="worker-1", inport="shop_frontend-1")',
      'egress(dp="worker-1", inport="shop_frontend-1", outport="stor-worker-1")',
      'ingress(dp="ovn_cluster_router", inport="rtos-worker-1")',
      'egress(dp="ovn_cluster_router", inport="rtos-worker-1", outport="rtots-worker-1")',
      'ingress(dp="transit_switch", inport="tstor-worker-1")',
      'egress(dp="transit_switch", inport="tstor-worker-1", outport="tstor-worker-2")',
      'ingress(dp="ovn_cluster_router", inport="rtots-worker-2")',
      'egress(dp="ovn_cluster_router", inport="rtots-worker-2", outport="rtos-worker-2")',
      'ingress(dp="worker-2", inport="stor-worker-2")',
      'egress(dp="worker-2", inport="stor-worker-2", outport="shop_backend-2")',
    ]);
    expect(out).toContain('    /* output to "tstor-worker-2", type "remote" */');
    expect(out.trimEnd().split('\n').pop()).toBe('    /* output to "shop_backend-2", type "" */');
  });

  it('load-balances a Service VIP and drops at the default-deny ACL of a NetworkPolicy', () => {
    const t = shop();
    const net = t.c.network.model;
    denyAll(t.c);
    const tr = tracePacket(net, { src: t.pod('frontend-1'), dstIp: '172.30.40.10', port: 8080, protocol: 'TCP', dryRun: true });
    expect(tr.outcome.kind).toBe('dropped');
    const out = formatTrace(net, tr);
    expect(out).toMatch(/^13\. ls_in_lb \(northd\.c:\d+\): ct\.new && ip4\.dst == 172\.30\.40\.10 && tcp\.dst == 8080, priority 120, uuid [0-9a-f]{8}$/m);
    expect(out).toContain('    ct_lb_mark(backends=10.128.2.6:80,10.128.4.5:80);');
    expect(out).toMatch(/^ 4\. ls_out_acl_eval \(northd\.c:\d+\): outport == @a\d+, priority 2000, uuid [0-9a-f]{8}$/m);
    expect(out.trimEnd().split('\n').pop()).toBe('    drop; /* ACL "NP:shop:Ingress" */');
    expect(formatTrace(net, tr, 'minimal').split('\n')[1]).toBe('drop;');
  });

  it('decides connects: timeout on a policy drop, refused without endpoints, no such host, ok once allowed', () => {
    const t = shop();
    const conn = t.c.network.connectivity;
    const from = { namespace: 'shop', pod: 'frontend-1', node: 'worker-1' };
    expect(conn.connect(from, 'backend:8080')).toMatchObject({ ok: true, ip: '172.30.40.10', port: 80 });
    expect(conn.connect(from, 'nosuch:80')).toEqual({ ok: false, reason: 'nxdomain', error: 'dial tcp: lookup nosuch on 172.30.0.10:53: no such host' });
    t.c.admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty', namespace: 'shop' }, spec: { clusterIP: '172.30.40.11', selector: { app: 'none' }, ports: [{ port: 80 }] } });
    t.c.advance(2000);
    expect(conn.connect(from, 'empty:80')).toEqual({ ok: false, ip: '172.30.40.11', reason: 'refused', error: 'dial tcp 172.30.40.11:80: connect: connection refused' });
    expect(conn.connect(from, '10.128.2.6:81')).toEqual({ ok: false, ip: '10.128.2.6', reason: 'refused', error: 'dial tcp 10.128.2.6:81: connect: connection refused' });
    denyAll(t.c);
    expect(conn.connect(from, 'backend:8080')).toEqual({ ok: false, ip: '172.30.40.10', reason: 'timeout', error: 'dial tcp 172.30.40.10:8080: i/o timeout' });
    t.c.admin.create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-frontend', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'backend' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 80 }] }] },
    });
    t.c.advance(1000);
    expect(conn.connect(from, 'backend:8080')).toMatchObject({ ok: true, ip: '172.30.40.10', port: 80 });
    // A port matched against the Service port (8080) instead of the pod port never matches.
    t.c.admin.patch('networkpolicies', 'shop', 'allow-frontend', { spec: { ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 8080 }] }] } }, 'merge');
    t.c.advance(1000);
    expect(conn.connect(from, 'backend:8080').ok).toBe(false);
  });

  it('a kubelet connection check (requires.connect) fails through the tracer: the app crashes on a policy drop', () => {
    const t = shop();
    t.c.images.add('shop/web:1', { ready: 1000, listen: [8080], requires: { connect: ['backend.shop.svc:8080'] } });
    denyAll(t.c);
    t.c.admin.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec: { nodeName: 'worker-2', containers: [{ name: 'web', image: 'shop/web:1' }] } });
    t.c.advance(60_000);
    const st = t.pod('web').status!.containerStatuses![0]!;
    expect(st.restartCount).toBeGreaterThan(0);
    expect(t.run('kubectl logs web --previous').stdout).toBe('Error: dial tcp 172.30.40.10:8080: i/o timeout\n');
  });
});
