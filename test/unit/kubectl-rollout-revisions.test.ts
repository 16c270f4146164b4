import { describe, expect, it } from 'vitest';
import { drill, out } from './kubectl-write-helpers.js';

const DS = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent' },
  spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36', command: ['sleep', '3600'] }] } } },
};

describe('kubectl rollout history / undo for DaemonSets (ControllerRevisions)', () => {
  it('lists revisions, rolls back to the previous one, and names missing revisions', () => {
    const d = drill();
    d.files['ds.json'] = JSON.stringify(DS);
    d.run('kubectl apply -f ds.json');
    d.cluster.advance(10_000);
    d.run('kubectl set image ds/agent agent=busybox:1.37');
    d.cluster.advance(10_000);
    expect(d.run('kubectl rollout history ds/agent').stdout).toBe('daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(d.run('kubectl rollout history ds/agent --revision=1').stdout).toMatch(/^daemonset\.apps\/agent with revision #1\nPod Template:\n[\s\S]*\n    Image: +busybox:1\.36\n/);
    expect(out(d.run('kubectl rollout undo ds/agent'))).toEqual({ stdout: 'daemonset.apps/agent rolled back\n', stderr: '', exitCode: 0 });
    expect(d.cluster.api.cached('daemonsets', 'default', 'agent')!.spec.template.spec.containers[0].image).toBe('busybox:1.36');
    d.cluster.advance(5_000);
    // The controller renumbers the reused revision: history is now 2, 3.
    expect(d.run('kubectl rollout history ds/agent').stdout).toBe('daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
    expect(d.run('kubectl rollout undo ds/agent --to-revision=3').stdout).toBe('daemonset.apps/agent skipped rollback (current template already matches revision 3)\n');
    expect(d.run('kubectl rollout undo ds/agent --to-revision=9').stderr).toBe('error: unable to find specified revision 9 in history\n');
  });
});
