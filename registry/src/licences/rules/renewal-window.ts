// Rule: a licence is renewed only inside its type's renewal window (type.json renewalWindow): from beforeExpiryDays
// before its validUntil to afterExpiryDays after it. Earlier, the renewal would replace a licence with years still to
// run; later, the licence has lapsed and a new one is issued instead. A type without a window, and a long-term
// licence (no validUntil), may be renewed at any time.
import { addDays } from "@elicence/core";
import type { LicenceType } from "../../catalogue/index.js";
import type { ErrorDetail } from "../../errors.js";

export function renewalWindowProblem(
  type: Pick<LicenceType, "renewalWindow">,
  validUntil: string | null,
  today: string,
): ErrorDetail | null {
  const window = type.renewalWindow;
  if (window === undefined || validUntil === null) return null;
  const opens = addDays(validUntil, -window.beforeExpiryDays);
  const closes = addDays(validUntil, window.afterExpiryDays);
  if (today >= opens && today <= closes) return null;
  const span = `${opens} to ${closes} (${window.beforeExpiryDays} days before the licence's end ${validUntil} to ${window.afterExpiryDays} days after it)`;
  return {
    field: "validUntil",
    code: "REG_RENEWAL_OUTSIDE_WINDOW",
    message:
      today < opens
        ? `renewal opens on ${opens}: this licence type is renewed from ${span}; today (${today}) is too early, the licence stays in force until then`
        : `renewal closed on ${closes}: this licence type is renewed from ${span}; today (${today}) the licence has lapsed, issue a new licence instead`,
  };
}
