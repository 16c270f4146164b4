/** A read-only snapshot of the etcd cluster for the dashboard: members, leader, term, revision, sizes. */
import type { Cluster } from '../../core/cluster.js';
import { ETCD_VERSION } from '../../core/etcd/cluster.js';
import type { Row } from './renderer.js';

export interface EtcdSnapshot {
  columns: string[];
  members: Row[];
  leader: string;
  term: number;
  revision: number;
  dbSize: number;
  quota: number;
  alarms: string[];
  version: string;
}

/** go-humanize Bytes (SI units), as etcdctl's table prints sizes: "25 kB", "3.1 MB". */
export function humanBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  const e = Math.min(units.length - 1, Math.floor(Math.log(n) / Math.log(1000)));
  const v = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ${units[e]}`;
}

export function etcdSnapshot(cluster: Cluster): EtcdSnapshot {
  const etcd = cluster.etcd;
  const leader = etcd.leader();
  const members: Row[] = etcd.members.map((m) => {
    const role = etcd.roleOf(m.name) ?? 'stopped';
    const state = m.running ? 'started' : 'stopped';
    const problem = !m.running ? 'member stopped' : !leader ? 'no leader' : '';
    return {
      key: m.name,
      cells: [m.name, m.id, state, role, String(m.term), String(m.raftIndex), String(m.appliedIndex), humanBytes(m.dbSize), m.clientURL],
      problem,
      tone: problem ? 'error' : role === 'leader' || role === 'follower' ? 'ok' : 'pending',
    };
  });
  const alarms = etcd.alarmList().map((a) => `${a.alarm} (${a.memberId})`);
  return {
    columns: ['NAME', 'ID', 'STATUS', 'ROLE', 'TERM', 'RAFT INDEX', 'APPLIED', 'DB SIZE', 'CLIENT URL'],
    members,
    leader: leader?.name ?? '',
    term: etcd.term,
    revision: etcd.store.revision,
    dbSize: etcd.store.dbSize,
    quota: etcd.quotaBytes,
    alarms,
    version: ETCD_VERSION,
  };
}
