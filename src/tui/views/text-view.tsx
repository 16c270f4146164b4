/** Scrollable text: describe, YAML, logs, palette output and help. Only visible lines are drawn. */
import React from 'react';
import { Box, Text } from 'ink';
import { fitText } from '../data/columns.js';
import { FrameTitle } from '../components/frame-title.js';
import { useTheme } from '../theme.js';

export function TextView(props: { title: string; lines: readonly string[]; offset: number; width: number; height: number }): React.ReactElement {
  const theme = useTheme();
  const rows = Math.max(1, props.height - 1);
  const max = Math.max(0, props.lines.length - rows);
  const offset = Math.min(props.offset, max);
  const visible = props.lines.slice(offset, offset + rows);
  const pos = props.lines.length > rows ? ` ${offset + 1}-${offset + visible.length}/${props.lines.length}` : '';
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <FrameTitle title={`${props.title}${pos}`} width={props.width} />
      {visible.map((l, i) => (
        <Text key={offset + i} wrap="truncate">{fitText(l, props.width, theme.ellipsis).trimEnd() || ' '}</Text>
      ))}
    </Box>
  );
}
