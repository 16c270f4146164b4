/** Node tools behind `oc debug node/X -- chroot /host ...`: files, crictl, df/free/top/ps/ss. */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenarios/loader.js';
import { ScenarioRun } from '../../src/scenarios/runtime.js';
import { crictlTable, humanDuration, humanSizeDecimal } from '../../src/commands/node/crictl.js';
import { humanSize } from '../../src/commands/node/files.js';
import { NodeFiles, normalizePath } from '../../src/core/kubelet/node-files.js';

function start(flavor: 'openshift' | 'kubernetes' = 'openshift', faults = ''): ScenarioRun {
  const text = `
apiVersion: kubedrill/v1
kind: Scenario
metadata: {name: node-tools, title: t, difficulty: easy, timeLimit: 10m, ticket: t}
cluster: {flavor: ${flavor}, controlPlane: 1, nodes: [{prefix: worker, count: 1}]}
objects:
  - {apiVersion: v1, kind: Namespace, metadata: {name: web}}
  - {apiVersion: v1, kind: Pod, metadata: {name: web, namespace: web}, spec: {containers: [{name: nginx, image: "nginx:1.25"}]}}
faults:
${faults || '  []'}
goal:
  all: [{resource: namespaces, name: web, expect: status.phase == "Active"}]
`.replace('faults:\n  []', 'faults: []');
  return new ScenarioRun(loadScenarioText(text, 'node-tools.yaml')).start();
}

/** stdout of a command run on a node after chroot /host (quiet: no debug pod banner). */
function host(run: ScenarioRun, node: string, cmd: string): { stdout: string; stderr: string; exitCode: number } {
  const cli = run.cluster.info.flavor === 'openshift' ? 'oc' : 'kubectl';
  const image = cli === 'kubectl' ? ' --image=busybox:1.36' : '';
  return run.run(`${cli} debug node/${node} -q${image} -- chroot /host ${cmd}`);
}

describe('node files', () => {
  it('normalizes paths and keeps disk usage as files come and go', () => {
    expect(normalizePath('../etc/./kubernetes//manifests/', '/root')).toBe('/etc/kubernetes/manifests');
    const fs = new NodeFiles(() => 0, 1000, 100, () => 50);
    fs.write('/var/log/a/b.log', { size: 200 });
    expect(fs.usedBytes()).toBe(350);
    expect(fs.list('/var/log')).toEqual(['a', 'pods']);
    expect(fs.move('/var/log/a/b.log', '/root')).toBe(true);
    expect(fs.file('/root/b.log')?.size).toBe(200);
    expect(fs.remove('/root/b.log')).toBe(true);
    expect(fs.usedBytes()).toBe(150);
    expect(fs.remove('/var/log/a')).toBe(false);
    expect(fs.remove('/var/log/a', true)).toBe(true);
  });

  it('ls, cat, mv, rm and du on the host, with GNU messages', () => {
    const run = start();
    run.advance(20_000);
    expect(host(run, 'master-0', 'ls /etc/kubernetes/manifests').stdout).toBe('etcd-pod.yaml\nkube-apiserver-pod.yaml\nkube-controller-manager-pod.yaml\nkube-scheduler-pod.yaml\n');
    expect(host(run, 'master-0', 'ls -l /etc/kubernetes/manifests/kube-scheduler-pod.yaml').stdout).toMatch(/^-rw-r--r--\. 1 root root +\d+ Nov 24 09:00 \/etc\/kubernetes\/manifests\/kube-scheduler-pod.yaml\n$/);
    const manifest = host(run, 'master-0', 'cat /etc/kubernetes/manifests/kube-scheduler-pod.yaml').stdout;
    expect(manifest).toContain('name: openshift-kube-scheduler-master-0');
    expect(manifest).toContain('namespace: openshift-kube-scheduler');
    expect(host(run, 'master-0', 'cat /etc/nope')).toMatchObject({ stderr: expect.stringContaining('cat: /etc/nope: No such file or directory\n'), exitCode: 1 });
    expect(host(run, 'master-0', 'mv /root/nope /tmp').stderr).toContain("mv: cannot stat '/root/nope': No such file or directory\n");
    expect(host(run, 'master-0', 'rm /var/log')).toMatchObject({ stderr: expect.stringContaining("rm: cannot remove '/var/log': Is a directory\n") });
    // Before chroot, the host is under /host.
    expect(run.run('oc debug node/master-0 -q -- ls /host/etc/kubernetes/manifests').stdout).toContain('kube-scheduler-pod.yaml\n');
    expect(run.run('oc debug node/master-0 -q -- ls /etc/kubernetes/manifests').stderr).toContain("ls: cannot access '/etc/kubernetes/manifests': No such file or directory");
  });

  it('a manifest moved out stops the static pod and its mirror; moving it back starts it again', () => {
    const run = start();
    run.advance(30_000);
    expect(run.run('oc -n openshift-kube-scheduler get pod openshift-kube-scheduler-master-0 -o name').stdout).toBe('pod/openshift-kube-scheduler-master-0\n');
    expect(host(run, 'master-0', 'mv /etc/kubernetes/manifests/kube-scheduler-pod.yaml /root/').exitCode).toBe(0);
    run.advance(5_000);
    expect(run.cluster.scheduler.running).toBe(false);
    expect(run.run('oc -n openshift-kube-scheduler get pods').stderr).toBe('No resources found in openshift-kube-scheduler namespace.\n');
    expect(host(run, 'master-0', 'crictl ps --name kube-scheduler -q').stdout).toBe('');
    expect(host(run, 'master-0', 'journalctl -u kubelet | grep SyncLoop').stdout).toContain('"SyncLoop REMOVE" source="file" pods=["openshift-kube-scheduler/openshift-kube-scheduler-master-0"]');
    expect(host(run, 'master-0', 'mv /root/kube-scheduler-pod.yaml /etc/kubernetes/manifests/').exitCode).toBe(0);
    run.advance(15_000);
    expect(run.cluster.scheduler.running).toBe(true);
    expect(run.run('oc -n openshift-kube-scheduler get pod openshift-kube-scheduler-master-0 -o name').stdout).toBe('pod/openshift-kube-scheduler-master-0\n');
    expect(host(run, 'master-0', 'crictl ps --name ^kube-scheduler$ -q').stdout).toMatch(/^[0-9a-f]{64}\n$/);
  });
});

describe('crictl', () => {
  it('formats like cri-tools: tabwriter min width 20 + padding 3, HumanDuration, decimal sizes', () => {
    expect(crictlTable([['CONTAINER', 'IMAGE', 'NAME'], ['0123456789abc', 'sha', 'nginx']])).toBe(
      'CONTAINER           IMAGE               NAME\n0123456789abc       sha                 nginx\n',
    );
    expect(['Less than a second', '1 second', '59 seconds', 'About a minute', '59 minutes', 'About an hour', '47 hours', '13 days', '8 weeks', '23 months', '2 years'])
      .toEqual([500, 1000, 59_000, 60_000, 3_599_000, 3_600_000, 47 * 3_600_000, 13 * 86_400_000, 56 * 86_400_000, 700 * 86_400_000, 731 * 86_400_000].map(humanDuration));
    expect([humanSizeDecimal(73_400_320), humanSizeDecimal(192_000_000), humanSizeDecimal(327_680), humanSizeDecimal(999)]).toEqual(['73.4MB', '192MB', '328kB', '999B']);
  });

  it('ps, pods, images, inspect and logs against the kubelet runtime', () => {
    const run = start();
    run.advance(60_000);
    const ps = host(run, 'worker-1', 'crictl ps --namespace web').stdout.split('\n');
    expect(ps[0]).toBe('CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD                 NAMESPACE');
    expect(ps).toHaveLength(3);
    const nginx = ps.find((l) => / nginx /.test(l))!;
    expect(nginx).toMatch(/^[0-9a-f]{13} {7}[0-9a-f]{13} {7}(\d+ seconds|About a minute) ago +Running +nginx +0 +[0-9a-f]{13} {7}web {17}web$/);
    const pods = host(run, 'worker-1', 'crictl pods --namespace web').stdout;
    expect(pods).toMatch(/^POD ID              CREATED +STATE               NAME                NAMESPACE           ATTEMPT             RUNTIME\n[0-9a-f]{13} {7}.+ ago +Ready +web +web +0 +\(default\)\n$/);
    expect(host(run, 'worker-1', 'crictl images | grep nginx').stdout).toMatch(/^docker\.io\/library\/nginx +1\.25 +[0-9a-f]{13} +73\.4MB\n$/);
    const id = nginx.slice(0, 13);
    const inspect = JSON.parse(host(run, 'worker-1', `crictl inspect ${id}`).stdout);
    expect(inspect.status).toMatchObject({ metadata: { name: 'nginx', attempt: 0 }, state: 'CONTAINER_RUNNING', labels: { 'io.kubernetes.pod.namespace': 'web', 'io.kubernetes.pod.name': 'web' } });
    expect(host(run, 'worker-1', `crictl logs ${id}`).stdout).toContain('Configuration complete; ready for start up');
    expect(host(run, 'worker-1', 'crictl inspect 0000000')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('NotFound') });
    // Not on the PATH of the debug container.
    expect(run.run('oc debug node/worker-1 -q -- crictl ps').stderr).toContain('exec: "crictl": executable file not found in $PATH');
  });

  it('rmi --prune removes only images no container uses, and frees disk', () => {
    const run = start();
    run.advance(60_000);
    const kubelet = run.cluster.kubelets.get('worker-1') as unknown as { files: NodeFiles };
    const before = kubelet.files.usedBytes();
    run.run('oc -n web delete pod web --grace-period=0 --force');
    run.advance(20_000);
    const out = host(run, 'worker-1', 'crictl rmi --prune').stdout;
    expect(out).toContain('Deleted: docker.io/library/nginx:1.25\n');
    expect(kubelet.files.usedBytes()).toBeLessThan(before);
    expect(host(run, 'worker-1', 'crictl images').stdout).not.toContain('nginx');
  });
});

describe('df, free, top, ps, ss', () => {
  it('df -h in coreutils columns, from the node disk model', () => {
    const run = start('kubernetes');
    run.advance(20_000);
    const lines = host(run, 'worker-1', 'df -h').stdout.split('\n');
    expect(lines[0]).toBe('Filesystem      Size  Used Avail Use% Mounted on');
    expect(lines).toContain('devtmpfs        4.0M     0  4.0M   0% /dev');
    expect(lines.find((l) => l.startsWith('/dev/sda1'))).toMatch(/^\/dev\/sda1 +120G +1\dG +10\dG +1\d% \/$/);
    expect(host(run, 'worker-1', 'df -h /var/log').stdout.split('\n')[1]).toMatch(/^\/dev\/sda1 +120G .* \/var$/);
    expect(humanSize(1536)).toBe('1.5K');
    expect(humanSize(120 * 1024 ** 3)).toBe('120G');
  });

  it('free -h in procps columns; top -b; ps; ss -tulpn shows the kubelet and the control plane ports', () => {
    const run = start();
    run.advance(30_000);
    const free = host(run, 'worker-1', 'free -h').stdout.split('\n');
    expect(free[0]).toBe('               total        used        free      shared  buff/cache   available');
    expect(free[1]).toMatch(/^Mem: {12}16Gi +\d+(\.\d)?Gi +\d+(\.\d)?Gi +59Mi +\d+(\.\d)?Gi +\d+(\.\d)?Gi$/);
    expect(free[2]).toBe('Swap:             0B          0B          0B');
    const top = host(run, 'worker-1', 'top -b -n 1').stdout.split('\n');
    expect(top[0]).toMatch(/^top - 09:00:30 up 2 days, +0:00, +0 users, +load average: /);
    expect(top[6]).toBe('    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND');
    expect(top.some((l) => / kubelet$/.test(l))).toBe(true);
    expect(host(run, 'worker-1', 'top').stderr).toContain('top -b -n 1');
    expect(host(run, 'worker-1', 'ps aux').stdout).toMatch(/^USER +PID %CPU %MEM +VSZ +RSS TTY +STAT START +TIME COMMAND\n/);
    const ss = host(run, 'master-0', 'ss -tulpn').stdout;
    expect(ss.split('\n')[0]).toMatch(/^Netid State +Recv-Q Send-Q Local Address:Port Peer Address:Port Process$/);
    expect(ss).toMatch(/tcp +LISTEN +0 +4096 +10\.0\.0\.10:2379 +0\.0\.0\.0:\* +users:\(\("etcd",pid=\d+,fd=\d+\)\)/);
    expect(ss).toMatch(/tcp +LISTEN .* \*:10250 .*users:\(\("kubelet"/);
    // A stopped kubelet no longer listens.
    host(run, 'worker-1', 'systemctl stop kubelet');
    expect(host(run, 'worker-1', 'ss -tlpn').stdout).not.toContain('kubelet');
  });
});
