import { describe, expect, it } from 'vitest';
import { shop, addPod, denyAll } from './network-helpers.js';
import { injectFault } from '../../src/scenarios/faults/index.js';
import type { Fault } from '../../src/scenarios/types.js';

describe('kubectl exec and the pod shell', () => {
  it('refuses what kubectl refuses', () => {
    const t = shop();
    expect(t.run('kubectl exec frontend-1 ls')).toEqual({ stdout: '', stderr: "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n", exitCode: 1 });
    expect(t.run('kubectl exec nosuch -- ls')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nosuch" not found\n', exitCode: 1 });
    expect(t.run('kubectl exec frontend-1 -c other -- ls')).toEqual({ stdout: '', stderr: 'Error from server (BadRequest): container other is not valid for pod frontend-1\n', exitCode: 1 });
    // busybox has no curl; nginx (Debian) has no ps.
    expect(t.run('kubectl exec backend-1 -- ps')).toEqual({ stdout: '', stderr: 'time="2026-11-24T09:01:01Z" level=error msg="exec failed: unable to start container process: exec: \\"ps\\": executable file not found in $PATH"\ncommand terminated with exit code 255\n', exitCode: 255 });
    expect(t.run("kubectl exec frontend-1 -- sh -c 'curl backend'")).toEqual({ stdout: '', stderr: 'sh: curl: not found\ncommand terminated with exit code 127\n', exitCode: 127 });
    expect(t.run('kubectl exec -it frontend-1 -- sh').stderr).toBe("error: an interactive shell needs a terminal, which the palette has not: run one command at a time, e.g. kubectl exec -it frontend-1 -- sh -c 'cat /etc/resolv.conf'\n");
  });

  it('a pod that is not running: container not found; a finished pod: completed', () => {
    const t = shop();
    addPod(t.c, 'shop', 'stuck', 'worker-1', 'stuck', 'nginx:1.999');
    t.c.admin.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'job', namespace: 'shop' }, spec: { nodeName: 'worker-1', restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox:1.36', command: ['true'] }] } });
    t.c.advance(30_000);
    expect(t.run('kubectl exec stuck -- ls')).toEqual({ stdout: '', stderr: 'error: unable to upgrade connection: container not found ("stuck")\n', exitCode: 1 });
    expect(t.pod('job').status?.phase).toBe('Succeeded');
    expect(t.run('kubectl exec job -- ls')).toEqual({ stdout: '', stderr: 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n', exitCode: 1 });
  });

  it('reads the pod network: ip addr, ip route, resolv.conf, env, hostname, ps', () => {
    const t = shop();
    expect(t.run('kubectl exec frontend-1 -- ip addr show eth0').stdout).toBe(
      '2: eth0@if15: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP group default qlen 1000\n' +
        '    link/ether 0a:58:0a:80:02:05 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n' +
        '    inet 10.128.2.5/23 brd 10.128.3.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '    inet6 fe80::858:aff:fe80:205/64 scope link \n' +
        '       valid_lft forever preferred_lft forever\n',
    );
    expect(t.run('kubectl exec frontend-1 -- ip route').stdout).toBe(
      'default via 10.128.2.1 dev eth0 \n10.128.0.0/14 via 10.128.2.1 dev eth0 \n10.128.2.0/23 dev eth0 proto kernel scope link src 10.128.2.5 \n100.64.0.0/16 via 10.128.2.1 dev eth0 \n172.30.0.0/16 via 10.128.2.1 dev eth0 \n',
    );
    expect(t.run('kubectl exec frontend-1 -- cat /etc/resolv.conf').stdout).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 172.30.0.10\noptions ndots:5\n');
    const env = t.run('kubectl exec frontend-1 -- env').stdout.split('\n');
    expect(env[0]).toBe('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    expect(env[1]).toBe('HOSTNAME=frontend-1');
    expect(env).toContain('KUBERNETES_SERVICE_HOST=172.30.0.1');
    expect(env[env.length - 2]).toBe('HOME=/root');
    expect(t.run("kubectl exec frontend-1 -- sh -c 'echo $KUBERNETES_SERVICE_PORT && hostname'").stdout).toBe('443\nfrontend-1\n');
    expect(t.run('kubectl exec frontend-1 -- ps').stdout).toBe('PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n   36 root      0:00 ps\n');
  });

  it('nslookup, wget and curl go through DNS and the packet tracer', () => {
    const t = shop();
    expect(t.run('kubectl exec frontend-1 -- nslookup backend')).toEqual({ stdout: 'Server:\t\t172.30.0.10\nAddress:\t172.30.0.10:53\n\nName:\tbackend.shop.svc.cluster.local\nAddress: 172.30.40.10\n\n', stderr: '', exitCode: 0 });
    expect(t.run('kubectl exec frontend-1 -- nslookup nosuch')).toEqual({ stdout: "Server:\t\t172.30.0.10\nAddress:\t172.30.0.10:53\n\n** server can't find nosuch.shop.svc.cluster.local: NXDOMAIN\n\n", stderr: 'command terminated with exit code 1\n', exitCode: 1 });
    expect(t.run('kubectl exec frontend-1 -- wget -qO- http://backend:8080').stdout).toContain('<title>Welcome to nginx!</title>');
    expect(t.run('kubectl exec frontend-1 -- wget -qO- http://backend:9090').stderr).toBe("wget: can't connect to remote host (172.30.40.10): Connection timed out\ncommand terminated with exit code 1\n");
    expect(t.run('kubectl exec frontend-1 -- wget -qO- http://nosuch').stderr).toBe("wget: bad address 'nosuch'\ncommand terminated with exit code 1\n");
    expect(t.run('kubectl exec backend-1 -- curl -s -o /dev/null -w %{http_code} localhost').exitCode).toBe(0);
    const v = t.run('kubectl exec backend-1 -- curl -v http://backend:8080/');
    expect(v.stderr.split('\n').slice(0, 9)).toEqual([
      '*   Trying 172.30.40.10:8080...',
      '* Connected to backend (172.30.40.10) port 8080',
      '> GET / HTTP/1.1',
      '> Host: backend:8080',
      '> User-Agent: curl/8.10.1',
      '> Accept: */*',
      '> ',
      '* Request completely sent off',
      '< HTTP/1.1 200 OK',
    ]);
    expect(t.run('kubectl exec backend-1 -- curl http://backend:8081').stderr).toBe('curl: (28) Failed to connect to backend port 8081 after 130048 ms: Couldn\'t connect to server\ncommand terminated with exit code 28\n');
    expect(t.run('kubectl exec backend-1 -- curl http://10.128.4.5:81').stderr).toBe("curl: (7) Failed to connect to 10.128.4.5 port 81 after 1 ms: Couldn't connect to server\ncommand terminated with exit code 7\n");
    expect(t.run('kubectl exec backend-1 -- curl -sS http://nosuch').stderr).toBe('curl: (6) Could not resolve host: nosuch\ncommand terminated with exit code 6\n');
    denyAll(t.c);
    expect(t.run('kubectl exec backend-1 -- curl -sS --connect-timeout 5 backend:8080').stderr).toBe('curl: (28) Connection timed out after 5001 milliseconds\ncommand terminated with exit code 28\n');
  });

  it('dns-down: lookups time out and curl cannot resolve; connections by IP still work', () => {
    const t = shop();
    injectFault(t.c, { type: 'dns-down', atMs: 0 } as unknown as Fault);
    t.c.advance(60_000);
    expect(t.run('kubectl -n openshift-dns get pods').stderr).toBe('No resources found in openshift-dns namespace.\n');
    expect(t.run('kubectl exec frontend-1 -- nslookup backend')).toEqual({ stdout: ';; connection timed out; no servers could be reached\n\n', stderr: 'command terminated with exit code 1\n', exitCode: 1 });
    expect(t.run('kubectl exec backend-1 -- curl -sS backend:8080').stderr).toBe('curl: (6) Could not resolve host: backend\ncommand terminated with exit code 6\n');
    expect(t.run('kubectl exec backend-1 -- curl -s -o /dev/null 172.30.40.10:8080').exitCode).toBe(0);
    expect(t.c.network.connectivity.connect({ namespace: 'shop', pod: 'frontend-1', node: 'worker-1' }, 'backend:8080')).toMatchObject({
      ok: false,
      reason: 'dns-timeout',
      error: expect.stringMatching(/^dial tcp: lookup backend on 172\.30\.0\.10:53: read udp 10\.128\.2\.5:\d+->172\.30\.0\.10:53: i\/o timeout$/),
    });
    // The fix: drop the infra nodeSelector the fault put on the DaemonSet.
    const r = t.run(`kubectl -n openshift-dns patch daemonset dns-default --type json -p '[{"op":"remove","path":"/spec/template/spec/nodeSelector/node-role.kubernetes.io~1infra"}]'`);
    expect(r.exitCode).toBe(0);
    t.c.advance(90_000);
    expect(t.run('kubectl exec frontend-1 -- nslookup backend').exitCode).toBe(0);
  });

  it('exec into ovnkube-node reaches the node OVN databases (oc exec -c nbdb -- ovn-nbctl)', () => {
    const t = shop();
    const pod = t.run('oc -n openshift-ovn-kubernetes get pods --field-selector spec.nodeName=worker-2 -o name').stdout.trim().replace('pod/', '');
    const r = t.run(`oc -n openshift-ovn-kubernetes exec ${pod} -c nbdb -- ovn-nbctl ls-list`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').map((l) => l.replace(/^[0-9a-f-]{36} /, ''))).toEqual(['(worker-2)', '(join)', '(ext_worker-2)', '(transit_switch)', '']);
    expect(t.run(`oc -n openshift-ovn-kubernetes exec ${pod} -- ovs-vsctl list-br`)).toEqual({ stdout: 'br-ex\nbr-int\n', stderr: 'Defaulted container "ovn-controller" out of: ovn-controller, ovn-acl-logging, kube-rbac-proxy-node, kube-rbac-proxy-ovn-metrics, northd, nbdb, sbdb, ovnkube-controller\n', exitCode: 0 });
  });
});
