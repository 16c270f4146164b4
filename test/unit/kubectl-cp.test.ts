import { describe, expect, it } from 'vitest';
import { drill, out } from './kubectl-write-helpers.js';

describe('kubectl cp and port-forward in the palette', () => {
  it('copies a container file into the session folder, where cat reads it', () => {
    const d = drill();
    d.run('kubectl create configmap app --from-literal=config=hello');
    d.files['pod.json'] = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'app' },
      spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], volumeMounts: [{ name: 'c', mountPath: '/app/config', subPath: 'config' }] }], volumes: [{ name: 'c', configMap: { name: 'app' } }] },
    });
    expect(d.run('kubectl apply -f pod.json').exitCode).toBe(0);
    d.cluster.advance(20_000);
    expect(out(d.run('kubectl cp app:/app/config ./copied'))).toEqual({ stdout: '', stderr: "tar: Removing leading `/' from member names\n", exitCode: 0 });
    expect(d.run('cat copied').stdout).toBe('hello');
    expect(out(d.run('kubectl cp default/app:/nope x'))).toEqual({ stdout: '', stderr: 'tar: nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n', exitCode: 1 });
    expect(d.run('kubectl cp copied app:/tmp/x').stderr).toMatch(/^error: copying into a container is not simulated/);
    expect(d.run('kubectl cp a b').stderr).toBe('error: one of src or dest must be a remote file specification\n');
  });

  it('port-forward says why it cannot hold a port open and what to do instead', () => {
    const d = drill();
    const r = d.run('kubectl port-forward pod/app 8080:80');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('kubectl exec pod/app -- curl -s localhost:80');
  });
});
