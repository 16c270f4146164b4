/**
 * The dashboard's brain, free of React: it owns the UI state (immer), turns keys into actions
 * through the key map, runs row actions as palette commands, and decides when a new frame is
 * worth drawing (a throttled poll of the versions the current view shows). The Ink components
 * only draw snapshots of it, so the fuzz test can drive it with 100,000 keys without a terminal.
 */
import { produce, type Draft } from 'immer';
import type { Cluster } from '../core/cluster.js';
import { RESOURCES, resolveResource, type ResourceType } from '../core/api/resources.js';
import { selectorFromLabelSelector, selectorFromSet, selectorToString } from '../core/api/labels.js';
import type { KObject } from '../core/api/types.js';
import type { CommandResult } from '../commands/palette.js';
import type { Client } from '../core/apiserver/client.js';
import { kindPrefix } from '../commands/kubectl/printers/index.js';
import { TableModels, type ModelRow, type SortBy, type TableModel, type TableSource } from './data/table-model.js';
import { findRequest, requestDetail, requestProvider } from './data/requests.js';
import { schedLines, schedVersion } from './data/sched.js';
import { ovnProvider } from './data/ovn.js';
import { chainLines, csiProvider } from './data/csi.js';
import { parseWatchCommand, WatchStream } from './data/watch-stream.js';
import { apiErrorText, editText, errorHeader, parseEdit, type EditorFn } from './edit.js';
import type { Row } from './data/renderer.js';
import type { ContainerEntry } from './data/render-containers.js';
import { etcdSnapshot, type EtcdSnapshot } from './data/etcd.js';
import { bindingFor, bindingsOf, challengeBindingFor, challengeBindings, type ActionId } from './keymap.js';
import { displayKey, keyNames, printable, type KeyName } from './keys.js';
import { layoutFor, tableRows, textRows, type Layout } from './layout.js';
import { cordonLine, deleteLine, describeLine, drainLine, execLine, killLine, logsLineFor, scaleLine, yamlLine } from './row-commands.js';
import {
  HOME_PANES, initialState, topView,
  type FlashLevel, type HelpView, type LogOptions, type PaneId, type ShellView, type StreamView, type TableView, type TextView, type UiState, type View,
} from './state.js';
import type { Key } from 'ink';
import type { ChallengeSession } from '../challenge/session.js';
import { formatClock } from '../challenge/scoring.js';
import { catalog, type CatalogEntry, type PlayMode } from '../challenge/launch.js';
import {
  GIVE_UP_COMMAND, pickerRows, resultLines, styledRows, ticketChoices, ticketLines, type ChallengeView, type ScenarioCatalog,
} from './challenge-ui.js';

/** What the dashboard needs from a running scenario. */
export interface DashboardRun {
  readonly cluster: Cluster;
  readonly scenario: { metadata: { name: string; title: string } };
  run(line: string): CommandResult;
  elapsed(): number;
  /** Faults the scenario could not inject; each new one is flashed as an error. */
  readonly faultErrors?: readonly string[];
  /** The palette session: its namespace and client (watches and edits act as its user). */
  readonly session?: { readonly namespace: string; readonly client: Client };
}

export interface ControllerOptions {
  /** Starting namespace; undefined = all namespaces. */
  namespace?: string;
  columns?: number;
  rows?: number;
  /** Wall clock for UI timing only (flash expiry, Ctrl-C twice, log refresh); tests pass their own. */
  wallNow?: () => number;
  /** How often the ticker looks for changes: 250 ms = at most 4 data-driven frames a second. */
  refreshMs?: number;
  onQuit?: () => void;
  /** Opens $EDITOR on a file (only on a local terminal); without it `e` says editing is unavailable. */
  editor?: EditorFn;
  /** A running challenge: its keys (T, H, Ctrl-G), the ticket first, the result when it ends. */
  challenge?: ChallengeSession;
  /** The `:scenarios` picker's catalogue, and how to restart the dashboard on a scenario. */
  scenarios?: ScenarioCatalog;
}

export interface Snapshot {
  state: UiState;
  /** Bumped when cluster data the view shows changed. */
  frame: number;
  layout: Layout;
}

export const SPEEDS = [1, 10, 100] as const;
export const QUIT_WINDOW_MS = 3000;
export const FLASH_MS = 5000;
export const AGE_REFRESH_MS = 5000;
const ETCD_LOG_LINES = 500;
const HISTORY = 100;

const PANE_SOURCES: Record<Exclude<PaneId, 'etcd'>, TableSource> = {
  nodes: { kind: 'resource', plural: 'nodes' },
  pods: { kind: 'resource', plural: 'pods' },
  events: { kind: 'resource', plural: 'events' },
  ovn: { kind: 'rows', id: 'ovn' },
  csi: { kind: 'rows', id: 'csi' },
};

/** k9s aliases kubectl does not know. */
const K9S_ALIASES: Record<string, string> = { cr: 'clusterroles' };

/** Words `:` opens as views (besides resource names), for completion. */
const VIEW_WORDS = ['api', 'csi', 'etcd', 'help', 'home', 'ovn', 'quit', 'sched', 'dp', 'sec', 'jo', 'cr', 'crb', 'ro', 'rb', 'np', 'crole', 'kubectl', 'oc', 'etcdctl'];

export class DashboardController {
  readonly cluster: Cluster;
  readonly models: TableModels;
  private state: UiState;
  private frame = 0;
  private layout: Layout;
  private snapshot: Snapshot;
  private listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private lastSignature = '';
  private lastAgeAt = 0;
  /**
   * The time ages in tables are computed at: moved on every AGE_REFRESH_MS of wall time, so a
   * data change or the clock's second does not rewrite every row's AGE cell (SSH bytes).
   */
  ageNow: number;
  private lastFollowAt = 0;
  private faultErrorsSeen = 0;
  private etcdLog: string[] = [];
  private etcdCache: { key: string; snap: EtcdSnapshot } | undefined;
  private readonly wallNow: () => number;
  private readonly unsubscribeEtcd: () => void;
  private streams = new Map<number, WatchStream>();
  private nextStream = 1;
  /** Rejected edits by object, so giving up on one never loses it (`e` again resumes it). */
  private pendingEdits = new Map<string, string>();
  private liveCache: { key: string; lines: string[] } | undefined;
  private wrapCache: { lines: readonly string[]; width: number; out: string[] } | undefined;
  private completions: string[] | undefined;
  readonly challenge: ChallengeSession | undefined;
  private challengeVersion = -1;
  private resultShown = false;
  private catalogEntries: CatalogEntry[] | undefined;

  constructor(readonly run: DashboardRun, private readonly opts: ControllerOptions = {}) {
    this.cluster = run.cluster;
    this.models = new TableModels(run.cluster);
    this.models.provide('requests', requestProvider(run.cluster));
    this.models.provide('ovn', ovnProvider(run.cluster));
    this.models.provide('csi', csiProvider(run.cluster));
    this.wallNow = opts.wallNow ?? Date.now;
    this.state = initialState(opts.namespace);
    this.challenge = opts.challenge;
    // A challenge opens on its ticket; Esc goes to the cluster.
    if (this.challenge) this.state = { ...this.state, stack: [...this.state.stack, { kind: 'ticket', offset: 0, cursor: 0 }] };
    this.layout = layoutFor(opts.columns ?? 120, opts.rows ?? 40);
    this.snapshot = { state: this.state, frame: 0, layout: this.layout };
    this.unsubscribeEtcd = this.cluster.etcd.onLog((l) => {
      this.etcdLog.push(`${new Date(l.at).toISOString().slice(11, 19)} ${l.member.padEnd(10)} ${l.level ?? 'info'}  ${l.message}`);
      if (this.etcdLog.length > ETCD_LOG_LINES) this.etcdLog.splice(0, this.etcdLog.length - ETCD_LOG_LINES);
    });
    this.ageNow = this.cluster.clock.now();
    this.lastSignature = this.signature();
  }

  // ------------------------------------------------------------------ store for useSyncExternalStore

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snapshot;

  private emit(): void {
    this.snapshot = { state: this.state, frame: this.frame, layout: this.layout };
    for (const l of this.listeners) l();
  }

  private update(recipe: (draft: Draft<UiState>) => void): void {
    const next = produce(this.state, recipe);
    if (next !== this.state) {
      this.state = next;
      this.emit();
    }
  }

  get ui(): UiState {
    return this.state;
  }

  get size(): Layout {
    return this.layout;
  }

  setSize(columns: number, rows: number): void {
    if (columns === this.layout.columns && rows === this.layout.rows) return;
    this.layout = layoutFor(columns, rows);
    this.emit();
  }

  // ------------------------------------------------------------------ refresh

  /** Starts polling for changes; coalesces any number of cluster updates into one frame per period. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.opts.refreshMs ?? 250);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribeEtcd();
    for (const s of this.streams.values()) s.close();
    this.streams.clear();
    this.models.close();
  }

  /** One refresh step: expire the flash and the Ctrl-C arm, follow logs, redraw if data changed. */
  tick(): void {
    const wall = this.wallNow();
    const s = this.state;
    if ((s.flash && wall - s.flash.at >= FLASH_MS) || (s.quitArmedAt !== undefined && wall - s.quitArmedAt >= QUIT_WINDOW_MS)) {
      this.update((d) => {
        if (d.flash && wall - d.flash.at >= FLASH_MS) d.flash = undefined;
        if (d.quitArmedAt !== undefined && wall - d.quitArmedAt >= QUIT_WINDOW_MS) d.quitArmedAt = undefined;
      });
    }
    if (wall - this.lastAgeAt >= AGE_REFRESH_MS) {
      this.lastAgeAt = wall;
      this.ageNow = this.cluster.clock.now();
    }
    const faults = this.run.faultErrors ?? [];
    if (faults.length > this.faultErrorsSeen) {
      this.faultErrorsSeen = faults.length;
      this.flash(faults[faults.length - 1]!, 'error');
    }
    this.challengeTick();
    const sig = this.signature();
    if (sig === this.lastSignature) return;
    this.lastSignature = sig;
    const top = topView(this.state);
    if (top.kind === 'text' && top.follow && wall - this.lastFollowAt >= 1000) {
      this.lastFollowAt = wall;
      this.refreshFollow(top);
    }
    if (top.kind === 'table') this.keepSelection(top);
    this.frame++;
    this.emit();
  }

  /** Rows moved (watch updates): the cursor follows the selected row's key. */
  private keepSelection(view: TableView): void {
    if (view.selected === undefined) return;
    const cursor = this.cursorOf(view);
    if (cursor === view.cursor) return;
    const count = this.tableModel(view).rows.length;
    const height = this.tableHeight(view);
    this.update((d) => this.withTable(d, (v) => {
      v.cursor = cursor;
      v.offset = scrollTo(cursor, v.offset, count, height);
    }));
  }

  /** What a new frame depends on: the header's clock second and speed, the shown data, the age time. */
  private signature(): string {
    const c = this.cluster;
    return `${Math.floor(c.clock.now() / 1000)},${c.clock.speed},${c.clock.paused ? 1 : 0},${this.ageNow}|${this.dataSignature()}`;
  }

  /** The versions the current view depends on. */
  private dataSignature(): string {
    const c = this.cluster;
    const parts: Array<string | number> = [];
    const top = topView(this.state);
    if (top.kind === 'home') {
      parts.push(c.api.cacheVersion('nodes'), c.api.cacheVersion('pods'), c.api.cacheVersion('events'), c.etcd.version, c.etcd.store.revision);
      parts.push(this.models.version(PANE_SOURCES.ovn), this.models.version(PANE_SOURCES.csi));
    } else if (top.kind === 'table') {
      parts.push(this.models.version(this.sourceOf(top)));
    } else if (top.kind === 'etcd') {
      parts.push(c.etcd.version, c.etcd.store.revision, this.etcdLog.length);
    } else if (top.kind === 'text' && top.live) {
      parts.push(this.liveVersion(top));
    } else if (top.kind === 'stream') {
      parts.push(this.streams.get(top.id)?.version ?? 0);
    }
    return parts.join(',');
  }

  private liveVersion(view: TextView): string {
    if (view.live?.what === 'sched') return `${schedVersion(this.cluster)}.${this.cluster.api.cacheVersion('pods')}`;
    if (view.live?.what === 'chain') return String(this.models.version(PANE_SOURCES.csi));
    return '0';
  }

  private refreshFollow(view: TextView): void {
    const r = this.run.run(view.follow!);
    const lines = splitLines(r.stdout + r.stderr);
    const height = textRows(this.layout);
    this.update((d) => {
      const t = d.stack[d.stack.length - 1]!;
      if (t.kind !== 'text') return;
      const atBottom = t.offset >= Math.max(0, t.lines.length - height);
      t.lines = lines;
      if (atBottom && t.logs?.autoscroll !== false) t.offset = Math.max(0, lines.length - height);
    });
  }

  // ------------------------------------------------------------------ data for the views

  /** A table view's source with the current namespace applied. */
  sourceOf(view: TableView): TableSource {
    if (view.followsNamespace && view.source.kind === 'resource') return { ...view.source, namespace: this.state.namespace };
    return view.source;
  }

  tableModel(view: TableView): TableModel {
    return this.models.model(this.sourceOf(view), view.filter, view.sort);
  }

  paneModel(pane: Exclude<PaneId, 'etcd'>): TableModel {
    return this.models.model(PANE_SOURCES[pane], '', pane === 'pods' ? { by: 'problem', desc: false } : undefined);
  }

  /** The selected row's index: where the selected key is now, else the cursor (clamped). */
  cursorOf(view: TableView): number {
    const m = this.tableModel(view);
    if (view.selected !== undefined) {
      const i = m.indexOf(view.selected);
      if (i >= 0) return i;
    }
    return Math.min(view.cursor, Math.max(0, m.rows.length - 1));
  }

  /** Data rows a table view shows: the body minus its title, header and any summary lines. */
  tableHeight(view: TableView): number {
    const header = this.tableModel(view).header?.length ?? 0;
    return Math.max(1, tableRows(this.layout) - header);
  }

  stream(id: number): WatchStream | undefined {
    return this.streams.get(id);
  }

  etcd(): EtcdSnapshot {
    const e = this.cluster.etcd;
    const key = `${e.version}|${e.store.revision}|${e.store.dbSize}`;
    if (this.etcdCache?.key !== key) this.etcdCache = { key, snap: etcdSnapshot(this.cluster) };
    return this.etcdCache.snap;
  }

  etcdLogLines(): readonly string[] {
    return this.etcdLog;
  }

  /** Lines of a scrolling view (text, help, etcd log). */
  linesOf(view: View): readonly string[] {
    if (view.kind === 'text') {
      const lines = view.live ? this.liveLines(view) : view.lines;
      return view.wrap ? this.wrapped(lines) : lines;
    }
    if (view.kind === 'help') return helpLines(view, this.challenge !== undefined);
    if (view.kind === 'etcd') return this.etcdLog;
    if (view.kind === 'stream') return this.streams.get(view.id)?.lines ?? [];
    if (view.kind === 'shell') return view.lines;
    return [];
  }

  private liveLines(view: TextView): string[] {
    const live = view.live!;
    const key = `${live.what}|${live.arg}|${this.liveVersion(view)}`;
    if (this.liveCache?.key !== key) {
      this.liveCache = { key, lines: live.what === 'sched' ? schedLines(this.cluster, live.arg) : chainLines(this.cluster, live.arg) };
    }
    return this.liveCache.lines;
  }

  private wrapped(lines: readonly string[]): string[] {
    const width = Math.max(10, this.layout.columns);
    if (this.wrapCache?.lines === lines && this.wrapCache.width === width) return this.wrapCache.out;
    const out: string[] = [];
    for (const l of lines) {
      if (l.length <= width) out.push(l);
      else for (let i = 0; i < l.length; i += width) out.push(l.slice(i, i + width));
    }
    this.wrapCache = { lines, width, out };
    return out;
  }

  selectedRow(view: TableView): ModelRow | undefined {
    const m = this.tableModel(view);
    if (m.rows.length === 0) return undefined;
    return m.rows[this.cursorOf(view)];
  }

  // ------------------------------------------------------------------ input

  handleInput(input: string, key: Partial<Key>): void {
    for (const name of keyNames(input, key)) this.press(name);
  }

  /** Dispatch order: dialog > prompt > the view's key map > global. */
  press(name: KeyName): void {
    if (this.state.quit) return;
    if (name !== 'ctrl-c' && this.state.quitArmedAt !== undefined) this.update((d) => void (d.quitArmedAt = undefined));
    if (this.state.dialog) return this.dialogKey(name);
    if (this.state.prompt) return this.promptKey(name);
    if (this.layout.tooSmall && name !== 'ctrl-c') return;
    const binding = bindingFor(topView(this.state), name) ?? (this.challenge ? challengeBindingFor(name) : undefined);
    if (binding) this.act(binding.action);
  }

  private dialogKey(name: KeyName): void {
    const dialog = this.state.dialog!;
    if (name === 'ctrl-c') return this.act('quit');
    if (name === 'esc' || name === 'n' || name === 'q') return this.update((d) => void (d.dialog = undefined));
    if (name === 'tab' || name === 'shift-tab' || name === 'left' || name === 'right' || name === 'h' || name === 'l') {
      return this.update((d) => void (d.dialog!.choice = d.dialog!.choice === 'ok' ? 'cancel' : 'ok'));
    }
    if (name === 'y' || (name === 'enter' && dialog.choice === 'ok')) {
      this.update((d) => void (d.dialog = undefined));
      this.execute(dialog.command);
      return;
    }
    if (name === 'enter') this.update((d) => void (d.dialog = undefined));
  }

  private promptKey(name: KeyName): void {
    const p = this.state.prompt!;
    if (name === 'ctrl-c') return this.act('quit');
    if (p.kind === 'shell' && (name === 'esc' || (name === 'ctrl-d' && p.text === ''))) return this.closeShell();
    if (name === 'esc') {
      return this.update((d) => {
        if (p.kind === 'filter') this.withTable(d, (v) => void (v.filter = p.previous ?? ''));
        d.prompt = undefined;
      });
    }
    if (name === 'enter') {
      if (p.kind === 'shell') return this.submitShell(p.text);
      this.update((d) => void (d.prompt = undefined));
      if (p.kind === 'command') return this.submitCommand(p.text);
      if (p.kind === 'scale') return this.submitScale(p.command ?? '', p.text);
      return;
    }
    if (p.kind === 'shell' && (name === 'pgup' || name === 'pgdn' || name === 'ctrl-b' || name === 'ctrl-f')) {
      return this.move(name === 'pgup' || name === 'ctrl-b' ? 'pageUp' : 'pageDown');
    }
    if ((name === 'tab' || (name === 'right' && p.cursor === p.text.length)) && p.kind === 'command' && p.suggestion) {
      const text = p.suggestion;
      return this.update((d) => {
        d.prompt!.text = text;
        d.prompt!.cursor = text.length;
        d.prompt!.suggestion = undefined;
      });
    }
    if (name === 'up' || name === 'down') {
      if (p.kind !== 'command' && p.kind !== 'shell') return;
      const h = p.kind === 'shell' ? this.shellHistory() : this.state.history;
      if (h.length === 0) return;
      const idx = p.historyIndex === undefined ? (name === 'up' ? h.length - 1 : undefined) : p.historyIndex + (name === 'up' ? -1 : 1);
      return this.update((d) => {
        const np = d.prompt!;
        if (idx === undefined || idx >= h.length) {
          np.historyIndex = undefined;
          np.text = '';
        } else {
          np.historyIndex = Math.max(0, idx);
          np.text = h[np.historyIndex]!;
        }
        np.cursor = np.text.length;
      });
    }
    let text = p.text;
    let cursor = p.cursor;
    if (name === 'backspace') {
      if (cursor === 0) {
        if (text === '') this.update((d) => void (d.prompt = undefined));
        return;
      }
      text = text.slice(0, cursor - 1) + text.slice(cursor);
      cursor--;
    } else if (name === 'left') cursor = Math.max(0, cursor - 1);
    else if (name === 'right') cursor = Math.min(text.length, cursor + 1);
    else if (name === 'ctrl-a' || name === 'home') cursor = 0;
    else if (name === 'ctrl-e' || name === 'end') cursor = text.length;
    else if (name === 'ctrl-u') {
      text = text.slice(cursor);
      cursor = 0;
    } else {
      const ch = printable(name);
      if (ch === undefined || text.length >= 500) return;
      text = text.slice(0, cursor) + ch + text.slice(cursor);
      cursor++;
    }
    const suggestion = p.kind === 'command' ? this.complete(text) : undefined;
    this.update((d) => {
      d.prompt!.text = text;
      d.prompt!.cursor = cursor;
      d.prompt!.suggestion = suggestion;
      // The filter applies while typing, as in k9s.
      if (p.kind === 'filter') this.withTable(d, (v) => {
        v.filter = text;
        v.cursor = 0;
        v.offset = 0;
      });
    });
  }

  /** The first view name that completes `text` (a single word), for Tab. */
  complete(text: string): string | undefined {
    if (!text || /\s/.test(text)) return undefined;
    if (!this.completions) {
      // Plurals first (what k9s titles its views with), then the dashboard's words, then the rest.
      const listable = RESOURCES.filter((r) => (r.verbs ?? []).includes('list'));
      const words = new Set<string>([...listable.map((r) => r.plural).sort(), ...[...VIEW_WORDS].sort()]);
      for (const r of listable) for (const w of [r.singular, ...r.shortNames]) words.add(w);
      this.completions = [...words];
    }
    const t = text.toLowerCase();
    return this.completions.find((w) => w.startsWith(t) && w !== t);
  }

  private withTable(d: Draft<UiState>, fn: (v: Draft<TableView>) => void): void {
    const t = d.stack[d.stack.length - 1];
    if (t?.kind === 'table') fn(t);
  }

  // ------------------------------------------------------------------ actions

  act(action: ActionId): void {
    const view = topView(this.state);
    switch (action) {
      case 'quit': {
        const wall = this.wallNow();
        if (this.state.quitArmedAt !== undefined && wall - this.state.quitArmedAt < QUIT_WINDOW_MS) return this.quit();
        this.update((d) => {
          d.quitArmedAt = wall;
          d.flash = { text: 'Press Ctrl-C again to quit (or type :q)', level: 'warn', at: wall };
        });
        return;
      }
      case 'command':
        return this.update((d) => void (d.prompt = { kind: 'command', text: '', cursor: 0 }));
      case 'help':
        if (view.kind === 'help') return;
        return this.push({ kind: 'help', about: view, offset: 0 });
      case 'back':
        if (view.kind === 'scenarios' && view.choosing) {
          return this.update((d) => {
            const t = d.stack[d.stack.length - 1]!;
            if (t.kind === 'scenarios') t.choosing = undefined;
          });
        }
        return this.back();
      case 'ticket':
      case 'hint':
      case 'giveUp':
      case 'answer':
        return this.challengeAction(action);
      case 'startScenario':
      case 'practice':
      case 'challengeMode':
        return this.pickerAction(action);
      case 'pause': {
        // Pausing would stop the challenge clock while the user thinks: not fair to other scores.
        if (this.challenge?.state === 'running') return this.flash('A challenge cannot be paused: its clock is the score (+ speeds up, Ctrl-G gives up)', 'warn');
        const clock = this.cluster.clock;
        clock.paused = !clock.paused;
        this.flash(clock.paused ? 'Simulation paused (space resumes)' : `Simulation running at ${clock.speed}x`);
        return this.bump();
      }
      case 'faster':
      case 'slower':
        return this.changeSpeed(action === 'faster' ? 1 : -1);
      case 'focusNext':
      case 'focusPrev':
        return this.update((d) => {
          const t = d.stack[d.stack.length - 1]!;
          if (t.kind !== 'home') return;
          const n = HOME_PANES.length;
          t.focus = (t.focus + (action === 'focusNext' ? 1 : n - 1)) % n;
        });
      case 'openPane':
        return view.kind === 'home' ? this.openPane(HOME_PANES[view.focus]!) : undefined;
      case 'down':
      case 'up':
      case 'top':
      case 'bottom':
      case 'pageDown':
      case 'pageUp':
        return this.move(action);
      case 'filter':
        if (view.kind !== 'table') return;
        return this.update((d) => void (d.prompt = { kind: 'filter', text: view.filter, cursor: view.filter.length, previous: view.filter }));
      case 'sortName':
      case 'sortAge':
      case 'sortStatus':
        return this.sort(action === 'sortName' ? 'name' : action === 'sortAge' ? 'age' : 'status');
      case 'autoscroll':
        return this.toggleAutoscroll(view);
      case 'wrap':
        return this.update((d) => {
          const t = d.stack[d.stack.length - 1]!;
          if (t.kind !== 'text') return;
          t.wrap = !t.wrap;
          t.offset = 0;
        });
      case 'logsPrevious':
      case 'logsAllContainers':
        if (view.kind !== 'text' || !view.logs) return;
        return this.reopenLogs(view, action === 'logsPrevious' ? { previous: !view.logs.previous } : { allContainers: !view.logs.allContainers });
      case 'allNamespaces':
        this.update((d) => {
          d.namespace = undefined;
          this.withTable(d, (v) => {
            v.cursor = 0;
            v.offset = 0;
          });
        });
        return this.flash('Namespace: all');
      default:
        if (view.kind === 'table') return this.rowAction(action, view);
    }
  }

  private rowAction(action: ActionId, view: TableView): void {
    const selected = this.selectedRow(view);
    if (!selected) return this.flash('No row selected', 'warn');
    if (view.source.kind === 'containers') return this.containerAction(action, view, selected.obj as ContainerEntry);
    if (view.source.kind === 'rows') return this.providerAction(action, view.source, selected.obj);
    const res = resolveResource(view.source.plural);
    if (!res) return;
    const obj = selected.obj as KObject;
    const name = `${res.singular} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
    switch (action) {
      case 'describe':
      case 'describeRow':
        return this.showOutput('describe', name, describeLine(res, obj));
      case 'yaml':
        return this.showOutput('yaml', name, yamlLine(res, obj));
      case 'delete':
        return this.confirm('Delete', `Delete ${name}?`, deleteLine(res, obj), 'Delete');
      case 'kill':
        return this.confirm('Kill', `Kill ${name} now (no graceful shutdown)?`, killLine(obj), 'Kill');
      case 'logs':
      case 'previousLogs':
        return this.openLogs({ namespace: obj.metadata.namespace ?? 'default', pod: obj.metadata.name, previous: action === 'previousLogs', allContainers: false, autoscroll: true });
      case 'containers':
        return this.push(tableView({ kind: 'containers', namespace: obj.metadata.namespace ?? 'default', pod: obj.metadata.name }, 'containers', `${obj.metadata.namespace}/${obj.metadata.name}`));
      case 'ownedPods': {
        const selector = selectorOf(res, obj);
        if (!selector) return this.flash(`${name} has no selector`, 'warn');
        return this.push(tableView({ kind: 'resource', plural: 'pods', namespace: obj.metadata.namespace, labelSelector: selector }, 'pods', `${obj.metadata.name}`));
      }
      case 'nodePods':
        return this.push(tableView({ kind: 'resource', plural: 'pods', nodeName: obj.metadata.name }, 'pods', `node ${obj.metadata.name}`));
      case 'cordon':
      case 'uncordon':
        return this.execute(cordonLine(obj, action === 'cordon'));
      case 'drain':
        return this.confirm('Drain', `Drain node ${obj.metadata.name}? Its pods are evicted (DaemonSet pods stay).`, drainLine(obj), 'Drain');
      case 'edit':
        return this.edit(res, obj);
      case 'shell':
        return this.openShell(obj);
      case 'schedTrace':
        return this.openSched(`${obj.metadata.namespace}/${obj.metadata.name}`);
      case 'scale': {
        const current = String(obj.spec?.replicas ?? 1);
        return this.update((d) => void (d.prompt = {
          kind: 'scale', text: current, cursor: current.length, command: scaleLine(res, obj, 0).replace(/--replicas=0$/, '--replicas='), label: `Scale ${name} to`,
        }));
      }
      case 'useNamespace':
        this.update((d) => {
          d.namespace = obj.metadata.name;
        });
        this.flash(`Namespace: ${obj.metadata.name}`);
        return this.push(tableView({ kind: 'resource', plural: 'pods' }, 'pods', undefined, true));
      default:
        return;
    }
  }

  private containerAction(action: ActionId, view: TableView, c: ContainerEntry): void {
    const pod = c.pod;
    const ns = pod.metadata.namespace ?? 'default';
    const subject = `${ns}/${pod.metadata.name}/${c.spec.name}`;
    switch (action) {
      case 'containerLogs':
      case 'logs':
      case 'previousLogs':
        void subject;
        return this.openLogs({ namespace: ns, pod: pod.metadata.name, container: c.spec.name, previous: action === 'previousLogs', allContainers: false, autoscroll: true });
      case 'describe':
      case 'describeRow':
        return this.showOutput('describe', `pod ${ns}/${pod.metadata.name}`, describeLine(resolveResource('pods')!, pod));
      case 'yaml':
        return this.showOutput('yaml', `pod ${ns}/${pod.metadata.name}`, yamlLine(resolveResource('pods')!, pod));
      case 'delete':
        return this.confirm('Delete', `Delete pod ${ns}/${pod.metadata.name}?`, deleteLine(resolveResource('pods')!, pod), 'Delete');
      default:
        void view;
        return;
    }
  }

  /** Row actions of the internals tables (requests, OVN, CSI). */
  private providerAction(action: ActionId, source: Extract<TableSource, { kind: 'rows' }>, obj: unknown): void {
    const describe = action === 'describe' || action === 'describeRow';
    if (source.id === 'requests' && (describe || action === 'openRequest')) {
      const rec = findRequest(this.cluster, Number((obj as { id: number }).id));
      if (!rec) return this.flash('That request has left the log', 'warn');
      return this.push({ kind: 'text', title: 'request', subject: `#${rec.id}`, lines: requestDetail(this.cluster, rec), offset: 0 });
    }
    const row = obj as Row;
    if (source.id === 'ovn' && !source.arg && (describe || action === 'ovnNode')) {
      const node = row.cells[0] ?? '';
      return this.push(tableView({ kind: 'rows', id: 'ovn', arg: node }, 'ovn', node));
    }
    if (source.id === 'csi' && (action === 'csiClaim' || action === 'describeRow')) {
      const key = `${row.cells[0]}/${row.cells[1]}`;
      return this.push({ kind: 'text', title: 'csi', subject: key, lines: [], offset: 0, live: { what: 'chain', arg: key } });
    }
    if (source.id === 'csi' && (describe || action === 'yaml')) {
      const [ns = '', claim = ''] = row.cells;
      const pvc = this.cluster.api.cached('persistentvolumeclaims', ns, claim);
      const res = resolveResource('persistentvolumeclaims')!;
      if (!pvc) return this.flash(`persistentvolumeclaims "${claim}" not found`, 'error');
      return action === 'yaml' ? this.showOutput('yaml', `pvc ${ns}/${claim}`, yamlLine(res, pvc)) : this.showOutput('describe', `pvc ${ns}/${claim}`, describeLine(res, pvc));
    }
    if (action === 'delete' || action === 'yaml' || action === 'edit' || describe) return this.flash('Not available in this view', 'warn');
  }

  private openPane(pane: PaneId): void {
    if (pane === 'etcd') return this.push({ kind: 'etcd', offset: Math.max(0, this.etcdLog.length - textRows(this.layout)) });
    if (pane === 'ovn' || pane === 'csi') return this.push(tableView(PANE_SOURCES[pane], pane));
    // The panes show every namespace; so do the views they open.
    return this.push(tableView({ kind: 'resource', plural: pane }, pane, 'all'));
  }

  private move(action: ActionId): void {
    const view = topView(this.state);
    if (view.kind === 'ticket' || view.kind === 'result' || view.kind === 'scenarios') return this.moveChallenge(view, action);
    if (view.kind === 'table') {
      const model = this.tableModel(view);
      const count = model.rows.length;
      const height = this.tableHeight(view);
      const cursor = clamp(stepTo(action, this.cursorOf(view), count, height), 0, Math.max(0, count - 1));
      const selected = model.rows[cursor]?.row.key;
      return this.update((d) => this.withTable(d, (v) => {
        v.cursor = cursor;
        v.selected = selected;
        v.offset = scrollTo(cursor, Math.min(v.offset, cursor), count, height);
      }));
    }
    if (view.kind === 'text' || view.kind === 'help' || view.kind === 'etcd' || view.kind === 'stream' || view.kind === 'shell') {
      const count = this.linesOf(view).length;
      const height = view.kind === 'etcd' ? this.etcdLogRows() : textRows(this.layout);
      const max = Math.max(0, count - height);
      const from = view.kind === 'stream' && view.autoscroll ? max : Math.min(view.offset, max);
      const offset = clamp(stepTo(action, from, count, height), 0, max);
      this.update((d) => {
        const t = d.stack[d.stack.length - 1]!;
        if (t.kind === 'text' || t.kind === 'help' || t.kind === 'etcd' || t.kind === 'shell') t.offset = offset;
        if (t.kind === 'stream') {
          t.offset = offset;
          t.autoscroll = offset >= max;
        }
      });
    }
  }

  private toggleAutoscroll(view: View): void {
    if (view.kind === 'stream') {
      const max = Math.max(0, this.linesOf(view).length - textRows(this.layout));
      this.update((d) => {
        const t = d.stack[d.stack.length - 1]!;
        if (t.kind !== 'stream') return;
        t.autoscroll = !t.autoscroll;
        if (!t.autoscroll) t.offset = max;
      });
      return this.flash(`Autoscroll ${view.autoscroll ? 'off' : 'on'}`);
    }
    if (view.kind === 'text' && view.logs) {
      const on = !view.logs.autoscroll;
      const max = Math.max(0, view.lines.length - textRows(this.layout));
      this.update((d) => {
        const t = d.stack[d.stack.length - 1]!;
        if (t.kind !== 'text' || !t.logs) return;
        t.logs.autoscroll = on;
        if (on) t.offset = max;
      });
      return this.flash(`Autoscroll ${on ? 'on' : 'off'}`);
    }
  }

  /** Rows left for the etcd log under the summary and the members table. */
  etcdLogRows(): number {
    return Math.max(1, this.layout.bodyRows - 5 - this.cluster.etcd.members.length);
  }

  private sort(by: SortBy): void {
    this.update((d) => this.withTable(d, (v) => {
      v.sort = v.sort?.by === by ? { by, desc: !v.sort.desc } : { by, desc: false };
      v.cursor = 0;
      v.offset = 0;
    }));
  }

  private changeSpeed(dir: 1 | -1): void {
    const clock = this.cluster.clock;
    const i = SPEEDS.findIndex((s) => s >= clock.speed);
    const next = SPEEDS[clamp((i < 0 ? SPEEDS.length - 1 : i) + dir, 0, SPEEDS.length - 1)]!;
    clock.speed = next;
    this.flash(`Speed ${next}x${clock.paused ? ' (paused)' : ''}`);
    this.bump();
  }

  private back(): void {
    const view = topView(this.state);
    if (view.kind === 'table' && view.filter) {
      return this.update((d) => this.withTable(d, (v) => {
        v.filter = '';
        v.cursor = 0;
        v.offset = 0;
      }));
    }
    if (this.state.stack.length > 1) {
      this.update((d) => void d.stack.pop());
      return this.closeStreams();
    }
    this.flash('Home. Type :q or press Ctrl-C twice to quit.');
  }

  private push(view: View): void {
    this.update((d) => {
      d.stack.push(view as Draft<View>);
      // Keep the stack bounded: drill-downs in a loop should not grow memory forever.
      if (d.stack.length > 20) d.stack.splice(1, d.stack.length - 20);
    });
    this.closeStreams();
  }

  /** Stops the watches of stream views no longer on the stack. */
  private closeStreams(): void {
    if (this.streams.size === 0) return;
    const live = new Set(this.state.stack.flatMap((v) => (v.kind === 'stream' ? [v.id] : [])));
    for (const [id, s] of this.streams) {
      if (live.has(id)) continue;
      s.close();
      this.streams.delete(id);
    }
  }

  private quit(): void {
    this.update((d) => void (d.quit = true));
    this.opts.onQuit?.();
  }

  flash(text: string, level: FlashLevel = 'info'): void {
    const at = this.wallNow();
    this.update((d) => void (d.flash = { text, level, at }));
  }

  /** A new frame for changes the signature does not see (speed, pause). */
  private bump(): void {
    this.frame++;
    this.lastSignature = this.signature();
    this.emit();
  }

  private confirm(title: string, message: string, command: string, ok: string): void {
    this.update((d) => void (d.dialog = { title, message, command, ok, choice: 'cancel' }));
  }

  // ------------------------------------------------------------------ challenge and scenario picker

  /** Pushes the result screen once the challenge ends; redraws when the session changes. */
  private challengeTick(): void {
    const ch = this.challenge;
    if (!ch) return;
    if (ch.state !== 'running' && !this.resultShown) {
      this.resultShown = true;
      this.update((d) => {
        d.dialog = undefined;
        d.stack.push({ kind: 'result', offset: 0 });
      });
    }
    if (ch.version !== this.challengeVersion) {
      this.challengeVersion = ch.version;
      this.bump();
    }
  }

  /** The library for the picker, read when it opens. */
  scenarioEntries(): CatalogEntry[] {
    this.catalogEntries ??= this.opts.scenarios ? this.opts.scenarios.entries() : catalog();
    return this.catalogEntries;
  }

  /** Lines of the ticket or result view. */
  challengeLines(view: ChallengeView): ReturnType<typeof ticketLines> {
    const ch = this.challenge;
    if (!ch || view.kind === 'scenarios') return [];
    return view.kind === 'ticket' ? ticketLines(ch, this.layout.columns, view.cursor) : resultLines(ch, this.layout.columns);
  }

  private openScenarios(): void {
    this.catalogEntries = undefined;
    const entries = this.scenarioEntries();
    const cursor = Math.max(0, entries.findIndex((e) => e.name === this.run.scenario.metadata.name));
    const offset = scrollTo(cursor, 0, entries.length, pickerRows(this.layout.bodyRows));
    this.update((d) => {
      d.stack.splice(1);
      d.stack.push({ kind: 'scenarios', cursor, offset });
    });
  }

  private challengeAction(action: 'ticket' | 'hint' | 'giveUp' | 'answer'): void {
    const ch = this.challenge;
    if (!ch) return this.flash('No challenge is running (:scenarios starts one)', 'warn');
    const view = topView(this.state);
    switch (action) {
      case 'ticket':
        if (view.kind === 'ticket' || view.kind === 'result') return;
        return this.push(ch.state === 'running' ? { kind: 'ticket', offset: 0, cursor: 0 } : { kind: 'result', offset: 0 });
      case 'hint': {
        const r = ch.nextHint();
        if (r.kind === 'locked') return this.flash(`Hint ${r.index + 1} unlocks in ${formatClock(r.inMs, true)}`, 'warn');
        if (r.kind === 'none-left') return this.flash('No more hints', 'warn');
        if (r.kind === 'over') return this.flash('The challenge is over', 'warn');
        // Show it on the ticket, scrolled to the hints.
        const lines = ticketLines(ch, this.layout.columns, 0);
        const at = lines.findIndex((l) => l.text.startsWith('Hints ('));
        const offset = clamp(at - 1, 0, Math.max(0, lines.length - styledRows(this.layout.bodyRows)));
        this.update((d) => {
          const t = d.stack[d.stack.length - 1]!;
          if (t.kind === 'ticket') t.offset = offset;
          else d.stack.push({ kind: 'ticket', offset, cursor: 0 });
        });
        return this.flash(`Hint ${r.index + 1} (-${r.cost} points): ${r.hint.text}`);
      }
      case 'giveUp':
        if (ch.state !== 'running') return this.flash('The challenge is over', 'warn');
        return this.confirm('Give up', `Give up ${ch.scenario.metadata.name}? The fix scores 0 and the solution is shown.`, GIVE_UP_COMMAND, 'Give up');
      case 'answer': {
        if (view.kind !== 'ticket') return;
        const choice = ticketChoices(ch)[view.cursor];
        if (!choice) return this.flash('No question to answer', 'warn');
        const right = ch.answer(choice.question, choice.choice);
        this.update((d) => {
          const t = d.stack[d.stack.length - 1]!;
          if (t.kind === 'ticket') t.cursor = 0;
        });
        const q = ch.scenario.questions[choice.question]!;
        return this.flash(right ? `Right: ${choice.choice} (+100 points)` : `Wrong: the answer is ${q.answer}`, right ? 'info' : 'error');
      }
    }
  }

  private pickerAction(action: 'startScenario' | 'practice' | 'challengeMode'): void {
    const view = topView(this.state);
    if (view.kind !== 'scenarios') return;
    const entries = this.scenarioEntries();
    const selected = entries[view.cursor];
    if (!selected) return;
    if (action === 'startScenario') {
      return this.update((d) => {
        const t = d.stack[d.stack.length - 1]!;
        if (t.kind === 'scenarios') t.choosing = selected.name;
      });
    }
    const e = entries.find((x) => x.name === (view.choosing ?? selected.name)) ?? selected;
    const mode: PlayMode = action === 'practice' ? 'practice' : 'challenge';
    if (e.error) return this.flash(`${e.name}: ${e.error}`, 'error');
    if (mode === 'challenge' && !e.challenge) return this.flash(`${e.name} is a sandbox: nothing to fix, so no challenge (p opens it for practice)`, 'warn');
    const open = this.opts.scenarios?.open;
    if (!open) return this.flash('Switching scenarios is not available here', 'warn');
    this.update((d) => {
      const t = d.stack[d.stack.length - 1]!;
      if (t.kind === 'scenarios') t.choosing = undefined;
    });
    try {
      open(e.name, mode);
    } catch (err) {
      this.flash(`${e.name}: ${firstLine(err instanceof Error ? err.message : String(err))}`, 'error');
    }
  }

  private moveChallenge(view: ChallengeView, action: ActionId): void {
    if (view.kind === 'scenarios') {
      const count = this.scenarioEntries().length;
      const height = pickerRows(this.layout.bodyRows);
      const cursor = clamp(stepTo(action, view.cursor, count, height), 0, Math.max(0, count - 1));
      return this.update((d) => {
        const t = d.stack[d.stack.length - 1]!;
        if (t.kind !== 'scenarios') return;
        t.cursor = cursor;
        t.offset = scrollTo(cursor, t.offset, count, height);
        t.choosing = undefined;
      });
    }
    const lines = this.challengeLines(view);
    const height = styledRows(this.layout.bodyRows);
    const max = Math.max(0, lines.length - height);
    let cursor = view.kind === 'ticket' ? view.cursor : 0;
    let offset: number;
    const choices = view.kind === 'ticket' && this.challenge ? ticketChoices(this.challenge).length : 0;
    if (choices > 0 && (action === 'up' || action === 'down')) {
      // Up and down walk the question choices; the view scrolls to keep the choice in sight.
      cursor = clamp(cursor + (action === 'down' ? 1 : -1), 0, choices - 1);
      const at = ticketLines(this.challenge!, this.layout.columns, cursor).findIndex((l) => l.selected);
      offset = at < 0 ? view.offset : clamp(scrollTo(at, view.offset, lines.length, height), 0, max);
    } else offset = clamp(stepTo(action, Math.min(view.offset, max), lines.length, height), 0, max);
    this.update((d) => {
      const t = d.stack[d.stack.length - 1]!;
      if (t.kind === 'ticket') t.cursor = cursor;
      if (t.kind === 'ticket' || t.kind === 'result') t.offset = offset;
    });
  }

  // ------------------------------------------------------------------ commands

  private runLine(line: string): CommandResult {
    try {
      return this.run.run(line);
    } catch (err) {
      return { stdout: '', stderr: `${err instanceof Error ? err.message : String(err)}\n`, exitCode: 1 };
    }
  }

  /** Runs a write command; its first output line becomes the flash. */
  private execute(line: string): void {
    if (line === GIVE_UP_COMMAND) {
      this.challenge?.giveUp();
      return this.challengeTick();
    }
    const r = this.runLine(line);
    const text = firstLine(r.exitCode === 0 ? r.stdout || r.stderr : r.stderr || r.stdout) || `${line}: exit ${r.exitCode}`;
    this.flash(text, r.exitCode === 0 ? 'info' : 'error');
    this.bump();
  }

  /** Runs a read command and opens its output in a text view; errors stay in the flash. */
  private showOutput(title: string, subject: string, line: string, follow = false): void {
    const r = this.runLine(line);
    if (r.exitCode !== 0) return this.flash(firstLine(r.stderr || r.stdout) || `${line}: exit ${r.exitCode}`, 'error');
    const lines = splitLines(r.stdout + r.stderr);
    const offset = follow ? Math.max(0, lines.length - textRows(this.layout)) : 0;
    this.lastFollowAt = this.wallNow();
    this.push({ kind: 'text', title, subject, lines, offset, follow: follow ? line : undefined });
  }

  private submitScale(command: string, text: string): void {
    const t = text.trim();
    if (!/^\d+$/.test(t) || Number(t) > 10000) return this.flash(`Scale: "${t}" is not a replica count (a whole number from 0)`, 'error');
    this.execute(command + Number(t));
  }

  private submitCommand(text: string): void {
    const line = text.trim();
    if (!line) return;
    this.update((d) => {
      if (d.history[d.history.length - 1] !== line) d.history.push(line);
      if (d.history.length > HISTORY) d.history.splice(0, d.history.length - HISTORY);
    });
    const [word = '', ...args] = line.split(/\s+/);
    const w = word.toLowerCase();
    if (['q', 'q!', 'quit', 'qa', 'exit'].includes(w)) return this.quit();
    if (['?', 'h', 'help'].includes(w)) return this.act('help');
    if (['home', 'dash', 'dashboard'].includes(w)) return this.update((d) => void d.stack.splice(1));
    if (w === 'etcd') return this.openPane('etcd');
    if (w === 'ovn' || w === 'csi') {
      this.update((d) => void d.stack.splice(1));
      return this.openPane(w);
    }
    if (w === 'api' || w === 'apiserver') {
      this.update((d) => void d.stack.splice(1));
      return this.push(tableView({ kind: 'rows', id: 'requests' }, 'api'));
    }
    if (w === 'sched' || w === 'scheduler') return this.schedCommand(args[0]);
    if ((w === 'kubectl' || w === 'oc') && this.startStream(line)) return;
    if (w === 'scenarios' || w === 'scenario') return this.openScenarios();
    if (w === 'ticket' || w === 'hint' || w === 'giveup') return this.challengeAction(w === 'giveup' ? 'giveUp' : w);
    if ((w === 'ns' || w === 'namespace' || w === 'namespaces') && args.length === 1) return this.switchNamespace(args[0]!);
    const res = resolveResource(K9S_ALIASES[w] ?? w);
    if (res && args.length <= 1) {
      if (!(res.verbs ?? []).includes('list')) return this.flash(`${res.plural} cannot be listed`, 'error');
      return this.openResource(res, args[0]);
    }
    const r = this.runLine(line);
    const out = r.stdout + r.stderr;
    if (r.exitCode !== 0) this.flash(`${line}: exit ${r.exitCode}${r.stderr ? `: ${firstLine(r.stderr)}` : ''}`, 'error');
    else this.bump();
    this.push({ kind: 'text', title: 'output', subject: line, lines: [`$ ${line}`, ...splitLines(out), `[exit ${r.exitCode}]`], offset: 0 });
  }

  /** `:sched` lists pods (problems and Pending first) whose Enter shows the trace; `:sched POD` opens it. */
  private schedCommand(arg: string | undefined): void {
    if (!arg) {
      const view = tableView({ kind: 'resource', plural: 'pods' }, 'sched', undefined, true);
      view.mode = 'sched';
      view.sort = { by: 'problem', desc: false };
      this.update((d) => {
        d.stack.splice(1);
        d.stack.push(view as Draft<View>);
      });
      return;
    }
    const key = arg.includes('/') && !/^pods?\//.test(arg) ? arg : `${this.state.namespace ?? this.run.session?.namespace ?? 'default'}/${arg.replace(/^pods?\//, '')}`;
    this.openSched(key);
  }

  private openSched(key: string): void {
    this.push({ kind: 'text', title: 'sched', subject: key, lines: [], offset: 0, live: { what: 'sched', arg: key } });
  }

  /** `kubectl get ... -w`: the list, then a line per watch event, until the view closes. */
  private startStream(line: string): boolean {
    let cmd;
    try {
      cmd = parseWatchCommand(line);
    } catch (err) {
      this.flash(err instanceof Error ? err.message.replace(/^error: /, '') : String(err), 'error');
      return true;
    }
    if (!cmd) return false;
    let initial = '';
    if (cmd.listLine) {
      const r = this.runLine(cmd.listLine);
      if (r.exitCode !== 0) {
        this.flash(`${line}: exit ${r.exitCode}${r.stderr ? `: ${firstLine(r.stderr)}` : ''}`, 'error');
        return true;
      }
      initial = r.stdout + r.stderr;
    }
    const session = this.run.session;
    let stream: WatchStream;
    try {
      stream = new WatchStream(this.cluster, session?.client ?? this.cluster.admin, cmd, session?.namespace ?? 'default', initial);
    } catch (err) {
      this.flash(apiErrorText(err), 'error');
      return true;
    }
    const id = this.nextStream++;
    this.streams.set(id, stream);
    const view: StreamView = { kind: 'stream', id, title: 'watch', subject: line, offset: 0, autoscroll: true };
    this.push(view);
    return true;
  }

  // ------------------------------------------------------------------ logs, shell, edit

  private openLogs(o: LogOptions): void {
    const line = logsLineFor(o);
    const r = this.runLine(line);
    if (r.exitCode !== 0) return this.flash(firstLine(r.stderr || r.stdout) || `${line}: exit ${r.exitCode}`, 'error');
    const lines = splitLines(r.stdout + r.stderr);
    this.lastFollowAt = this.wallNow();
    const subject = `${o.namespace}/${o.pod}${o.container ? `/${o.container}` : ''}`;
    this.push({
      kind: 'text',
      title: o.previous ? 'logs (previous)' : 'logs',
      subject,
      lines,
      offset: Math.max(0, lines.length - textRows(this.layout)),
      follow: o.previous ? undefined : line,
      logs: o,
    });
  }

  /** p / 0 in a log view: the same view with other options (keeps autoscroll and wrap). */
  private reopenLogs(view: TextView, change: Partial<LogOptions>): void {
    const o = { ...view.logs!, ...change };
    const line = logsLineFor(o);
    const r = this.runLine(line);
    if (r.exitCode !== 0) return this.flash(firstLine(r.stderr || r.stdout) || `${line}: exit ${r.exitCode}`, 'error');
    const lines = splitLines(r.stdout + r.stderr);
    this.lastFollowAt = this.wallNow();
    this.update((d) => {
      const t = d.stack[d.stack.length - 1]!;
      if (t.kind !== 'text') return;
      t.logs = o;
      t.lines = lines;
      t.title = o.previous ? 'logs (previous)' : 'logs';
      t.follow = o.previous ? undefined : line;
      t.offset = o.autoscroll ? Math.max(0, lines.length - textRows(this.layout)) : 0;
    });
    this.flash(`${o.previous ? 'Previous' : 'Current'} logs${o.allContainers ? ', all containers' : ''}`);
  }

  private openShell(pod: KObject): void {
    const containers = (pod.spec?.containers ?? []) as Array<{ name: string }>;
    const container = containers[0]?.name;
    const ns = pod.metadata.namespace ?? 'default';
    const view: ShellView = {
      kind: 'shell',
      namespace: ns,
      pod: pod.metadata.name,
      container,
      lines: [
        `Shell in pod ${ns}/${pod.metadata.name}${container ? ` (container ${container})` : ''}: each line runs as kubectl exec ... -- sh -c LINE.`,
        'exit, Esc or Ctrl-D on an empty line leaves; PgUp/PgDn scroll.',
      ],
      offset: 0,
    };
    this.push(view);
    this.update((d) => void (d.prompt = { kind: 'shell', text: '', cursor: 0, label: pod.metadata.name }));
  }

  private shellHistory(): string[] {
    const top = topView(this.state);
    if (top.kind !== 'shell') return [];
    return top.lines.filter((l) => l.startsWith('$ ') && l.length > 2).map((l) => l.slice(2));
  }

  private submitShell(text: string): void {
    const top = topView(this.state);
    if (top.kind !== 'shell') return this.update((d) => void (d.prompt = undefined));
    const line = text.trim();
    if (line === 'exit' || line === 'logout') return this.closeShell();
    let out: string[] = [];
    if (line) {
      const r = this.runLine(execLine(top.namespace, top.pod, top.container, line));
      out = splitLines(r.stdout + r.stderr);
      if (r.exitCode !== 0) out.push(`[exit ${r.exitCode}]`);
      this.bump();
    }
    const height = textRows(this.layout);
    this.update((d) => {
      const t = d.stack[d.stack.length - 1]!;
      if (t.kind !== 'shell') return;
      t.lines.push(`$ ${line}`, ...out);
      if (t.lines.length > 2000) t.lines.splice(0, t.lines.length - 2000);
      t.offset = Math.max(0, t.lines.length - height);
      d.prompt = { kind: 'shell', text: '', cursor: 0, label: t.pod };
    });
  }

  private closeShell(): void {
    this.update((d) => {
      d.prompt = undefined;
      if (d.stack[d.stack.length - 1]?.kind === 'shell') d.stack.pop();
    });
  }

  /** `e`: kubectl edit's loop: editor, update through the API server, errors back into the editor. */
  private edit(res: ResourceType, obj: KObject): void {
    const editor = this.opts.editor;
    if (!editor) return this.flash('Editing needs $EDITOR on a local terminal; use :kubectl patch or :kubectl apply here', 'warn');
    const ns = res.namespaced ? obj.metadata.namespace : undefined;
    const subject = `${res.group ? `${res.plural}.${res.group}` : res.plural} "${obj.metadata.name}"`;
    const key = `${res.plural}/${ns ?? ''}/${obj.metadata.name}`;
    const client = this.run.session?.client ?? this.cluster.admin;
    let text = this.pendingEdits.get(key) ?? editText(obj);
    const resumed = this.pendingEdits.has(key);
    for (let round = 0; round < 20; round++) {
      const edited = editor(text, `${res.plural}-${obj.metadata.name}.yaml`);
      if (edited === undefined) return this.flash('Could not start the editor ($KUBE_EDITOR, $EDITOR or vi)', 'error');
      const parsed = parseEdit(edited);
      if (parsed.ok === 'empty') {
        this.pendingEdits.delete(key);
        return this.flash('Edit cancelled, no changes made.');
      }
      if (edited === text) {
        if (round === 0 && !resumed) return this.flash('Edit cancelled, no changes made.');
        this.pendingEdits.set(key, text);
        return this.flash('Edit cancelled, no valid changes were saved. Your edit is kept: press e to continue it.', 'error');
      }
      if (parsed.ok === false) {
        text = errorHeader(subject, parsed.error) + stripHeader(edited);
        this.pendingEdits.set(key, text);
        continue;
      }
      try {
        client.request({ verb: 'update', resource: res.plural, namespace: ns, name: obj.metadata.name, body: parsed.body });
        this.cluster.clock.drainDeferred();
        this.pendingEdits.delete(key);
        this.flash(`${kindPrefix(res)}/${obj.metadata.name} edited`);
        return this.bump();
      } catch (err) {
        const message = apiErrorText(err);
        text = errorHeader(subject, message) + stripHeader(edited);
        this.pendingEdits.set(key, text);
        this.flash(message, 'error');
      }
    }
  }

  private switchNamespace(ns: string): void {
    if (ns === 'all' || ns === '-A' || ns === '*') {
      this.update((d) => void (d.namespace = undefined));
      return this.flash('Namespace: all');
    }
    if (!this.cluster.api.cached('namespaces', undefined, ns)) return this.flash(`namespaces "${ns}" not found`, 'error');
    this.update((d) => void (d.namespace = ns));
    this.flash(`Namespace: ${ns}`);
  }

  /** `:po`, `:po shop` (namespace), `:po app=web` (labels), `:po /text` (filter). */
  private openResource(res: ResourceType, arg?: string): void {
    const view = tableView({ kind: 'resource', plural: res.plural }, res.plural, undefined, true);
    if (arg) {
      if (arg.startsWith('/')) view.filter = arg.slice(1);
      else if (arg.includes('=')) view.filter = `-l ${arg}`;
      else if (res.namespaced) {
        this.switchNamespace(arg);
      }
    }
    // Opening a view from the prompt replaces the stack above home, as k9s does.
    this.update((d) => {
      d.stack.splice(1);
      d.stack.push(view as Draft<View>);
    });
  }
}

/** The edited file without the comment header kubectl writes (it is written anew each round). */
function stripHeader(text: string): string {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('#')) i++;
  return lines.slice(i).join('\n');
}

function tableView(source: TableSource, title: string, scope?: string, followsNamespace = false): TableView {
  return { kind: 'table', source, title, scope, followsNamespace, filter: '', cursor: 0, offset: 0 };
}

/** The pods a workload or service selects, as a kubectl selector string; undefined when none. */
function selectorOf(res: ResourceType, obj: KObject): string | undefined {
  try {
    const raw = obj.spec?.selector;
    if (!raw || typeof raw !== 'object') return undefined;
    const sel = res.plural === 'services' || res.plural === 'replicationcontrollers' ? selectorFromSet(raw) : selectorFromLabelSelector(raw);
    const text = selectorToString(sel);
    return text || undefined;
  } catch {
    return undefined;
  }
}

function stepTo(action: ActionId, pos: number, count: number, page: number): number {
  switch (action) {
    case 'down':
      return pos + 1;
    case 'up':
      return pos - 1;
    case 'top':
      return 0;
    case 'bottom':
      return count;
    case 'pageDown':
      return pos + page;
    case 'pageUp':
      return pos - page;
    default:
      return pos;
  }
}

/** Keeps the cursor row inside the window [offset, offset + height). */
export function scrollTo(cursor: number, offset: number, count: number, height: number): number {
  let o = offset;
  if (cursor < o) o = cursor;
  if (cursor >= o + height) o = cursor - height + 1;
  return clamp(o, 0, Math.max(0, count - height));
}

export function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

function splitLines(text: string): string[] {
  const lines = text.replace(/\t/g, '    ').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The help view: every key of the view it is about, from the key map. */
export function helpLines(view: HelpView, challenge = false): string[] {
  const out: string[] = [];
  const bindings = bindingsOf(view.about);
  if (challenge) bindings.push(...challengeBindings());
  for (const b of bindings) {
    out.push(`${b.keys.map(displayKey).join(' ').padEnd(22)} ${b.help}`);
  }
  return out;
}

