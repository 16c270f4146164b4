/**
 * "Did you mean" for misspelt field names and values: a case-insensitive match, a prefix, or the
 * closest candidate within 2 edits (and under a third of the word, so `gpu` does not suggest `cpu`).
 */

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const prefix = Math.min(cl.length, lower.length) >= 4 && (cl.startsWith(lower) || lower.startsWith(cl));
    const d = cl === lower ? 0 : prefix ? 1 : distance(lower, cl);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= 2 && bestD < word.length / 3 ? best : undefined;
}

/** " (did you mean 'x'?)" or "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c !== undefined && c !== word ? ` (did you mean '${c}'?)` : '';
}
