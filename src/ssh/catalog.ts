/**
 * The dashboard's `:scenarios` picker for an SSH session: the same library, but every run it
 * starts stays inside the session (no host files, the session's own data folder) and challenge
 * results are not written to the host's scores file.
 */
import { ChallengeSession } from '../challenge/session.js';
import { catalog, isChallenge, type CatalogEntry, type Launch, type PlayMode } from '../challenge/launch.js';
import { noFiles } from '../commands/session.js';
import { findScenario } from '../scenarios/library.js';
import { ScenarioRun } from '../scenarios/runtime.js';

export interface SessionCatalog {
  entries(): CatalogEntry[];
  launch(name: string, mode: PlayMode): Launch;
}

/** The library as the picker lists it, read once when the server starts (no best times). */
export function libraryCatalog(): CatalogEntry[] {
  return catalog();
}

export function sessionCatalog(entries: readonly CatalogEntry[], opts: { seed?: number; dataDir: string; onLaunch?: (name: string) => void }): SessionCatalog {
  return {
    entries: () => [...entries],
    launch: (name, mode) => {
      const scenario = findScenario(name);
      if (mode === 'challenge' && !isChallenge(scenario)) {
        throw new Error(`${scenario.metadata.name} is a sandbox (no faults, no solution): there is nothing to fix, so it has no challenge`);
      }
      const run = new ScenarioRun(scenario, { seed: opts.seed ?? 1, files: noFiles, dataDir: opts.dataDir }).start();
      opts.onLaunch?.(name);
      if (mode === 'practice') return { run };
      return { run, challenge: new ChallengeSession(run, { seed: opts.seed ?? 1 }).start() };
    },
  };
}
