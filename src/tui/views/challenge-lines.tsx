/** Scrolling styled lines under a frame title: the ticket, the result and the picker draw with it. */
import React from 'react';
import { Box, Text } from 'ink';
import { fitText } from '../data/columns.js';
import { FrameTitle } from '../components/frame-title.js';
import { accent, toneColor, useTheme, type Theme } from '../theme.js';
import type { StyledLine } from '../challenge-ui.js';

function colorOf(theme: Theme, l: StyledLine): string | undefined {
  if (!l.tone) return undefined;
  return l.tone === 'accent' ? accent(theme) : toneColor(theme, l.tone);
}

export function StyledLines(props: { title: string; lines: readonly StyledLine[]; offset: number; width: number; height: number; footer?: StyledLine }): React.ReactElement {
  const theme = useTheme();
  const rows = Math.max(1, props.height - 1 - (props.footer ? 1 : 0));
  const max = Math.max(0, props.lines.length - rows);
  const offset = Math.min(props.offset, max);
  const visible = props.lines.slice(offset, offset + rows);
  const pos = props.lines.length > rows ? ` ${offset + 1}-${offset + visible.length}/${props.lines.length}` : '';
  const draw = (l: StyledLine, key: number | string): React.ReactElement => (
    <Text key={key} wrap="truncate" color={colorOf(theme, l)} bold={theme.attributes && l.bold} inverse={theme.attributes && l.selected}>
      {(l.selected && !theme.attributes ? fitText(l.text, props.width, theme.ellipsis) : fitText(l.text, props.width, theme.ellipsis).trimEnd()) || ' '}
    </Text>
  );
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <FrameTitle title={`${props.title}${pos}`} width={props.width} />
      {visible.map((l, i) => draw(l, offset + i))}
      {props.footer ? <Box flexGrow={1} /> : null}
      {props.footer ? draw(props.footer, 'footer') : null}
    </Box>
  );
}
