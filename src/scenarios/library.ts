/**
 * The scenario library: YAML files in the repository's scenarios/ folder, found by name
 * (`sandbox` -> scenarios/sandbox.yaml), or any scenario file given by path.
 */

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioError } from './errors.js';
import { loadScenarioFile } from './loader.js';
import type { Scenario } from './types.js';

/** Absolute path of the built-in library folder. */
export function libraryDir(): string {
  return fileURLToPath(new URL('../../scenarios/', import.meta.url));
}

function isPathLike(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || /\.ya?ml$/i.test(ref);
}

/** Names of the library's scenarios (file names without .yaml), sorted. */
export function libraryNames(dir = libraryDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

/**
 * Resolves NAME (a library scenario) or FILE (a path, or a name that exists as a file) to a path.
 * Throws ScenarioError naming the library's scenarios when nothing matches.
 */
export function resolveScenarioPath(ref: string, dir = libraryDir()): string {
  if (isPathLike(ref) || (existsSync(ref) && statSync(ref).isFile())) return resolve(ref);
  for (const ext of ['.yaml', '.yml']) {
    const p = resolve(dir, `${ref}${ext}`);
    if (existsSync(p)) return p;
  }
  const names = libraryNames(dir);
  throw new ScenarioError(ref, [{
    line: 1, column: 1,
    message: `no scenario named '${ref}' in the library${names.length ? ` (available: ${names.join(', ')})` : ''}, and no such file`,
  }]);
}

/** Loads a scenario by library name or file path. Throws ScenarioError. */
export function findScenario(ref: string, dir = libraryDir()): Scenario {
  return loadScenarioFile(resolveScenarioPath(ref, dir));
}

export interface LibraryEntry {
  name: string;
  file: string;
  scenario?: Scenario;
  error?: ScenarioError;
}

/**
 * Every library scenario, loaded, in name order. A file that fails to load is listed with its
 * error; so is one whose metadata.name differs from its file name (names must be unique).
 */
export function listScenarios(dir = libraryDir()): LibraryEntry[] {
  return libraryNames(dir).map((name) => {
    const file = resolve(dir, readdirSync(dir).find((f) => f.replace(/\.ya?ml$/, '') === name && /\.ya?ml$/.test(f))!);
    try {
      const scenario = loadScenarioFile(file);
      if (scenario.metadata.name !== name) {
        return {
          name, file,
          error: new ScenarioError(file, [{
            line: scenario.metadata.namePos.line, column: scenario.metadata.namePos.column,
            message: `metadata.name '${scenario.metadata.name}' must match the file name '${basename(file)}' in the library`,
          }]),
        };
      }
      return { name, file, scenario };
    } catch (e) {
      if (e instanceof ScenarioError) return { name, file, error: e };
      throw e;
    }
  });
}
