/** A bordered dashboard pane; the focused one has an accented border and title. */
import React from 'react';
import { Box, Text } from 'ink';
import { fitText } from '../data/columns.js';
import { accent, useTheme } from '../theme.js';

export function Pane(props: { title: string; focused: boolean; width: number; height: number; children: React.ReactNode }): React.ReactElement {
  const theme = useTheme();
  const { focused, width, height } = props;
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle={focused ? (theme.ascii ? 'classic' : 'bold') : theme.border}
      borderColor={focused ? accent(theme) : theme.color ? 'gray' : undefined}
      overflow="hidden"
    >
      <Text bold={theme.attributes} color={focused ? accent(theme) : undefined} inverse={focused && !theme.color && theme.attributes} wrap="truncate">
        {fitText(props.title, Math.max(1, width - 2), theme.ellipsis).trimEnd()}
      </Text>
      {props.children}
    </Box>
  );
}
