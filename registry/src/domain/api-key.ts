// API keys: only a hash is stored; the key itself is shown once, at creation.

export type Role = "admin" | "issuer" | "clerk" | "auditor";
export const ROLES: readonly Role[] = ["admin", "issuer", "clerk", "auditor"];

export interface ApiKeyRecord {
  /** Public id, also the prefix of the key: ek_<id>_<secret>. */
  id: string;
  /** Hex SHA-256 of the whole key. */
  hash: string;
  role: Role;
  /** USCC of the department the key acts for (required for issuer and clerk). */
  department: string | null;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}
