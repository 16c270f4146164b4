/**
 * The header: cluster, flavor, scenario, simulated time and speed on the left; the current
 * view's key hints (from the key map) flowing into columns on the right.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { formatGoDuration } from '../../core/clock.js';
import type { Binding } from '../keymap.js';
import { displayKey } from '../keys.js';
import { fitText } from '../data/columns.js';
import { accent, useTheme } from '../theme.js';

export interface HeaderInfo {
  cluster: string;
  flavor: string;
  version: string;
  scenario: string;
  /** Simulated now, ms since the epoch. */
  now: number;
  /** Simulated ms since the scenario started. */
  elapsed: number;
  speed: number;
  paused: boolean;
  namespace?: string;
  /** In a challenge: the countdown (`⏱ 12:34 left`, or `12:34 left` in ASCII) or its outcome. */
  timer?: { text: string; ascii: string };
}

export function infoLines(info: HeaderInfo, rows: number, ascii = false): string[] {
  const timer = info.timer ? `${ascii ? info.timer.ascii : info.timer.text}  ` : '';
  const time = new Date(info.now).toISOString().replace('T', ' ').slice(0, 19);
  const speed = info.paused ? `PAUSED (${info.speed}x)` : `${info.speed}x`;
  const ns = info.namespace ?? 'all';
  const el = `+${formatGoDuration(Math.floor(info.elapsed / 1000) * 1000)}`;
  if (rows >= 5) {
    return [
      `Cluster:  ${info.cluster}`,
      `Flavor:   ${info.flavor} ${info.version}`,
      `Scenario: ${timer}${info.scenario}`,
      `Time:     ${time} (${el})`,
      `Speed:    ${speed}   Namespace: ${ns}`,
    ];
  }
  return [`${info.cluster} (${info.flavor} ${info.version})`, `${timer}${info.scenario}`, `${time.slice(11)} ${el}  ${speed}  ns: ${ns}`];
}

export function Header({ info, hints, rows, width }: { info: HeaderInfo; hints: Binding[]; rows: number; width: number }): React.ReactElement {
  const theme = useTheme();
  const infoWidth = Math.min(52, Math.floor(width * 0.48));
  const lines = infoLines(info, rows, theme.ascii || !theme.color);
  // Hints flow down then across; each column is as wide as its widest hint.
  const label = (h: Binding): string => `${displayKey(h.keys[0]!)} ${h.hint}`;
  const columns: Binding[][] = [];
  let used = infoWidth;
  for (let i = 0; i < hints.length; i += rows) {
    const col = hints.slice(i, i + rows);
    const w = Math.max(...col.map((h) => label(h).length)) + 2;
    if (used + w > width) break;
    used += w;
    columns.push(col);
  }
  const colWidth = columns.map((col) => Math.max(...col.map((h) => label(h).length)) + 2);
  const cells: Array<Array<{ h: Binding; w: number }>> = Array.from({ length: rows }, (_, r) =>
    columns.flatMap((col, ci) => (col[r] ? [{ h: col[r]!, w: colWidth[ci]! }] : [])),
  );
  return (
    <Box flexDirection="column" height={rows} width={width}>
      {cells.map((rowHints, r) => (
        <Text key={r} wrap="truncate">
          <Text bold={theme.attributes && r === 0}>{fitText(lines[r] ?? '', infoWidth, theme.ellipsis)}</Text>
          {rowHints.map(({ h, w }) => {
            const k = displayKey(h.keys[0]!);
            return (
              <Text key={h.action + k}>
                <Text color={accent(theme)}>{k}</Text>
                <Text> {h.hint.padEnd(w - k.length - 1)}</Text>
              </Text>
            );
          })}
        </Text>
      ))}
    </Box>
  );
}
