// The result shape every identifier validator returns: no throwing for bad input, all independent problems at once.
import type { IdErrorCode } from "./codes.js";

export interface IdProblem {
  code: IdErrorCode;
  /** Specific English text: what is wrong here and how to fix it. Never echoes the whole input (it is personal data). */
  message: string;
  /** The only fully valid code one typo away (one character changed, or two neighbours swapped). */
  suggestion?: string;
  /** Two or three fully valid codes one typo away, when there is no single one. Absent when more exist. */
  candidates?: string[];
  /** 1-based position in the normalised input (spaces removed) that the problem is about, when there is one. */
  position?: number;
  /** Problems of a nested code, e.g. the issuer's USCC inside a licence identifier. */
  details?: IdProblem[];
}

export type IdResult<T> =
  { ok: true; value: T; normalisedFrom?: string } | { ok: false; errors: IdProblem[] };

/** The suggestion (or candidates) of the first top-level problem that carries one; [] when none or ok. */
export function suggestionsOf(result: IdResult<unknown>): string[] {
  if (result.ok) return [];
  for (const p of result.errors) {
    if (p.suggestion !== undefined) return [p.suggestion];
    if (p.candidates !== undefined) return [...p.candidates];
  }
  return [];
}
