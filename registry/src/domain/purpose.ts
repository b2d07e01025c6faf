// The stated purpose (用证事由) that every lookup of personal data needs: what a purpose must be (said, at most 200
// characters, readable words), whichever way it arrives (a query parameter, a body field, a holder's share request).
// HTTP's side, where it is read from, is http/purpose.ts.
import { RegistryError } from "../errors.js";

/**
 * Characters that show as nothing or change how the rest shows: controls (NUL, ESC, line breaks), format characters
 * (zero-width spaces and joiners, BOM, the bidi overrides that reverse the words in an access log), private-use and
 * unpaired surrogates. trim() removes only whitespace, so "\u200b" or "\u0000" would otherwise pass as a purpose that
 * the holder's access log shows as empty, or one whose words read backwards.
 */
const UNSHOWABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/u;
/** A purpose says something: at least one letter or digit (a row of dots or spaces is not a reason). */
const SAYS_SOMETHING = /[\p{L}\p{N}]/u;

/** The longest purpose (characters, once trimmed). */
export const PURPOSE_MAX_LENGTH = 200;
/** What the HTTP schemas accept, so that a purpose a little too long is answered here like one in a query string. */
export const PURPOSE_SCHEMA_MAX_LENGTH = 1000;

/** The purpose, trimmed; refused with REG_PURPOSE_REQUIRED naming `field` and what is wrong. */
export function requirePurpose(raw: unknown, field = "purpose"): string {
  const p = typeof raw === "string" ? raw.trim() : "";
  if (p.length === 0)
    throw new RegistryError("REG_PURPOSE_REQUIRED", undefined, [
      {
        field,
        code: "REG_PURPOSE_REQUIRED",
        message: "state why you look this holder up, e.g. purpose=食品经营许可新办审查",
      },
    ]);
  if (p.length > PURPOSE_MAX_LENGTH)
    throw new RegistryError(
      "REG_PURPOSE_REQUIRED",
      `The purpose is longer than ${PURPOSE_MAX_LENGTH} characters; shorten it.`,
      [{ field, code: "REG_PURPOSE_TOO_LONG", message: `at most ${PURPOSE_MAX_LENGTH} characters` }],
    );
  if (UNSHOWABLE.test(p) || !SAYS_SOMETHING.test(p))
    throw new RegistryError(
      "REG_PURPOSE_REQUIRED",
      "The purpose must be readable words: at least one letter or digit, no control, zero-width or text-direction characters.",
      [
        {
          field,
          code: "REG_PURPOSE_UNREADABLE",
          message: "write the purpose in plain words, e.g. purpose=食品经营许可新办审查",
        },
      ],
    );
  return p;
}
