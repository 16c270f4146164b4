/** xargs in the palette: GNU behaviour over the simulated commands. */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/core/cluster.js';
import { createSession } from '../../src/commands/session.js';
import { runPalette } from '../../src/commands/palette.js';

describe('xargs', () => {
  const cluster = new Cluster({ flavor: 'kubernetes', controlPlane: 1, workers: [{ name: 'worker-1' }] }).start();
  cluster.advance(10_000);
  const run = (line: string) => runPalette(createSession(cluster), line);

  it('appends stdin words to the command, -n splits runs, -I replaces, -r skips empty input', () => {
    expect(run('echo a b c | xargs echo x')).toEqual({ stdout: 'x a b c\n', stderr: '', exitCode: 0 });
    expect(run('echo a b c | xargs -n 2 echo x').stdout).toBe('x a b\nx c\n');
    expect(run('printf "one\\ntwo\\n" | xargs -I {} echo [{}]').stdout).toBe('[one]\n[two]\n');
    expect(run('echo | xargs echo none').stdout).toBe('none\n');
    expect(run('echo | xargs -r echo none').stdout).toBe('');
    expect(run('echo hi | xargs nope')).toEqual({ stdout: '', stderr: 'xargs: nope: No such file or directory\n', exitCode: 127 });
    expect(run('echo 1 | xargs false').exitCode).toBe(123);
  });

  it('compacts etcd at the revision endpoint status reports', () => {
    const rev = cluster.etcd.store.revision;
    const r = run(`etcdctl endpoint status -w json | grep -o '"revision":[0-9]*' | cut -d: -f2 | xargs etcdctl compaction`);
    expect(r).toEqual({ stdout: `compacted revision ${rev}\n`, stderr: '', exitCode: 0 });
    expect(cluster.etcd.store.compactedRevision).toBe(rev);
  });
});
