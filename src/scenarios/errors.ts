/** Scenario errors: every problem in a file, each as FILE:LINE:COL: message. */

export interface ScenarioProblem {
  line: number;
  column: number;
  message: string;
}

export function formatProblem(file: string, p: ScenarioProblem): string {
  return `${file}:${p.line}:${p.column}: ${p.message}`;
}

export class ScenarioError extends Error {
  readonly file: string;
  /** Position of the first problem. */
  readonly line: number;
  readonly column: number;
  readonly problems: ScenarioProblem[];

  constructor(file: string, problems: ScenarioProblem[]) {
    const sorted = [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
    super(sorted.map((p) => formatProblem(file, p)).join('\n'));
    this.name = 'ScenarioError';
    this.file = file;
    this.problems = sorted;
    this.line = sorted[0]?.line ?? 1;
    this.column = sorted[0]?.column ?? 1;
  }
}
