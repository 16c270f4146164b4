/**
 * Colours and glyphs. NO_COLOR (https://no-color.org) drops colours but keeps bold/inverse;
 * TERM=dumb drops every attribute and uses ASCII borders and a `>` row marker.
 */
import { createContext, useContext } from 'react';
import type { Tone } from './data/renderer.js';
import type { FlashLevel } from './state.js';

export interface Theme {
  color: boolean;
  /** Bold/inverse attributes are available. */
  attributes: boolean;
  ascii: boolean;
  ellipsis: string;
  border: 'round' | 'classic';
}

export function detectTheme(env: NodeJS.ProcessEnv = process.env): Theme {
  const dumb = env.TERM === 'dumb';
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    color: !dumb && !noColor,
    attributes: !dumb,
    ascii: dumb,
    ellipsis: dumb ? '~' : '…',
    border: dumb ? 'classic' : 'round',
  };
}

export const DEFAULT_THEME: Theme = detectTheme({});

export const ThemeContext = createContext<Theme>(DEFAULT_THEME);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

const TONES: Record<Tone, string | undefined> = {
  ok: undefined,
  pending: 'yellow',
  error: 'red',
  completed: 'gray',
  killed: 'magenta',
};

export function toneColor(theme: Theme, tone: Tone): string | undefined {
  return theme.color ? TONES[tone] : undefined;
}

export function flashColor(theme: Theme, level: FlashLevel): string | undefined {
  if (!theme.color) return undefined;
  return level === 'error' ? 'red' : level === 'warn' ? 'yellow' : 'green';
}

/** Accent for titles, focused panes and key names. */
export function accent(theme: Theme): string | undefined {
  return theme.color ? 'cyan' : undefined;
}
