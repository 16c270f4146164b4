/**
 * The scenario library (issue 4 item 1): at least 30 drills, every study-guide module covered
 * by at least 3 of them at more than one difficulty, and every file passes `check`: broken
 * after settle, fixed by its solution.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenario, isSandbox } from '../../src/scenarios/check.js';
import { libraryDir, listScenarios } from '../../src/scenarios/library.js';
import { loadScenarioFile } from '../../src/scenarios/loader.js';
import { MODULES, type Scenario } from '../../src/scenarios/types.js';

const dir = libraryDir();
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

describe('scenario library', () => {
  // What `kubedrill scenarios` lists; sandboxes (nothing broken) do not count as drills.
  const entries = listScenarios(dir);
  const drills: Scenario[] = entries.flatMap((e) => (e.scenario && !isSandbox(e.scenario) ? [e.scenario] : []));

  it('loads every file, named after its metadata.name', () => {
    expect(files).toContain('sandbox.yaml');
    expect(entries.filter((e) => e.error).map((e) => `${e.name}: ${e.error!.message}`)).toEqual([]);
    expect(entries.map((e) => e.name)).toEqual(files.map((f) => f.replace(/\.ya?ml$/, '')));
    const titles = entries.flatMap((e) => (e.scenario ? [e.scenario.metadata.title] : []));
    expect(titles.filter((t, i) => titles.indexOf(t) !== i), 'titles used twice').toEqual([]);
  });

  it('has at least 30 drills, at least 3 per study-guide module, at more than one difficulty', () => {
    expect(drills.length).toBeGreaterThanOrEqual(30);
    const byModule = new Map<string, Scenario[]>(MODULES.map((m) => [m, []]));
    for (const s of drills) for (const m of s.metadata.modules) byModule.get(m)!.push(s);
    for (const m of MODULES) {
      const list = byModule.get(m)!;
      expect(list.length, `scenarios for module ${m}`).toBeGreaterThanOrEqual(3);
      const levels = new Set(list.map((s) => s.metadata.difficulty));
      expect(levels.size, `difficulties for module ${m}: ${[...levels].join(', ')}`).toBeGreaterThanOrEqual(2);
    }
    for (const level of ['easy', 'medium', 'hard'] as const) {
      expect(drills.filter((s) => s.metadata.difficulty === level).length, `${level} drills`).toBeGreaterThanOrEqual(5);
    }
  });

  it('gives every drill a ticket, graded hints, a solution and a debrief', () => {
    for (const s of drills) {
      const where = s.metadata.name;
      expect(s.metadata.ticket.trim().length, `${where} ticket`).toBeGreaterThan(40);
      expect(s.hints.length, `${where} hints`).toBeGreaterThanOrEqual(2);
      const afters = s.hints.map((h) => h.afterMs);
      expect(afters, `${where} hints in unlock order`).toEqual([...afters].sort((a, b) => a - b));
      expect(s.solution.length, `${where} solution`).toBeGreaterThan(0);
      expect(s.debrief.trim().length, `${where} debrief`).toBeGreaterThan(200);
    }
  });

  for (const file of files) {
    it(`${file} passes check`, () => {
      const scenario = loadScenarioFile(join(dir, file));
      expect(scenario.metadata.name).toBe(file.replace(/\.ya?ml$/, ''));
      const outcome = checkScenario(scenario);
      expect({ ok: outcome.ok, summary: outcome.summary, details: outcome.details }).toMatchObject({ ok: true });
    }, 30_000);
  }
});
