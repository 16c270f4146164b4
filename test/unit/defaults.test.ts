import { describe, expect, it } from 'vitest';
import { DEFAULTERS, defaultPodSpec, defaultPullPolicy } from '../../src/core/api/defaults.js';
import { podQOSClass } from '../../src/core/api/qos.js';
import type { KObject } from '../../src/core/api/types.js';

const d = (kind: string, obj: Partial<KObject>): KObject => DEFAULTERS[kind]!({ apiVersion: 'v1', kind, metadata: { name: 'x', namespace: 'web' }, ...obj } as KObject);

describe('defaulting', () => {
  it('fills in pod and container defaults', () => {
    const pod = d('Pod', {
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: '500m', memory: '256Mi' } },
            readinessProbe: { httpGet: { port: 80 } },
          },
        ],
      },
    });
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
    });
    const c = pod.spec.containers[0];
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.terminationMessagePath).toBe('/dev/termination-log');
    expect(c.terminationMessagePolicy).toBe('File');
    expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    // Requests default to limits.
    expect(c.resources.requests).toEqual({ cpu: '500m', memory: '256Mi' });
    expect(c.readinessProbe).toEqual({ httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  });

  it('picks the pull policy from the tag', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('nginx:1.27')).toBe('IfNotPresent');
    expect(defaultPullPolicy('localhost:5000/app')).toBe('Always');
    expect(defaultPullPolicy('quay.io/x/y@sha256:abc')).toBe('IfNotPresent');
  });

  it('returns an already defaulted pod spec untouched (no allocation per stamped pod)', () => {
    const once = defaultPodSpec({ containers: [{ name: 'a', image: 'nginx:1' }] })!;
    expect(defaultPodSpec(once)).toBe(once);
    expect(defaultPodSpec(once)!.containers).toBe(once.containers);
  });

  it('defaults workloads and their pod templates', () => {
    const dep = d('Deployment', { apiVersion: 'apps/v1', spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx:1' }] } } } });
    expect(dep.spec).toMatchObject({ replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
    expect(dep.spec.template.spec.restartPolicy).toBe('Always');
    const sts = d('StatefulSet', { spec: { template: { spec: { containers: [] } } } });
    expect(sts.spec).toMatchObject({ replicas: 1, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } });
    const ds = d('DaemonSet', { spec: { template: { spec: { containers: [] } } } });
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    const job = d('Job', { spec: { template: { spec: { containers: [], restartPolicy: 'Never' } } } });
    expect(job.spec).toMatchObject({ backoffLimit: 6, completions: 1, parallelism: 1, completionMode: 'NonIndexed', suspend: false });
    const cj = d('CronJob', { spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'b' }] } } } } } });
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.jobTemplate.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
  });

  it('defaults services, namespaces, PVCs and secrets', () => {
    const svc = d('Service', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
    const ns = d('Namespace', { metadata: { name: 'web' } });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'web' });
    expect(d('PersistentVolumeClaim', { spec: {} }).spec.volumeMode).toBe('Filesystem');
    expect(d('Secret', {}).type).toBe('Opaque');
  });

  it('defaults LimitRange requests from limits, limits from max', () => {
    const lr = d('LimitRange', { spec: { limits: [{ type: 'Container', max: { memory: '1Gi' }, min: { cpu: '100m' } }] } });
    expect(lr.spec.limits[0]).toMatchObject({ default: { memory: '1Gi' }, defaultRequest: { memory: '1Gi', cpu: '100m' } });
  });

  it('computes the QoS class', () => {
    expect(podQOSClass({ containers: [{ name: 'a', image: 'x' }] })).toBe('BestEffort');
    expect(podQOSClass({ containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] })).toBe('Guaranteed');
    expect(podQOSClass({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '1' } } }] })).toBe('Burstable');
  });
});
