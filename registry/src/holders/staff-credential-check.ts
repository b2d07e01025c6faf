// A share code is for the holder, not for the staff who handed it out: a holder sign-in that carries a staff
// credential (any Authorization header, or a live window-desk or issuing-office session cookie) is refused before the code is even
// looked at, so a clerk cannot mint a code and open the holder's unmasked licences from the desk browser. (Another
// browser is still possible; the code's creation and every read through it show in the holder's access log.)
import type { FastifyRequest } from "fastify";
import { RegistryError } from "../errors.js";
import type { CookieSessions } from "../sessions/cookie-sessions.js";

export function refuseStaffCredentials(req: FastifyRequest, sessions: CookieSessions): void {
  if (req.headers.authorization !== undefined)
    throw new RegistryError("REG_STAFF_SIGNED_IN", undefined, [
      {
        field: "header.authorization",
        code: "REG_STAFF_SIGNED_IN",
        message: "a holder signs in without an Authorization header",
      },
    ]);
  // A stale staff cookie (session ended) is no credential: only a live session refuses.
  const staff = sessions.liveStaffSession(req);
  if (staff !== null)
    throw new RegistryError("REG_STAFF_SIGNED_IN", undefined, [
      {
        field: staff === "desk" ? "cookie.elicence_desk" : "cookie.elicence_issuer",
        code: "REG_STAFF_SIGNED_IN",
        message:
          staff === "desk"
            ? "this browser is signed in at the window desk; sign out of the desk first"
            : "this browser is signed in at the issuing office; sign out of /issue first",
      },
    ]);
}
