/** The last row: the open prompt (`:` command, `/` filter, scale), else the flash message. */
import React from 'react';
import { Text } from 'ink';
import type { Flash, Prompt } from '../state.js';
import { fitText } from '../data/columns.js';
import { accent, flashColor, useTheme } from '../theme.js';

const PREFIX: Record<Prompt['kind'], string> = { command: ':', filter: '/', scale: '', shell: '$ ' };

/** The rest of the completion after what is typed, shown dimmed. */
function suggestionTail(prompt: Prompt): string {
  const s = prompt.suggestion;
  if (!s || prompt.cursor !== prompt.text.length || !s.startsWith(prompt.text.toLowerCase())) return '';
  return s.slice(prompt.text.length);
}

export function BottomLine({ prompt, flash, width }: { prompt?: Prompt; flash?: Flash; width: number }): React.ReactElement {
  const theme = useTheme();
  if (prompt) {
    const prefix = prompt.kind === 'scale' || prompt.kind === 'shell' ? `${prompt.label ?? 'Replicas'}${prompt.kind === 'shell' ? '$ ' : ': '}` : PREFIX[prompt.kind];
    // Keep the cursor on screen for long lines.
    const room = Math.max(1, width - prefix.length - 1);
    const start = Math.max(0, prompt.cursor - room + 1);
    const text = prompt.text.slice(start, start + room);
    const at = prompt.cursor - start;
    const before = text.slice(0, at);
    const under = text[at] ?? ' ';
    const after = text.slice(at + 1);
    return (
      <Text wrap="truncate">
        <Text color={accent(theme)} bold={theme.attributes}>{prefix}</Text>
        <Text>{before}</Text>
        {theme.attributes ? <Text inverse>{under}</Text> : <Text>{'_'}</Text>}
        <Text>{after}</Text>
        {suggestionTail(prompt) ? <Text dimColor={theme.attributes}>{suggestionTail(prompt)}  (tab)</Text> : null}
      </Text>
    );
  }
  if (!flash) return <Text> </Text>;
  const tag = flash.level === 'error' ? 'error: ' : flash.level === 'warn' ? 'warn: ' : '';
  return (
    <Text color={flashColor(theme, flash.level)} wrap="truncate">
      {fitText(tag + flash.text, width, theme.ellipsis).trimEnd()}
    </Text>
  );
}
