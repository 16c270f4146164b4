/** `kubedrill scenarios`: the scenario library, one line each. */
import { listScenarios } from '../scenarios/library.js';
import type { Io } from './io.js';
import { formatGoDuration } from '../core/clock.js';

export function scenariosCommand(argv: string[], io: Io): number {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.out('List the scenario library.\n\nUsage:\n  kubedrill scenarios\n');
    return 0;
  }
  const entries = listScenarios();
  const rows = entries.map((e) => {
    const m = e.scenario?.metadata;
    const timeLimit = m ? formatGoDuration(m.timeLimitMs) : '';
    return [e.name, m?.difficulty ?? '', (m?.modules ?? []).join(','), timeLimit, m?.title ?? `INVALID: ${e.error?.message.split('\n')[0] ?? ''}`];
  });
  const header = ['NAME', 'DIFFICULTY', 'MODULES', 'TIME LIMIT', 'TITLE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd();
  io.out(`${line(header)}\n${rows.map((r) => `${line(r)}\n`).join('')}`);
  return 0;
}
