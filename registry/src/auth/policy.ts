// Who may do what: one table of permissions per role. Anything not granted here is denied.
import type { Role } from "../domain/api-key.js";

export type Permission =
  | "licence.issue"
  | "licence.change"
  | "licence.read"
  | "licence.list"
  /** The sealed PDF itself (unmasked personal data): for roles that see personal data unmasked. */
  | "licence.download"
  /** An annotated copy (加注件): the sealed PDF with a signed "for <purpose>, valid until <date>" note. */
  | "licence.annotate"
  | "holder.lookup"
  | "holder.access-log"
  | "materials.check"
  | "audit.read"
  | "keys.manage"
  | "types.manage"
  | "seals.manage"
  | "seals.read"
  /** Confirming the clock (and a mass expiry held back) after a clock-jump hold: health/clock-guard.ts. */
  | "clock.confirm"
  | "licence.import"
  | "holder.share"
  | "stats.read"
  | "desk.session"
  /** Signing out of the issuing office's session (/issue). */
  | "issuer.session"
  /** A holder's own licences and access log: granted to no role, only to a holder session (share code, later OIDC). */
  | "holder.self";

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  // Issuers act only on licence types their department may issue and on their own department's licences.
  issuer: [
    "licence.issue",
    "licence.change",
    "licence.read",
    "licence.list",
    "licence.download",
    "licence.annotate",
    "licence.import",
    "issuer.session",
  ],
  // Window clerks look applicants up with a purpose and see personal data masked, so they do not download the sealed
  // (unmasked) PDF. The same key signs in at the window desk (desk.session) and there, for the applicant it has just
  // looked up, hands out a share code (holder.share) and annotated copies in place of paper copies (licence.annotate).
  clerk: [
    "licence.read",
    "licence.annotate",
    "holder.lookup",
    "materials.check",
    "holder.share",
    "stats.read",
    "desk.session",
  ],
  // Auditors read everything, change nothing.
  auditor: [
    "licence.read",
    "licence.list",
    "licence.download",
    "holder.lookup",
    "holder.access-log",
    "audit.read",
    "seals.read",
    "stats.read",
  ],
  admin: ["keys.manage", "types.manage", "seals.manage", "seals.read", "clock.confirm"],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles that see personal data unmasked. */
export function seesPersonalData(role: Role): boolean {
  return role === "issuer" || role === "auditor";
}
