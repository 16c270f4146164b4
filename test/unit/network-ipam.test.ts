import { describe, expect, it } from 'vitest';
import { nodeSubnet, podMac, inCidr, parseCidr, subnetGateway, subnetMgmt } from '../../src/core/network/cidr.js';
import { Cluster } from '../../src/core/cluster.js';
import type { KObject } from '../../src/core/api/types.js';

describe('IPAM', () => {
  it('hands OpenShift nodes a /23 of 10.128.0.0/14 and upstream nodes a /24 of 10.244.0.0/16', () => {
    expect(nodeSubnet('10.128.0.0/14', 23, 0)).toBe('10.128.0.0/23');
    expect(nodeSubnet('10.128.0.0/14', 23, 3)).toBe('10.128.6.0/23');
    expect(nodeSubnet('10.128.0.0/14', 23, 200)).toBe('10.129.144.0/23');
    expect(nodeSubnet('10.244.0.0/16', 24, 3)).toBe('10.244.3.0/24');
    // Past 256 nodes the counting carries into the next octet instead of printing 10.244.300.0.
    expect(nodeSubnet('10.244.0.0/16', 24, 300)).toBe('10.245.44.0/24');
  });

  it('gives the cluster nodes those subnets and services their ranges', () => {
    const os = new Cluster({ flavor: 'openshift', controlPlane: 1, workers: [{ name: 'worker-1' }, { name: 'worker-2' }] });
    expect(os.info.nodes.map((n) => n.podCIDR)).toEqual(['10.128.0.0/23', '10.128.2.0/23', '10.128.4.0/23']);
    expect([os.info.clusterCIDR, os.info.serviceCIDR, os.info.dnsServiceIP]).toEqual(['10.128.0.0/14', '172.30.0.0/16', '172.30.0.10']);
    const k = new Cluster({ flavor: 'kubernetes', controlPlane: 1, workers: [{ name: 'worker-1' }] });
    expect(k.info.nodes.map((n) => n.podCIDR)).toEqual(['10.244.0.0/24', '10.244.1.0/24']);
    expect([k.info.clusterCIDR, k.info.serviceCIDR, k.info.dnsServiceIP]).toEqual(['10.244.0.0/16', '10.96.0.0/12', '10.96.0.10']);
  });

  it('derives OVN-Kubernetes addresses: router .1, management port .2, pod MAC 0a:58 + IP', () => {
    expect(subnetGateway('10.128.6.0/23')).toBe('10.128.6.1');
    expect(subnetMgmt('10.128.6.0/23')).toBe('10.128.6.2');
    expect(podMac('10.128.6.5')).toBe('0a:58:0a:80:06:05');
    expect(inCidr('10.131.255.254', parseCidr('10.128.0.0/14'))).toBe(true);
    expect(inCidr('10.132.0.1', parseCidr('10.128.0.0/14'))).toBe(false);
  });

  it('allocates OpenShift pod IPs from .3 of the node subnet and service IPs from 172.30.0.0/16', () => {
    const c = new Cluster({ flavor: 'openshift', controlPlane: 1, workers: [{ name: 'worker-1' }], seed: 3 }).start();
    c.advance(1000);
    c.admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    c.admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'a' } });
    c.admin.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a' }, spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'nginx:1.25' }] } });
    const svc = c.admin.create<KObject>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'a' }, spec: { ports: [{ port: 80 }] } });
    c.advance(20_000);
    const ip = c.api.cached('pods', 'a', 'p')!.status.podIP as string;
    expect(inCidr(ip, parseCidr('10.128.2.0/23'))).toBe(true);
    expect(Number(ip.split('.')[3])).toBeGreaterThanOrEqual(3);
    expect(inCidr(svc.spec.clusterIP, parseCidr('172.30.0.0/16'))).toBe(true);
  });
});
