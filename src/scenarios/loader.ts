/**
 * Loads kubedrill/v1 scenario files. A file is data only: YAML is parsed without custom tags
 * and with a cap on alias expansion, every field is validated against the format, and all
 * problems come back together in one ScenarioError (FILE:LINE:COL: message per line).
 */

import { readFileSync, statSync } from 'node:fs';
import { ScenarioError } from './errors.js';
import { buildScenario } from './schema.js';
import type { Scenario } from './types.js';
import { MAX_FILE_BYTES, parseScenarioYaml, Reader } from './yaml-source.js';

export { ScenarioError, formatProblem, type ScenarioProblem } from './errors.js';
export type { Scenario } from './types.js';

/** Validates scenario text; `file` is the name used in error messages. Throws ScenarioError. */
export function loadScenarioText(text: string, file: string): Scenario {
  const parsed = parseScenarioYaml(text);
  if (!parsed.doc || parsed.problems.length > 0) throw new ScenarioError(file, parsed.problems);
  const reader = new Reader(file, parsed.doc, parsed.lc, text);
  const scenario = buildScenario(reader);
  if (!scenario || reader.problems.length > 0) {
    const problems = reader.problems.length > 0
      ? reader.problems
      : [{ line: 1, column: 1, message: 'not a valid scenario' }];
    throw new ScenarioError(file, problems);
  }
  return scenario;
}

/** Reads and validates a scenario file. Throws ScenarioError (also for unreadable or oversized files). */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      throw new ScenarioError(path, [{ line: 1, column: 1, message: `file is too large (${size} bytes; the limit is ${MAX_FILE_BYTES} bytes, 1 MiB)` }]);
    }
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new ScenarioError(path, [{ line: 1, column: 1, message: `cannot read scenario: ${why}` }]);
  }
  return loadScenarioText(text, path);
}
