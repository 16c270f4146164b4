/** The crumbs row: one <crumb> per view on the stack, the current one highlighted. */
import React from 'react';
import { Text } from 'ink';
import { accent, useTheme } from '../theme.js';

export function Crumbs({ crumbs, width }: { crumbs: string[]; width: number }): React.ReactElement {
  const theme = useTheme();
  // Show the newest crumbs when they do not all fit.
  let shown = crumbs;
  while (shown.length > 1 && shown.reduce((n, c) => n + c.length + 3, 0) > width) shown = shown.slice(1);
  return (
    <Text wrap="truncate">
      {shown.map((c, i) => {
        const last = i === shown.length - 1;
        return (
          <Text key={i}>
            <Text inverse={last && theme.attributes} color={last ? accent(theme) : undefined}>{`<${c}>`}</Text>
            <Text> </Text>
          </Text>
        );
      })}
    </Text>
  );
}
