// Masked holder text ("汕****", "441521********0028") as compact QR claims carry it: a CBOR array of its visible parts
// (tstr) and the lengths of its runs of stars (uint), in order: ["441521", 8, "0028"] (14 bytes instead of 19).
// Any masked text has exactly one such form, whatever masking rule made it, so the claim does not depend on the rule.

/** The most characters a masked holder field may have, stars included. */
export const MAX_MASKED = 64;

const STARS = /(\*+)/u;

export const maskedOk = (s: unknown): s is string =>
  typeof s === "string" && s.length > 0 && [...s].length <= MAX_MASKED;

/** ["441521", 8, "0028"] for "441521********0028". */
export function maskedToRuns(masked: string): (string | number)[] {
  return masked
    .split(STARS)
    .filter((part) => part.length > 0)
    .map((part) => (part.startsWith("*") ? part.length : part));
}

/**
 * The masked text of a runs array; null unless it is the one form maskedToRuns gives: visible parts and star counts
 * alternating, visible parts non-empty and without stars, counts 1–64, the whole 1–64 characters.
 */
export function runsToMasked(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_MASKED) return null;
  let text = "";
  let previous: "text" | "stars" | null = null;
  for (const run of value as unknown[]) {
    if (typeof run === "string") {
      if (previous === "text" || run.length === 0 || run.includes("*")) return null;
      text += run;
      previous = "text";
    } else if (typeof run === "number") {
      if (previous === "stars" || !Number.isSafeInteger(run) || run < 1 || run > MAX_MASKED) return null;
      text += "*".repeat(run);
      previous = "stars";
    } else return null;
  }
  return maskedOk(text) ? text : null;
}
