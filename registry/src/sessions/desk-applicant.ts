// The applicant present at the window desk. A clerk sees personal data masked, yet a share code opens the holder's
// unmasked licences and an annotated copy is the unmasked sealed PDF: both are handed over the counter, so a clerk may
// make them only for the holder the same desk session has just looked up (which is itself logged with its purpose).
// Clerks calling with a Bearer key have no desk session and therefore no applicant: they are refused.
import type { FastifyRequest } from "fastify";
import { RegistryError } from "../errors.js";

/** Remembers `holderCode` (normalised) as the desk session's applicant; no-op for requests without a desk session. */
export function rememberApplicant(req: FastifyRequest, holderCode: string): void {
  if (req.authSession?.kind === "desk") req.authSession.desk.applicant = holderCode;
}

/**
 * Throws REG_DESK_APPLICANT_REQUIRED unless the request comes from a desk session whose last lookup was `holderCode`
 * (normalised). Roles other than clerk are not concerned (the policy decides what they may do).
 */
export function requireDeskApplicant(req: FastifyRequest, holderCode: string, field: string): void {
  if (req.apiKey?.role !== "clerk") return;
  const session = req.authSession?.kind === "desk" ? req.authSession.desk : null;
  if (session === null)
    throw new RegistryError("REG_DESK_APPLICANT_REQUIRED", undefined, [
      {
        field: "session",
        code: "REG_DESK_APPLICANT_REQUIRED",
        message: "a clerk does this only at the window desk (session cookie), not with a Bearer key",
      },
    ]);
  if (session.applicant !== holderCode)
    throw new RegistryError("REG_DESK_APPLICANT_REQUIRED", undefined, [
      {
        field,
        code: "REG_DESK_APPLICANT_REQUIRED",
        message:
          session.applicant === null
            ? "this desk session has not looked an applicant up yet: look the applicant up first"
            : "this is not the applicant this desk session last looked up: look this applicant up first",
      },
    ]);
}
