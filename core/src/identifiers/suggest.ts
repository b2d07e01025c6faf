// Did-you-mean: the fully valid codes one typo away (one character replaced, or two neighbours swapped).
// A suggestion is only offered when it is the single such code; two or three go to `candidates`; more, nothing,
// since then the check cannot tell which typo happened and the user must read the source document again.
import type { IdProblem } from "./result.js";

export const MAX_CANDIDATES = 3;

export interface EditSearch {
  /** Characters a position may be replaced with. */
  alphabet: string;
  /** Whether a candidate is a fully valid code (all checks, dates, provinces...). */
  isValid: (candidate: string) => boolean;
  /** Positions (0-based) never edited, e.g. the dots of a licence identifier. */
  frozen?: (index: number) => boolean;
}

/** Up to MAX_CANDIDATES + 1 distinct valid single-edit variants (stops early: one more than we could show is enough). */
export function findSingleEditCandidates(input: string, search: EditSearch): string[] {
  const found = new Set<string>();
  const limit = MAX_CANDIDATES + 1;
  const frozen = search.frozen ?? (() => false);
  const chars = [...input];
  for (let i = 0; i < chars.length && found.size < limit; i++) {
    if (frozen(i)) continue;
    const original = chars[i] as string;
    for (const replacement of search.alphabet) {
      if (replacement === original) continue;
      chars[i] = replacement;
      const candidate = chars.join("");
      if (search.isValid(candidate)) found.add(candidate);
      if (found.size >= limit) break;
    }
    chars[i] = original;
  }
  for (let i = 0; i + 1 < chars.length && found.size < limit; i++) {
    const a = chars[i] as string;
    const b = chars[i + 1] as string;
    if (a === b || frozen(i) || frozen(i + 1)) continue;
    chars[i] = b;
    chars[i + 1] = a;
    const candidate = chars.join("");
    chars[i] = a;
    chars[i + 1] = b;
    if (search.isValid(candidate)) found.add(candidate);
  }
  return [...found];
}

/** Copies the problem with `suggestion` (exactly one candidate) or `candidates` (two or three). */
export function withCandidates(problem: IdProblem, candidates: readonly string[]): IdProblem {
  if (candidates.length === 1) return { ...problem, suggestion: candidates[0] };
  if (candidates.length >= 2 && candidates.length <= MAX_CANDIDATES) {
    return { ...problem, candidates: [...candidates].sort() };
  }
  return problem;
}
