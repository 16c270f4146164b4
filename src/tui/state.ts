/** The dashboard's own small state (views, prompt, dialog, flash), changed with immer. */
import type { SortSpec, TableSource } from './data/table-model.js';
import type { ChallengeView } from './challenge-ui.js';

export type PaneId = 'nodes' | 'pods' | 'events' | 'etcd';

export interface HomeView {
  kind: 'home';
  focus: number;
}

export interface TableView {
  kind: 'table';
  source: TableSource;
  /** Crumb/title word: "pods", "containers". */
  title: string;
  /** Scope shown after the title: "(shop)", "(node worker-1)". */
  scope?: string;
  /** Follows the current namespace (`0`, `:ns`) unless it was opened for a fixed scope. */
  followsNamespace: boolean;
  filter: string;
  sort?: SortSpec;
  cursor: number;
  offset: number;
}

export interface TextView {
  kind: 'text';
  /** Crumb: describe, yaml, logs, output. */
  title: string;
  subject: string;
  lines: string[];
  offset: number;
  /** Re-run to refresh (logs follow the container while the view is open). */
  follow?: string;
}

export interface HelpView {
  kind: 'help';
  /** The view whose keys are listed. */
  about: View;
  offset: number;
}

export interface EtcdView {
  kind: 'etcd';
  offset: number;
}

export type View = HomeView | TableView | TextView | HelpView | EtcdView
  | ChallengeView;

export type PromptKind = 'command' | 'filter' | 'scale';

export interface Prompt {
  kind: PromptKind;
  text: string;
  cursor: number;
  /** Position while walking the command history with up/down. */
  historyIndex?: number;
  /** Filter before the prompt opened, restored by Esc. */
  previous?: string;
  /** The command a scale prompt completes with the typed number. */
  command?: string;
  label?: string;
}

export interface ConfirmDialog {
  title: string;
  message: string;
  command: string;
  ok: string;
  /** Which button Enter presses; Cancel by default. */
  choice: 'ok' | 'cancel';
}

export type FlashLevel = 'info' | 'warn' | 'error';

export interface Flash {
  text: string;
  level: FlashLevel;
  /** Wall-clock ms when shown, to clear it after a few seconds. */
  at: number;
}

export interface UiState {
  stack: View[];
  /** undefined: all namespaces. */
  namespace?: string;
  prompt?: Prompt;
  dialog?: ConfirmDialog;
  flash?: Flash;
  history: string[];
  /** Wall-clock ms of the first Ctrl-C; a second one within QUIT_WINDOW_MS quits. */
  quitArmedAt?: number;
  quit: boolean;
}

export const HOME_PANES: PaneId[] = ['nodes', 'pods', 'events', 'etcd'];

export function initialState(namespace: string | undefined): UiState {
  return { stack: [{ kind: 'home', focus: 0 }], namespace, history: [], quit: false };
}

export function topView(state: UiState): View {
  return state.stack[state.stack.length - 1]!;
}
