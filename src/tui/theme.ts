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
  /** dumb, vt100 and friends: no alternate screen either. */
  plainTerminal: boolean;
}

/** Terminals without colour, Unicode or an alternate screen. */
const PLAIN = /^(dumb|vt5[02]|vt1[0-9]{2}|vt220|ansi-mono|unknown)$/;

export function detectTheme(env: NodeJS.ProcessEnv = process.env): Theme {
  const dumb = env.TERM === 'dumb';
  // vt100 and its kin draw bold and inverse but no colour, no Unicode, no alternate screen.
  const plain = PLAIN.test(env.TERM ?? '');
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    color: !plain && !noColor,
    attributes: !dumb,
    ascii: plain,
    ellipsis: plain ? '~' : '…',
    border: plain ? 'classic' : 'round',
    plainTerminal: plain,
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
