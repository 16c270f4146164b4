import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, ScenarioError } from '../../src/scenarios/loader.js';

// Each corpus file starts with `# expect: SUBSTRING` and `# at: LINE:COL`: loading it must fail
// with a problem line `FILE:LINE:COL: ...SUBSTRING...`.
const dir = fileURLToPath(new URL('../scenarios/malformed/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('malformed scenario corpus', () => {
  it('has at least 50 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(50);
  });

  it.each(files)('%s', (name) => {
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    const want = /^# expect: (.+)$/m.exec(text)?.[1];
    const at = /^# at: (\d+):(\d+)$/m.exec(text);
    expect(want, 'missing "# expect:" header').toBeDefined();
    expect(at, 'missing "# at:" header').not.toBeNull();
    let err: unknown;
    try {
      loadScenarioFile(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    const se = err as ScenarioError;
    expect(se.file).toBe(file);
    const lines = se.message.split('\n');
    const hit = lines.find((l) => l.includes(want!));
    expect(hit, `no problem mentions ${JSON.stringify(want)}:\n${se.message}`).toBeDefined();
    expect(hit!.startsWith(`${file}:${at![1]}:${at![2]}: `), `wrong position:\n${hit}`).toBe(true);
    // Every message line has the FILE:LINE:COL: prefix, and problems carry the same positions.
    for (const l of lines) expect(l).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
    expect(se.problems.length).toBe(lines.length);
  });
});
