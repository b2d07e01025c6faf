// The window desk's sign-in: a clerk key in, an HttpOnly session cookie and a CSRF token out. Afterwards the desk's
// requests (holder lookup, materials check, licence read, annotated copies and share codes for the applicant just
// looked up, figures; never the sealed PDF, which is unmasked) carry the cookie and the
// x-csrf-token header instead of the key. Sign-in and sign-out are audited.
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "typebox";
import type { CookieSessions } from "../../sessions/cookie-sessions.js";
import type { DeskSignIn } from "../../sessions/desk-sign-in.js";
import type { DepartmentNames } from "../../stats/department-names.js";
import { clientKey } from "../../status/rate-limiter.js";
import { requireKey } from "../auth.js";
import { errorResponses } from "../schemas.js";
import { sendSignedIn, sendSignedOut } from "./session-routes.js";

const SignInBody = Type.Object(
  { key: Type.String({ minLength: 1, maxLength: 200, description: "A clerk API key (ek_…)" }) },
  { additionalProperties: false },
);

export function deskSessionRoutes(
  app: FastifyInstance,
  deps: { signIn: DeskSignIn; sessions: CookieSessions; departments: DepartmentNames },
): void {
  app.post<{ Body: Static<typeof SignInBody> }>(
    "/api/v1/desk/session",
    {
      config: { permission: "public" },
      schema: {
        tags: ["desk"],
        summary:
          "Sign in at the window desk with a clerk key: sets an HttpOnly session cookie and returns the CSRF token to send as x-csrf-token",
        security: [],
        body: SignInBody,
        response: {
          201: Type.Object({
            csrfToken: Type.String(),
            expiresAt: Type.String(),
            idleMinutes: Type.Integer(),
            clerk: Type.Object({
              keyId: Type.String(),
              label: Type.Union([Type.String(), Type.Null()]),
              department: Type.Union([Type.String(), Type.Null()]),
              departmentName: Type.Union([Type.String(), Type.Null()]),
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) =>
      sendSignedIn(
        req,
        reply,
        deps.sessions,
        "desk",
        // Failures counted per client as every limiter counts them: an IPv6 client by its /64.
        () => deps.signIn.signIn(req.body.key, clientKey(req.ip)),
        (s) => ({
          csrfToken: s.csrfToken,
          expiresAt: s.expiresAt.toISOString(),
          idleMinutes: Math.round(deps.sessions.desk.policy.idleMs / 60_000),
          clerk: {
            keyId: s.key.id,
            label: s.key.label,
            department: s.key.department,
            departmentName: deps.departments.name(s.key.department),
          },
        }),
      ),
  );

  app.delete(
    "/api/v1/desk/session",
    {
      config: { permission: "desk.session" },
      schema: {
        tags: ["desk"],
        summary: "Sign out of the window desk: ends the session and clears its cookies",
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const key = requireKey(req);
      // Called with a Bearer clerk key there is no session to end: only the cookies are cleared.
      const end = req.authSession?.kind === "desk" ? (id: string) => deps.signIn.signOut(id, key) : null;
      return sendSignedOut(req, reply, deps.sessions, "desk", end);
    },
  );
}
