// The staff sign-ins: at the window desk (/desk) a clerk key, at the issuing office (/issue) an issuer key, in; an
// HttpOnly session cookie and a CSRF token out. Afterwards the page's requests carry the cookie and the x-csrf-token
// header instead of the key. The desk's session reaches the desk's routes (holder lookup, materials check, licence
// read, annotated copies and share codes for the applicant just looked up, figures; never the sealed PDF, which is
// unmasked); the issuing office's reaches the issuer's (issue, change, list, read, PDF, imports; annotated copies stay
// at the desk). Sign-in and sign-out are audited.
import type { FastifyInstance } from "fastify";
import type { RequestTypeProvider } from "../type-provider.js";
import { Type } from "typebox";
import type { CookieSessions, StaffKind } from "../../sessions/cookie-sessions.js";
import type { StaffSignIn } from "../../sessions/staff-sign-in.js";
import type { DepartmentNames } from "../../stats/department-names.js";
import { clientKey } from "../../status/rate-limiter.js";
import { requireKey } from "../auth.js";
import { errorResponses } from "../schemas.js";
import { sendSignedIn, sendSignedOut } from "./session-routes.js";

const ROUTES: Record<
  StaffKind,
  { url: string; role: "clerk" | "issuer"; name: string; permission: "desk.session" | "issuer.session" }
> = {
  desk: { url: "/api/v1/desk/session", role: "clerk", name: "the window desk", permission: "desk.session" },
  issuer: {
    url: "/api/v1/issuer/session",
    role: "issuer",
    name: "the issuing office",
    permission: "issuer.session",
  },
};

export function staffSessionRoutes(
  server: FastifyInstance,
  kind: StaffKind,
  deps: { signIn: StaffSignIn; sessions: CookieSessions; departments: DepartmentNames },
): void {
  // Requests typed from the route schemas (type-provider.ts): no hand-written route generic.
  const app = server.withTypeProvider<RequestTypeProvider>();
  const r = ROUTES[kind];
  const SignInBody = Type.Object(
    { key: Type.String({ minLength: 1, maxLength: 200, description: `A ${r.role} API key (ek_…)` }) },
    { additionalProperties: false },
  );
  const person = Type.Object({
    keyId: Type.String(),
    label: Type.Union([Type.String(), Type.Null()]),
    department: Type.Union([Type.String(), Type.Null()]),
    departmentName: Type.Union([Type.String(), Type.Null()]),
  });
  app.post(
    r.url,
    {
      config: { permission: "public" },
      schema: {
        tags: [kind],
        summary: `Sign in at ${r.name} with a${r.role === "issuer" ? "n" : ""} ${r.role} key: sets an HttpOnly session cookie and returns the CSRF token to send as x-csrf-token`,
        security: [],
        body: SignInBody,
        response: {
          201: Type.Object({
            csrfToken: Type.String(),
            expiresAt: Type.String(),
            idleMinutes: Type.Integer(),
            ...(r.role === "clerk" ? { clerk: person } : { issuer: person }),
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
        kind,
        // Failures counted per client as every limiter counts them: an IPv6 client by its /64.
        () => deps.signIn.signIn(req.body.key, clientKey(req.ip)),
        (s) => ({
          csrfToken: s.csrfToken,
          expiresAt: s.expiresAt.toISOString(),
          idleMinutes: Math.round(deps.sessions[kind].policy.idleMs / 60_000),
          [r.role]: {
            keyId: s.key.id,
            label: s.key.label,
            department: s.key.department,
            departmentName: deps.departments.name(s.key.department),
          },
        }),
      ),
  );

  app.delete(
    r.url,
    {
      config: { permission: r.permission },
      schema: {
        tags: [kind],
        summary: `Sign out of ${r.name}: ends the session and clears its cookies`,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const key = requireKey(req);
      // Called with a Bearer key there is no session to end: only the cookies are cleared.
      const end = req.authSession?.kind === kind ? (id: string) => deps.signIn.signOut(id, key) : null;
      return sendSignedOut(req, reply, deps.sessions, kind, end);
    },
  );
}
