/**
 * 100,000 seeded random keystrokes through the dashboard's dispatcher (every bound key, prompt
 * typing, confirmations, palette commands), with the cluster running and the screen rendered
 * every few hundred keys at changing sizes. Nothing may throw and no promise may be rejected
 * unhandled. The controller is driven directly: rendering all 100,000 frames through Ink would
 * take minutes, so frames are drawn at intervals (renderToString) instead.
 */
import React from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderToString } from 'ink';
import { SeededRandom } from '../../src/core/random.js';
import { KEYMAP } from '../../src/tui/keymap.js';
import { Screen } from '../../src/tui/app.js';
import { DashboardController } from '../../src/tui/controller.js';
import { detectTheme, ThemeContext } from '../../src/tui/theme.js';
import { sandbox } from './helpers.js';

const KEYS = Number(process.env.KUBEDRILL_FUZZ_KEYS ?? 100_000);
const COMMANDS = ['api', 'sched', 'ovn', 'csi', 'po', 'no', 'deploy', 'kubectl get pods -A -w', 'kubectl get deploy -n shop --watch-only', 'sched shop/none', 'etcd'];
const SIZES: Array<[number, number]> = [[120, 40], [80, 24], [100, 30], [59, 15], [200, 60], [60, 16]];

describe('fuzz', () => {
  const rejections: unknown[] = [];
  const onRejection = (err: unknown): void => void rejections.push(err);
  beforeAll(() => void process.on('unhandledRejection', onRejection));
  afterAll(() => void process.off('unhandledRejection', onRejection));

  it(`survives ${KEYS} random keys`, () => {
    const h = sandbox({ advanceMs: 20_000 });
    const rnd = new SeededRandom(42);
    const bound = [...new Set(KEYMAP.flatMap((b) => b.keys))].filter((k) => k !== 'ctrl-c');
    const extra = ['a', 'x', '1', '9', '-', '=', '!', ' ', 'backspace', 'left', 'right', 'up', 'down', 'tab', 'esc', 'enter', 'ctrl-u', 'ctrl-a', 'ctrl-e', 'y', 'n'];
    const themes = [detectTheme({}), detectTheme({ TERM: 'dumb' }), detectTheme({ NO_COLOR: '1' })];
    let c: DashboardController = h.c;
    let quits = 0;
    const fresh = (): DashboardController =>
      new DashboardController(h.run, { namespace: 'shop', wallNow: () => h.wall.now, onQuit: () => quits++, columns: 120, rows: 40 });
    let frames = 0;
    for (let i = 0; i < KEYS; i++) {
      const r = rnd.next();
      let key: string;
      if (r < 0.55) key = bound[Math.floor(rnd.next() * bound.length)]!;
      else if (r < 0.9985) key = extra[Math.floor(rnd.next() * extra.length)]!;
      else key = 'ctrl-c';
      c.press(key);
      // Now and then a whole command, so the internals views, streams and the shell get keys too.
      if (r > 0.55 && r < 0.553) {
        c.press('esc');
        const line = COMMANDS[Math.floor(rnd.next() * COMMANDS.length)]!;
        for (const ch of `:${line}`) c.press(ch === ' ' ? 'space' : ch);
        c.press('enter');
      }
      // Now and then a deliberate quit (Ctrl-C twice), then a fresh dashboard on the same cluster.
      if (r > 0.9997) c.press('ctrl-c');
      h.wall.now += 37;
      if (c.ui.quit) {
        c.stop();
        c = fresh();
      }
      if (i % 500 === 0) {
        h.run.advance(1000);
        c.tick();
      }
      if (i % 1500 === 0) {
        const [cols, rows] = SIZES[(i / 1500) % SIZES.length]!;
        c.setSize(cols, rows);
        const out = renderToString(
          <ThemeContext.Provider value={themes[frames % themes.length]!}>
            <Screen c={c} state={c.ui} layout={c.size} />
          </ThemeContext.Provider>,
          { columns: cols },
        );
        frames++;
        expect(out.split('\n').length).toBeLessThanOrEqual(rows - 1);
      }
    }
    c.stop();
    console.log(`fuzz: ${KEYS} keys, ${frames} frames drawn, ${quits} deliberate quits, views deep ${c.ui.stack.length}`);
    expect(rejections).toEqual([]);
    expect(frames).toBeGreaterThan(0);
    if (KEYS >= 100_000) expect(quits).toBeGreaterThan(0);
  });
});
