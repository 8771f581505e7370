import type { Finding } from './comparison.js';

/** What one rule found, sorted by what it means for the verdict: only regressions fail. */
export interface Findings {
  regressions: Finding[];
  improvements: Finding[];
  notes: Finding[];
}

export const emptyFindings = (): Findings => ({ regressions: [], improvements: [], notes: [] });

export function mergeFindings(parts: readonly Findings[]): Findings {
  return { regressions: parts.flatMap((f) => f.regressions), improvements: parts.flatMap((f) => f.improvements), notes: parts.flatMap((f) => f.notes) };
}
