/** Scenario errors: every problem in a file, each as FILE:LINE:COL: message. */

export interface ScenarioProblem {
  line: number;
  column: number;
  message: string;
}

export function formatProblem(file: string, p: ScenarioProblem): string {
  return `${file}:${p.line}:${p.column}: ${p.message}`;
}

/** Problems listed in the message; `problems` keeps them all. */
const MAX_SHOWN = 50;

export class ScenarioError extends Error {
  readonly file: string;
  /** Position of the first problem. */
  readonly line: number;
  readonly column: number;
  readonly problems: ScenarioProblem[];

  constructor(file: string, problems: ScenarioProblem[]) {
    const seen = new Set<string>();
    const sorted = [...problems]
      .sort((a, b) => a.line - b.line || a.column - b.column)
      .filter((p) => {
        const k = `${p.line}:${p.column}:${p.message}`;
        return !seen.has(k) && seen.add(k);
      });
    const shown = sorted.slice(0, MAX_SHOWN).map((p) => formatProblem(file, p));
    const rest = sorted[MAX_SHOWN];
    if (rest) shown.push(formatProblem(file, { ...rest, message: `... and ${sorted.length - MAX_SHOWN} more problems` }));
    super(shown.join('\n'));
    this.name = 'ScenarioError';
    this.file = file;
    this.problems = sorted;
    this.line = sorted[0]?.line ?? 1;
    this.column = sorted[0]?.column ?? 1;
  }
}
