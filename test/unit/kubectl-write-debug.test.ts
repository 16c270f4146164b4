import { describe, expect, it } from 'vitest';
import { drill, out } from './kubectl-write-helpers.js';

const OC_HEAD = (ns: string, pod: string): string =>
  `Temporary namespace ${ns} is created for debugging node...\nStarting pod/${pod} ...\nTo use host binaries, run \`chroot /host\`. Instead, if you need to access host namespaces, run \`nsenter -a -t 1\`.\n`;
const OC_TAIL = (ns: string): string => `\nRemoving debug pod ...\nTemporary namespace ${ns} was removed.\n`;

describe('debug node: the simulated node shell', () => {
  it('fixes a stopped kubelet with systemctl start kubelet', () => {
    const d = drill();
    const kubelet = d.cluster.kubelets.get('worker-2')!;
    d.cluster.advance(60_000);
    kubelet.stop(); // the kubelet-stopped fault
    d.cluster.advance(125_000);
    const status = d.run('oc debug node/worker-2 -- chroot /host systemctl status kubelet');
    expect(status.exitCode).toBe(1);
    expect(status.stdout).toMatch(/^\u25cb kubelet\.service - Kubernetes Kubelet\n {5}Loaded: loaded \(\/etc\/systemd\/system\/kubelet\.service; enabled; preset: disabled\)\n/);
    expect(status.stdout).toContain('     Active: inactive (dead) since Tue 2026-11-24 ');
    expect(status.stdout).toContain('worker-2 systemd[1]: Stopped Kubernetes Kubelet.\n');
    expect(status.stderr).toMatch(/^Temporary namespace openshift-debug-[a-z0-9]{5} is created for debugging node\.\.\.\nStarting pod\/worker-2-debug-[a-z0-9]{5} \.\.\.\n/);
    expect(status.stderr).toMatch(/\nRemoving debug pod \.\.\.\nTemporary namespace openshift-debug-[a-z0-9]{5} was removed\.\nerror: non-zero exit code from debug container\n$/);

    const start = d.run('oc debug node/worker-2 -- chroot /host systemctl start kubelet');
    const m = /^Temporary namespace (openshift-debug-\w{5}) is created for debugging node\.\.\.\nStarting pod\/(worker-2-debug-\w{5}) /.exec(start.stderr)!;
    expect(out(start)).toEqual({ stdout: '', stderr: OC_HEAD(m[1]!, m[2]!) + OC_TAIL(m[1]!), exitCode: 0 });
    expect(kubelet.running).toBe(true);

    d.cluster.advance(300_000);
    const running = d.run('oc debug node/worker-2 -- chroot /host systemctl status kubelet');
    expect(running.exitCode).toBe(0);
    expect(running.stdout).toContain('     Active: active (running) since Tue 2026-11-24 09:03:05 UTC; 5min ago\n');
    expect(running.stdout).toContain('worker-2 systemd[1]: Started Kubernetes Kubelet.\n');
    expect(d.run('oc debug node/worker-2 -- chroot /host systemctl is-active kubelet').stdout).toBe('active\n');
    d.run('oc debug node/worker-2 -- chroot /host systemctl stop kubelet');
    expect(kubelet.running).toBe(false);
    expect(d.run('oc debug node/worker-2 -- chroot /host systemctl is-active kubelet').stdout).toBe('inactive\n');
    d.run('oc debug node/worker-2 -- chroot /host systemctl restart kubelet');
    expect(kubelet.running).toBe(true);
  });

  it('needs chroot /host for host binaries, and a command', () => {
    const d = drill();
    const r = d.run('oc debug node/worker-1 -- systemctl status kubelet');
    expect(r.stderr).toContain("System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n");
    expect(r.exitCode).toBe(1);
    expect(d.run('oc debug node/worker-1 -- chroot /host nosuchtool').stderr).toContain("chroot: failed to run command 'nosuchtool': No such file or directory\n");
    expect(d.run('oc debug node/worker-1 -- chroot /host systemctl status nosuch').stderr).toContain('Unit nosuch.service could not be found.\n');
    expect(d.run('oc debug node/worker-1 -- chroot /host hostname').stdout).toBe('worker-1\n');
    expect(d.run(`oc debug node/worker-1 -- sh -c 'chroot /host systemctl status kubelet | head -1'`).stdout).toBe('\u25cf kubelet.service - Kubernetes Kubelet\n');
    expect(out(d.run('oc debug node/worker-1'))).toEqual({
      stdout: '',
      stderr: 'error: an interactive terminal is required for a debug shell, and the palette has none: give the command after --, e.g. oc debug node/worker-1 -- chroot /host systemctl status kubelet\n',
      exitCode: 1,
    });
    expect(d.run('oc debug node/nope -- chroot /host hostname').stderr).toBe('Error from server (NotFound): nodes "nope" not found\n');
  });

  it('kubectl debug node prints the debugging pod it creates', () => {
    const d = drill({ flavor: 'kubernetes' });
    const r = d.run('kubectl debug node/worker-1 -it --image=busybox -- chroot /host systemctl is-active kubelet');
    expect(r.stdout).toMatch(/^Creating debugging pod node-debugger-worker-1-[a-z0-9]{5} with container debugger on node worker-1\.\nactive\n$/);
    expect(r.exitCode).toBe(0);
    expect(d.run('kubectl debug node/worker-1 -- chroot /host systemctl status kubelet').stderr).toBe('error: --image is required when debugging a node\n');
    const status = d.run('kubectl debug node/worker-1 --image=busybox -- chroot /host systemctl status kubelet');
    expect(status.stdout).toContain('\u25cf kubelet.service - kubelet: The Kubernetes Node Agent\n     Loaded: loaded (/usr/lib/systemd/system/kubelet.service; enabled; preset: enabled)\n');
  });
});

describe('journalctl on a node', () => {
  it('shows the kubelet journal with the journal prefix and systemd\'s lines for restarts', () => {
    const d = drill();
    d.cluster.advance(30_000);
    d.run('oc debug node/worker-2 -- chroot /host systemctl restart kubelet');
    const r = d.run('oc debug node/worker-2 -- chroot /host journalctl -u kubelet --no-pager');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(
      'Nov 24 09:00:30 worker-2 systemd[1]: Stopping Kubernetes Kubelet...\nNov 24 09:00:30 worker-2 systemd[1]: kubelet.service: Deactivated successfully.\nNov 24 09:00:30 worker-2 systemd[1]: Stopped Kubernetes Kubelet.\nNov 24 09:00:30 worker-2 systemd[1]: Starting Kubernetes Kubelet...\nNov 24 09:00:30 worker-2 systemd[1]: Started Kubernetes Kubelet.\n',
    );
    for (const line of r.stdout.trimEnd().split('\n')) expect(line).toMatch(/^Nov 24 \d\d:\d\d:\d\d worker-2 (systemd\[1\]|kubenswrapper\[\d+\]): /);
    expect(d.run('oc debug node/worker-2 -- chroot /host journalctl -u kubelet -n 2').stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(d.run('oc debug node/worker-2 -- chroot /host journalctl -u nosuch').stdout).toBe('-- No entries --\n');
    expect(d.run('oc debug node/worker-2 -- chroot /host journalctl --bogus').stderr).toContain("journalctl: unrecognized option '--bogus'\n");
  });
});
