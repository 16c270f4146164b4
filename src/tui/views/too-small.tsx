/** Shown instead of the dashboard when the terminal is below the minimum size. */
import React from 'react';
import { Box, Text } from 'ink';
import { MIN_COLUMNS, MIN_ROWS, type Layout } from '../layout.js';

export function TooSmall({ layout }: { layout: Layout }): React.ReactElement {
  const w = layout.columns;
  const lines = [
    `Terminal too small: ${layout.columns}x${layout.rows}.`,
    `kubedrill needs at least ${MIN_COLUMNS}x${MIN_ROWS}.`,
    'Enlarge the window, or press Ctrl-C twice to quit.',
  ];
  return (
    <Box flexDirection="column" width={w} height={layout.frameRows}>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate">{l.slice(0, Math.max(1, w))}</Text>
      ))}
    </Box>
  );
}
