import { describe, expect, it } from 'vitest';
import { drill, out } from './kubectl-write-helpers.js';

describe('kubectl run -i (attached) in the palette', () => {
  it('runs the command in a new pod, prints what it wrote, and deletes it with --rm', () => {
    const d = drill();
    expect(d.run('kubectl run web --image=nginx:1.25 --port=80 --expose').exitCode).toBe(0);
    d.cluster.advance(30_000);
    const r = d.run('kubectl run t -i --rm --restart=Never --image=busybox -- wget -qO- http://web');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('<h1>Welcome to nginx!</h1>');
    expect(r.stdout.endsWith('pod "t" deleted\n')).toBe(true);
    expect(d.cluster.api.cached('pods', 'default', 't')?.metadata.deletionTimestamp ?? 'gone').toBeTruthy();
  });

  it('gives the container\'s exit code and kubectl\'s messages for failures, -t and timeouts', () => {
    const d = drill();
    expect(out(d.run("kubectl run f -i --rm --restart=Never --image=busybox -- sh -c 'echo boom; exit 3'"))).toEqual({
      stdout: 'boom\npod "f" deleted\n',
      stderr: 'pod default/f terminated (Error)\n',
      exitCode: 3,
    });
    expect(d.run('kubectl run tt -it --rm --restart=Never --image=busybox -- echo hi').stderr).toBe('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    expect(d.run('kubectl run x -t --image=busybox').stderr).toBe("error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples\n");
    expect(out(d.run('kubectl run gone -i --rm --restart=Never --image=example.com/nope:1 -- true'))).toEqual({
      stdout: 'pod "gone" deleted\n',
      stderr: 'error: timed out waiting for the condition\n',
      exitCode: 1,
    });
    expect(d.run('kubectl run k -i --image=busybox --dry-run=client -- true').stderr).toBe("error: --dry-run can't be used with attached containers options (--attach, --stdin, or --tty)\n");
  });
});
