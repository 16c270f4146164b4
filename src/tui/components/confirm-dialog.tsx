/** The confirm dialog for destructive actions: Cancel is the default button. */
import React from 'react';
import { Box, Text } from 'ink';
import type { ConfirmDialog as Dialog } from '../state.js';
import { fitText } from '../data/columns.js';
import { accent, useTheme } from '../theme.js';

export function ConfirmDialog({ dialog, width, height }: { dialog: Dialog; width: number; height: number }): React.ReactElement {
  const theme = useTheme();
  const boxWidth = Math.min(width, Math.max(40, Math.min(80, dialog.message.length + 6, dialog.command.length + 6)));
  const inner = boxWidth - 4;
  const button = (label: string, on: boolean) => (
    <Text inverse={on && theme.attributes} bold={on && theme.attributes} color={on ? accent(theme) : undefined}>
      {on && !theme.attributes ? `[${label}]` : ` ${label} `}
    </Text>
  );
  return (
    <Box height={height} width={width} alignItems="center" justifyContent="center">
      <Box flexDirection="column" borderStyle={theme.border} borderColor={theme.color ? 'red' : undefined} width={boxWidth} paddingX={1}>
        <Text bold={theme.attributes} wrap="truncate">{fitText(`<${dialog.title}>`, inner, theme.ellipsis).trimEnd()}</Text>
        <Text wrap="truncate">{fitText(dialog.message, inner, theme.ellipsis).trimEnd()}</Text>
        <Text dimColor={theme.attributes} wrap="truncate">{fitText(`$ ${dialog.command}`, inner, theme.ellipsis).trimEnd()}</Text>
        <Text> </Text>
        <Text wrap="truncate">
          {button('Cancel', dialog.choice === 'cancel')}
          <Text>   </Text>
          {button(dialog.ok, dialog.choice === 'ok')}
          <Text dimColor={theme.attributes}>   y/n, tab, enter</Text>
        </Text>
      </Box>
    </Box>
  );
}
