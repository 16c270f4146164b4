/** A view's title centred in a rule, like k9s' frame title: ─── pods(shop)[12] </web> ───. */
import React from 'react';
import { Text } from 'ink';
import { accent, useTheme } from '../theme.js';

export function FrameTitle({ title, width }: { title: string; width: number }): React.ReactElement {
  const theme = useTheme();
  const rule = theme.ascii ? '-' : '─';
  const t = ` ${title} `.slice(0, Math.max(0, width));
  const left = Math.max(0, Math.floor((width - t.length) / 2));
  const right = Math.max(0, width - t.length - left);
  return (
    <Text wrap="truncate">
      <Text dimColor={theme.attributes}>{rule.repeat(left)}</Text>
      <Text bold={theme.attributes} color={accent(theme)}>{t}</Text>
      <Text dimColor={theme.attributes}>{rule.repeat(right)}</Text>
    </Text>
  );
}
