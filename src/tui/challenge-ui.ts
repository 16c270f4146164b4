/**
 * The dashboard's challenge screens as data: the ticket (countdown, goal checked live, hints,
 * questions), the result (score, debrief, the solution after giving up) and the `:scenarios`
 * picker. Pure functions of the ChallengeSession and the catalogue, so the views only draw
 * lines and the tests read them without a terminal.
 */
import { formatGoDuration } from '../core/clock.js';
import { describeCheck } from '../scenarios/goal.js';
import type { ChallengeSession } from '../challenge/session.js';
import { formatClock, HINT_COST, QUESTION_POINTS } from '../challenge/scoring.js';
import type { CatalogEntry, PlayMode } from '../challenge/launch.js';
import type { Tone } from './data/renderer.js';

export interface TicketView {
  kind: 'ticket';
  offset: number;
  /** Index into the ticket's answerable choices. */
  cursor: number;
}

export interface ResultView {
  kind: 'result';
  offset: number;
}

export interface ScenariosView {
  kind: 'scenarios';
  cursor: number;
  offset: number;
  /** Enter was pressed on this scenario: p practice, c challenge, Esc cancels. */
  choosing?: string;
}

export type ChallengeView = TicketView | ResultView | ScenariosView;

/** What the picker needs: the library with best times, and a way to restart on a scenario. */
export interface ScenarioCatalog {
  entries(): CatalogEntry[];
  /** Restarts the dashboard on the scenario; absent: the picker only lists. */
  open?(name: string, mode: PlayMode): void;
}

/** The confirm dialog's command for giving up (never reaches the palette). */
export const GIVE_UP_COMMAND = 'kubedrill:give-up';

export interface StyledLine {
  text: string;
  tone?: Tone | 'accent';
  bold?: boolean;
  /** The row under the cursor (drawn inverse). */
  selected?: boolean;
}

/** Header text of the challenge clock: `⏱ 12:34 left` (ASCII: `12:34 left`), or the outcome once over. */
export function timerText(s: ChallengeSession, ascii: boolean): string {
  switch (s.state) {
    case 'running':
      return `${ascii ? '' : '⏱ '}${formatClock(s.remaining(), true)} left`;
    case 'solved':
      return `SOLVED in ${formatClock(s.result()!.timeMs)}`;
    case 'timeout':
      return 'TIME UP';
    case 'gave-up':
      return 'GAVE UP';
  }
}

/**
 * Greedy word wrap; an over-long word is cut. Lines of a paragraph are re-flowed (YAML block
 * text keeps the author's line breaks); a blank line, or a line starting with a list marker or
 * indentation, starts a new one.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const w = Math.max(10, width - indent.length);
  const out: string[] = [];
  const paras: string[] = [];
  for (const line of text.replace(/\s+$/, '').split('\n')) {
    const last = paras.length - 1;
    if (last >= 0 && line.trim() !== '' && paras[last]!.trim() !== '' && !/^(\s|[-*] )/.test(line)) paras[last] += ` ${line}`;
    else paras.push(line);
  }
  for (const para of paras) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > w) {
        out.push(indent + line);
        line = '';
      }
      line = line ? `${line} ${word}` : word.slice(0, w);
    }
    out.push(indent + line);
  }
  return out;
}

export interface TicketChoice {
  question: number;
  choice: string;
}

/** The answerable choices, in the order the ticket lists them (the cursor walks these). */
export function ticketChoices(s: ChallengeSession): TicketChoice[] {
  if (s.state !== 'running') return [];
  const out: TicketChoice[] = [];
  s.scenario.questions.forEach((q, i) => {
    if (!s.answers[i]) for (const choice of q.choices) out.push({ question: i, choice });
  });
  return out;
}

export function ticketLines(s: ChallengeSession, width: number, cursor: number, ascii = false): StyledLine[] {
  const m = s.scenario.metadata;
  const out: StyledLine[] = [];
  const blank = (): void => void out.push({ text: '' });
  out.push({ text: `${m.title}  (${m.difficulty}${m.modules.length ? `, ${m.modules.join(', ')}` : ''})`, bold: true });
  const clock = s.state === 'running'
    ? `Time left: ${formatClock(s.remaining(), true)} of ${formatClock(s.timeLimitMs)} (simulated time)`
    : `Challenge over: ${timerText(s, ascii)}`;
  out.push({ text: clock, tone: s.state === 'running' && s.remaining() < 60_000 ? 'error' : undefined });
  blank();
  out.push({ text: 'Ticket', tone: 'accent', bold: true });
  for (const l of wrap(m.ticket, width, '  ')) out.push({ text: l });
  blank();
  const g = s.lastGoal;
  const goal = s.scenario.goal;
  if (!g) out.push({ text: 'Goal: checking...', tone: 'accent', bold: true });
  else {
    const failing = g.checks.filter((c) => !c.ok).length;
    const status = g.met
      ? `holds for ${formatGoDuration(Math.floor(s.heldFor() / 1000) * 1000)} of ${formatGoDuration(goal.holdForMs)}`
      : `not met (${failing} of ${g.checks.length} checks failing)`;
    out.push({ text: `Goal: ${status}`, tone: g.met ? 'ok' : 'pending', bold: true });
    for (const c of g.checks) {
      out.push({ text: `  ${c.ok ? 'ok  ' : 'FAIL'} ${describeCheck(c.check)}: ${c.detail}`, tone: c.ok ? undefined : 'error' });
    }
  }
  blank();
  const hints = s.scenario.hints;
  out.push({ text: `Hints (${s.hintsTaken.length} of ${hints.length} taken; ${HINT_COST} points each)`, tone: 'accent', bold: true });
  s.hintsTaken.forEach((h, i) => {
    for (const [j, l] of wrap(h.text, width, '     ').entries()) out.push({ text: j === 0 ? `  ${i + 1}. ${l.trimStart()}` : l });
  });
  const next = s.nextHintStatus();
  if (s.state === 'running') {
    if (!next) out.push({ text: hints.length ? '  No more hints.' : '  This scenario has no hints.', tone: 'completed' });
    else if (next.inMs > 0) out.push({ text: `  Hint ${next.index + 1} unlocks in ${formatClock(next.inMs, true)}.`, tone: 'completed' });
    else out.push({ text: `  Press H for hint ${next.index + 1} (-${HINT_COST} points).` });
  }
  const questions = s.scenario.questions;
  if (questions.length) {
    blank();
    out.push({ text: `Questions (${QUESTION_POINTS} points each, one try; Enter answers)`, tone: 'accent', bold: true });
    let k = 0;
    questions.forEach((q, i) => {
      out.push({ text: `  ${i + 1}. ${q.ask}` });
      const a = s.answers[i];
      if (a) {
        out.push({ text: `     answered ${a.choice}: ${a.correct ? 'right' : `wrong (the answer: ${q.answer})`}`, tone: a.correct ? 'ok' : 'error' });
        return;
      }
      if (s.state !== 'running') return void out.push({ text: `     not answered (the answer: ${q.answer})`, tone: 'completed' });
      for (const choice of q.choices) {
        const selected = k++ === cursor;
        out.push({ text: `     ${selected ? '>' : ' '} ${choice}`, selected });
      }
    });
  }
  blank();
  out.push({ text: 'T this ticket   H next hint   Ctrl-G give up   Esc back to the cluster', tone: 'completed' });
  return out;
}

export function resultLines(s: ChallengeSession, width: number): StyledLine[] {
  const r = s.result();
  if (!r) return [{ text: 'The challenge is still running.' }];
  const out: StyledLine[] = [];
  const blank = (): void => void out.push({ text: '' });
  const headline = r.outcome === 'solved' ? `SOLVED: ${r.title}` : r.outcome === 'timeout' ? `TIME UP: ${r.title}` : `GAVE UP: ${r.title}`;
  out.push({ text: headline, tone: r.outcome === 'solved' ? 'ok' : 'error', bold: true });
  blank();
  const time = r.outcome === 'solved' ? `${formatClock(r.timeMs)} of ${formatClock(r.timeLimitMs)}` : `${formatClock(r.timeMs)} played of ${formatClock(r.timeLimitMs)}`;
  out.push({ text: `Time:       ${time}` });
  out.push({ text: `Hints used: ${r.hintsUsed} of ${r.hintsTotal}` });
  if (r.questionsTotal) out.push({ text: `Questions:  ${r.questionsCorrect} of ${r.questionsTotal} right` });
  const sc = r.score;
  out.push({ text: `Score:      ${sc.total}`, bold: true });
  out.push({ text: `  fix ${sc.fix} + time bonus ${sc.timeBonus} + questions ${sc.questions} - hints ${-sc.hints}`, tone: 'completed' });
  for (const n of s.recordNotes) out.push({ text: n, tone: /could not|moved it/.test(n) ? 'error' : 'completed' });
  if (r.outcome !== 'solved') {
    blank();
    out.push({ text: 'Solution', tone: 'accent', bold: true });
    const steps = s.solutionLines();
    if (steps.length === 0) out.push({ text: '  (this scenario has no reference solution)' });
    // Long commands wrap (at any character: they are shown to be read, not re-flowed).
    for (const step of steps) {
      const text = `  ${step.startsWith('wait ') ? step : `$ ${step}`}`;
      const w = Math.max(20, width - 1);
      out.push({ text: text.slice(0, w) });
      for (let i = w; i < text.length; i += w - 4) out.push({ text: `    ${text.slice(i, i + w - 4)}` });
    }
  }
  if (s.scenario.debrief) {
    blank();
    out.push({ text: 'Debrief', tone: 'accent', bold: true });
    for (const l of wrap(s.scenario.debrief, width, '  ')) out.push({ text: l });
  }
  blank();
  out.push({ text: 'Esc back to the cluster (the simulation keeps running)   :scenarios another one   :q quit', tone: 'completed' });
  return out;
}

/** Scenario rows the picker shows at a body height (title, column header and footer take three). */
export function pickerRows(height: number): number {
  return Math.max(1, height - 3);
}

/** Lines a ticket or result view shows at a body height (under its title). */
export function styledRows(height: number): number {
  return Math.max(1, height - 1);
}

const PICKER_HEADER = ['NAME', 'TITLE', 'DIFFICULTY', 'MODULES', 'BEST'];

/** The picker's rows: a header line, then one pre-padded line per scenario. */
export function scenarioLines(entries: readonly CatalogEntry[], width: number): { header: string; rows: string[] } {
  const cells = entries.map((e) => [
    e.name,
    e.error ? `INVALID: ${e.error}` : e.title,
    e.difficulty,
    e.modules.join(','),
    e.bestTimeMs !== undefined ? formatClock(e.bestTimeMs) : e.challenge ? '-' : 'sandbox',
  ]);
  const widths = PICKER_HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  // MODULES is capped (the sandbox lists all eight); TITLE takes what the others leave.
  widths[3] = Math.min(widths[3]!, 24);
  const others = widths.reduce((a, b, i) => (i === 1 ? a : a + b), 0) + 2 * (widths.length - 1);
  widths[1] = Math.max(10, Math.min(widths[1]!, width - others));
  const line = (c: string[]): string => c.map((x, i) => (x.length > widths[i]! ? `${x.slice(0, widths[i]! - 1)}~` : x.padEnd(widths[i]!))).join('  ').trimEnd();
  return { header: line(PICKER_HEADER), rows: cells.map(line) };
}
