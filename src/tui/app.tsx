/**
 * The root component: header, the current view, crumbs, and the prompt/flash row, in a frame
 * exactly one row shorter than the terminal. It draws snapshots of the controller and hands
 * every key to it through one stable input handler.
 */
import React, { useCallback, useEffect, useSyncExternalStore } from 'react';
import { Box, useInput, useStdout, type Key } from 'ink';
import type { DashboardController } from './controller.js';
import { helpLines } from './controller.js';
import { challengeBindings, hintsOf } from './keymap.js';
import { topView, type UiState, type View } from './state.js';
import { DEFAULT_THEME, ThemeContext, type Theme } from './theme.js';
import { Header, type HeaderInfo } from './components/header.js';
import { Crumbs } from './components/crumbs.js';
import { BottomLine } from './components/bottom-line.js';
import { ConfirmDialog } from './components/confirm-dialog.js';
import { HomeView } from './views/home-view.js';
import { ResourceView } from './views/resource-view.js';
import { TextView } from './views/text-view.js';
import { EtcdView } from './views/etcd-view.js';
import { TooSmall } from './views/too-small.js';
import { ticketChoices, timerText } from './challenge-ui.js';
import { ChallengeTicket } from './views/challenge-ticket.js';
import { ChallengeResult } from './views/challenge-result.js';
import { ScenariosPicker } from './views/scenarios-view.js';
import type { Layout } from './layout.js';

export interface AppProps {
  controller: DashboardController;
  theme?: Theme;
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  columns?: number;
  rows?: number;
}

export function crumbOf(view: View): string {
  switch (view.kind) {
    case 'home':
      return 'home';
    case 'table':
      return view.title;
    case 'text':
      return view.title;
    case 'help':
      return 'help';
    case 'etcd':
      return 'etcd';
    case 'stream':
      return 'watch';
    case 'shell':
      return 'shell';
    case 'ticket':
    case 'result':
    case 'scenarios':
      return view.kind;
  }
}

function useTerminalSize(c: DashboardController, columns?: number, rows?: number): void {
  const { stdout } = useStdout();
  useEffect(() => {
    if (columns !== undefined && rows !== undefined) {
      c.setSize(columns, rows);
      return;
    }
    const onResize = (): void => c.setSize(stdout.columns || 80, stdout.rows || 24);
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [c, stdout, columns, rows]);
}

export function App({ controller: c, theme = DEFAULT_THEME, columns, rows }: AppProps): React.ReactElement {
  useTerminalSize(c, columns, rows);
  const snap = useSyncExternalStore(c.subscribe, c.getSnapshot);
  const onInput = useCallback((input: string, key: Key) => c.handleInput(input, key), [c]);
  useInput(onInput);
  return (
    <ThemeContext.Provider value={theme}>
      <Screen c={c} state={snap.state} layout={snap.layout} />
    </ThemeContext.Provider>
  );
}

export function Screen({ c, state, layout }: { c: DashboardController; state: UiState; layout: Layout }): React.ReactElement {
  if (layout.tooSmall) return <TooSmall layout={layout} />;
  const view = topView(state);
  const clock = c.cluster.clock;
  const info: HeaderInfo = {
    cluster: c.cluster.info.name,
    flavor: c.cluster.info.flavor,
    version: c.cluster.info.kubernetesVersion,
    scenario: c.run.scenario.metadata.title,
    now: clock.now(),
    elapsed: c.run.elapsed(),
    speed: clock.speed,
    paused: clock.paused,
    namespace: state.namespace,
    timer: c.challenge ? { text: timerText(c.challenge, false), ascii: timerText(c.challenge, true) } : undefined,
  };
  // While a challenge runs its keys come right after help, and pause (refused) is not offered.
  const running = c.challenge?.state === 'running';
  const answerable = c.challenge !== undefined && ticketChoices(c.challenge).length > 0;
  const hints = hintsOf(view).filter((b) => !(running && b.action === 'pause') && !(b.action === 'answer' && !answerable));
  if (running) hints.splice(1, 0, ...challengeBindings());
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.frameRows} overflow="hidden">
      <Header info={info} hints={hints} rows={layout.headerRows} width={layout.columns} />
      <Box height={layout.bodyRows} width={layout.columns} overflow="hidden">
        {state.dialog ? <ConfirmDialog dialog={state.dialog} width={layout.columns} height={layout.bodyRows} /> : <Body c={c} view={view} layout={layout} />}
      </Box>
      <Crumbs crumbs={state.stack.map(crumbOf)} width={layout.columns} />
      <BottomLine prompt={state.prompt} flash={state.flash} width={layout.columns} />
    </Box>
  );
}

/** A text view's title: `logs shop/web (following) [previous, all containers, no autoscroll, wrap]`. */
function textTitle(view: Extract<View, { kind: 'text' }>): string {
  const flags: string[] = [];
  if (view.logs?.allContainers) flags.push('all containers');
  if (view.logs && !view.logs.autoscroll) flags.push('autoscroll off');
  if (view.wrap) flags.push('wrap');
  if (view.live) flags.push('live');
  return `${view.title} ${view.subject}${view.follow ? ' (following)' : ''}${flags.length ? ` [${flags.join(', ')}]` : ''}`;
}

function Body({ c, view, layout }: { c: DashboardController; view: View; layout: Layout }): React.ReactElement {
  switch (view.kind) {
    case 'home':
      return <HomeView c={c} view={view} layout={layout} />;
    case 'table':
      return <ResourceView c={c} view={view} layout={layout} />;
    case 'text':
      return <TextView title={textTitle(view)} lines={c.linesOf(view)} offset={view.offset} width={layout.columns} height={layout.bodyRows} />;
    case 'stream': {
      const lines = c.linesOf(view);
      const offset = view.autoscroll ? Math.max(0, lines.length - (layout.bodyRows - 1)) : view.offset;
      return <TextView title={`watch: ${view.subject}${view.autoscroll ? ' (following)' : ' (paused: G or s follows)'}`} lines={lines} offset={offset} width={layout.columns} height={layout.bodyRows} />;
    }
    case 'shell':
      return <TextView title={`shell ${view.namespace}/${view.pod}${view.container ? ` (${view.container})` : ''}`} lines={view.lines} offset={view.offset} width={layout.columns} height={layout.bodyRows} />;
    case 'help':
      return <TextView title={`help: ${crumbOf(view.about)}`} lines={helpLines(view, c.challenge !== undefined)} offset={view.offset} width={layout.columns} height={layout.bodyRows} />;
    case 'etcd':
      return <EtcdView c={c} view={view} layout={layout} />;
    case 'ticket':
      return c.challenge ? <ChallengeTicket session={c.challenge} view={view} width={layout.columns} height={layout.bodyRows} /> : <></>;
    case 'result':
      return c.challenge ? <ChallengeResult session={c.challenge} view={view} width={layout.columns} height={layout.bodyRows} /> : <></>;
    case 'scenarios':
      return <ScenariosPicker entries={c.scenarioEntries()} view={view} width={layout.columns} height={layout.bodyRows} />;
  }
}
