/** A home pane listing one table (nodes, pods, events, OVN, CSI), with its summary lines if any. */
import React from 'react';
import { Text } from 'ink';
import type { TableModel } from '../data/table-model.js';
import { fitText } from '../data/columns.js';
import { Pane } from '../components/pane.js';
import { VirtualTable } from '../components/virtual-table.js';
import { useTheme } from '../theme.js';

export interface TablePaneProps {
  title: string;
  model: TableModel;
  /** Columns to show in the pane (the full view shows them all). */
  only?: string[];
  problemWord: string;
  focused: boolean;
  width: number;
  height: number;
  now: number;
}

export function TablePane(p: TablePaneProps): React.ReactElement {
  const theme = useTheme();
  const m = p.model;
  const problems = m.problems ? ` (${m.problems} ${p.problemWord})` : '';
  // Summary lines (OVN topology, CSI counts) when there is room for them and a few rows.
  const header = (m.header ?? []).slice(0, Math.max(0, Math.min(2, p.height - 7)));
  return (
    <Pane title={`${p.title} [${m.rows.length}]${problems}`} focused={p.focused} width={p.width} height={p.height}>
      {header.map((l, i) => (
        <Text key={i} dimColor={theme.attributes} wrap="truncate">{fitText(l, Math.max(1, p.width - 2), theme.ellipsis).trimEnd()}</Text>
      ))}
      <VirtualTable
        columns={m.columns}
        widths={m.widths}
        renderer={m.renderer}
        rows={m.rows}
        offset={0}
        cursor={-1}
        height={Math.max(1, p.height - 4 - header.length)}
        width={Math.max(1, p.width - 2)}
        now={p.now}
        only={p.only}
      />
    </Pane>
  );
}
