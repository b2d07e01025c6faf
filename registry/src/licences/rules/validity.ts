// Rule: the dates of a licence's validity, for issue, amend, renew, the register import and the annotated copy.
// A date is a calendar date written YYYY-MM-DD (REG_DATE_INVALID otherwise); validUntil is never before validFrom
// (REG_VALIDITY_REVERSED), whichever route set them. null validUntil is a long-term licence. The HTTP schemas take
// dates as plain bounded strings so that these problems are reported here, every one at once, with the same codes.
import { isIsoDate } from "@elicence/core";
import type { ErrorDetail } from "../../errors.js";

/** The longest date string the HTTP schemas accept (a date is 10; the rest is room to report it as not a date). */
export const DATE_SCHEMA_MAX_LENGTH = 40;

/** The problem with a date given as `value` in `field`, or null for a calendar date. */
export function calendarDateProblem(field: string, value: unknown): ErrorDetail | null {
  if (typeof value === "string" && isIsoDate(value)) return null;
  return {
    field,
    code: "REG_DATE_INVALID",
    message: `${typeof value === "string" ? `"${value}"` : JSON.stringify(value)} is not a calendar date; write YYYY-MM-DD`,
  };
}

/**
 * The problems of a validity period: validFrom and validUntil each a calendar date, validUntil not before validFrom.
 * `validUntil` null is long-term. [] when it is sound.
 */
export function validityProblems(validFrom: string, validUntil: string | null): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const from = calendarDateProblem("validFrom", validFrom);
  if (from) details.push(from);
  if (validUntil === null) return details;
  const until = calendarDateProblem("validUntil", validUntil);
  if (until) details.push(until);
  else if (!from && validUntil < validFrom)
    details.push({
      field: "validUntil",
      code: "REG_VALIDITY_REVERSED",
      message: `validUntil ${validUntil} is before validFrom ${validFrom}; swap or correct the dates`,
    });
  return details;
}
