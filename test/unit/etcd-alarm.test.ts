import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { SeededRandom } from '../../src/core/random.js';
import { EtcdCluster, ERR_NOSPACE } from '../../src/core/etcd/cluster.js';
import { EtcdError, REVISION_OVERHEAD } from '../../src/core/etcd/mvcc.js';

function setup(quotaBytes = 100_000) {
  const clock = new VirtualClock();
  const etcd = new EtcdCluster({
    clock,
    random: new SeededRandom(21),
    quotaBytes,
    initialLeader: 'master-0',
    members: [
      { name: 'master-0', ip: '10.0.0.3' },
      { name: 'master-1', ip: '10.0.0.4' },
      { name: 'master-2', ip: '10.0.0.5' },
    ],
  });
  return { clock, etcd };
}

function message(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof EtcdError) return e.message;
    throw e;
  }
  return undefined;
}

describe('etcd NOSPACE alarm', () => {
  it('raises NOSPACE when a write would take the backend past the quota, then refuses writes but not deletes or reads', () => {
    const { etcd } = setup(10_000);
    const v = etcd.version;
    for (let i = 0; i < 9; i++) etcd.put(`/k${i}`, i, 1000 - REVISION_OVERHEAD);
    expect(etcd.alarms.size).toBe(0);
    expect(message(() => etcd.put('/k9', 9, 1000))).toBe(ERR_NOSPACE);
    expect(message(() => etcd.put('/small', 1, 1))).toBe('etcdserver: mvcc: database space exceeded');
    expect(etcd.alarms.has('NOSPACE')).toBe(true);
    expect(etcd.version).toBeGreaterThan(v);
    expect(etcd.alarmList().map((a) => a.alarm)).toEqual(['NOSPACE', 'NOSPACE', 'NOSPACE']);
    expect(new Set(etcd.alarmList().map((a) => a.memberId))).toEqual(new Set(etcd.members.map((m) => m.id)));
    expect(etcd.get('/k1')?.value).toBe(1);
    expect(etcd.delete('/k1')?.value).toBe(1);
    expect(etcd.isHealthy('master-0')).toBe(false);
    expect(etcd.healthError('master-0')).toBe('Active Alarm(s): NOSPACE ');
    expect(etcd.status('master-0')!.errors).toEqual(
      etcd.alarmList().map((a) => `memberID:${BigInt(`0x${a.memberId}`).toString()} alarm:NOSPACE `),
    );
  });

  it('fillTo simulates space exhaustion; disarm alone or compaction without defrag does not recover; compact + defrag + disarm does', () => {
    const { etcd } = setup(1_000_000);
    etcd.put('/registry/pods/a', { a: 1 }, 500);
    etcd.fillTo(1_200_000);
    expect(etcd.alarms.has('NOSPACE')).toBe(true);
    expect(etcd.members.every((m) => m.dbSize === 1_200_000)).toBe(true);
    expect(message(() => etcd.put('/x', 1, 10))).toBe(ERR_NOSPACE);

    etcd.disarm();
    expect(etcd.alarms.size).toBe(0);
    expect(message(() => etcd.put('/x', 1, 10))).toBe(ERR_NOSPACE);
    expect(etcd.alarms.has('NOSPACE')).toBe(true);

    etcd.compact(etcd.store.revision);
    expect(etcd.store.dbSizeInUse).toBe(500 + REVISION_OVERHEAD);
    etcd.disarm();
    expect(message(() => etcd.put('/x', 1, 10))).toBe(ERR_NOSPACE); // the file is still 1.2 MB

    for (const m of etcd.members) etcd.defrag(m.name);
    expect(etcd.members.every((m) => m.dbSize === 500 + REVISION_OVERHEAD)).toBe(true);
    expect(etcd.store.dbSize).toBe(500 + REVISION_OVERHEAD);
    expect(etcd.disarm()).toHaveLength(3);
    expect(message(() => etcd.put('/x', 1, 10))).toBeUndefined();
    expect(etcd.isHealthy('master-1')).toBe(true);
  });

  it('lowering the quota below the current size trips the next write', () => {
    const { etcd } = setup(10 * 1024 ** 2);
    etcd.put('/a', 1, 50_000);
    etcd.quotaBytes = 40_000;
    expect(message(() => etcd.put('/b', 1, 1))).toBe(ERR_NOSPACE);
  });

  it('defrag is per member: only the defragmented member shrinks', () => {
    const { etcd } = setup(10 * 1024 ** 2);
    for (let i = 0; i < 10; i++) etcd.put('/same', i, 10_000);
    etcd.compact(etcd.store.revision);
    etcd.defrag('master-1');
    const sizes = Object.fromEntries(etcd.members.map((m) => [m.name, m.dbSize]));
    expect(sizes['master-1']).toBe(10_000 + REVISION_OVERHEAD);
    expect(sizes['master-0']).toBe(10 * (10_000 + REVISION_OVERHEAD));
    expect(etcd.status('master-1')).toMatchObject({ dbSize: 10_000 + REVISION_OVERHEAD, dbSizeInUse: 10_000 + REVISION_OVERHEAD });
    etcd.stopMember('master-2');
    expect(() => etcd.defrag('master-2')).toThrow('context deadline exceeded');
  });

  it('raiseAlarm CORRUPT is listed and disarmed by type', () => {
    const { etcd } = setup();
    etcd.raiseAlarm('CORRUPT', 'master-2');
    expect(etcd.alarmList()).toEqual([{ memberId: etcd.member('master-2')!.id, alarm: 'CORRUPT' }]);
    expect(etcd.disarm('NOSPACE')).toEqual([]);
    expect(etcd.disarm('CORRUPT')).toHaveLength(1);
    expect(etcd.alarms.size).toBe(0);
  });
});
