// Rule: every value a licence prints is one the licence font can draw. Checked at entry (issue, amend, renew and the
// register import alike), so a record that sealing would refuse (an emoji, NUL or another control character, a lone
// surrogate from damaged encoding, a rare ideograph outside Noto Sans SC and the fallback font, if one is configured)
// is refused with the field and the code points named, and never waits at the head of the sealing queue. The message
// never repeats the value.
import { undrawableChars, fallbackFontPath } from "@elicence/signer/fonts";
import type { ErrorDetail } from "../../errors.js";

function codePoints(chars: string[]): string {
  return chars
    .map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`)
    .join(", ");
}

function problem(field: string, chars: string[]): ErrorDetail {
  return {
    field,
    code: "REG_FIELD_UNPRINTABLE",
    message: `${field} holds ${chars.length === 1 ? "a character" : "characters"} the licence font${fallbackFontPath() ? "s (Noto Sans SC and the fallback font)" : " (Noto Sans SC)"} cannot print: ${codePoints(chars)}; record the value with characters the font covers${fallbackFontPath() ? "" : ", or configure a fallback font that covers them (ELICENCE_FALLBACK_FONT)"}`,
  };
}

/** Every text of the holder's name and the fields that the font cannot draw, one detail per field; [] when none. */
export function unprintableProblems(
  holderName: string | undefined,
  fields: Record<string, unknown>,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (holderName !== undefined) {
    const chars = undrawableChars(holderName);
    if (chars.length > 0) problems.push(problem("holder.name", chars));
  }
  for (const [name, value] of Object.entries(fields)) {
    const texts = Array.isArray(value) ? value : [value];
    const chars = [...new Set(texts.flatMap((t) => (typeof t === "string" ? undrawableChars(t) : [])))];
    if (chars.length > 0) problems.push(problem(`fields.${name}`, chars));
  }
  return problems;
}
