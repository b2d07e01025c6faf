// Who may do what: one table of permissions per role. Anything not granted here is denied.
import type { Role } from "../domain/api-key.js";

export type Permission =
  | "licence.issue"
  | "licence.change"
  | "licence.read"
  | "licence.list"
  | "holder.lookup"
  | "holder.access-log"
  | "materials.check"
  | "audit.read"
  | "keys.manage"
  | "types.manage"
  | "seals.manage"
  | "seals.read";

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  // Issuers act only on licence types their department may issue and on their own department's licences.
  issuer: ["licence.issue", "licence.change", "licence.read", "licence.list"],
  // Window clerks look applicants up with a purpose and see personal data masked.
  clerk: ["licence.read", "holder.lookup", "materials.check"],
  // Auditors read everything, change nothing.
  auditor: ["licence.read", "licence.list", "holder.lookup", "holder.access-log", "audit.read", "seals.read"],
  admin: ["keys.manage", "types.manage", "seals.manage", "seals.read"],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles that see personal data unmasked. */
export function seesPersonalData(role: Role): boolean {
  return role === "issuer" || role === "auditor";
}
