import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { SeededRandom } from '../../src/core/random.js';
import { EtcdCluster } from '../../src/core/etcd/cluster.js';
import { humanizeBytes, goDurationNs, renderTable } from '../../src/core/etcd/format.js';
import { runEtcdctl, type EtcdctlContext } from '../../src/commands/etcdctl.js';

let dataDir: string;
let ctx: EtcdctlContext;
let etcd: EtcdCluster;
let clock: VirtualClock;

const ALL = 'https://10.0.0.3:2379,https://10.0.0.4:2379,https://10.0.0.5:2379';

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedrill-etcdctl-'));
  clock = new VirtualClock();
  etcd = new EtcdCluster({
    clock,
    random: new SeededRandom(7),
    initialLeader: 'master-0',
    members: [
      { name: 'master-0', ip: '10.0.0.3' },
      { name: 'master-1', ip: '10.0.0.4' },
      { name: 'master-2', ip: '10.0.0.5' },
    ],
  });
  etcd.put('/registry/pods/default/web-1', { kind: 'Pod', metadata: { name: 'web-1' } }, 900);
  etcd.put('/registry/pods/default/web-2', { kind: 'Pod', metadata: { name: 'web-2' } }, 900);
  ctx = { etcd, clock, dataDir, endpoint: 'master-0' };
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function run(line: string, c: EtcdctlContext = ctx) {
  return runEtcdctl(line.split(' ').filter(Boolean), c);
}

describe('etcdctl member list', () => {
  it('prints simple, table and json like etcdctl 3.5', () => {
    expect(run('member list')).toEqual({
      stdout:
        '3bdc22208321a9ef, started, master-0, https://10.0.0.3:2380, https://10.0.0.3:2379, false\n' +
        '72ec10e92c371094, started, master-1, https://10.0.0.4:2380, https://10.0.0.4:2379, false\n' +
        '90cfba37793957d1, started, master-2, https://10.0.0.5:2380, https://10.0.0.5:2379, false\n',
      stderr: '',
      exitCode: 0,
    });
    expect(run('--cacert=/etc/kubernetes/static-pod-certs/ca.crt --cert /c.crt --key /c.key --command-timeout=5s member list -w table').stdout).toBe(
      [
        '+------------------+---------+----------+-----------------------+-----------------------+------------+',
        '|        ID        | STATUS  |   NAME   |      PEER ADDRS       |     CLIENT ADDRS      | IS LEARNER |',
        '+------------------+---------+----------+-----------------------+-----------------------+------------+',
        '| 3bdc22208321a9ef | started | master-0 | https://10.0.0.3:2380 | https://10.0.0.3:2379 |      false |',
        '| 72ec10e92c371094 | started | master-1 | https://10.0.0.4:2380 | https://10.0.0.4:2379 |      false |',
        '| 90cfba37793957d1 | started | master-2 | https://10.0.0.5:2380 | https://10.0.0.5:2379 |      false |',
        '+------------------+---------+----------+-----------------------+-----------------------+------------+',
        '',
      ].join('\n'),
    );
    expect(run('member list --write-out=json').stdout).toBe(
      '{"header":{"cluster_id":8593708815596157241,"member_id":4313360066148411887,"raft_term":2},"members":[' +
        '{"ID":4313360066148411887,"name":"master-0","peerURLs":["https://10.0.0.3:2380"],"clientURLs":["https://10.0.0.3:2379"]},' +
        '{"ID":8281012408482730132,"name":"master-1","peerURLs":["https://10.0.0.4:2380"],"clientURLs":["https://10.0.0.4:2379"]},' +
        '{"ID":10434763609060497361,"name":"master-2","peerURLs":["https://10.0.0.5:2380"],"clientURLs":["https://10.0.0.5:2379"]}]}\n',
    );
  });

  it('still lists a stopped member as started (membership is not health)', () => {
    etcd.stopMember('master-2');
    expect(run('member list').stdout.split('\n')[2]).toBe('90cfba37793957d1, started, master-2, https://10.0.0.5:2380, https://10.0.0.5:2379, false');
  });
});

describe('etcdctl endpoint status', () => {
  it('prints the 3.5 table with leader, term and indexes, one row per member with --cluster', () => {
    expect(run('endpoint status --cluster -w table')).toEqual({
      stdout: [
        '+-----------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '|       ENDPOINT        |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |',
        '+-----------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '| https://10.0.0.3:2379 | 3bdc22208321a9ef |  3.5.18 |  1.9 kB |      true |      false |         2 |         10 |                 10 |        |',
        '| https://10.0.0.4:2379 | 72ec10e92c371094 |  3.5.18 |  1.9 kB |     false |      false |         2 |         10 |                 10 |        |',
        '| https://10.0.0.5:2379 | 90cfba37793957d1 |  3.5.18 |  1.9 kB |     false |      false |         2 |         10 |                 10 |        |',
        '+-----------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '',
      ].join('\n'),
      stderr: '',
      exitCode: 0,
    });
  });

  it('prints simple lines and json for the local endpoint', () => {
    expect(run('endpoint status').stdout).toBe('127.0.0.1:2379, 3bdc22208321a9ef, 3.5.18, 1.9 kB, true, false, 2, 10, 10, \n');
    expect(run('endpoint status -w json').stdout).toBe(
      '[{"Endpoint":"127.0.0.1:2379","Status":{"header":{"cluster_id":8593708815596157241,"member_id":4313360066148411887,"revision":3,"raft_term":2},' +
        '"version":"3.5.18","dbSize":1928,"leader":4313360066148411887,"raftIndex":10,"raftTerm":2,"raftAppliedIndex":10,"dbSizeInUse":1928}}]\n',
    );
  });

  it('reports a stopped member on stderr and exits 1; a leaderless member shows "etcdserver: no leader"', () => {
    const c = { ...ctx, endpoint: 'master-1', env: { ETCDCTL_ENDPOINTS: ALL } };
    etcd.stopMember('master-0');
    etcd.stopMember('master-2');
    clock.advance(5000);
    const r = run('endpoint status -w table', c);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'Failed to get the status of endpoint https://10.0.0.3:2379 (context deadline exceeded)\n' +
        'Failed to get the status of endpoint https://10.0.0.5:2379 (context deadline exceeded)\n',
    );
    expect(r.stdout.split('\n')[3]).toBe(
      '| https://10.0.0.4:2379 | 72ec10e92c371094 |  3.5.18 |  1.9 kB |     false |      false |         2 |         10 |                 10 | etcdserver: no leader |',
    );
  });
});

describe('etcdctl endpoint health', () => {
  it('prints healthy lines with the commit latency', () => {
    const r = run('endpoint health --cluster');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^https:\/\/10\.0\.0\.3:2379 is healthy: successfully committed proposal: took = \d+\.\d{1,6}ms$/);
    expect(run('endpoint health --cluster')).toEqual(r); // deterministic
  });

  it('unhealthy members go to stderr, then "Error: unhealthy cluster" with exit 1', () => {
    etcd.stopMember('master-2');
    const r = run(`endpoint health --endpoints=${ALL}`);
    expect(r.exitCode).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(r.stderr).toBe('https://10.0.0.5:2379 is unhealthy: failed to commit proposal: context deadline exceeded\nError: unhealthy cluster\n');
    const t = run(`endpoint health --endpoints=${ALL} -w table`);
    expect(t.stdout.split('\n')[1]).toBe('|       ENDPOINT        | HEALTH |     TOOK     |           ERROR           |');
    expect(t.stdout).toContain('| https://10.0.0.5:2379 |  false | 5.00');
  });
});

describe('etcdctl key commands', () => {
  it('get prints key then value (JSON), keys-only with blank lines, print-value-only, limit', () => {
    expect(run('get /registry/pods/default/web-1').stdout).toBe('/registry/pods/default/web-1\n{"kind":"Pod","metadata":{"name":"web-1"}}\n');
    expect(run('get /registry/pods --prefix --keys-only').stdout).toBe('/registry/pods/default/web-1\n\n/registry/pods/default/web-2\n\n');
    expect(run('get /registry/pods/default/web-2 --print-value-only').stdout).toBe('{"kind":"Pod","metadata":{"name":"web-2"}}\n');
    expect(run('get /registry/ --prefix --keys-only --limit 1').stdout).toBe('/registry/pods/default/web-1\n\n');
    expect(run('get /missing')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(run('put /h hi')).toMatchObject({ exitCode: 0 });
    expect(run('get /h --hex').stdout).toBe('\\x2f\\x68\n\\x68\\x69\n');
    expect(run('get / --prefix --keys-only --order=DESCEND').stdout.split('\n')[0]).toBe('/registry/pods/default/web-2');
  });

  it('get -w json encodes keys and values in base64 with revisions and the header', () => {
    expect(run('get /registry/pods/default/web-1 -w json').stdout).toBe(
      '{"header":{"cluster_id":8593708815596157241,"member_id":4313360066148411887,"revision":3,"raft_term":2},' +
        '"kvs":[{"key":"L3JlZ2lzdHJ5L3BvZHMvZGVmYXVsdC93ZWItMQ==","create_revision":2,"mod_revision":2,"version":1,' +
        '"value":"eyJraW5kIjoiUG9kIiwibWV0YWRhdGEiOnsibmFtZSI6IndlYi0xIn19"}],"count":1}\n',
    );
    expect(run('get /registry --prefix --limit 1 -w json').stdout).toContain('"more":true,"count":2}');
  });

  it('put, del, compaction and get --rev behave and fail like etcd', () => {
    expect(run('put /foo bar')).toEqual({ stdout: 'OK\n', stderr: '', exitCode: 0 });
    expect(run('put /foo baz')).toEqual({ stdout: 'OK\n', stderr: '', exitCode: 0 });
    expect(run('get /foo --rev 4').stdout).toBe('/foo\nbar\n');
    expect(run('del /foo').stdout).toBe('1\n');
    expect(run('del /foo').stdout).toBe('0\n');
    expect(run('compaction 5')).toEqual({ stdout: 'compacted revision 5\n', stderr: '', exitCode: 0 });
    expect(run('get /foo --rev 4')).toEqual({ stdout: '', stderr: 'Error: etcdserver: mvcc: required revision has been compacted\n', exitCode: 1 });
    expect(run('compaction 5').stderr).toBe('Error: etcdserver: mvcc: required revision has been compacted\n');
    expect(run('compaction 99').stderr).toBe('Error: etcdserver: mvcc: required revision is a future revision\n');
    expect(run('compaction abc')).toEqual({ stdout: '', stderr: 'Error: strconv.ParseInt: parsing "abc": invalid syntax\n', exitCode: 1 });
    expect(run('del /registry/pods --prefix').stdout).toBe('2\n');
    expect(run('get')).toEqual({ stdout: '', stderr: 'Error: get command needs one argument as key and an optional argument as range_end\n', exitCode: 128 });
    expect(run('put /only-key').exitCode).toBe(128);
    expect(run('get /foo -w table')).toEqual({ stdout: '', stderr: 'Error: table not supported as output format\n', exitCode: 4 });
  });

  it('a JSON value written with put is stored as an object', () => {
    run('put /registry/configmaps/default/c {"data":{"a":"1"}}');
    expect(etcd.store.get('/registry/configmaps/default/c')?.value).toEqual({ data: { a: '1' } });
  });
});

describe('etcdctl without quorum', () => {
  it('fails linearizable requests with "Error: context deadline exceeded" while serializable reads work', () => {
    etcd.stopMember('master-1');
    etcd.stopMember('master-2');
    clock.advance(3000);
    expect(run('put /k v')).toEqual({ stdout: '', stderr: 'Error: context deadline exceeded\n', exitCode: 1 });
    expect(run('get /registry/pods/default/web-1')).toEqual({ stdout: '', stderr: 'Error: context deadline exceeded\n', exitCode: 1 });
    expect(run('get /registry/pods/default/web-1 --consistency=s --keys-only').stdout).toBe('/registry/pods/default/web-1\n\n');
    expect(run('alarm list').stderr).toBe('Error: context deadline exceeded\n');
    // member list and endpoint status are answered locally
    expect(run('member list').exitCode).toBe(0);
    expect(run('endpoint status').stdout).toBe('127.0.0.1:2379, 3bdc22208321a9ef, 3.5.18, 1.9 kB, false, false, 2, 10, 10, etcdserver: no leader\n');
  });

  it('an unreachable endpoint ends in the deadline too', () => {
    etcd.stopMember('master-0');
    expect(run('get /x').stderr).toBe('Error: context deadline exceeded\n');
    expect(run('endpoint status --cluster').stderr).toBe('Error: failed to fetch endpoints from etcd cluster member list: context deadline exceeded\n');
    // Another member's endpoint works once the survivors elected a new leader.
    expect(run('get /registry/pods/default/web-1 --endpoints=https://10.0.0.4:2379 --keys-only').stderr).toBe('Error: context deadline exceeded\n');
    clock.advance(3000);
    expect(run('get /registry/pods/default/web-1 --endpoints=https://10.0.0.4:2379 --keys-only').stdout).toBe('/registry/pods/default/web-1\n\n');
  });
});

describe('etcdctl alarms, defrag and space', () => {
  it('lists NOSPACE alarms, refuses writes, and recovers after compaction, defrag and disarm', () => {
    etcd.quotaBytes = 1_000_000;
    etcd.fillTo(1_100_000);
    expect(run('alarm list --endpoints=https://10.0.0.3:2379').stdout).toBe(
      'memberID:4313360066148411887 alarm:NOSPACE \nmemberID:8281012408482730132 alarm:NOSPACE \nmemberID:10434763609060497361 alarm:NOSPACE \n',
    );
    expect(run('put /x y')).toEqual({ stdout: '', stderr: 'Error: etcdserver: mvcc: database space exceeded\n', exitCode: 1 });
    const health = run('endpoint health');
    expect(health.stderr).toBe('127.0.0.1:2379 is unhealthy: failed to commit proposal: Active Alarm(s): NOSPACE \nError: unhealthy cluster\n');
    const rev = JSON.parse(run('endpoint status -w json').stdout)[0].Status.header.revision as number;
    expect(run(`compaction ${rev}`).stdout).toBe(`compacted revision ${rev}\n`);
    expect(run(`defrag --endpoints=${ALL}`).stdout).toBe(
      'Finished defragmenting etcd member[https://10.0.0.3:2379]\nFinished defragmenting etcd member[https://10.0.0.4:2379]\nFinished defragmenting etcd member[https://10.0.0.5:2379]\n',
    );
    expect(run('alarm disarm').stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(run('alarm list').stdout).toBe('');
    expect(run('put /x y').stdout).toBe('OK\n');
  });

  it('defrag reports a stopped member and exits 1', () => {
    etcd.stopMember('master-2');
    const r = run('defrag --cluster');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('Failed to defragment etcd member[https://10.0.0.5:2379] (context deadline exceeded)\n');
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });
});

describe('etcdctl snapshots', () => {
  it('save, status (table, simple, json) and restore into a data dir, all inside the session folder', () => {
    const save = run('snapshot save /var/lib/etcd/backup.db');
    expect(save.exitCode).toBe(0);
    expect(save.stdout).toBe('Snapshot saved at /var/lib/etcd/backup.db\n');
    expect(save.stderr.split('\n')[0]).toBe(
      '{"level":"info","ts":"2026-11-24T09:00:00.000000Z","caller":"snapshot/v3_snapshot.go:65","msg":"created temporary db file","path":"/var/lib/etcd/backup.db.part"}',
    );
    expect(fs.existsSync(path.join(dataDir, 'var', 'lib', 'etcd', 'backup.db'))).toBe(true);

    const st = run('snapshot status /var/lib/etcd/backup.db -w table');
    expect(st.stderr).toBe('Deprecated: Use `etcdutl snapshot status` instead.\n\n');
    const lines = st.stdout.split('\n');
    expect(lines[0]).toBe('+----------+----------+------------+------------+');
    expect(lines[1]).toBe('|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |');
    expect(lines[3]).toMatch(/^\| [ 0-9a-f]{8} \|        3 \|          2 \|     1\.9 kB \|$/);
    const simple = run('snapshot status /var/lib/etcd/backup.db').stdout;
    expect(simple).toMatch(/^[0-9a-f]+, 3, 2, 1\.9 kB\n$/);
    const json = JSON.parse(run('snapshot status /var/lib/etcd/backup.db -w json').stdout);
    expect(json).toMatchObject({ revision: 3, totalKey: 2, totalSize: 1928 });

    const restored: string[] = [];
    const c = { ...ctx, onRestore: (dir: string) => restored.push(dir) };
    const r = run('snapshot restore /var/lib/etcd/backup.db --data-dir /var/lib/etcd-restore', c);
    expect(r.exitCode).toBe(0);
    expect(r.stderr.startsWith('Deprecated: Use `etcdutl snapshot restore` instead.\n\n')).toBe(true);
    expect(r.stderr).toContain('\tinfo\tsnapshot/v3_snapshot.go:287\trestored snapshot\t{"path": "/var/lib/etcd/backup.db", "wal-dir": "/var/lib/etcd-restore/member/wal"');
    expect(restored).toEqual([path.join(dataDir, 'var', 'lib', 'etcd-restore')]);
    const again = run('snapshot restore /var/lib/etcd/backup.db --data-dir /var/lib/etcd-restore', c);
    expect(again.exitCode).toBe(1);
    expect(again.stderr.endsWith('Error: data-dir "/var/lib/etcd-restore" not empty or could not be read\n')).toBe(true);
  });

  it('cannot write outside the session folder', () => {
    run('snapshot save ../../../../../tmp/escape.db');
    expect(fs.existsSync(path.join(dataDir, 'tmp', 'escape.db'))).toBe(true);
  });

  it('refuses several endpoints, as etcdctl does', () => {
    const r = run(`snapshot save snap.db --endpoints=${ALL}`);
    expect(r).toEqual({
      stdout: '',
      stderr: 'Error: snapshot must be requested to one selected node, not multiple [https://10.0.0.3:2379 https://10.0.0.4:2379 https://10.0.0.5:2379]\n',
      exitCode: 5,
    });
  });

  it('status of a missing file fails', () => {
    expect(run('snapshot status /nope.db').stderr).toContain('Error: stat /nope.db: no such file or directory\n');
  });
});

describe('etcdctl move-leader', () => {
  it('transfers leadership when an endpoint is the leader', () => {
    expect(run(`move-leader 90cfba37793957d1 --endpoints=${ALL}`)).toEqual({
      stdout: 'Leadership transferred from 3bdc22208321a9ef to 90cfba37793957d1\n',
      stderr: '',
      exitCode: 0,
    });
    expect(etcd.leader()!.name).toBe('master-2');
    expect(run('move-leader 3bdc22208321a9ef --endpoints=https://10.0.0.3:2379')).toEqual({
      stdout: '',
      stderr: 'Error: no leader endpoint given at [https://10.0.0.3:2379]\n',
      exitCode: 128,
    });
    expect(run(`move-leader zz --endpoints=${ALL}`).stderr).toBe('Error: strconv.ParseUint: parsing "zz": invalid syntax\n');
    expect(run(`move-leader 1234 --endpoints=${ALL}`).stderr).toBe('Error: etcdserver: bad leader transferee\n');
  });
});

describe('etcdctl misc', () => {
  it('prints its version', () => {
    expect(run('version')).toEqual({ stdout: 'etcdctl version: 3.5.18\nAPI version: 3.5\n', stderr: '', exitCode: 0 });
  });

  it('rejects unknown commands with suggestions (printed by cobra, then again by etcdctl) and unknown flags', () => {
    expect(run('memebr list')).toEqual({
      stdout: '',
      stderr:
        'Error: unknown command "memebr" for "etcdctl"\n\nDid you mean this?\n\tmember\n\nRun \'etcdctl --help\' for usage.\n' +
        'Error: unknown command "memebr" for "etcdctl"\n\nDid you mean this?\n\tmember\n\n',
      exitCode: 1,
    });
    expect(run('frobnicate')).toEqual({
      stdout: '',
      stderr: 'Error: unknown command "frobnicate" for "etcdctl"\nRun \'etcdctl --help\' for usage.\nError: unknown command "frobnicate" for "etcdctl"\n',
      exitCode: 1,
    });
    const bogus = run('get /a --bogus');
    expect(bogus.exitCode).toBe(1);
    expect(bogus.stderr.startsWith('Error: unknown flag: --bogus\n')).toBe(true);
    expect(bogus.stderr.endsWith('\nError: unknown flag: --bogus\n')).toBe(true);
    expect(run('get /a -x').stderr.startsWith("Error: unknown shorthand flag: 'x' in -x\n")).toBe(true);
    expect(run('get /a --limit=ten').exitCode).toBe(1);
    expect(run('member').stdout).toContain('etcdctl member - Membership related commands');
    expect(run('member frob').stdout).toContain('etcdctl member - Membership related commands');
    expect(run('').stdout).toContain('etcdctl - A simple command line client for etcd3.');
    expect(run('watch /a')).toEqual({ stdout: '', stderr: 'Error: etcdctl watch is not simulated in kubedrill\n', exitCode: 4 });
  });

  it('accepts unique command prefixes as etcdctl does (cobra prefix matching)', () => {
    expect(run('compact 3').stdout).toBe('compacted revision 3\n');
    expect(run('mem li').stdout).toBe(run('member list').stdout);
    expect(run('endpoint stat -w table').stdout).toBe(run('endpoint status -w table').stdout);
    expect(run('de /x').exitCode).toBe(1); // ambiguous: del, defrag
  });
});

describe('format helpers', () => {
  it('humanizes bytes like go-humanize', () => {
    expect(humanizeBytes(0)).toBe('0 B');
    expect(humanizeBytes(9)).toBe('9 B');
    expect(humanizeBytes(1928)).toBe('1.9 kB');
    expect(humanizeBytes(25_000)).toBe('25 kB');
    expect(humanizeBytes(16_830_464)).toBe('17 MB');
    expect(humanizeBytes(2 * 1024 ** 3)).toBe('2.1 GB');
  });

  it('formats Go durations', () => {
    expect(goDurationNs(9_650_238)).toBe('9.650238ms');
    expect(goDurationNs(641_360)).toBe('641.36µs');
    expect(goDurationNs(5_000_000_000)).toBe('5s');
  });

  it('wraps long cells like tablewriter (the NOSPACE errors column)', () => {
    const out = renderTable(['endpoint', 'errors'], [['127.0.0.1:2379', 'memberID:15300616325842721311 alarm:NOSPACE ']]);
    expect(out.split('\n')).toEqual([
      '+----------------+--------------------------------+',
      '|    ENDPOINT    |             ERRORS             |',
      '+----------------+--------------------------------+',
      '| 127.0.0.1:2379 |  memberID:15300616325842721311 |',
      '|                |                 alarm:NOSPACE  |',
      '+----------------+--------------------------------+',
      '',
    ]);
  });
});
