/**
 * Scenario files written to the public v1 format by someone else (not library scenarios): each
 * must load, be broken after settle, and be fixed by its solution (`kubedrill check`).
 */
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenarios/loader.js';
import { checkScenario } from '../../src/scenarios/check.js';

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'external');

describe('external scenario files', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    it(`${file}: broken after settle, fixed after the solution`, () => {
      const outcome = checkScenario(loadScenarioFile(join(dir, file)), { seed: 1 });
      expect(`${outcome.summary}\n${outcome.details.join('\n')}`).toMatch(/^broken after/);
      expect(outcome.ok).toBe(true);
    });
  }
});
