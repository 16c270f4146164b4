/**
 * The home dashboard: nodes, pods, events and etcd. At 120x40 and larger every pane shows;
 * smaller terminals show the focused pane under a tab strip. OVN flows and CSI volumes get
 * panes once the cluster models them (not yet: see docs/dashboard.md).
 */
import React from 'react';
import { Box, Text } from 'ink';
import type { DashboardController } from '../controller.js';
import type { HomeView as Home, PaneId } from '../state.js';
import { HOME_PANES } from '../state.js';
import type { Layout } from '../layout.js';
import { TablePane } from './table-pane.js';
import { EtcdPane } from './etcd-pane.js';
import { accent, useTheme } from '../theme.js';

const TITLES: Record<PaneId, string> = { nodes: 'Nodes', pods: 'Pods', events: 'Events', etcd: 'etcd' };
const COLUMNS: Record<Exclude<PaneId, 'etcd'>, string[]> = {
  nodes: ['NAME', 'STATUS', 'ROLES', 'VERSION', 'AGE'],
  pods: ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'NODE', 'AGE'],
  events: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
};
const PROBLEM_WORDS: Record<Exclude<PaneId, 'etcd'>, string> = { nodes: 'not ready', pods: 'with problems', events: 'warnings' };

function PaneOf({ c, pane, focused, width, height }: { c: DashboardController; pane: PaneId; focused: boolean; width: number; height: number }): React.ReactElement {
  const now = c.ageNow;
  if (pane === 'etcd') return <EtcdPane etcd={c.etcd()} focused={focused} width={width} height={height} now={now} />;
  return (
    <TablePane
      title={TITLES[pane]}
      model={c.paneModel(pane)}
      only={COLUMNS[pane]}
      problemWord={PROBLEM_WORDS[pane]}
      focused={focused}
      width={width}
      height={height}
      now={now}
    />
  );
}

export function HomeView({ c, view, layout }: { c: DashboardController; view: Home; layout: Layout }): React.ReactElement {
  const theme = useTheme();
  const W = layout.columns;
  const H = layout.bodyRows;
  const focus = HOME_PANES[view.focus]!;
  if (!layout.grid) {
    return (
      <Box flexDirection="column" width={W} height={H}>
        <Text wrap="truncate">
          {HOME_PANES.map((p) => {
            const on = p === focus;
            return (
              <Text key={p}>
                <Text inverse={on && theme.attributes} bold={on && theme.attributes} color={on ? accent(theme) : undefined}>
                  {on && !theme.attributes ? `[${TITLES[p]}]` : ` ${TITLES[p]} `}
                </Text>
                <Text> </Text>
              </Text>
            );
          })}
          <Text dimColor={theme.attributes}> tab: next pane, enter: open</Text>
        </Text>
        <PaneOf c={c} pane={focus} focused width={W} height={H - 1} />
      </Box>
    );
  }
  const nodes = c.paneModel('nodes').rows.length;
  const members = c.cluster.etcd.members.length;
  const topH = Math.min(Math.floor(H * 0.4), Math.max(members + 7, Math.min(nodes + 4, Math.floor(H * 0.4))));
  const rest = H - topH;
  const podsH = Math.ceil(rest * 0.55);
  const eventsH = rest - podsH;
  const nodesW = Math.floor(W * 0.55);
  return (
    <Box flexDirection="column" width={W} height={H}>
      <Box flexDirection="row" height={topH}>
        <PaneOf c={c} pane="nodes" focused={focus === 'nodes'} width={nodesW} height={topH} />
        <PaneOf c={c} pane="etcd" focused={focus === 'etcd'} width={W - nodesW} height={topH} />
      </Box>
      <PaneOf c={c} pane="pods" focused={focus === 'pods'} width={W} height={podsH} />
      <PaneOf c={c} pane="events" focused={focus === 'events'} width={W} height={eventsH} />
    </Box>
  );
}
