/** A resource table (`:po`, `:deploy`, drill-downs): k9s' frame title, then the virtual table. */
import React from 'react';
import { Box, Text } from 'ink';
import { fitText } from '../data/columns.js';
import { useTheme } from '../theme.js';
import type { DashboardController } from '../controller.js';
import { scrollTo } from '../controller.js';
import type { TableView } from '../state.js';
import type { Layout } from '../layout.js';
import { FrameTitle } from '../components/frame-title.js';
import { VirtualTable } from '../components/virtual-table.js';

/** `pods(shop)[12] </web>`; `[3/12]` while a filter hides rows. */
export function tableTitle(c: DashboardController, view: TableView, shown: number, total: number): string {
  const src = c.sourceOf(view);
  let scope = view.scope;
  if (!scope && src.kind === 'resource' && isNamespaced(c, view)) scope = src.namespace ?? 'all';
  const count = shown === total ? `[${total}]` : `[${shown}/${total}]`;
  const sort = view.sort ? ` sort:${view.sort.by}${view.sort.desc ? '-' : '+'}` : '';
  return `${view.title}${scope ? `(${scope})` : ''}${count}${view.filter ? ` </${view.filter}>` : ''}${sort}`;
}

function isNamespaced(c: DashboardController, view: TableView): boolean {
  return c.tableModel(view).resource?.namespaced ?? false;
}

export function ResourceView({ c, view, layout }: { c: DashboardController; view: TableView; layout: Layout }): React.ReactElement {
  const theme = useTheme();
  const model = c.tableModel(view);
  const height = c.tableHeight(view);
  const count = model.rows.length;
  const cursor = c.cursorOf(view);
  const offset = scrollTo(cursor, Math.min(view.offset, cursor), count, height);
  const empty = view.source.kind === 'containers' && !model.pod ? 'The pod is gone.' : model.filterError ? `Filter error: ${model.filterError}` : undefined;
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.bodyRows}>
      <FrameTitle title={tableTitle(c, view, count, model.total)} width={layout.columns} />
      {(model.header ?? []).map((l, i) => (
        <Text key={i} dimColor={theme.attributes} wrap="truncate">{fitText(l, layout.columns, theme.ellipsis).trimEnd() || ' '}</Text>
      ))}
      <VirtualTable
        columns={model.columns}
        widths={model.widths}
        renderer={model.renderer}
        rows={model.rows}
        offset={offset}
        cursor={count ? cursor : -1}
        height={height}
        width={layout.columns}
        now={c.ageNow}
        emptyText={empty}
      />
    </Box>
  );
}
