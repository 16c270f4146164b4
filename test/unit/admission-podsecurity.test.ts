import { describe, expect, it } from 'vitest';
import { apiError, cluster, ns, pod } from './admission-helpers.js';

describe('PodSecurity', () => {
  const c = cluster();
  c.scheduler.stop();
  ns(c, 'open');
  ns(c, 'base', { 'pod-security.kubernetes.io/enforce': 'baseline' });
  ns(c, 'strict', { 'pod-security.kubernetes.io/enforce': 'restricted' });

  it('admits anything without a label', () => {
    expect(c.admin.create(pod('p', 'open', { hostNetwork: true })).metadata.name).toBe('p');
  });

  it('baseline rejects privileged, host namespaces, hostPath and hostPorts', () => {
    const err = apiError(() =>
      c.admin.create(
        pod('bad', 'base', {
          hostNetwork: true,
          hostPID: true,
          volumes: [{ name: 'root', hostPath: { path: '/' } }],
          containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } }, ports: [{ containerPort: 80, hostPort: 80 }], volumeMounts: [{ name: 'root', mountPath: '/host' }] }],
        }),
      ),
    );
    expect(err.kubectlMessage()).toBe(
      'Error from server (Forbidden): pods "bad" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true, hostPID=true), hostPort (container "app" uses hostPort 80), privileged (container "app" must not set securityContext.privileged=true), non-default capabilities (container "app" must not include "NET_ADMIN" in securityContext.capabilities.add), hostPath volumes (volume "root")',
    );
    expect(c.admin.create(pod('fine', 'base')).metadata.name).toBe('fine');
  });

  it('restricted asks for the full hardening', () => {
    const err = apiError(() => c.admin.create(pod('web', 'strict')));
    expect(err.message).toBe(
      'pods "web" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    const ok = c.admin.create(
      pod('hardened', 'strict', {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'app', image: 'nginx', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      }),
    );
    expect(ok.metadata.name).toBe('hardened');
  });
});
