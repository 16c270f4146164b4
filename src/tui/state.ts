/** The dashboard's own small state (views, prompt, dialog, flash), changed with immer. */
import type { SortSpec, TableSource } from './data/table-model.js';
import type { ChallengeView } from './challenge-ui.js';

export type PaneId = 'nodes' | 'pods' | 'events' | 'etcd' | 'ovn' | 'csi';

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
  /** Key of the selected row: the cursor follows it when rows move. */
  selected?: string;
  /** `sched`: a pods table whose Enter opens the scheduler's trace. */
  mode?: 'sched';
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
  /** A log view's options (p previous, 0 all containers, s autoscroll, w wrap). */
  logs?: LogOptions;
  /** Long lines wrap instead of being cut. */
  wrap?: boolean;
  /** Lines computed by the dashboard, redrawn when their data changes (scheduler trace, request). */
  live?: { what: 'sched' | 'chain'; arg: string };
}

export interface LogOptions {
  namespace: string;
  pod: string;
  container?: string;
  previous: boolean;
  allContainers: boolean;
  autoscroll: boolean;
}

/** Output that keeps coming: `kubectl get -w` fed by an API watch. */
export interface StreamView {
  kind: 'stream';
  id: number;
  title: string;
  subject: string;
  offset: number;
  /** Stay at the bottom as lines arrive (until the user scrolls up). */
  autoscroll: boolean;
}

/** A pod shell: each line runs as `kubectl exec POD -- sh -c LINE`. */
export interface ShellView {
  kind: 'shell';
  namespace: string;
  pod: string;
  container?: string;
  lines: string[];
  offset: number;
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

export type View = HomeView | TableView | TextView | HelpView | EtcdView | StreamView | ShellView
  | ChallengeView;

export type PromptKind = 'command' | 'filter' | 'scale' | 'shell';

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
  /** Completion of a view name, accepted with Tab. */
  suggestion?: string;
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

export const HOME_PANES: PaneId[] = ['nodes', 'pods', 'events', 'etcd', 'ovn', 'csi'];

export function initialState(namespace: string | undefined): UiState {
  return { stack: [{ kind: 'home', focus: 0 }], namespace, history: [], quit: false };
}

export function topView(state: UiState): View {
  return state.stack[state.stack.length - 1]!;
}
