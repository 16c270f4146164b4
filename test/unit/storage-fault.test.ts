import { describe, expect, it } from 'vitest';
import { storageCluster, pvc, podWithClaim, claim, pod } from './storage-helpers.js';
import { injectFault, FaultError } from '../../src/scenarios/faults/index.js';
import { csiChain, csiSummary } from '../../src/core/storage/summary.js';

const fault = (driver: string) => ({ type: 'csi-driver-down', driver, atMs: 0, pos: { line: 1, column: 1 } }) as never;

describe('csi-driver-down and the CSI pane data', () => {
  it('scales the controller to zero: claims stay Pending, the chain says why; scaling back fixes it', () => {
    const c = storageCluster();
    expect(csiSummary(c).drivers).toEqual([
      { name: 'ebs.csi.aws.com', namespace: 'openshift-cluster-csi-drivers', controller: 'aws-ebs-csi-driver-controller 2/2', controllerRunning: true, nodePlugins: '6/6', attachRequired: true, modes: 'Persistent', storageClasses: ['gp2-csi', 'gp3-csi'] },
    ]);
    injectFault(c, fault('ebs.csi.aws.com'));
    c.advance(30_000);
    expect(c.api.cached('deployments', 'openshift-cluster-csi-drivers', 'aws-ebs-csi-driver-controller')!.spec.replicas).toBe(0);
    c.admin.create(pvc('data'));
    c.admin.create(podWithClaim('db', 'data'));
    c.advance(60_000);
    const s = csiSummary(c);
    expect(s.drivers[0]).toMatchObject({ controller: 'aws-ebs-csi-driver-controller 0/0', controllerRunning: false });
    expect(s.claims).toEqual([
      { namespace: 'shop', name: 'data', status: 'Pending', volume: '', capacity: '', accessModes: 'RWO', storageClass: 'gp3-csi', driver: 'ebs.csi.aws.com', attachedNodes: [], mountedPods: [], waitingPods: ['db'] },
    ]);
    expect(csiChain(c, 'shop', 'data').map((x) => `${x.step} ${x.state} ${x.detail}`)).toEqual([
      'StorageClass done gp3-csi: provisioner ebs.csi.aws.com, WaitForFirstConsumer',
      'Provisioning failed no aws-ebs-csi-driver-controller pod is running',
    ]);
    c.admin.patch('deployments', 'openshift-cluster-csi-drivers', 'aws-ebs-csi-driver-controller', { spec: { replicas: 2 } }, 'merge');
    c.advance(60_000);
    expect(claim(c, 'data').status?.phase).toBe('Bound');
    expect(pod(c, 'db').status?.phase).toBe('Running');
    expect(csiChain(c, 'shop', 'data').map((x) => `${x.step} ${x.state}`)).toEqual(['StorageClass done', 'Binding done', 'Attach done', 'NodeStage done', 'NodePublish done']);
    expect(csiSummary(c).claims[0]).toMatchObject({ status: 'Bound', mountedPods: ['db'], attachedNodes: [`${pod(c, 'db').spec.nodeName} (attached)`] });
  });

  it('names the installed drivers when the fault asks for another', () => {
    const c = storageCluster();
    expect(() => injectFault(c, fault('nfs.csi.k8s.io'))).toThrow(FaultError);
    expect(() => injectFault(c, fault('nfs.csi.k8s.io'))).toThrow('csi-driver-down: no CSI driver "nfs.csi.k8s.io" is installed (installed: ebs.csi.aws.com)');
  });
});
