/** A home pane listing one resource (nodes, pods, events) across all namespaces. */
import React from 'react';
import type { TableModel } from '../data/table-model.js';
import { Pane } from '../components/pane.js';
import { VirtualTable } from '../components/virtual-table.js';

export interface TablePaneProps {
  title: string;
  model: TableModel;
  /** Columns to show in the pane (the full view shows them all). */
  only: string[];
  problemWord: string;
  focused: boolean;
  width: number;
  height: number;
  now: number;
}

export function TablePane(p: TablePaneProps): React.ReactElement {
  const m = p.model;
  const problems = m.problems ? ` (${m.problems} ${p.problemWord})` : '';
  return (
    <Pane title={`${p.title} [${m.rows.length}]${problems}`} focused={p.focused} width={p.width} height={p.height}>
      <VirtualTable
        columns={m.columns}
        widths={m.widths}
        renderer={m.renderer}
        rows={m.rows}
        offset={0}
        cursor={-1}
        height={Math.max(1, p.height - 4)}
        width={Math.max(1, p.width - 2)}
        now={p.now}
        only={p.only}
      />
    </Pane>
  );
}
