/** The etcd view: summary, every member with its raft state, and the recent etcd log. */
import React from 'react';
import { Box, Text } from 'ink';
import type { DashboardController } from '../controller.js';
import type { EtcdView as Etcd } from '../state.js';
import type { Layout } from '../layout.js';
import { rowsTable } from '../data/row-table.js';
import { fitText } from '../data/columns.js';
import { FrameTitle } from '../components/frame-title.js';
import { VirtualTable } from '../components/virtual-table.js';
import { EtcdSummary } from './etcd-pane.js';
import { useTheme } from '../theme.js';

export function EtcdView({ c, view, layout }: { c: DashboardController; view: Etcd; layout: Layout }): React.ReactElement {
  const theme = useTheme();
  const etcd = c.etcd();
  const t = rowsTable(etcd.columns, etcd.members, ['CLIENT URL', 'ID']);
  const log = c.etcdLogLines();
  const rows = c.etcdLogRows();
  const offset = Math.min(view.offset, Math.max(0, log.length - rows));
  const W = layout.columns;
  return (
    <Box flexDirection="column" width={W} height={layout.bodyRows}>
      <FrameTitle title={`etcd [${etcd.members.length} members]`} width={W} />
      <EtcdSummary etcd={etcd} width={W} />
      <VirtualTable columns={etcd.columns} widths={t.widths} renderer={t.renderer} rows={t.rows} offset={0} cursor={-1} height={etcd.members.length} width={W} now={0} />
      <FrameTitle title={`etcd log [${log.length}]`} width={W} />
      {log.slice(offset, offset + rows).map((l, i) => (
        <Text key={offset + i} wrap="truncate">{fitText(l, W, theme.ellipsis).trimEnd()}</Text>
      ))}
    </Box>
  );
}
