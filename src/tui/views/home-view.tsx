/**
 * The home dashboard: nodes, pods, events, etcd, OVN and CSI. At 120x40 and larger all six panes
 * show in a 3x2 grid; smaller terminals show the focused pane under a tab strip.
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

export const PANE_TITLES: Record<PaneId, string> = { nodes: 'Nodes', pods: 'Pods', events: 'Events', etcd: 'etcd', ovn: 'OVN', csi: 'CSI volumes' };
const TAB_TITLES: Record<PaneId, string> = { ...PANE_TITLES, csi: 'CSI' };
const COLUMNS: Record<Exclude<PaneId, 'etcd'>, string[] | undefined> = {
  nodes: ['NAME', 'STATUS', 'ROLES', 'VERSION', 'AGE'],
  pods: ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'NODE', 'AGE'],
  events: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
  // Whatever the network and storage models report; the derived tables' key columns.
  ovn: ['NODE', 'OVN-CONTROLLER', 'PORTS', 'FLOWS'],
  csi: ['NAMESPACE', 'CLAIM', 'STATUS', 'ATTACHED', 'PODS'],
};
const PROBLEM_WORDS: Record<Exclude<PaneId, 'etcd'>, string> = { nodes: 'not ready', pods: 'with problems', events: 'warnings', ovn: 'down', csi: 'with problems' };

function PaneOf({ c, pane, focused, width, height }: { c: DashboardController; pane: PaneId; focused: boolean; width: number; height: number }): React.ReactElement {
  const now = c.ageNow;
  if (pane === 'etcd') return <EtcdPane etcd={c.etcd()} focused={focused} width={width} height={height} now={now} />;
  const model = c.paneModel(pane);
  const only = COLUMNS[pane]?.filter((col) => model.columns.includes(col));
  return (
    <TablePane
      title={PANE_TITLES[pane]}
      model={model}
      only={only && only.length >= 2 ? only : undefined}
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
  const focus = HOME_PANES[view.focus] ?? 'nodes';
  if (!layout.grid) {
    return (
      <Box flexDirection="column" width={W} height={H}>
        <Text wrap="truncate">
          {HOME_PANES.map((p) => {
            const on = p === focus;
            return (
              <Text key={p}>
                <Text inverse={on && theme.attributes} bold={on && theme.attributes} color={on ? accent(theme) : undefined}>
                  {on && !theme.attributes ? `[${TAB_TITLES[p]}]` : ` ${TAB_TITLES[p]} `}
                </Text>
                <Text> </Text>
              </Text>
            );
          })}
          <Text dimColor={theme.attributes}> tab: next, enter: open</Text>
        </Text>
        <PaneOf c={c} pane={focus} focused width={W} height={H - 1} />
      </Box>
    );
  }
  // Three rows of two: nodes | etcd, pods | OVN, events | CSI. The etcd pane needs its members.
  const members = c.cluster.etcd.members.length;
  const topH = Math.min(Math.floor(H * 0.34), Math.max(members + 7, 9));
  const rest = H - topH;
  const midH = Math.ceil(rest / 2);
  const lowH = rest - midH;
  const leftW = Math.floor(W * 0.6);
  const rightW = W - leftW;
  const pane = (p: PaneId, w: number, h: number): React.ReactElement => <PaneOf c={c} pane={p} focused={focus === p} width={w} height={h} />;
  return (
    <Box flexDirection="column" width={W} height={H}>
      <Box flexDirection="row" height={topH}>
        {pane('nodes', leftW, topH)}
        {pane('etcd', rightW, topH)}
      </Box>
      <Box flexDirection="row" height={midH}>
        {pane('pods', leftW, midH)}
        {pane('ovn', rightW, midH)}
      </Box>
      <Box flexDirection="row" height={lowH}>
        {pane('events', leftW, lowH)}
        {pane('csi', rightW, lowH)}
      </Box>
    </Box>
  );
}
