// Turns raw identifier input (paper transcriptions, spreadsheets, IME typing) into a canonical ASCII upper-case
// string, and rejects what cannot be repaired without guessing (numbers that went through a float).
import type { IdProblem } from "./result.js";
import { withCandidates } from "./suggest.js";

export type NormalisedInput = { ok: true; value: string } | { ok: false; errors: IdProblem[] };

export interface NormaliseOptions {
  /** Report "1.10105199003071E+17"-like strings as REG_ID_FLOAT_PRECISION_LOST (off for dotted licence identifiers). */
  detectFloats?: boolean;
  /** Noun used in messages, e.g. "citizen ID number". */
  what?: string;
}

// Zero-width characters come along when codes are copied out of web pages and spreadsheets; String#trim misses them.
const EDGE_JUNK = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/gu;
// The whole full-width ASCII block (U+FF01-FF5E), as NFKC would map it: digits and letters typed with a Chinese IME,
// and the full-width full stop inside licence identifiers.
const FULL_WIDTH = /[\uFF01-\uFF5E]/gu;
// How spreadsheets render a long number once it became a float: a decimal point, or an exponent with a sign
// (1.10105199003071E+17, 1E+17). "digits E digits" alone is not enough: 92441521817955E978 is a valid credit code.
const FLOAT_LIKE = /^[+-]?\d+[.,]\d*(?:E[+-]?\d+)?$|^[+-]?\d+E[+-]\d+$/u;

const floatProblem = (what: string): IdProblem => ({
  code: "REG_ID_FLOAT_PRECISION_LOST",
  message:
    `The ${what} arrived as a number (e.g. 1.10105199003071E+17); a spreadsheet or program stored it as a ` +
    `floating-point value and its last digits are lost. Format the spreadsheet column as text and re-enter the ` +
    `${what} from the source document.`,
});

export function normaliseIdentifierInput(raw: unknown, options: NormaliseOptions = {}): NormalisedInput {
  const what = options.what ?? "identifier";
  if (typeof raw === "number") return { ok: false, errors: [floatProblem(what)] };
  if (raw === null || raw === undefined) {
    return {
      ok: false,
      errors: [{ code: "REG_ID_EMPTY", message: `No ${what} was given; enter it from the source document.` }],
    };
  }
  // A bigint holds every digit exactly, so unlike a float it is safe to read.
  const text = typeof raw === "bigint" ? raw.toString() : raw;
  if (typeof text !== "string") {
    return {
      ok: false,
      errors: [
        {
          code: "REG_ID_NOT_TEXT",
          message: `The ${what} must be sent as text (a string), not as ${typeof raw}.`,
        },
      ],
    };
  }
  const value = text
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(EDGE_JUNK, "")
    .replace(/[a-z]/gu, (c) => c.toUpperCase());
  if (value === "") {
    return {
      ok: false,
      errors: [{ code: "REG_ID_EMPTY", message: `The ${what} is empty; enter it from the source document.` }],
    };
  }
  if ((options.detectFloats ?? true) && FLOAT_LIKE.test(value))
    return { ok: false, errors: [floatProblem(what)] };
  return { ok: true, value };
}

/** Positions (1-based) of whitespace inside an already trimmed value. */
export function innerSpacePositions(value: string): number[] {
  const positions: number[] = [];
  for (let i = 0; i < value.length; i++) if (/\s/u.test(value.charAt(i))) positions.push(i + 1);
  return positions;
}

export function removeInnerSpace(value: string): string {
  return value.replace(/\s+/gu, "");
}

/**
 * Spaces inside an identifier (copied from a form that groups digits): the checks go on with the compact value, and
 * the spaces are reported once, with the compact value as the candidate when it is valid.
 */
export function compactInnerSpace(
  value: string,
  what: string,
  isValid: (compact: string) => boolean,
): { value: string; problem?: IdProblem } {
  const spaces = innerSpacePositions(value);
  if (spaces.length === 0) return { value };
  const compact = removeInnerSpace(value);
  return {
    value: compact,
    problem: withCandidates(
      {
        code: "REG_ID_INNER_SPACE",
        message: `The ${what} contains spaces at position${spaces.length > 1 ? "s" : ""} ${spaces.join(", ")}; remove them.`,
        position: spaces[0],
      },
      isValid(compact) ? [compact] : [],
    ),
  };
}
