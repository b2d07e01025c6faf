// Who a cookie-authenticated request acts as, and the hook through which auth.ts asks for it when a request carries
// no Bearer key.
import type { FastifyRequest } from "fastify";
import type { ApiKeyRecord } from "../domain/api-key.js";
import type { Permission } from "../auth/policy.js";
import type { HolderIdentity } from "../holders/holder-authenticator.js";
import type { DeskSessionData } from "./cookie-sessions.js";

export type SessionPrincipal =
  /** A clerk signed in at the window desk: acts with the clerk key's role and department. */
  | { kind: "desk"; key: ApiKeyRecord; ref: string; desk: DeskSessionData }
  /** An issuer signed in at the issuing office (/issue): acts with the issuer key's role and department. */
  | { kind: "issuer"; key: ApiKeyRecord; ref: string }
  /** A holder looking at their own licences. */
  | { kind: "holder"; holder: HolderIdentity; ref: string };

export interface SessionAuthenticator {
  /**
   * The session a request without a Bearer key signs in with, for a route needing `permission`; null when the request
   * carries no session cookie of the kind that route accepts. Throws REG_SESSION_INVALID (unknown or expired),
   * REG_CSRF (no matching x-csrf-token header), REG_KEY_REVOKED or REG_FORBIDDEN.
   */
  authenticate(req: FastifyRequest, permission: Permission): Promise<SessionPrincipal | null>;
}
