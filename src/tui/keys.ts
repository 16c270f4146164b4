/**
 * Turns Ink's (input, key) pairs into key names the key map uses: "j", "N" (shift-n), "enter",
 * "esc", "tab", "shift-tab", "ctrl-d", "space", "up"... A pasted run of characters becomes one
 * name per character, so `:kubectl get po⏎` typed by tmux or pasted works like typing.
 */
import type { Key } from 'ink';

export type KeyName = string;

export function keyNames(input: string, key: Partial<Key>): KeyName[] {
  if (key.return) return ['enter'];
  if (key.escape) return ['esc'];
  if (key.tab) return [key.shift ? 'shift-tab' : 'tab'];
  if (key.backspace || key.delete) return ['backspace'];
  if (key.upArrow) return ['up'];
  if (key.downArrow) return ['down'];
  if (key.leftArrow) return ['left'];
  if (key.rightArrow) return ['right'];
  if (key.pageUp) return ['pgup'];
  if (key.pageDown) return ['pgdn'];
  if (key.home) return ['home'];
  if (key.end) return ['end'];
  if (key.ctrl && input.length === 1) return [`ctrl-${input.toLowerCase()}`];
  if (key.meta) return input ? [`alt-${input}`] : [];
  const out: KeyName[] = [];
  for (const ch of input) out.push(charName(ch));
  return out;
}

function charName(ch: string): KeyName {
  if (ch === '\r' || ch === '\n') return 'enter';
  if (ch === '\t') return 'tab';
  if (ch === '\x7f' || ch === '\b') return 'backspace';
  if (ch === '\x1b') return 'esc';
  if (ch === ' ') return 'space';
  const code = ch.charCodeAt(0);
  if (code < 0x20) return `ctrl-${String.fromCharCode(code + 0x60)}`;
  return ch;
}

/** The character a key name types into a prompt, or undefined for non-printing keys. */
export function printable(name: KeyName): string | undefined {
  if (name === 'space') return ' ';
  return [...name].length === 1 && name >= ' ' ? name : undefined;
}

/** How the help and hint line show a key: <ctrl-d>, <shift-n>, <enter>, <:>. */
export function displayKey(name: KeyName): string {
  if (name.length === 1 && name >= 'A' && name <= 'Z') return `<shift-${name.toLowerCase()}>`;
  return `<${name}>`;
}
