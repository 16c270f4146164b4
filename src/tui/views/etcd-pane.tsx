/** The etcd cluster at a glance: leader, term, revision, db size, alarms and each member. */
import React from 'react';
import { Text } from 'ink';
import type { EtcdSnapshot } from '../data/etcd.js';
import { humanBytes } from '../data/etcd.js';
import { rowsTable } from '../data/row-table.js';
import { fitText } from '../data/columns.js';
import { Pane } from '../components/pane.js';
import { VirtualTable } from '../components/virtual-table.js';
import { toneColor, useTheme } from '../theme.js';

export const ETCD_PANE_COLUMNS = ['NAME', 'STATUS', 'ROLE', 'TERM', 'RAFT INDEX', 'DB SIZE'];

export function etcdSummary(e: EtcdSnapshot): [string, string] {
  return [
    `leader: ${e.leader || 'NONE'}  term: ${e.term}  revision: ${e.revision}`,
    `db: ${humanBytes(e.dbSize)} of ${humanBytes(e.quota)}  alarms: ${e.alarms.length ? e.alarms.join(', ') : 'none'}  v${e.version}`,
  ];
}

export function EtcdSummary({ etcd, width }: { etcd: EtcdSnapshot; width: number }): React.ReactElement {
  const theme = useTheme();
  const [a, b] = etcdSummary(etcd);
  return (
    <>
      <Text color={toneColor(theme, etcd.leader ? 'ok' : 'error')} wrap="truncate">{fitText(a, width, theme.ellipsis).trimEnd()}</Text>
      <Text color={toneColor(theme, etcd.alarms.length ? 'error' : 'ok')} wrap="truncate">{fitText(b, width, theme.ellipsis).trimEnd()}</Text>
    </>
  );
}

export function EtcdPane({ etcd, focused, width, height, now }: { etcd: EtcdSnapshot; focused: boolean; width: number; height: number; now: number }): React.ReactElement {
  const t = rowsTable(etcd.columns, etcd.members, ['NAME']);
  return (
    <Pane title={`etcd [${etcd.members.length} members]`} focused={focused} width={width} height={height}>
      <EtcdSummary etcd={etcd} width={width - 2} />
      <VirtualTable
        columns={etcd.columns}
        widths={t.widths}
        renderer={t.renderer}
        rows={t.rows}
        offset={0}
        cursor={-1}
        height={Math.max(1, height - 6)}
        width={Math.max(1, width - 2)}
        now={now}
        only={ETCD_PANE_COLUMNS}
      />
    </Pane>
  );
}
