/**
 * A virtualised table: only the visible rows exist as elements, each one pre-padded <Text>
 * line (ink.md: Ink lays out clipped children too, so 1,000 hidden rows cost ~250 ms a frame).
 * Visible rows are re-rendered with the current time for fresh ages; column widths come from
 * the model and only grow, so they stay put while scrolling.
 */
import React from 'react';
import { Box, Text } from 'ink';
import type { ModelRow } from '../data/table-model.js';
import type { Renderer } from '../data/renderer.js';
import { fitColumns, fitText, formatRow } from '../data/columns.js';
import { accent, toneColor, useTheme } from '../theme.js';

export interface VirtualTableProps {
  columns: string[];
  widths: number[];
  renderer: Renderer<any>;
  /** Every row of the model; only [offset, offset + height) is drawn. */
  rows: ModelRow[];
  offset: number;
  /** Selected row index into `rows`, or -1 for none. */
  cursor: number;
  height: number;
  width: number;
  now: number;
  /** Only these columns (by header), e.g. in a dashboard pane. */
  only?: string[];
  emptyText?: string;
}

export function VirtualTable(props: VirtualTableProps): React.ReactElement {
  const theme = useTheme();
  const { rows, offset, height, width, renderer, now } = props;
  const layout = React.useMemo(() => {
    const idx = props.only ? props.only.map((c) => props.columns.indexOf(c)).filter((i) => i >= 0) : props.columns.map((_, i) => i);
    const cols = idx.map((i) => props.columns[i]!);
    const nat = idx.map((i) => props.widths[i] ?? 0);
    const fitted = fitColumns(cols, nat, renderer.flexible, Math.max(1, width - (theme.ascii ? 2 : 0)), renderer.optional);
    return { idx, fitted };
  }, [props.columns, props.widths, props.only, renderer, width, theme.ascii]);
  const pick = (cells: string[]): string[] => layout.idx.map((i) => cells[i] ?? '');
  const gutter = theme.ascii ? '  ' : '';
  const header = gutter + formatRow(pick(props.columns), layout.fitted, theme.ellipsis);
  const visible = rows.slice(offset, offset + height);
  // One <Text> for every visible row (nested per row for its colour): one layout node instead of
  // one per row, which halves Ink's work per frame on a full table.
  const lines = visible.map((r, i) => {
    const selected = offset + i === props.cursor;
    const row = renderer.row(r.obj, now);
    const marker = theme.ascii ? (selected ? '> ' : '  ') : '';
    const text = marker + formatRow(pick(row.cells), layout.fitted, theme.ellipsis);
    // Only the selected row needs its padding (the highlight spans the screen); trailing blanks
    // elsewhere are characters Ink would tokenize on every frame for nothing.
    return { key: r.row.key, text: selected ? text : text.trimEnd(), tone: row.tone, selected };
  });
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <Text bold={theme.attributes} color={accent(theme)} wrap="truncate">{header}</Text>
      {visible.length === 0 ? (
        <Text dimColor={theme.attributes} wrap="truncate">{fitText(props.emptyText ?? 'No resources found.', width)}</Text>
      ) : (
        <Text>
          {lines.map((l, i) => (
            <Text key={l.key} color={toneColor(theme, l.tone)} inverse={l.selected && theme.attributes}>
              {i < lines.length - 1 ? `${l.text}\n` : l.text}
            </Text>
          ))}
        </Text>
      )}
    </Box>
  );
}
