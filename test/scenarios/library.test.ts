/** Every scenario of the library passes `check`: broken after settle, fixed by its solution. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../src/scenarios/check.js';
import { libraryDir } from '../../src/scenarios/library.js';
import { loadScenarioFile } from '../../src/scenarios/loader.js';

const dir = libraryDir();
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('scenario library', () => {
  it('has scenarios', () => {
    expect(files).toContain('sandbox.yaml');
    expect(files.length).toBeGreaterThan(1);
  });

  for (const file of files) {
    it(`${file} passes check`, () => {
      const scenario = loadScenarioFile(join(dir, file));
      expect(scenario.metadata.name).toBe(file.replace(/\.yaml$/, ''));
      const outcome = checkScenario(scenario);
      expect({ ok: outcome.ok, summary: outcome.summary, details: outcome.details }).toMatchObject({ ok: true });
    }, 30_000);
  }
});
